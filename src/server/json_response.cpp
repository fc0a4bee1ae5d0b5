#include "server/json_response.hpp"

#include <cmath>

namespace reelhouse::server {

Json rows_to_json(db::DuckQueryResult& result) {
  using Kind = db::DuckQueryResult::CellKind;
  const uint64_t column_count = result.column_count();
  std::vector<std::string> names;
  std::vector<Kind> kinds;
  for (uint64_t column = 0; column < column_count; ++column) {
    names.emplace_back(result.column_name(column));
    kinds.push_back(result.cell_kind(column));
  }
  Json rows = Json::array();
  const uint64_t row_count = result.row_count();
  for (uint64_t row = 0; row < row_count; ++row) {
    Json object = Json::object();
    for (uint64_t column = 0; column < column_count; ++column) {
      auto& cell = object[names[column]];
      if (result.is_null(column, row)) continue;  // stays null
      switch (kinds[column]) {
        case Kind::integer:
          cell = result.integer(column, row);
          break;
        case Kind::unsigned_integer:
          cell = result.unsigned_integer(column, row);
          break;
        case Kind::real: {
          const double value = result.real(column, row);
          if (std::isfinite(value)) cell = value;  // NaN/inf have no JSON form: null
          break;
        }
        case Kind::boolean:
          cell = result.boolean(column, row);
          break;
        case Kind::text:
          cell = result.text(column, row);
          break;
      }
    }
    rows.push_back(std::move(object));
  }
  return rows;
}

std::string dump_json(const Json& value) {
  return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

void send_json(httplib::Response& response, int status, const Json& body) {
  response.status = status;
  response.set_content(dump_json(body), k_json_type);
}

void send_error(httplib::Response& response, int status, std::string_view message,
                std::string_view field) {
  Json body = {{"error", message}, {"status", status}};
  if (!field.empty()) body["field"] = field;
  send_json(response, status, body);
}

}  // namespace reelhouse::server
