// The published warehouse as the server sees it: always the newest publication, swapped
// without a restart. With `postgres_url` set (team mode) it delegates to PgWarehouseReader
// (pg_warehouse.hpp); otherwise it serves the DuckDB file at `path`, as follows.
//
// `current()` compares the identity (device, inode, mtime, size) of the file at the warehouse
// path with the one of the snapshot it serves, at most every `check_interval`; when the
// publisher renamed a new file in, one caller opens it (read-only) while the others keep
// answering from the old snapshot, then the new one replaces it. Requests keep the
// shared_ptr they got, so in-flight requests finish on the old file. A file that cannot be
// opened (say, not a DuckDB file) is logged and the old snapshot keeps serving; it is retried
// at the next change of identity. Thread-safe.
#pragma once

#include <atomic>
#include <chrono>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>

#include "server/check_throttle.hpp"
#include "server/pg_warehouse.hpp"
#include "server/warehouse_snapshot.hpp"

namespace reelhouse::server {

struct WarehouseReaderOptions {
  std::filesystem::path path{};
  db::DuckOptions duck{};
  int64_t cache_budget_bytes = 64 << 20;
  std::chrono::milliseconds check_interval{50};
  // Team mode: the PostgreSQL warehouse (warehouse.url) and its pool size (warehouse.pool_size).
  std::string postgres_url{};
  int pool_size = 8;
};

class WarehouseReader {
 public:
  explicit WarehouseReader(WarehouseReaderOptions options);

  // The snapshot to answer from (an empty one when nothing was published yet; with PostgreSQL,
  // an unavailable one while the server cannot be reached).
  std::shared_ptr<WarehouseView> current();

  // How many times a newly published warehouse was swapped in.
  int64_t swaps() const;
  // The last error opening a published warehouse (empty when none).
  std::string last_open_error() const;

  const std::filesystem::path& path() const { return m_options.path; }
  // "duckdb" or "postgresql".
  std::string_view backend() const { return m_postgres ? "postgresql" : "duckdb"; }
  // The DuckDB file's path, or user@host:port/database (never a password).
  std::string location() const;
  // The PostgreSQL reader (team mode), or nullptr.
  PgWarehouseReader* postgres() { return m_postgres.get(); }

 private:
  void refresh();

  WarehouseReaderOptions m_options;
  std::unique_ptr<PgWarehouseReader> m_postgres;
  mutable std::mutex m_mutex;  // guards m_current and m_last_open_error
  std::shared_ptr<WarehouseSnapshot> m_current;
  std::string m_last_open_error;
  std::optional<FileIdentity> m_failed_identity;
  std::mutex m_refresh_mutex;  // one opener at a time
  CheckThrottle m_check_throttle{m_options.check_interval};
  std::atomic<int64_t> m_swaps{0};
};

}  // namespace reelhouse::server
