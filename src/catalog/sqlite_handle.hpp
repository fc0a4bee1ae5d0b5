// RAII owners for SQLite's C handles, and the few helpers the catalog needs on top of them.
//
// `SqliteDatabase` owns a `sqlite3*` connection, `SqliteStatement` a prepared `sqlite3_stmt*`;
// both are move-only and release their handle in the destructor. Every value reaches SQL as a
// bound parameter, never spliced into the text. Failures become `Error`s whose message names
// the database file and carries SQLite's own message; SQLITE_BUSY and SQLITE_LOCKED (another
// process holds the lock past the busy timeout) map to the transient ErrorCode::busy, every
// other failure to the permanent ErrorCode::sql.
//
// A connection, and the statements prepared on it, must be used by one thread at a time.
#pragma once

#include <sqlite3.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "catalog/bind_in_order.hpp"
#include "catalog/catalog_database.hpp"  // StepResult
#include "core/error.hpp"

namespace reelhouse::catalog {

class SqliteDatabase;

class SqliteStatement {
 public:
  SqliteStatement(SqliteStatement&& other) noexcept;
  SqliteStatement& operator=(SqliteStatement&& other) noexcept;
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;
  ~SqliteStatement();

  // Bind parameter `index` (1-based). An empty optional binds NULL.
  // Errors: sql (index out of range, out of memory).
  Result<> bind(int index, int64_t value);
  Result<> bind(int index, int value) { return bind(index, static_cast<int64_t>(value)); }
  Result<> bind(int index, std::string_view value);
  Result<> bind(int index, const std::string& value) {
    return bind(index, std::string_view(value));
  }
  Result<> bind(int index, const char* value) { return bind(index, std::string_view(value)); }
  Result<> bind(int index, std::nullopt_t);
  template <typename T>
  Result<> bind(int index, const std::optional<T>& value) {
    if (!value) return bind(index, std::nullopt);
    return bind(index, *value);
  }

  // Binds `values` to parameters 1, 2, … in order.
  template <typename... Values>
  Result<> bind_all(const Values&... values) {
    return bind_in_order(*this, values...);
  }

  // Advances to the next row. Errors: busy (transient), sql.
  Result<StepResult> step();

  // Steps until done, for statements that return no rows. Errors: as step().
  Result<> run();

  // Readers of the current row's columns (0-based). REQUIRES: step() returned row.
  bool is_null(int column) const;
  int64_t column_int(int column) const;
  std::string column_text(int column) const;  // "" for NULL
  std::optional<int64_t> column_optional_int(int column) const;
  std::optional<std::string> column_optional_text(int column) const;

  // Makes the statement ready to run again, keeping its bindings.
  void reset();

 private:
  friend class SqliteDatabase;
  SqliteStatement(sqlite3_stmt* statement, const SqliteDatabase* database);

  sqlite3_stmt* m_statement = nullptr;
  const SqliteDatabase* m_database = nullptr;
};

class SqliteDatabase {
 public:
  // Opens (creating if missing) the database file at `path` in read-write mode, with
  // `busy_timeout` as SQLite's busy handler: a locked database is retried for that long
  // before an operation fails with ErrorCode::busy.
  // Errors: sql (not a database, cannot open), busy.
  static Result<SqliteDatabase> open(const std::filesystem::path& path,
                                     std::chrono::milliseconds busy_timeout);

  SqliteDatabase(SqliteDatabase&& other) noexcept;
  SqliteDatabase& operator=(SqliteDatabase&& other) noexcept;
  SqliteDatabase(const SqliteDatabase&) = delete;
  SqliteDatabase& operator=(const SqliteDatabase&) = delete;
  ~SqliteDatabase();

  sqlite3* handle() const { return m_database; }
  const std::filesystem::path& path() const { return m_path; }

  // Runs one or more statements without parameters (schema, pragmas, BEGIN/COMMIT).
  // Errors: busy, sql.
  Result<> execute(std::string_view sql);

  // Compiles one statement. Errors: sql (syntax, unknown table), busy.
  Result<SqliteStatement> prepare(std::string_view sql) const;

  // Rowid of the last INSERT on this connection.
  int64_t last_insert_rowid() const;

  // Rows changed by the last INSERT/UPDATE/DELETE on this connection.
  int64_t changes() const;

  // The Error for SQLite result code `code` while doing `what`, with SQLite's message
  // (`detail`, else the connection's last message) and this database's path: busy for
  // SQLITE_BUSY/SQLITE_LOCKED, sql otherwise.
  Error error_for(int code, std::string_view what, const char* detail = nullptr) const;

 private:
  SqliteDatabase(sqlite3* database, std::filesystem::path path);

  sqlite3* m_database = nullptr;
  std::filesystem::path m_path;
};

// A write transaction: BEGIN IMMEDIATE on construction (taking the write lock up front, so
// two writers never deadlock upgrading read locks), ROLLBACK in the destructor unless
// commit() succeeded. BEGIN is retried while the database stays busy, up to `patience`.
class WriteTransaction {
 public:
  // Errors: busy (the write lock stayed taken for `patience`), sql.
  static Result<WriteTransaction> begin(SqliteDatabase& database,
                                        std::chrono::milliseconds patience);

  WriteTransaction(WriteTransaction&& other) noexcept;
  WriteTransaction& operator=(WriteTransaction&&) = delete;
  WriteTransaction(const WriteTransaction&) = delete;
  WriteTransaction& operator=(const WriteTransaction&) = delete;
  ~WriteTransaction();

  // REQUIRES: not yet committed. Errors: busy, sql (the transaction is then rolled back).
  Result<> commit();

 private:
  explicit WriteTransaction(SqliteDatabase* database) : m_database(database) {}

  SqliteDatabase* m_database = nullptr;  // null once committed or moved from
};

}  // namespace reelhouse::catalog
