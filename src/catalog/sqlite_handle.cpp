#include "catalog/sqlite_handle.hpp"

#include <algorithm>
#include <cctype>
#include <thread>
#include <utility>

namespace reelhouse::catalog {

namespace {

bool is_busy_code(int code) {
  const int primary = code & 0xff;
  return primary == SQLITE_BUSY || primary == SQLITE_LOCKED;
}

// The statement's SQL on one line, shortened, to say in an error which statement failed.
std::string statement_summary(sqlite3_stmt* statement) {
  constexpr size_t k_max_summary_length = 120;
  const char* sql = statement ? sqlite3_sql(statement) : nullptr;
  std::string summary;
  for (const char* cursor = sql; cursor && *cursor; ++cursor) {
    const bool is_space = std::isspace(static_cast<unsigned char>(*cursor)) != 0;
    if (is_space && (summary.empty() || summary.back() == ' ')) continue;
    summary += is_space ? ' ' : *cursor;
    if (summary.size() >= k_max_summary_length) {
      summary += "…";
      break;
    }
  }
  return summary;
}

}  // namespace

// --- SqliteStatement --------------------------------------------------------------------------

SqliteStatement::SqliteStatement(sqlite3_stmt* statement, const SqliteDatabase* database)
    : m_statement(statement), m_database(database) {}

SqliteStatement::SqliteStatement(SqliteStatement&& other) noexcept
    : m_statement(std::exchange(other.m_statement, nullptr)),
      m_database(std::exchange(other.m_database, nullptr)) {}

SqliteStatement& SqliteStatement::operator=(SqliteStatement&& other) noexcept {
  if (this != &other) {
    sqlite3_finalize(m_statement);
    m_statement = std::exchange(other.m_statement, nullptr);
    m_database = std::exchange(other.m_database, nullptr);
  }
  return *this;
}

SqliteStatement::~SqliteStatement() {
  sqlite3_finalize(m_statement);
}

Result<> SqliteStatement::bind(int index, int64_t value) {
  const int code = sqlite3_bind_int64(m_statement, index, value);
  if (code != SQLITE_OK) return std::unexpected(m_database->error_for(code, "cannot bind"));
  return {};
}

Result<> SqliteStatement::bind(int index, std::string_view value) {
  // SQLITE_TRANSIENT: SQLite copies the text, so `value` need not outlive the statement.
  const int code = sqlite3_bind_text64(m_statement, index, value.data(), value.size(),
                                       SQLITE_TRANSIENT, SQLITE_UTF8);
  if (code != SQLITE_OK) return std::unexpected(m_database->error_for(code, "cannot bind"));
  return {};
}

Result<> SqliteStatement::bind(int index, std::nullopt_t) {
  const int code = sqlite3_bind_null(m_statement, index);
  if (code != SQLITE_OK) return std::unexpected(m_database->error_for(code, "cannot bind"));
  return {};
}

Result<StepResult> SqliteStatement::step() {
  const int code = sqlite3_step(m_statement);
  if (code == SQLITE_ROW) return StepResult::row;
  if (code == SQLITE_DONE) return StepResult::done;
  auto error =
      m_database->error_for(code, fmt::format("\"{}\" failed", statement_summary(m_statement)));
  sqlite3_reset(m_statement);
  return std::unexpected(std::move(error));
}

Result<> SqliteStatement::run() {
  while (TRY(step()) == StepResult::row) {
  }
  return {};
}

bool SqliteStatement::is_null(int column) const {
  return sqlite3_column_type(m_statement, column) == SQLITE_NULL;
}

int64_t SqliteStatement::column_int(int column) const {
  return sqlite3_column_int64(m_statement, column);
}

std::string SqliteStatement::column_text(int column) const {
  const auto* text = sqlite3_column_text(m_statement, column);
  if (!text) return {};
  return std::string(reinterpret_cast<const char*>(text),
                     static_cast<size_t>(sqlite3_column_bytes(m_statement, column)));
}

std::optional<int64_t> SqliteStatement::column_optional_int(int column) const {
  if (is_null(column)) return std::nullopt;
  return column_int(column);
}

std::optional<std::string> SqliteStatement::column_optional_text(int column) const {
  if (is_null(column)) return std::nullopt;
  return column_text(column);
}

void SqliteStatement::reset() {
  sqlite3_reset(m_statement);
}

// --- SqliteDatabase ---------------------------------------------------------------------------

SqliteDatabase::SqliteDatabase(sqlite3* database, std::filesystem::path path)
    : m_database(database), m_path(std::move(path)) {}

SqliteDatabase::SqliteDatabase(SqliteDatabase&& other) noexcept
    : m_database(std::exchange(other.m_database, nullptr)), m_path(std::move(other.m_path)) {}

SqliteDatabase& SqliteDatabase::operator=(SqliteDatabase&& other) noexcept {
  if (this != &other) {
    sqlite3_close_v2(m_database);
    m_database = std::exchange(other.m_database, nullptr);
    m_path = std::move(other.m_path);
  }
  return *this;
}

// close_v2 defers the close until every statement is finalized, so destruction order
// between a database and its statements does not matter.
SqliteDatabase::~SqliteDatabase() {
  sqlite3_close_v2(m_database);
}

Result<SqliteDatabase> SqliteDatabase::open(const std::filesystem::path& path,
                                            std::chrono::milliseconds busy_timeout) {
  sqlite3* handle = nullptr;
  const int code =
      sqlite3_open_v2(path.c_str(), &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  SqliteDatabase database(handle, path);
  if (code != SQLITE_OK) {
    return std::unexpected(database.error_for(code, "cannot open the database"));
  }
  sqlite3_extended_result_codes(handle, 1);
  sqlite3_busy_timeout(handle, static_cast<int>(busy_timeout.count()));
  return database;
}

Result<> SqliteDatabase::execute(std::string_view sql) {
  char* message = nullptr;
  const int code = sqlite3_exec(m_database, std::string(sql).c_str(), nullptr, nullptr, &message);
  if (code == SQLITE_OK) return {};
  // sqlite3_exec's own message is the precise one; errmsg may describe a later cleanup.
  Error error =
      error_for(code, fmt::format("\"{}\" failed", sql.substr(0, sql.find('\n'))), message);
  sqlite3_free(message);
  return std::unexpected(std::move(error));
}

Result<SqliteStatement> SqliteDatabase::prepare(std::string_view sql) const {
  sqlite3_stmt* statement = nullptr;
  const int code =
      sqlite3_prepare_v2(m_database, sql.data(), static_cast<int>(sql.size()), &statement, nullptr);
  if (code != SQLITE_OK) {
    sqlite3_finalize(statement);
    return std::unexpected(error_for(code, fmt::format("cannot prepare \"{}\"", sql)));
  }
  return SqliteStatement(statement, this);
}

int64_t SqliteDatabase::last_insert_rowid() const {
  return sqlite3_last_insert_rowid(m_database);
}

int64_t SqliteDatabase::changes() const {
  return sqlite3_changes64(m_database);
}

Error SqliteDatabase::error_for(int code, std::string_view what, const char* detail) const {
  if (!detail) detail = m_database ? sqlite3_errmsg(m_database) : sqlite3_errstr(code);
  if (is_busy_code(code)) {
    return Error{ErrorCode::busy,
                 fmt::format("catalog {} is busy (another reelhouse process holds its lock; "
                             "try again): {}: {}",
                             m_path.string(), what, detail)};
  }
  return Error{ErrorCode::sql, fmt::format("catalog {}: {}: {}", m_path.string(), what, detail)};
}

// --- WriteTransaction -------------------------------------------------------------------------

Result<WriteTransaction> WriteTransaction::begin(SqliteDatabase& database,
                                                 std::chrono::milliseconds patience) {
  constexpr auto k_first_pause = std::chrono::milliseconds(5);
  constexpr auto k_longest_pause = std::chrono::milliseconds(200);
  const auto deadline = std::chrono::steady_clock::now() + patience;
  auto pause = k_first_pause;
  while (true) {
    auto begun = database.execute("BEGIN IMMEDIATE");
    if (begun) return WriteTransaction(&database);
    if (begun.error().code != ErrorCode::busy || std::chrono::steady_clock::now() >= deadline) {
      return std::unexpected(std::move(begun.error()));
    }
    std::this_thread::sleep_for(pause);
    pause = std::min(pause * 2, k_longest_pause);
  }
}

WriteTransaction::WriteTransaction(WriteTransaction&& other) noexcept
    : m_database(std::exchange(other.m_database, nullptr)) {}

WriteTransaction::~WriteTransaction() {
  if (m_database) (void)m_database->execute("ROLLBACK");
}

Result<> WriteTransaction::commit() {
  TRY(m_database->execute("COMMIT"));
  m_database = nullptr;
  return {};
}

}  // namespace reelhouse::catalog
