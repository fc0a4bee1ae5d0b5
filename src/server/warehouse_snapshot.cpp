#include "server/warehouse_snapshot.hpp"

#include <sys/stat.h>

namespace reelhouse::server {

namespace {

constexpr size_t k_max_statements_per_connection = 256;

}  // namespace

std::optional<FileIdentity> file_identity(const std::filesystem::path& path) {
  struct stat status {};
  if (::stat(path.c_str(), &status) != 0) return std::nullopt;
  return FileIdentity{.device = static_cast<uint64_t>(status.st_dev),
                      .inode = static_cast<uint64_t>(status.st_ino),
                      .mtime_ns = static_cast<int64_t>(status.st_mtim.tv_sec) * 1'000'000'000 +
                                  status.st_mtim.tv_nsec,
                      .size = static_cast<int64_t>(status.st_size)};
}

std::shared_ptr<WarehouseSnapshot> WarehouseSnapshot::empty(int64_t cache_budget_bytes) {
  auto snapshot = std::shared_ptr<WarehouseSnapshot>(new WarehouseSnapshot(cache_budget_bytes));
  snapshot->m_opened_at = utc_now_text();
  return snapshot;
}

Result<std::shared_ptr<WarehouseSnapshot>> WarehouseSnapshot::open(
    const std::filesystem::path& path, FileIdentity identity, const db::DuckOptions& options,
    int64_t cache_budget_bytes) {
  auto snapshot = std::shared_ptr<WarehouseSnapshot>(new WarehouseSnapshot(cache_budget_bytes));
  db::DuckOptions read_only = options;
  const bool in_memory = path == ":memory:";
  read_only.read_only = !in_memory;
  snapshot->m_database = TRY(db::DuckDatabase::open(in_memory ? "" : path.string(), read_only));
  snapshot->m_identity = identity;
  snapshot->m_generation = next_warehouse_generation();
  snapshot->m_opened_at = utc_now_text();
  TRY(snapshot->load_tables());
  return snapshot;
}

Result<> WarehouseSnapshot::load_tables() {
  auto connection = TRY(lease_connection());
  auto result = TRY(db::DuckPrepared::prepare(
                        connection->connection,
                        "SELECT c.table_name, c.column_name, c.data_type, "
                        "t.table_name IS NULL AS is_view "
                        "FROM duckdb_columns() c LEFT JOIN duckdb_tables() t "
                        "ON t.database_name = c.database_name AND t.schema_name = c.schema_name "
                        "AND t.table_name = c.table_name "
                        "WHERE c.database_name = current_database() AND c.schema_name = 'main' "
                        "AND NOT c.internal ORDER BY c.table_name, c.column_index"))
                    .execute({});
  if (!result) return std::unexpected(result.error());
  for (uint64_t row = 0; row < result->row_count(); ++row) {
    auto& table = m_tables[result->text(0, row)];
    const std::string type = result->text(2, row);
    table.columns.push_back({.name = result->text(1, row),
                             .type = type,
                             .renders_natively = type_renders_natively(type)});
    table.is_view = result->boolean(3, row);
  }
  for (auto& [name, table] : m_tables) {
    if (table.is_view) continue;
    auto count = TRY(db::DuckPrepared::prepare(
                         connection->connection,
                         fmt::format("SELECT count(*) FROM {}", db::sql_identifier(name))))
                     .execute({});
    if (count) table.rows = count->integer(0, 0);
  }
  return_connection(std::move(connection));
  return {};
}

std::string WarehouseSnapshot::relation(std::string_view table) const {
  return db::sql_identifier(table);
}

Result<std::unique_ptr<WarehouseSnapshot::PooledConnection>> WarehouseSnapshot::lease_connection() {
  {
    std::lock_guard lock(m_pool_mutex);
    if (!m_idle_connections.empty()) {
      auto connection = std::move(m_idle_connections.back());
      m_idle_connections.pop_back();
      return connection;
    }
  }
  auto connection = TRY(db::DuckConnection::connect(*m_database));
  return std::make_unique<PooledConnection>(PooledConnection{.connection = std::move(connection)});
}

void WarehouseSnapshot::return_connection(std::unique_ptr<PooledConnection> connection) {
  std::lock_guard lock(m_pool_mutex);
  m_idle_connections.push_back(std::move(connection));
}

Result<QueryRows> WarehouseSnapshot::query(const std::string& sql,
                                           const std::vector<db::SqlParam>& params) {
  if (!m_database) {
    return make_error(ErrorCode::not_found, "no warehouse has been published yet");
  }
  auto connection = TRY(lease_connection());
  auto statement = connection->statements.find(sql);
  if (statement == connection->statements.end()) {
    auto prepared = db::DuckPrepared::prepare(connection->connection, sql);
    if (!prepared) {
      return_connection(std::move(connection));
      return std::unexpected(prepared.error());
    }
    // Query shapes are bounded by the product table, but sort orders multiply them: keep the
    // per-connection statement cache bounded too.
    if (connection->statements.size() >= k_max_statements_per_connection) {
      connection->statements.clear();
    }
    statement = connection->statements.emplace(sql, std::move(*prepared)).first;
  }
  auto result = statement->second.execute(params);
  return_connection(std::move(connection));
  if (!result) return std::unexpected(result.error());
  return QueryRows(std::move(*result));
}

}  // namespace reelhouse::server
