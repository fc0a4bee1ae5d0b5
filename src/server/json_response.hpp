// Writing JSON answers: query results as arrays of objects (numbers as numbers), errors as
// {"error": message, "status": code, "field": name}.
#pragma once

#include <httplib.h>

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "db/duck_prepared.hpp"
#include "server/warehouse_view.hpp"

namespace reelhouse::server {

// Objects keep the order their members were added in (columns in table order).
using Json = nlohmann::ordered_json;

inline constexpr const char* k_json_type = "application/json";

// The rows of `result` as [{column: value, …}, …]: integers, reals and booleans as JSON
// numbers/booleans, NULL as null, every other type as DuckDB's text rendering.
Json rows_to_json(db::DuckQueryResult& result);
// The same for a PostgreSQL result (same JSON for the same values; see json_response.cpp).
Json rows_to_json(PgRows& rows);
// Either backend's rows (one dispatch per result).
Json rows_to_json(QueryRows& rows);

// Serialises with invalid UTF-8 replaced (never throws on data).
std::string dump_json(const Json& value);

void send_json(httplib::Response& response, int status, const Json& body);

// {"error": message, "status": status} plus "field" when given.
void send_error(httplib::Response& response, int status, std::string_view message,
                std::string_view field = {});

}  // namespace reelhouse::server
