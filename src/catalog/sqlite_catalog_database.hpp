// The SQLite implementation of CatalogDatabase: the embedded catalog file, in WAL mode with a
// busy timeout, over the RAII handles of sqlite_handle.hpp. Write transactions (and, on SQLite,
// row-locking ones too) are BEGIN IMMEDIATE, retried while the file stays busy.
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>

#include "catalog/catalog_database.hpp"
#include "catalog/sqlite_handle.hpp"

namespace reelhouse::catalog {

class SqliteCatalogDatabase final : public CatalogDatabase {
 public:
  // Opens (creating if missing) the file; see SqliteDatabase::open. Enables WAL and foreign
  // keys. Errors: sql (not a database, cannot enable WAL), busy.
  static Result<std::unique_ptr<SqliteCatalogDatabase>> open(
      const std::filesystem::path& path, std::chrono::milliseconds busy_timeout);

  CatalogDialect dialect() const override { return CatalogDialect::sqlite; }
  std::string describe() const override { return m_database.path().string(); }
  Result<> execute(std::string_view sql) override { return m_database.execute(sql); }
  Result<CatalogStatement> prepare(std::string_view sql) override;
  int64_t changes() const override { return m_database.changes(); }
  Result<int64_t> last_insert_id() override { return m_database.last_insert_rowid(); }
  std::string_view now_sql() const override;
  std::string expiry_sql(std::chrono::milliseconds ttl) const override;
  std::string_view schema_version_probe_sql() const override;

  SqliteDatabase& sqlite() { return m_database; }

 protected:
  Result<> begin_transaction(bool serialised, std::chrono::milliseconds patience) override;
  Result<> commit_transaction() override;
  void rollback_transaction() override;

 private:
  explicit SqliteCatalogDatabase(SqliteDatabase database) : m_database(std::move(database)) {}

  SqliteDatabase m_database;
  std::optional<WriteTransaction> m_transaction;  // the open one, if any
};

}  // namespace reelhouse::catalog
