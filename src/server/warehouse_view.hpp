// The seam between the routes and where the published warehouse lives.
//
// A `WarehouseView` is one generation of the published warehouse as the server reads it: its
// tables (columns with DuckDB type names, whichever backend holds them), a way to run the
// product statements on it, and the answers cached from it. Two implementations:
//   - WarehouseSnapshot (warehouse_snapshot.hpp): the embedded DuckDB file;
//   - PgWarehouseSnapshot (pg_warehouse.hpp): the schema `reelhouse` of a PostgreSQL warehouse
//     (team mode, `warehouse.url`).
// Statements are written once, with `?` placeholders, in the common subset of both SQL
// dialects; the few spots that differ (substring search, list membership, text collation,
// schema qualification) ask `dialect()` (see product_query.hpp).
//
// `QueryRows` is the backend-neutral result the JSON renderers read: it holds the backend's own
// result and `rows_to_json` (json_response.hpp) dispatches on it once per result, never per
// cell, so the DuckDB path renders exactly as before.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/error.hpp"
#include "db/duck_prepared.hpp"
#include "db/duckdb.hpp"
#include "postgres/pg_connection.hpp"
#include "server/response_cache.hpp"

namespace reelhouse::server {

enum class SqlDialect { duckdb, postgres };

struct TableColumn {
  std::string name{};
  std::string type{};  // DuckDB's type name, e.g. "BIGINT", "DECIMAL(18,2)"
  // Whether a typed result can read it directly; other columns are selected as VARCHAR.
  bool renders_natively = true;
};

struct TableInfo {
  std::vector<TableColumn> columns{};
  bool is_view = false;
  std::optional<int64_t> rows{};  // counted at open for tables (views are not scanned)

  bool has_column(std::string_view name) const;
  // The column `name`, or nullptr.
  const TableColumn* column(std::string_view name) const;
};

// Whether a typed result reads a column of DuckDB type `type` directly (numbers, booleans,
// text, dates, times); other types (nested, ENUM, UUID, TIMESTAMP WITH TIME ZONE) are selected
// as VARCHAR.
bool type_renders_natively(std::string_view type);

// A PostgreSQL result with, per column, how its text cells become JSON values (by the column's
// type OID: integers, NUMERIC and DOUBLE PRECISION as numbers, REAL through float like DuckDB's
// FLOAT, booleans, everything else as text).
class PgRows {
 public:
  enum class Kind { integer, real, real_float4, boolean, text };

  explicit PgRows(postgres::PgResult result);

  postgres::PgResult& result() { return m_result; }
  Kind kind(int column) const { return m_kinds[static_cast<size_t>(column)]; }

 private:
  postgres::PgResult m_result;
  std::vector<Kind> m_kinds;
};

// A query's rows from either backend.
class QueryRows {
 public:
  explicit QueryRows(db::DuckQueryResult result) : m_rows(std::move(result)) {}
  explicit QueryRows(PgRows rows) : m_rows(std::move(rows)) {}

  std::variant<db::DuckQueryResult, PgRows>& rows() { return m_rows; }

  // Cell accessors for small results (counts, column lists); renderers use rows().
  uint64_t row_count();
  bool is_null(uint64_t column, uint64_t row);
  // The cell as an integer (0 for NULL or text that is not one).
  int64_t integer(uint64_t column, uint64_t row);
  // The cell as text ("" for NULL).
  std::string text(uint64_t column, uint64_t row);

 private:
  std::variant<db::DuckQueryResult, PgRows> m_rows;
};

class WarehouseView {
 public:
  virtual ~WarehouseView() = default;

  // Whether a warehouse is published and readable (false: nothing published yet, or the
  // database is unreachable — see unavailable()).
  virtual bool present() const = 0;
  // Set when the warehouse cannot be read at all (PostgreSQL down): routes answer 503 with it.
  virtual std::optional<std::string> unavailable() const { return std::nullopt; }
  // Increases with every generation opened by this process (0 for empty/unavailable ones).
  virtual int64_t generation() const = 0;
  virtual const std::string& opened_at() const = 0;
  virtual SqlDialect dialect() const = 0;
  // PostgreSQL: a collation whose lower() folds every Unicode letter as DuckDB's lower() does
  // (a database with locale C folds ASCII only); empty when none is needed or available.
  virtual std::string_view fold_collation() const { return {}; }

  // The table or view `name`, or nullptr when the warehouse has none.
  const TableInfo* table(std::string_view name) const;
  const std::map<std::string, TableInfo, std::less<>>& tables() const { return m_tables; }
  // `table` as a relation in this backend's SQL ("people" or "reelhouse"."people").
  virtual std::string relation(std::string_view table) const = 0;

  // Runs `sql` (`?` placeholders; prepared once per pooled connection) with `params` bound.
  // Errors: not_found (nothing published), connection (database unreachable: answer 503),
  // busy (no pooled connection free in time: 503), sql.
  virtual Result<QueryRows> query(const std::string& sql,
                                  const std::vector<db::SqlParam>& params) = 0;

  ResponseCache& cache() { return m_cache; }

 protected:
  explicit WarehouseView(int64_t cache_budget_bytes) : m_cache(cache_budget_bytes) {}

  std::map<std::string, TableInfo, std::less<>> m_tables;

 private:
  ResponseCache m_cache;
};

// The next generation number of this process (shared by both backends; starts at 1).
int64_t next_warehouse_generation();

// Now as 2024-01-31T12:00:00Z.
std::string utc_now_text();

// The HTTP status for a failed warehouse query: 503 when the database is unreachable or busy
// (a retry may succeed), 500 otherwise.
int status_for_query_error(const Error& error);

}  // namespace reelhouse::server
