#include "server/json_response.hpp"

#include <charconv>
#include <cmath>
#include <cstdlib>

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

// PostgreSQL's text cells, converted by column type so the values equal DuckDB's: integers
// parsed, NUMERIC and DOUBLE PRECISION through double (as DuckDB reads DECIMAL and DOUBLE), REAL
// through float then widened (as DuckDB reads FLOAT), 't'/'f' as booleans; dates, timestamps and
// text as PostgreSQL prints them in ISO DateStyle, which is DuckDB's rendering too.
Json rows_to_json(PgRows& rows) {
  using Kind = PgRows::Kind;
  postgres::PgResult& result = rows.result();
  const int column_count = result.columns();
  std::vector<std::string> names;
  std::vector<Kind> kinds;
  for (int column = 0; column < column_count; ++column) {
    names.emplace_back(result.column_name(column));
    kinds.push_back(rows.kind(column));
  }
  Json out = Json::array();
  const int row_count = result.rows();
  for (int row = 0; row < row_count; ++row) {
    Json object = Json::object();
    for (int column = 0; column < column_count; ++column) {
      auto& cell = object[names[static_cast<size_t>(column)]];
      if (result.is_null(row, column)) continue;  // stays null
      const std::string_view text = result.text(row, column);
      switch (kinds[static_cast<size_t>(column)]) {
        case Kind::integer: {
          int64_t value = 0;
          const auto parsed = std::from_chars(text.data(), text.data() + text.size(), value);
          if (parsed.ec == std::errc()) {
            cell = value;
          } else {
            cell = std::string(text);
          }
          break;
        }
        case Kind::real: {
          // PQgetvalue's text is NUL-terminated.
          const double value = std::strtod(text.data(), nullptr);
          if (std::isfinite(value)) cell = value;
          break;
        }
        case Kind::real_float4: {
          const double value = static_cast<double>(std::strtof(text.data(), nullptr));
          if (std::isfinite(value)) cell = value;
          break;
        }
        case Kind::boolean:
          cell = text == "t";
          break;
        case Kind::text:
          cell = std::string(text);
          break;
      }
    }
    out.push_back(std::move(object));
  }
  return out;
}

Json rows_to_json(QueryRows& rows) {
  if (auto* duck = std::get_if<db::DuckQueryResult>(&rows.rows())) return rows_to_json(*duck);
  return rows_to_json(std::get<PgRows>(rows.rows()));
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
