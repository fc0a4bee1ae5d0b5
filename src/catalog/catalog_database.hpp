// The statement-level interface the catalog is written against, so that one copy of the
// catalog's logic (catalog*.cpp) runs on SQLite (a file, the embedded default) and on
// PostgreSQL (`catalog.url`, team mode).
//
// `CatalogDatabase` is one connection; `CatalogStatement` one prepared statement on it. The
// catalog's SQL is written once with SQLite-style placeholders (`?` numbered left to right, or
// `?N`); the PostgreSQL implementation rewrites them to `$N` outside quoted literals. What
// differs between the two dialects beyond that goes through the few virtual functions here:
// the "now" timestamp expression, "now + ttl", the schema-version probe, the migrations
// (catalog_schema.cpp) and how a write transaction is serialised.
//
// Write transactions (begin_write) are serialised catalog-wide: SQLite takes its write lock up
// front (BEGIN IMMEDIATE), PostgreSQL takes one transaction-scoped advisory lock. The catalog's
// read-then-write logic relies on that. Row-locking transactions (begin_row_locked) serialise
// only on the rows they lock (PostgreSQL: SELECT … FOR UPDATE [SKIP LOCKED]); on SQLite they are
// write transactions too.
//
// A connection, and the statements prepared on it, must be used by one thread at a time.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "catalog/bind_in_order.hpp"
#include "core/error.hpp"

namespace reelhouse::catalog {

enum class StepResult { row, done };

enum class CatalogDialect { sqlite, postgres };

// One prepared statement. Move-only value wrapping a backend implementation.
class CatalogStatement {
 public:
  // What a backend implements. Columns are 0-based, parameters 1-based.
  class Backend {
   public:
    virtual ~Backend() = default;
    virtual Result<> bind_int(int index, int64_t value) = 0;
    virtual Result<> bind_text(int index, std::string_view value) = 0;
    virtual Result<> bind_null(int index) = 0;
    virtual Result<StepResult> step() = 0;
    virtual bool is_null(int column) const = 0;
    virtual int64_t column_int(int column) const = 0;
    virtual std::string column_text(int column) const = 0;  // "" for NULL
    virtual void reset() = 0;
  };

  explicit CatalogStatement(std::unique_ptr<Backend> backend) : m_backend(std::move(backend)) {}

  // Bind parameter `index` (1-based). An empty optional binds NULL.
  Result<> bind(int index, int64_t value) { return m_backend->bind_int(index, value); }
  Result<> bind(int index, int value) { return bind(index, static_cast<int64_t>(value)); }
  Result<> bind(int index, std::string_view value) { return m_backend->bind_text(index, value); }
  Result<> bind(int index, const std::string& value) {
    return bind(index, std::string_view(value));
  }
  Result<> bind(int index, const char* value) { return bind(index, std::string_view(value)); }
  Result<> bind(int index, std::nullopt_t) { return m_backend->bind_null(index); }
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

  // Advances to the next row. Errors: busy/connection (transient), sql.
  Result<StepResult> step() { return m_backend->step(); }

  // Steps until done, for statements that return no rows. Errors: as step().
  Result<> run() {
    while (TRY(step()) == StepResult::row) {
    }
    return {};
  }

  // Readers of the current row's columns (0-based). REQUIRES: step() returned row.
  bool is_null(int column) const { return m_backend->is_null(column); }
  int64_t column_int(int column) const { return m_backend->column_int(column); }
  std::string column_text(int column) const { return m_backend->column_text(column); }
  std::optional<int64_t> column_optional_int(int column) const {
    if (is_null(column)) return std::nullopt;
    return column_int(column);
  }
  std::optional<std::string> column_optional_text(int column) const {
    if (is_null(column)) return std::nullopt;
    return column_text(column);
  }

  // Makes the statement ready to run again, keeping its bindings.
  void reset() { m_backend->reset(); }

 private:
  std::unique_ptr<Backend> m_backend;
};

class CatalogDatabase;

// An open transaction: ROLLBACK in the destructor unless commit() succeeded.
class CatalogTransaction {
 public:
  CatalogTransaction(CatalogTransaction&& other) noexcept
      : m_database(std::exchange(other.m_database, nullptr)) {}
  CatalogTransaction& operator=(CatalogTransaction&&) = delete;
  CatalogTransaction(const CatalogTransaction&) = delete;
  CatalogTransaction& operator=(const CatalogTransaction&) = delete;
  ~CatalogTransaction();

  // REQUIRES: not yet committed. Errors: busy, connection, sql (then rolled back).
  Result<> commit();

  // Rolls back now (the destructor then has nothing to do); nothing when already ended.
  void rollback();

  // False once committed or rolled back.
  bool active() const { return m_database != nullptr; }

 private:
  friend class CatalogDatabase;
  explicit CatalogTransaction(CatalogDatabase* database) : m_database(database) {}

  CatalogDatabase* m_database = nullptr;  // null once committed or moved from
};

class CatalogDatabase {
 public:
  CatalogDatabase() = default;
  CatalogDatabase(const CatalogDatabase&) = delete;
  CatalogDatabase& operator=(const CatalogDatabase&) = delete;
  virtual ~CatalogDatabase() = default;

  virtual CatalogDialect dialect() const = 0;

  // The catalog's location for messages: the SQLite file, or user@host:port/db (never a
  // password).
  virtual std::string describe() const = 0;

  // Runs one or more statements without parameters (schema, pragmas). Errors: busy, sql…
  virtual Result<> execute(std::string_view sql) = 0;

  // Compiles one statement written with ?/?N placeholders. Errors: sql, busy, connection.
  virtual Result<CatalogStatement> prepare(std::string_view sql) = 0;

  // Rows changed by the last INSERT/UPDATE/DELETE run on this connection.
  virtual int64_t changes() const = 0;

  // The key generated by the last INSERT on this connection (run_id, task_id…).
  virtual Result<int64_t> last_insert_id() = 0;

  // SQL expression for the current UTC time in the catalog's format
  // ("2026-11-23T10:00:00.123Z"), constant within one statement.
  virtual std::string_view now_sql() const = 0;

  // SQL expression for now + `ttl` in the same format.
  virtual std::string expiry_sql(std::chrono::milliseconds ttl) const = 0;

  // A query returning one row with one count: 1 when the schema_version table exists.
  virtual std::string_view schema_version_probe_sql() const = 0;

  // A write transaction, serialised with every other catalog writer; the lock is retried or
  // waited for up to `patience`. Errors: busy (still taken after `patience`), connection, sql.
  Result<CatalogTransaction> begin_write(std::chrono::milliseconds patience) {
    TRY(begin_transaction(/*serialised=*/true, patience));
    return CatalogTransaction(this);
  }

  // A transaction that relies on row locks only (see the header comment).
  Result<CatalogTransaction> begin_row_locked(std::chrono::milliseconds patience) {
    TRY(begin_transaction(/*serialised=*/false, patience));
    return CatalogTransaction(this);
  }

 protected:
  friend class CatalogTransaction;
  virtual Result<> begin_transaction(bool serialised, std::chrono::milliseconds patience) = 0;
  virtual Result<> commit_transaction() = 0;
  virtual void rollback_transaction() = 0;
};

inline CatalogTransaction::~CatalogTransaction() {
  if (m_database) m_database->rollback_transaction();
}

inline void CatalogTransaction::rollback() {
  if (CatalogDatabase* database = std::exchange(m_database, nullptr)) {
    database->rollback_transaction();
  }
}

inline Result<> CatalogTransaction::commit() {
  CatalogDatabase* database = std::exchange(m_database, nullptr);
  return database->commit_transaction();
}

// True when `location` names a PostgreSQL catalog (postgresql:// or postgres://).
inline bool is_postgres_location(std::string_view location) {
  return location.starts_with("postgresql://") || location.starts_with("postgres://");
}

}  // namespace reelhouse::catalog
