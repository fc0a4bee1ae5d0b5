// One opened, immutable warehouse file, shared by the requests that use it (the DuckDB
// implementation of WarehouseView, warehouse_view.hpp).
//
// The publisher never edits the warehouse in place: it renames a complete new file over the
// old path. A snapshot holds a read-only DuckDB database on the file it opened (the inode
// stays readable after the rename), the tables and their columns as found at open time, a
// pool of connections each with its prepared statements, and the answers cached from it.
// Requests hold a shared_ptr to the snapshot they started on, so a swap lets them finish on
// the old file; the last one out closes it.
//
// An "empty" snapshot stands for a warehouse that was not published yet: it has no tables and
// every product answers as empty.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "db/duck_prepared.hpp"
#include "db/duckdb.hpp"
#include "server/response_cache.hpp"
#include "server/warehouse_view.hpp"

namespace reelhouse::server {

// What identifies a published file: a rename gives a new inode, a rewrite a new mtime/size.
struct FileIdentity {
  uint64_t device = 0;
  uint64_t inode = 0;
  int64_t mtime_ns = 0;
  int64_t size = 0;
  bool operator==(const FileIdentity&) const = default;
};

// The identity of the file at `path`, or nullopt when it does not exist.
std::optional<FileIdentity> file_identity(const std::filesystem::path& path);

class WarehouseSnapshot final : public WarehouseView {
 public:
  // Opens `path` read-only and reads its table list (":memory:": a scratch in-memory
  // database, for reading lake files). Errors: sql (not a DuckDB file…).
  static Result<std::shared_ptr<WarehouseSnapshot>> open(const std::filesystem::path& path,
                                                         FileIdentity identity,
                                                         const db::DuckOptions& options,
                                                         int64_t cache_budget_bytes);
  // A snapshot standing for "nothing published yet".
  static std::shared_ptr<WarehouseSnapshot> empty(int64_t cache_budget_bytes);

  WarehouseSnapshot(const WarehouseSnapshot&) = delete;
  WarehouseSnapshot& operator=(const WarehouseSnapshot&) = delete;

  bool present() const override { return m_database.has_value(); }
  // Increases with every snapshot opened by this process (0 for empty ones).
  int64_t generation() const override { return m_generation; }
  const std::optional<FileIdentity>& identity() const { return m_identity; }
  const std::string& opened_at() const override { return m_opened_at; }
  SqlDialect dialect() const override { return SqlDialect::duckdb; }
  std::string relation(std::string_view table) const override;

  // Runs `sql` (prepared once per pooled connection) with `params` bound.
  // Errors: not_found (empty snapshot), sql.
  Result<QueryRows> query(const std::string& sql, const std::vector<db::SqlParam>& params) override;

 private:
  struct PooledConnection {
    db::DuckConnection connection;
    std::map<std::string, db::DuckPrepared, std::less<>> statements{};
  };

  explicit WarehouseSnapshot(int64_t cache_budget_bytes) : WarehouseView(cache_budget_bytes) {}

  Result<std::unique_ptr<PooledConnection>> lease_connection();
  void return_connection(std::unique_ptr<PooledConnection> connection);
  Result<> load_tables();

  std::optional<db::DuckDatabase> m_database;
  std::optional<FileIdentity> m_identity;
  int64_t m_generation = 0;
  std::string m_opened_at;
  std::mutex m_pool_mutex;
  std::vector<std::unique_ptr<PooledConnection>> m_idle_connections;
};

}  // namespace reelhouse::server
