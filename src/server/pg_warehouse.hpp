// Serving the warehouse from PostgreSQL (team mode: `warehouse.url = "postgresql://…"`).
//
// The publisher (warehouse/postgres_publisher.hpp) loads every publication into a fresh schema
// and renames it to `reelhouse` in one transaction, so each publication gives `reelhouse` a new
// pg_namespace oid: that oid is the publication's marker. `PgWarehouseReader::current()` reads
// it at most every `check_interval` (one indexed catalog lookup); when it changed, one caller
// loads the new table list (columns with their types named as DuckDB names them, rows counted)
// into a new `PgWarehouseSnapshot` — a new generation with a fresh response cache — while the
// others keep answering from the old one; requests that hold the old snapshot finish on it.
//
// Every snapshot queries through one `postgres::PgStatementPool` of `warehouse.pool_size`
// connections, each preparing a statement once. Statements name `"reelhouse"."<table>"`;
// renaming a schema invalidates PostgreSQL's cached plans (its plan cache listens to
// pg_namespace changes), so a prepared statement reads the newly swapped-in tables on its next
// execution (tests/server/pg_serve_swap_test.cpp checks it).
//
// Connections use TimeZone UTC, DateStyle ISO and shortest-exact floats, so dates, timestamps and
// numbers print as DuckDB prints them. When the server is unreachable the reader serves an
// "unavailable" snapshot whose reason the routes answer with 503; the next check after the
// server is back loads a fresh generation.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "postgres/pg_statement_pool.hpp"
#include "server/check_throttle.hpp"
#include "server/warehouse_view.hpp"

namespace reelhouse::server {

class PgWarehouseSnapshot final : public WarehouseView {
 public:
  // The schema `reelhouse` whose pg_namespace oid is `marker`, read through `pool`.
  // Errors: as PgStatementPool::execute.
  static Result<std::shared_ptr<PgWarehouseSnapshot>> load(
      std::shared_ptr<postgres::PgStatementPool> pool, int64_t marker, int64_t cache_budget_bytes);
  // Nothing published yet (no schema `reelhouse`).
  static std::shared_ptr<PgWarehouseSnapshot> empty(int64_t cache_budget_bytes);
  // The server cannot be reached: every route answers 503 with `reason`.
  static std::shared_ptr<PgWarehouseSnapshot> unreachable(std::string reason);

  bool present() const override { return m_pool != nullptr; }
  std::optional<std::string> unavailable() const override { return m_unavailable; }
  int64_t generation() const override { return m_generation; }
  const std::string& opened_at() const override { return m_opened_at; }
  SqlDialect dialect() const override { return SqlDialect::postgres; }
  std::string_view fold_collation() const override { return m_fold_collation; }
  std::string relation(std::string_view table) const override;
  Result<QueryRows> query(const std::string& sql, const std::vector<db::SqlParam>& params) override;

  // The pg_namespace oid of the schema read (nullopt: empty or unreachable).
  const std::optional<int64_t>& marker() const { return m_marker; }

 private:
  explicit PgWarehouseSnapshot(int64_t cache_budget_bytes) : WarehouseView(cache_budget_bytes) {}

  std::shared_ptr<postgres::PgStatementPool> m_pool;
  std::optional<int64_t> m_marker;
  std::optional<std::string> m_unavailable;
  std::string m_fold_collation;
  int64_t m_generation = 0;
  std::string m_opened_at;
};

// The DuckDB name of a PostgreSQL column type as format_type() prints it: bigint -> BIGINT,
// numeric(18,2) -> DECIMAL(18,2), double precision -> DOUBLE, real -> FLOAT, text -> VARCHAR,
// timestamp without time zone -> TIMESTAMP, … (others upper-cased).
std::string duckdb_type_of(std::string_view postgres_type);

// user@host:port/database of a postgresql:// URL (no password, no options), for messages.
std::string postgres_location(std::string_view url);

struct PgWarehouseReaderOptions {
  std::string url{};
  int pool_size = 8;
  int64_t cache_budget_bytes = 64 << 20;
  std::chrono::milliseconds check_interval{50};
};

class PgWarehouseReader {
 public:
  explicit PgWarehouseReader(PgWarehouseReaderOptions options);

  std::shared_ptr<WarehouseView> current();
  int64_t swaps() const { return m_swaps.load(); }
  std::string last_open_error() const;
  const std::string& location() const { return m_location; }
  postgres::PgStatementPool& pool() { return *m_pool; }

 private:
  void refresh();
  void serve(std::shared_ptr<PgWarehouseSnapshot> snapshot, std::string error);

  PgWarehouseReaderOptions m_options;
  std::string m_location;
  std::shared_ptr<postgres::PgStatementPool> m_pool;
  mutable std::mutex m_mutex;  // guards m_current and m_last_open_error
  std::shared_ptr<PgWarehouseSnapshot> m_current;
  std::string m_last_open_error;
  std::mutex m_refresh_mutex;
  CheckThrottle m_check_throttle{m_options.check_interval};
  std::atomic<int64_t> m_swaps{0};
};

}  // namespace reelhouse::server
