#include "catalog/pg_catalog_database.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <optional>
#include <vector>

#include "postgres/placeholders.hpp"

namespace reelhouse::catalog {

namespace {

class PgStatementBackend final : public CatalogStatement::Backend {
 public:
  PgStatementBackend(PgCatalogDatabase* database, std::string sql)
      : m_database(database), m_sql(std::move(sql)) {}

  Result<> bind_int(int index, int64_t value) override {
    return bind_value(index, std::to_string(value));
  }
  Result<> bind_text(int index, std::string_view value) override {
    return bind_value(index, std::string(value));
  }
  Result<> bind_null(int index) override { return bind_value(index, std::nullopt); }

  Result<StepResult> step() override {
    if (!m_result) {
      m_result.emplace(TRY(m_database->run_query(m_sql, m_params)));
      m_row = -1;
    }
    if (m_row + 1 >= m_result->rows()) {
      m_row = m_result->rows();
      return StepResult::done;
    }
    ++m_row;
    return StepResult::row;
  }

  bool is_null(int column) const override { return m_result->is_null(m_row, column); }

  int64_t column_int(int column) const override {
    const std::string_view text = m_result->text(m_row, column);
    int64_t value = 0;
    std::from_chars(text.data(), text.data() + text.size(), value);
    return value;
  }

  std::string column_text(int column) const override {
    return std::string(m_result->text(m_row, column));
  }

  void reset() override {
    m_result.reset();
    m_row = -1;
  }

 private:
  Result<> bind_value(int index, postgres::PgParam value) {
    if (index < 1) {
      return make_error(ErrorCode::sql, "catalog {}: parameter index {} out of range",
                        m_database->describe(), index);
    }
    if (static_cast<size_t>(index) > m_params.size()) m_params.resize(index);
    m_params[index - 1] = std::move(value);
    return {};
  }

  PgCatalogDatabase* m_database;
  std::string m_sql;
  std::vector<postgres::PgParam> m_params;
  std::optional<postgres::PgResult> m_result;
  int m_row = -1;
};

}  // namespace

Result<std::unique_ptr<PgCatalogDatabase>> PgCatalogDatabase::connect(std::string_view url) {
  auto connection = TRY(postgres::PgConnection::connect(url));
  return std::unique_ptr<PgCatalogDatabase>(new PgCatalogDatabase(std::move(connection)));
}

Result<CatalogStatement> PgCatalogDatabase::prepare(std::string_view sql) {
  return CatalogStatement(
      std::make_unique<PgStatementBackend>(this, postgres::positional_placeholders(sql)));
}

void PgCatalogDatabase::reconnect_if_lost() {
  // Outside a transaction nothing is lost by reconnecting; inside one the server has rolled
  // it back and the caller must see the error.
  if (!m_in_transaction && PQstatus(m_connection.handle()) == CONNECTION_BAD) {
    PQreset(m_connection.handle());
  }
}

Result<postgres::PgResult> PgCatalogDatabase::run_query(
    std::string_view sql, const std::vector<postgres::PgParam>& params) {
  reconnect_if_lost();
  auto result = TRY(m_connection.query(sql, params));
  m_changes = result.affected_rows();
  return result;
}

Result<int64_t> PgCatalogDatabase::last_insert_id() {
  return m_connection.query_int("SELECT lastval()");
}

std::string_view PgCatalogDatabase::now_sql() const {
  return "to_char(statement_timestamp() AT TIME ZONE 'UTC', "
         "'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')";
}

std::string PgCatalogDatabase::expiry_sql(std::chrono::milliseconds ttl) const {
  return fmt::format(
      "to_char((statement_timestamp() + interval '{} milliseconds') AT TIME ZONE 'UTC', "
      "'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')",
      ttl.count());
}

std::string_view PgCatalogDatabase::schema_version_probe_sql() const {
  return "SELECT count(*) FROM information_schema.tables "
         "WHERE table_schema = current_schema() AND table_name = 'schema_version'";
}

Result<> PgCatalogDatabase::begin_transaction(bool serialised, std::chrono::milliseconds patience) {
  std::string sql =
      fmt::format("BEGIN ISOLATION LEVEL READ COMMITTED; SET LOCAL lock_timeout = '{}ms'",
                  std::max<int64_t>(patience.count(), 1));
  if (serialised) sql += fmt::format("; SELECT pg_advisory_xact_lock({})", k_catalog_lock_key);
  reconnect_if_lost();
  if (auto begun = m_connection.execute(sql); !begun) {
    (void)m_connection.execute("ROLLBACK");
    Error error = std::move(begun.error());
    if (error.code == ErrorCode::busy) {
      error.message = fmt::format(
          "catalog {} is busy (another reelhouse process held its write lock for {} ms; try "
          "again): {}",
          describe(), patience.count(), error.message);
    }
    return std::unexpected(std::move(error));
  }
  m_in_transaction = true;
  return {};
}

Result<> PgCatalogDatabase::commit_transaction() {
  m_in_transaction = false;
  auto result = m_connection.query("COMMIT");
  if (!result) {
    (void)m_connection.execute("ROLLBACK");
    return std::unexpected(result.error().with_context(fmt::format("catalog {}", describe())));
  }
  // COMMIT of a transaction that failed earlier answers ROLLBACK without an error: check.
  if (std::string_view(PQcmdStatus(result->handle())) != "COMMIT") {
    return make_error(ErrorCode::sql,
                      "catalog {}: the transaction was rolled back by the server instead of "
                      "committed (an earlier statement in it failed)",
                      describe());
  }
  return {};
}

void PgCatalogDatabase::rollback_transaction() {
  m_in_transaction = false;
  (void)m_connection.execute("ROLLBACK");
}

}  // namespace reelhouse::catalog
