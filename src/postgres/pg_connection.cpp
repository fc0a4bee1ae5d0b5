#include "postgres/pg_connection.hpp"

#include <algorithm>
#include <charconv>
#include <utility>

namespace reelhouse::postgres {

namespace {

constexpr size_t k_statement_excerpt = 300;  // characters of a statement quoted in an error

// The statement on one line, shortened: errors quote it without flooding the log.
std::string statement_excerpt(std::string_view statement) {
  std::string excerpt;
  bool in_space = false;
  for (const char character : statement) {
    const bool space =
        character == ' ' || character == '\n' || character == '\t' || character == '\r';
    if (space) {
      if (!in_space && !excerpt.empty()) excerpt += ' ';
      in_space = true;
      continue;
    }
    in_space = false;
    excerpt += character;
    if (excerpt.size() >= k_statement_excerpt) return excerpt + "…";
  }
  while (!excerpt.empty() && excerpt.back() == ' ') excerpt.pop_back();
  return excerpt;
}

// libpq's messages end with a newline.
std::string trimmed(const char* text) {
  std::string result = text ? text : "";
  while (!result.empty() && (result.back() == '\n' || result.back() == ' ')) result.pop_back();
  return result;
}

// Whether retrying may help, from the SQLSTATE (PostgreSQL manual, appendix A).
ErrorCode code_of_sqlstate(std::string_view sqlstate) {
  if (sqlstate.starts_with("08")) return ErrorCode::connection;  // connection exception
  if (sqlstate == "40001" || sqlstate == "40P01")
    return ErrorCode::busy;                            // serialization, deadlock
  if (sqlstate == "55P03") return ErrorCode::busy;     // lock_not_available
  if (sqlstate == "57014") return ErrorCode::timeout;  // query_canceled (statement_timeout)
  if (sqlstate == "57P01" || sqlstate == "57P02" || sqlstate == "57P03") {
    return ErrorCode::connection;  // the server is shutting down or starting
  }
  if (sqlstate.starts_with("53")) return ErrorCode::server_error;  // insufficient resources
  if (sqlstate == "28P01" || sqlstate == "28000") return ErrorCode::config;  // authentication
  return ErrorCode::sql;
}

// The error of a failed statement: the server's message and SQLSTATE (with detail, hint and
// where it happened when the server gives them) and the statement.
Error statement_error(PGconn* connection, const PGresult* result, std::string_view statement) {
  const std::string target = fmt::format("{}@{}:{}/{}", PQuser(connection), PQhost(connection),
                                         PQport(connection), PQdb(connection));
  if (result == nullptr || PQresultErrorField(result, PG_DIAG_SQLSTATE) == nullptr) {
    const std::string message =
        result ? trimmed(PQresultErrorMessage(result)) : trimmed(PQerrorMessage(connection));
    const ErrorCode code =
        PQstatus(connection) == CONNECTION_BAD ? ErrorCode::connection : ErrorCode::sql;
    return Error{
        code, fmt::format("PostgreSQL {}: {}; statement: {}", target,
                          message.empty() ? "no result" : message, statement_excerpt(statement))};
  }
  const std::string sqlstate = PQresultErrorField(result, PG_DIAG_SQLSTATE);
  std::string message =
      fmt::format("PostgreSQL {}: {} (SQLSTATE {})", target,
                  trimmed(PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY)), sqlstate);
  if (const char* detail = PQresultErrorField(result, PG_DIAG_MESSAGE_DETAIL)) {
    message += fmt::format("; detail: {}", trimmed(detail));
  }
  if (const char* hint = PQresultErrorField(result, PG_DIAG_MESSAGE_HINT)) {
    message += fmt::format("; hint: {}", trimmed(hint));
  }
  if (const char* context = PQresultErrorField(result, PG_DIAG_CONTEXT)) {
    message += fmt::format("; where: {}", statement_excerpt(context));
  }
  message += fmt::format("; statement: {}", statement_excerpt(statement));
  ErrorCode code = code_of_sqlstate(sqlstate);
  if (PQstatus(connection) == CONNECTION_BAD) code = ErrorCode::connection;
  return Error{code, std::move(message)};
}

void ignore_notice(void*, const char*) {}

// Frees a PQconninfoParse result.
struct ConninfoOptionsDeleter {
  void operator()(PQconninfoOption* options) const { PQconninfoFree(options); }
};

}  // namespace

int64_t PgResult::affected_rows() const {
  const std::string_view text = PQcmdTuples(m_result.get());
  int64_t rows = 0;
  std::from_chars(text.data(), text.data() + text.size(), rows);
  return rows;
}

// --- PgConnection ------------------------------------------------------------------------------

Result<PgConnection> PgConnection::connect(std::string_view url) {
  const std::string url_text(url);
  if (!url.starts_with("postgresql://") && !url.starts_with("postgres://")) {
    return make_error(ErrorCode::config,
                      "a PostgreSQL URL must start with postgresql:// (e.g. "
                      "postgresql://reelhouse@db.example:5432/warehouse), got one starting "
                      "with \"{}\"",
                      statement_excerpt(url.substr(0, std::min(url.find(':'), size_t{12}))));
  }
  char* parse_error = nullptr;
  std::unique_ptr<PQconninfoOption, ConninfoOptionsDeleter> options(
      PQconninfoParse(url_text.c_str(), &parse_error));
  if (!options) {
    const std::string reason = trimmed(parse_error ? parse_error : "out of memory");
    PQfreemem(parse_error);
    return make_error(ErrorCode::config, "malformed PostgreSQL URL: {}", reason);
  }
  std::string user;
  std::string host;
  std::string dbname;
  bool has_password = false;
  for (const PQconninfoOption* option = options.get(); option->keyword != nullptr; ++option) {
    const std::string_view keyword = option->keyword;
    const std::string value = option->val ? option->val : "";
    if (keyword == "password") has_password = !value.empty();
    if (keyword == "user") user = value;
    if (keyword == "host") host = value;
    if (keyword == "dbname") dbname = value;
  }
  if (has_password) {
    return make_error(ErrorCode::config,
                      "the PostgreSQL URL for database \"{}\" on {} contains a password: remove "
                      "it from the URL (URLs end up in config files, shell history and process "
                      "lists) and set PGPASSWORD or add a line to ~/.pgpass",
                      dbname, host.empty() ? "localhost" : host);
  }

  // Keywords before dbname are defaults the URL may override (libpq processes them in order).
  const char* keywords[] = {"connect_timeout", "fallback_application_name", "dbname", nullptr};
  const char* values[] = {"10", "reelhouse", url_text.c_str(), nullptr};
  PgConnection connection(PQconnectdbParams(keywords, values, /*expand_dbname=*/1));
  PGconn* handle = connection.handle();
  if (handle == nullptr) {
    return make_error(ErrorCode::internal, "libpq could not allocate a connection");
  }
  if (PQstatus(handle) != CONNECTION_OK) {
    const std::string reason = trimmed(PQerrorMessage(handle));
    const bool authentication = reason.find("password") != std::string::npos ||
                                reason.find("authentication") != std::string::npos;
    if (authentication) {
      return make_error(ErrorCode::config,
                        "cannot log in to PostgreSQL database \"{}\" on {} as \"{}\": {} (the "
                        "password comes from PGPASSWORD or ~/.pgpass)",
                        dbname, host, user, reason);
    }
    return make_error(ErrorCode::connection,
                      "cannot connect to PostgreSQL database \"{}\" on {}: {}", dbname,
                      host.empty() ? "localhost" : host, reason);
  }
  PQsetNoticeProcessor(handle, &ignore_notice, nullptr);
  if (PQsetClientEncoding(handle, "UTF8") != 0) {
    return make_error(ErrorCode::connection, "cannot set client encoding UTF8 on {}: {}",
                      connection.describe(), trimmed(PQerrorMessage(handle)));
  }
  return connection;
}

std::string PgConnection::describe() const {
  PGconn* handle = m_connection.get();
  if (handle == nullptr) return "(closed PostgreSQL connection)";
  return fmt::format("{}@{}:{}/{}", PQuser(handle), PQhost(handle), PQport(handle), PQdb(handle));
}

Result<> PgConnection::execute(std::string_view sql) {
  const std::string text(sql);
  // PQexec returns the last statement's result; an earlier failure stops the batch and is that
  // result.
  PgResult result(PQexec(handle(), text.c_str()));
  const ExecStatusType status = PQresultStatus(result.handle());
  if (result.handle() == nullptr ||
      (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK && status != PGRES_EMPTY_QUERY)) {
    return std::unexpected(statement_error(handle(), result.handle(), sql));
  }
  return {};
}

Result<PgResult> PgConnection::query(std::string_view sql, const std::vector<PgParam>& params) {
  const std::string text(sql);
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const auto& param : params) values.push_back(param ? param->c_str() : nullptr);
  PgResult result(PQexecParams(handle(), text.c_str(), static_cast<int>(params.size()), nullptr,
                               values.data(), nullptr, nullptr, /*resultFormat=*/0));
  const ExecStatusType status = PQresultStatus(result.handle());
  if (result.handle() == nullptr || (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)) {
    return std::unexpected(statement_error(handle(), result.handle(), sql));
  }
  return result;
}

Result<> PgConnection::prepare(std::string_view name, std::string_view sql) {
  const std::string name_text(name);
  const std::string text(sql);
  PgResult result(PQprepare(handle(), name_text.c_str(), text.c_str(), 0, nullptr));
  if (result.handle() == nullptr || PQresultStatus(result.handle()) != PGRES_COMMAND_OK) {
    return std::unexpected(statement_error(handle(), result.handle(), sql));
  }
  return {};
}

Result<PgResult> PgConnection::execute_prepared(std::string_view name, std::string_view sql,
                                                const std::vector<PgParam>& params) {
  const std::string name_text(name);
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const auto& param : params) values.push_back(param ? param->c_str() : nullptr);
  PgResult result(PQexecPrepared(handle(), name_text.c_str(), static_cast<int>(params.size()),
                                 values.data(), nullptr, nullptr, /*resultFormat=*/0));
  const ExecStatusType status = PQresultStatus(result.handle());
  if (result.handle() == nullptr || (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)) {
    return std::unexpected(statement_error(handle(), result.handle(), sql));
  }
  return result;
}

Result<int64_t> PgConnection::query_int(std::string_view sql, const std::vector<PgParam>& params) {
  const PgResult result = TRY(query(sql, params));
  if (result.rows() < 1 || result.columns() < 1 || result.is_null(0, 0)) {
    return make_error(ErrorCode::internal, "PostgreSQL {}: expected one value from: {}", describe(),
                      statement_excerpt(sql));
  }
  const std::string_view text = result.text(0, 0);
  int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) {
    return make_error(ErrorCode::internal,
                      "PostgreSQL {}: expected an integer, got \"{}\" from: {}", describe(), text,
                      statement_excerpt(sql));
  }
  return value;
}

Result<PgCopyIn> PgConnection::copy_in(std::string_view copy_statement) {
  const std::string text(copy_statement);
  PgResult result(PQexec(handle(), text.c_str()));
  if (PQresultStatus(result.handle()) != PGRES_COPY_IN) {
    return std::unexpected(statement_error(handle(), result.handle(), copy_statement));
  }
  return PgCopyIn(handle(), text);
}

// --- PgCopyIn ----------------------------------------------------------------------------------

PgCopyIn::PgCopyIn(PgCopyIn&& other) noexcept
    : m_connection(std::exchange(other.m_connection, nullptr)),
      m_statement(std::move(other.m_statement)) {}

PgCopyIn::~PgCopyIn() {
  if (m_connection) abort("the COPY was abandoned by reelhouse");
}

Result<> PgCopyIn::write(std::string_view data) {
  if (m_connection == nullptr) {
    return make_error(ErrorCode::internal, "write after the COPY ended: {}",
                      statement_excerpt(m_statement));
  }
  if (data.empty()) return {};
  if (PQputCopyData(m_connection, data.data(), static_cast<int>(data.size())) != 1) {
    // The server may have rejected the data already: its error is in the COPY's result.
    Error error{ErrorCode::connection,
                fmt::format("cannot send COPY data: {}; statement: {}",
                            trimmed(PQerrorMessage(m_connection)), statement_excerpt(m_statement))};
    auto finished = finish();
    if (!finished) return std::unexpected(finished.error());
    return std::unexpected(error);
  }
  return {};
}

Result<int64_t> PgCopyIn::finish() {
  if (m_connection == nullptr) {
    return make_error(ErrorCode::internal, "the COPY already ended: {}",
                      statement_excerpt(m_statement));
  }
  PGconn* connection = std::exchange(m_connection, nullptr);
  if (PQputCopyEnd(connection, nullptr) != 1) {
    return make_error(ErrorCode::connection, "cannot end COPY: {}; statement: {}",
                      trimmed(PQerrorMessage(connection)), statement_excerpt(m_statement));
  }
  Result<int64_t> outcome = make_error(ErrorCode::connection, "no result for the COPY");
  bool first = true;
  while (PGresult* raw = PQgetResult(connection)) {
    PgResult result(raw);
    if (!first) continue;  // drain: the connection is usable only once all are read
    first = false;
    if (PQresultStatus(raw) == PGRES_COMMAND_OK) {
      outcome = result.affected_rows();
    } else {
      outcome = std::unexpected(statement_error(connection, raw, m_statement));
    }
  }
  return outcome;
}

void PgCopyIn::abort(std::string_view reason) {
  if (m_connection == nullptr) return;
  PGconn* connection = std::exchange(m_connection, nullptr);
  const std::string reason_text(reason);
  PQputCopyEnd(connection, reason_text.c_str());
  while (PGresult* raw = PQgetResult(connection)) PQclear(raw);
}

// --- PgTransaction -----------------------------------------------------------------------------

Result<PgTransaction> PgTransaction::begin(PgConnection& connection) {
  TRY(connection.execute("BEGIN"));
  return PgTransaction(&connection);
}

PgTransaction::PgTransaction(PgTransaction&& other) noexcept
    : m_connection(std::exchange(other.m_connection, nullptr)) {}

PgTransaction::~PgTransaction() {
  if (m_connection) (void)m_connection->execute("ROLLBACK");
}

Result<> PgTransaction::commit() {
  if (m_connection == nullptr) {
    return make_error(ErrorCode::internal, "commit of a transaction already ended");
  }
  PgConnection* connection = std::exchange(m_connection, nullptr);
  const PgResult result = TRY(connection->query("COMMIT"));
  // COMMIT of a transaction in which a statement failed answers ROLLBACK, not an error.
  if (std::string_view(PQcmdStatus(result.handle())) != "COMMIT") {
    return make_error(ErrorCode::sql, "PostgreSQL {}: the transaction was rolled back",
                      connection->describe());
  }
  return {};
}

// --- Quoting -----------------------------------------------------------------------------------

std::string pg_identifier(std::string_view name) {
  std::string quoted = "\"";
  for (const char character : name) {
    if (character == '"') quoted += '"';
    quoted += character;
  }
  return quoted + '"';
}

std::string pg_literal(std::string_view text) {
  std::string quoted = "'";
  for (const char character : text) {
    if (character == '\'') quoted += '\'';
    quoted += character;
  }
  return quoted + '\'';
}

}  // namespace reelhouse::postgres
