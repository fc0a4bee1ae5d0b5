#include "db/duckdb.hpp"

#include <utility>

namespace reelhouse::db {

namespace {

// Owns a duckdb_result.
class ResultGuard {
 public:
  ResultGuard() = default;
  ResultGuard(const ResultGuard&) = delete;
  ResultGuard& operator=(const ResultGuard&) = delete;
  ~ResultGuard() { duckdb_destroy_result(&m_result); }
  duckdb_result* get() { return &m_result; }

 private:
  duckdb_result m_result{};
};

// Owns a duckdb_prepared_statement.
class PreparedGuard {
 public:
  PreparedGuard() = default;
  PreparedGuard(const PreparedGuard&) = delete;
  PreparedGuard& operator=(const PreparedGuard&) = delete;
  ~PreparedGuard() { duckdb_destroy_prepare(&m_statement); }
  duckdb_prepared_statement* get() { return &m_statement; }

 private:
  duckdb_prepared_statement m_statement = nullptr;
};

Result<> bind_params(duckdb_prepared_statement statement, const std::vector<SqlParam>& params) {
  for (size_t param_idx = 0; param_idx < params.size(); ++param_idx) {
    const idx_t position = param_idx + 1;
    const SqlParam& param = params[param_idx];
    duckdb_state state = DuckDBSuccess;
    if (std::holds_alternative<std::monostate>(param)) {
      state = duckdb_bind_null(statement, position);
    } else if (const auto* integer = std::get_if<int64_t>(&param)) {
      state = duckdb_bind_int64(statement, position, *integer);
    } else if (const auto* real = std::get_if<double>(&param)) {
      state = duckdb_bind_double(statement, position, *real);
    } else {
      const auto& text = std::get<std::string>(param);
      state = duckdb_bind_varchar_length(statement, position, text.data(), text.size());
    }
    if (state != DuckDBSuccess) {
      return make_error(ErrorCode::sql, "cannot bind parameter {}", position);
    }
  }
  return {};
}

// Runs `sql` (prepared when there are parameters) into `result`.
Result<> run_query(duckdb_connection connection, std::string_view sql,
                   const std::vector<SqlParam>& params, duckdb_result* result) {
  std::string sql_text(sql);
  if (params.empty()) {
    if (duckdb_query(connection, sql_text.c_str(), result) != DuckDBSuccess) {
      return make_error(ErrorCode::sql, "{}", duckdb_result_error(result));
    }
    return {};
  }
  PreparedGuard prepared;
  if (duckdb_prepare(connection, sql_text.c_str(), prepared.get()) != DuckDBSuccess) {
    return make_error(ErrorCode::sql, "{}", duckdb_prepare_error(*prepared.get()));
  }
  TRY(bind_params(*prepared.get(), params));
  if (duckdb_execute_prepared(*prepared.get(), result) != DuckDBSuccess) {
    return make_error(ErrorCode::sql, "{}", duckdb_result_error(result));
  }
  return {};
}

// Whether duckdb_value_varchar can render every column of `result` (it cannot render nested
// types, ENUM, UUID, BIT, TIMESTAMP WITH TIME ZONE and the second/nanosecond timestamps).
bool all_columns_render_as_text(duckdb_result* result) {
  const idx_t column_count = duckdb_column_count(result);
  for (idx_t column_idx = 0; column_idx < column_count; ++column_idx) {
    switch (duckdb_column_type(result, column_idx)) {
      case DUCKDB_TYPE_BOOLEAN:
      case DUCKDB_TYPE_TINYINT:
      case DUCKDB_TYPE_SMALLINT:
      case DUCKDB_TYPE_INTEGER:
      case DUCKDB_TYPE_BIGINT:
      case DUCKDB_TYPE_UTINYINT:
      case DUCKDB_TYPE_USMALLINT:
      case DUCKDB_TYPE_UINTEGER:
      case DUCKDB_TYPE_UBIGINT:
      case DUCKDB_TYPE_HUGEINT:
      case DUCKDB_TYPE_FLOAT:
      case DUCKDB_TYPE_DOUBLE:
      case DUCKDB_TYPE_DECIMAL:
      case DUCKDB_TYPE_VARCHAR:
      case DUCKDB_TYPE_DATE:
      case DUCKDB_TYPE_TIME:
      case DUCKDB_TYPE_TIMESTAMP:
      case DUCKDB_TYPE_INTERVAL:
        break;
      default:
        return false;
    }
  }
  return true;
}

TextTable materialize_text(duckdb_result* result) {
  TextTable table;
  const idx_t column_count = duckdb_column_count(result);
  for (idx_t column_idx = 0; column_idx < column_count; ++column_idx) {
    table.columns.emplace_back(duckdb_column_name(result, column_idx));
  }
  // Cells are rendered by DuckDB's own VARCHAR conversion, so values print the way DuckDB
  // prints them.
  const idx_t row_count = duckdb_row_count(result);
  table.rows.reserve(row_count);
  for (idx_t row_idx = 0; row_idx < row_count; ++row_idx) {
    auto& row = table.rows.emplace_back(column_count);
    for (idx_t column_idx = 0; column_idx < column_count; ++column_idx) {
      if (duckdb_value_is_null(result, column_idx, row_idx)) continue;
      char* text = duckdb_value_varchar(result, column_idx, row_idx);
      row[column_idx] = std::string(text);
      duckdb_free(text);
    }
  }
  return table;
}

}  // namespace

Result<DuckDatabase> DuckDatabase::open(const std::string& path, const DuckOptions& options) {
  duckdb_config config = nullptr;
  if (duckdb_create_config(&config) != DuckDBSuccess) {
    return make_error(ErrorCode::internal, "cannot create DuckDB config");
  }
  auto set = [&](const char* name, const std::string& value) {
    if (!value.empty()) duckdb_set_config(config, name, value.c_str());
  };
  if (options.threads > 0) set("threads", std::to_string(options.threads));
  set("memory_limit", options.memory_limit);
  set("temp_directory", options.temp_directory);
  if (options.read_only) set("access_mode", "READ_ONLY");

  DuckDatabase database;
  char* open_error = nullptr;
  const char* location = path.empty() ? nullptr : path.c_str();
  const duckdb_state state = duckdb_open_ext(location, &database.m_database, config, &open_error);
  duckdb_destroy_config(&config);
  if (state != DuckDBSuccess) {
    std::string message = open_error ? open_error : "unknown error";
    duckdb_free(open_error);
    return make_error(ErrorCode::sql, "cannot open DuckDB database \"{}\": {}", path, message);
  }
  return database;
}

DuckDatabase::DuckDatabase(DuckDatabase&& other) noexcept
    : m_database(std::exchange(other.m_database, nullptr)) {}

DuckDatabase& DuckDatabase::operator=(DuckDatabase&& other) noexcept {
  if (this != &other) {
    if (m_database) duckdb_close(&m_database);
    m_database = std::exchange(other.m_database, nullptr);
  }
  return *this;
}

DuckDatabase::~DuckDatabase() {
  if (m_database) duckdb_close(&m_database);
}

Result<DuckConnection> DuckConnection::connect(const DuckDatabase& database) {
  DuckConnection connection;
  if (duckdb_connect(database.handle(), &connection.m_connection) != DuckDBSuccess) {
    return make_error(ErrorCode::sql, "cannot connect to DuckDB database");
  }
  return connection;
}

DuckConnection::DuckConnection(DuckConnection&& other) noexcept
    : m_connection(std::exchange(other.m_connection, nullptr)) {}

DuckConnection& DuckConnection::operator=(DuckConnection&& other) noexcept {
  if (this != &other) {
    if (m_connection) duckdb_disconnect(&m_connection);
    m_connection = std::exchange(other.m_connection, nullptr);
  }
  return *this;
}

DuckConnection::~DuckConnection() {
  if (m_connection) duckdb_disconnect(&m_connection);
}

Result<> DuckConnection::execute(std::string_view sql) {
  ResultGuard result;
  return run_query(m_connection, sql, {}, result.get());
}

Result<TextTable> DuckConnection::query_text(std::string_view sql,
                                             const std::vector<SqlParam>& params) {
  ResultGuard result;
  TRY(run_query(m_connection, sql, params, result.get()));
  if (!all_columns_render_as_text(result.get())) {
    // duckdb_value_varchar cannot render nested and some temporal types: let DuckDB cast
    // every column of the same query to VARCHAR instead.
    ResultGuard cast_result;
    TRY(run_query(m_connection, fmt::format("SELECT COLUMNS(*)::VARCHAR FROM ({})", sql), params,
                  cast_result.get()));
    return materialize_text(cast_result.get());
  }
  return materialize_text(result.get());
}

Result<int64_t> DuckConnection::query_int(std::string_view sql,
                                          const std::vector<SqlParam>& params) {
  ResultGuard result;
  TRY(run_query(m_connection, sql, params, result.get()));
  if (duckdb_row_count(result.get()) == 0 || duckdb_column_count(result.get()) == 0) {
    return make_error(ErrorCode::sql, "query returned no value: {}", sql);
  }
  return duckdb_value_int64(result.get(), 0, 0);
}

std::string sql_quote(std::string_view text) {
  std::string quoted = "'";
  for (char character : text) {
    if (character == '\'') quoted += '\'';
    quoted += character;
  }
  quoted += '\'';
  return quoted;
}

std::string sql_read_parquet(std::string_view glob) {
  return fmt::format("read_parquet({}, hive_partitioning = false)", sql_quote(glob));
}

std::string sql_identifier(std::string_view name) {
  std::string quoted = "\"";
  for (char character : name) {
    if (character == '"') quoted += '"';
    quoted += character;
  }
  quoted += '"';
  return quoted;
}

}  // namespace reelhouse::db
