// RAII owners for libpq: a connection to PostgreSQL, query results, a COPY FROM STDIN stream
// and a transaction that rolls back unless committed.
//
// Team mode points reelhouse at a PostgreSQL server with a `postgresql://user@host:port/db`
// URL. The password never appears in that URL (it would end up in config files, shell history
// and `ps`): libpq takes it from PGPASSWORD or ~/.pgpass, and connect() refuses a URL that
// carries one. Every failure names the server's message, its SQLSTATE and the statement, and
// maps the SQLSTATE to reelhouse's error codes so callers know whether a retry may help
// (connection loss, serialization failure and deadlock, lock timeout are transient).
//
// A `PgConnection` is one libpq connection: use it from one thread at a time.
#pragma once

#include <libpq-fe.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace reelhouse::postgres {

// A text-format query parameter; nullopt is SQL NULL.
using PgParam = std::optional<std::string>;

// A query's result (rows in PostgreSQL's text format). Move-only; frees the PGresult.
class PgResult {
 public:
  explicit PgResult(PGresult* result) : m_result(result, &PQclear) {}

  int rows() const { return PQntuples(m_result.get()); }
  int columns() const { return PQnfields(m_result.get()); }
  std::string_view column_name(int column) const { return PQfname(m_result.get(), column); }
  bool is_null(int row, int column) const { return PQgetisnull(m_result.get(), row, column); }
  // The cell's text ("" for NULL: check is_null).
  std::string_view text(int row, int column) const {
    return {PQgetvalue(m_result.get(), row, column),
            static_cast<size_t>(PQgetlength(m_result.get(), row, column))};
  }
  std::optional<std::string> value(int row, int column) const {
    if (is_null(row, column)) return std::nullopt;
    return std::string(text(row, column));
  }
  // Rows affected by an INSERT/UPDATE/DELETE/COPY…, 0 when not applicable.
  int64_t affected_rows() const;

  PGresult* handle() const { return m_result.get(); }

 private:
  std::unique_ptr<PGresult, decltype(&PQclear)> m_result;
};

// An open COPY … FROM STDIN. Write the data in COPY's format with write() (any chunking),
// then finish(). Destroyed unfinished, it aborts the COPY (the server discards the rows and
// the statement fails). Borrows the connection, which must outlive it and is busy until then.
class PgCopyIn {
 public:
  PgCopyIn(PgCopyIn&& other) noexcept;
  PgCopyIn& operator=(PgCopyIn&&) = delete;
  PgCopyIn(const PgCopyIn&) = delete;
  PgCopyIn& operator=(const PgCopyIn&) = delete;
  ~PgCopyIn();

  // Sends data to the server (PQputCopyData). Errors: connection.
  Result<> write(std::string_view data);

  // Ends the data (PQputCopyEnd) and returns the rows the server stored. Errors: the server's
  // rejection of the data (sql: bad value, with the line and column in the message), or
  // connection.
  Result<int64_t> finish();

  // Ends the COPY with an error the server reports back: nothing is stored.
  void abort(std::string_view reason);

 private:
  friend class PgConnection;
  PgCopyIn(PGconn* connection, std::string statement)
      : m_connection(connection), m_statement(std::move(statement)) {}

  PGconn* m_connection = nullptr;  // nullptr once finished or aborted
  std::string m_statement;
};

class PgConnection {
 public:
  // Connects with a postgresql:// (or postgres://) URL, e.g.
  // postgresql://reelhouse@db.example:5432/warehouse?sslmode=require. The password comes from
  // PGPASSWORD or ~/.pgpass (libpq's own lookup); a connect_timeout of 10 s applies unless the
  // URL sets one. Client encoding is UTF8; server notices are not printed.
  // Errors: config — not a postgresql URL, malformed, or carrying a password (the error says
  // where to put it instead), or authentication failed; connection — server unreachable.
  static Result<PgConnection> connect(std::string_view url);

  PgConnection(PgConnection&&) noexcept = default;
  PgConnection& operator=(PgConnection&&) noexcept = default;
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  // user@host:port/database, for messages (never the password).
  std::string describe() const;

  // Runs one or more statements without parameters, discarding any rows.
  Result<> execute(std::string_view sql);

  // Runs one statement with $1, $2 … bound to `params` (text format) and returns its rows.
  Result<PgResult> query(std::string_view sql, const std::vector<PgParam>& params = {});

  // The first cell of a one-value query as an integer. Errors: as query(); internal when the
  // result is empty, NULL or not an integer.
  Result<int64_t> query_int(std::string_view sql, const std::vector<PgParam>& params = {});

  // Prepares `sql` ($1, $2 … placeholders, types inferred) as the named statement `name` of this
  // session (PQprepare). Errors: as query().
  Result<> prepare(std::string_view name, std::string_view sql);

  // Executes the statement prepared as `name` with `params` (text format) and returns its rows;
  // `sql` is only quoted in errors. Errors: as query().
  Result<PgResult> execute_prepared(std::string_view name, std::string_view sql,
                                    const std::vector<PgParam>& params);

  // Whether the connection is still usable (not lost).
  bool healthy() const { return PQstatus(m_connection.get()) == CONNECTION_OK; }

  // Starts `copy_statement` (COPY … FROM STDIN …). Errors: as query().
  Result<PgCopyIn> copy_in(std::string_view copy_statement);

  PGconn* handle() const { return m_connection.get(); }

 private:
  explicit PgConnection(PGconn* connection) : m_connection(connection, &PQfinish) {}

  std::unique_ptr<PGconn, decltype(&PQfinish)> m_connection;
};

// BEGIN on construction (via begin()); ROLLBACK on destruction unless commit() succeeded.
class PgTransaction {
 public:
  static Result<PgTransaction> begin(PgConnection& connection);
  PgTransaction(PgTransaction&& other) noexcept;
  PgTransaction& operator=(PgTransaction&&) = delete;
  PgTransaction(const PgTransaction&) = delete;
  PgTransaction& operator=(const PgTransaction&) = delete;
  ~PgTransaction();

  Result<> commit();

 private:
  explicit PgTransaction(PgConnection* connection) : m_connection(connection) {}
  PgConnection* m_connection = nullptr;  // nullptr once committed or moved from
};

// Quotes an identifier for PostgreSQL: my table -> "my table", a"b -> "a""b".
std::string pg_identifier(std::string_view name);

// Quotes a string literal for PostgreSQL: O'Brien -> 'O''Brien' (standard_conforming_strings).
std::string pg_literal(std::string_view text);

}  // namespace reelhouse::postgres
