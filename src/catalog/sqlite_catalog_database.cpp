#include "catalog/sqlite_catalog_database.hpp"

#include <fmt/format.h>

namespace reelhouse::catalog {

namespace {

class SqliteStatementBackend final : public CatalogStatement::Backend {
 public:
  explicit SqliteStatementBackend(SqliteStatement statement) : m_statement(std::move(statement)) {}

  Result<> bind_int(int index, int64_t value) override { return m_statement.bind(index, value); }
  Result<> bind_text(int index, std::string_view value) override {
    return m_statement.bind(index, value);
  }
  Result<> bind_null(int index) override { return m_statement.bind(index, std::nullopt); }
  Result<StepResult> step() override { return m_statement.step(); }
  bool is_null(int column) const override { return m_statement.is_null(column); }
  int64_t column_int(int column) const override { return m_statement.column_int(column); }
  std::string column_text(int column) const override { return m_statement.column_text(column); }
  void reset() override { m_statement.reset(); }

 private:
  SqliteStatement m_statement;
};

}  // namespace

Result<std::unique_ptr<SqliteCatalogDatabase>> SqliteCatalogDatabase::open(
    const std::filesystem::path& path, std::chrono::milliseconds busy_timeout) {
  auto database = TRY(SqliteDatabase::open(path, busy_timeout));
  // WAL lets readers and one writer work at once, across processes; the mode is stored in
  // the file, so only the first open actually switches it.
  {
    auto journal = TRY(database.prepare("PRAGMA journal_mode = WAL"));
    TRY(journal.step());
    if (const std::string mode = journal.column_text(0); mode != "wal") {
      return make_error(ErrorCode::sql,
                        "catalog {}: cannot enable WAL mode (journal mode is \"{}\"); is it on "
                        "a network file system?",
                        path.string(), mode);
    }
  }  // The statement must be finished before the migrations' transaction can commit.
  TRY(database.execute("PRAGMA foreign_keys = ON"));
  return std::unique_ptr<SqliteCatalogDatabase>(new SqliteCatalogDatabase(std::move(database)));
}

Result<CatalogStatement> SqliteCatalogDatabase::prepare(std::string_view sql) {
  auto statement = TRY(m_database.prepare(sql));
  return CatalogStatement(std::make_unique<SqliteStatementBackend>(std::move(statement)));
}

std::string_view SqliteCatalogDatabase::now_sql() const {
  return "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";
}

std::string SqliteCatalogDatabase::expiry_sql(std::chrono::milliseconds ttl) const {
  return fmt::format("strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '+{}.{:03} seconds')",
                     ttl.count() / 1000, ttl.count() % 1000);
}

std::string_view SqliteCatalogDatabase::schema_version_probe_sql() const {
  return "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'";
}

Result<> SqliteCatalogDatabase::begin_transaction(bool /*serialised*/,
                                                  std::chrono::milliseconds patience) {
  if (m_transaction) {
    return make_error(ErrorCode::internal, "catalog {}: a transaction is already open", describe());
  }
  m_transaction.emplace(TRY(WriteTransaction::begin(m_database, patience)));
  return {};
}

Result<> SqliteCatalogDatabase::commit_transaction() {
  auto committed = m_transaction->commit();
  m_transaction.reset();  // rolls back when the commit failed
  return committed;
}

void SqliteCatalogDatabase::rollback_transaction() {
  m_transaction.reset();
}

}  // namespace reelhouse::catalog
