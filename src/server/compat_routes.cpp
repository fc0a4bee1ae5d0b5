// The endpoints the API users already script against (the FastAPI of the projects reelhouse
// replaces), answering with lists of records with the fields of the warehouse tables:
//
//   POST /top_actor_actress/    {"role": "actor" | "actress" | "both", "limit": 1..10000}
//        → the `people` rows of that role (both: actors then actresses), by rank;
//          limit defaults to 100 per request.
//   POST /etl_pipeline_status/  {"date": "YYYY-MM-DD"}
//        → the `etl_pipeline_status` rows of runs of that ingest date, in run and start order.
//
// Bodies must be JSON objects; a missing or invalid member is a 422 naming it.
#include <fmt/ranges.h>
#include <spdlog/spdlog.h>

#include "server/product_catalog.hpp"
#include "server/server_context.hpp"

namespace reelhouse::server {

namespace {

constexpr int64_t k_default_compat_limit = 100;
constexpr int64_t k_max_compat_limit = 10000;

std::optional<nlohmann::json> parse_body(const httplib::Request& request,
                                         httplib::Response& response) {
  auto body = nlohmann::json::parse(request.body, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded() || !body.is_object()) {
    send_error(response, 422, "the body must be a JSON object", "body");
    return std::nullopt;
  }
  return body;
}

// The statement for a warehouse (its dialect, its table's columns).
using SqlFor = std::function<std::string(const WarehouseView& warehouse, const TableInfo& table)>;

// Runs the statement `sql_for` gives over the current warehouse and answers its rows as a JSON
// array (an absent table answers []), cached per snapshot under `cache_key`.
void answer_rows(ServerContext& context, const std::string& table, const SqlFor& sql_for,
                 const std::vector<db::SqlParam>& params, const std::string& cache_key,
                 httplib::Response& response) {
  auto snapshot = context.warehouse.current();
  if (auto unavailable = snapshot->unavailable()) return send_error(response, 503, *unavailable);
  if (auto cached = snapshot->cache().find(cache_key)) {
    response.set_content(*cached, k_json_type);
    return;
  }
  const TableInfo* info = snapshot->table(table);
  if (info == nullptr) {
    response.set_content("[]", k_json_type);
    return;
  }
  auto rows = [&] {
    QuerySlot slot(context.query_slots);
    return snapshot->query(sql_for(*snapshot, *info), params);
  }();
  if (!rows) {
    spdlog::error("{}: {}", cache_key, rows.error().message);
    const int status = status_for_query_error(rows.error());
    return send_error(
        response, status,
        status == 503 ? rows.error().message : "the query failed (logged by the server)");
  }
  auto text = std::make_shared<const std::string>(dump_json(rows_to_json(*rows)));
  snapshot->cache().insert(cache_key, text);
  response.set_content(*text, k_json_type);
}

void top_actor_actress(ServerContext& context, const httplib::Request& request,
                       httplib::Response& response) {
  auto body = parse_body(request, response);
  if (!body) return;
  const auto role = body->find("role");
  if (role == body->end() || !role->is_string()) {
    return send_error(response, 422, "role is required: \"actor\", \"actress\" or \"both\"",
                      "role");
  }
  const std::string role_text = role->get<std::string>();
  if (role_text != "actor" && role_text != "actress" && role_text != "both") {
    return send_error(response, 422, "role must be \"actor\", \"actress\" or \"both\"", "role");
  }
  int64_t limit = k_default_compat_limit;
  if (const auto given = body->find("limit"); given != body->end()) {
    if (!given->is_number_integer() || given->get<int64_t>() < 1 ||
        given->get<int64_t>() > k_max_compat_limit) {
      return send_error(response, 422,
                        fmt::format("limit must be an integer from 1 to {}", k_max_compat_limit),
                        "limit");
    }
    limit = given->get<int64_t>();
  }
  // Per role, the best `limit` by rank; "both" gives each role its `limit`.
  const SqlFor sql = [](const WarehouseView& warehouse, const TableInfo& table) -> std::string {
    if (warehouse.dialect() == SqlDialect::duckdb) {
      return "SELECT * EXCLUDE (row_in_role) FROM (SELECT *, row_number() OVER (PARTITION BY "
             "role ORDER BY rank, nconst) AS row_in_role FROM people WHERE (? = 'both' OR role = "
             "?)) WHERE row_in_role <= ? ORDER BY role, rank, nconst";
    }
    // PostgreSQL has no EXCLUDE: the columns by name; text compared byte-wise as in DuckDB.
    std::vector<std::string> columns;
    for (const auto& column : table.columns) columns.push_back(db::sql_identifier(column.name));
    return fmt::format(
        "SELECT {} FROM (SELECT *, row_number() OVER (PARTITION BY role ORDER BY rank, nconst "
        "COLLATE \"C\") AS row_in_role FROM {} WHERE (? = 'both' OR role = ?)) AS ranked "
        "WHERE row_in_role <= ? ORDER BY role COLLATE \"C\", rank, nconst COLLATE \"C\"",
        fmt::join(columns, ", "), warehouse.relation("people"));
  };
  answer_rows(context, "people", sql, {role_text, role_text, limit},
              fmt::format("top_actor_actress\x1f{}\x1f{}", role_text, limit), response);
}

void etl_pipeline_status(ServerContext& context, const httplib::Request& request,
                         httplib::Response& response) {
  auto body = parse_body(request, response);
  if (!body) return;
  const auto date = body->find("date");
  if (date == body->end() || !date->is_string()) {
    return send_error(response, 422, "date is required (YYYY-MM-DD)", "date");
  }
  auto valid = validate_date("date", date->get<std::string>());
  if (!valid) return send_error(response, 422, valid.error().message, "date");
  const SqlFor sql = [](const WarehouseView& warehouse, const TableInfo&) {
    return fmt::format(
        "SELECT * FROM {} WHERE ingest_date = CAST(? AS DATE) ORDER BY run_id, started_at NULLS "
        "LAST, task{}, attempt",
        warehouse.relation("etl_pipeline_status"),
        warehouse.dialect() == SqlDialect::postgres ? " COLLATE \"C\"" : "");
  };
  answer_rows(context, "etl_pipeline_status", sql, {*valid},
              fmt::format("etl_pipeline_status\x1f{}", *valid), response);
}

}  // namespace

void register_compat_routes(ServerContext& context) {
  add_route(context, "POST", "/top_actor_actress/?", "/top_actor_actress/",
            [&context](const httplib::Request& request, httplib::Response& response) {
              top_actor_actress(context, request, response);
            });
  add_route(context, "POST", "/etl_pipeline_status/?", "/etl_pipeline_status/",
            [&context](const httplib::Request& request, httplib::Response& response) {
              etl_pipeline_status(context, request, response);
            });
}

}  // namespace reelhouse::server
