#include "db/duck_prepared.hpp"

#include <utility>

namespace reelhouse::db {

DuckQueryResult::DuckQueryResult() = default;

DuckQueryResult::DuckQueryResult(DuckQueryResult&& other) noexcept
    : m_result(std::exchange(other.m_result, duckdb_result{})),
      m_filled(std::exchange(other.m_filled, false)) {}

DuckQueryResult& DuckQueryResult::operator=(DuckQueryResult&& other) noexcept {
  if (this != &other) {
    if (m_filled) duckdb_destroy_result(&m_result);
    m_result = std::exchange(other.m_result, duckdb_result{});
    m_filled = std::exchange(other.m_filled, false);
  }
  return *this;
}

DuckQueryResult::~DuckQueryResult() {
  if (m_filled) duckdb_destroy_result(&m_result);
}

uint64_t DuckQueryResult::row_count() {
  return duckdb_row_count(&m_result);
}
uint64_t DuckQueryResult::column_count() {
  return duckdb_column_count(&m_result);
}

std::string_view DuckQueryResult::column_name(uint64_t column) {
  const char* name = duckdb_column_name(&m_result, column);
  return name ? std::string_view(name) : std::string_view();
}

DuckQueryResult::CellKind DuckQueryResult::cell_kind(uint64_t column) {
  switch (duckdb_column_type(&m_result, column)) {
    case DUCKDB_TYPE_TINYINT:
    case DUCKDB_TYPE_SMALLINT:
    case DUCKDB_TYPE_INTEGER:
    case DUCKDB_TYPE_BIGINT:
      return CellKind::integer;
    case DUCKDB_TYPE_UTINYINT:
    case DUCKDB_TYPE_USMALLINT:
    case DUCKDB_TYPE_UINTEGER:
    case DUCKDB_TYPE_UBIGINT:
      return CellKind::unsigned_integer;
    case DUCKDB_TYPE_FLOAT:
    case DUCKDB_TYPE_DOUBLE:
    case DUCKDB_TYPE_DECIMAL:
    case DUCKDB_TYPE_HUGEINT:
      return CellKind::real;
    case DUCKDB_TYPE_BOOLEAN:
      return CellKind::boolean;
    default:
      return CellKind::text;
  }
}

bool DuckQueryResult::is_null(uint64_t column, uint64_t row) {
  return duckdb_value_is_null(&m_result, column, row);
}
int64_t DuckQueryResult::integer(uint64_t column, uint64_t row) {
  return duckdb_value_int64(&m_result, column, row);
}
uint64_t DuckQueryResult::unsigned_integer(uint64_t column, uint64_t row) {
  return duckdb_value_uint64(&m_result, column, row);
}
double DuckQueryResult::real(uint64_t column, uint64_t row) {
  return duckdb_value_double(&m_result, column, row);
}
bool DuckQueryResult::boolean(uint64_t column, uint64_t row) {
  return duckdb_value_boolean(&m_result, column, row);
}
std::string DuckQueryResult::text(uint64_t column, uint64_t row) {
  char* value = duckdb_value_varchar(&m_result, column, row);
  if (value == nullptr) return {};
  std::string copy(value);
  duckdb_free(value);
  return copy;
}

Result<DuckPrepared> DuckPrepared::prepare(DuckConnection& connection, std::string_view sql) {
  DuckPrepared prepared;
  const std::string sql_text(sql);
  if (duckdb_prepare(connection.handle(), sql_text.c_str(), &prepared.m_statement) !=
      DuckDBSuccess) {
    return make_error(ErrorCode::sql, "cannot prepare \"{}\": {}", sql,
                      duckdb_prepare_error(prepared.m_statement));
  }
  return prepared;
}

DuckPrepared::DuckPrepared(DuckPrepared&& other) noexcept
    : m_statement(std::exchange(other.m_statement, nullptr)) {}

DuckPrepared& DuckPrepared::operator=(DuckPrepared&& other) noexcept {
  if (this != &other) {
    if (m_statement) duckdb_destroy_prepare(&m_statement);
    m_statement = std::exchange(other.m_statement, nullptr);
  }
  return *this;
}

DuckPrepared::~DuckPrepared() {
  // duckdb_destroy_prepare also frees a statement whose preparation failed.
  if (m_statement) duckdb_destroy_prepare(&m_statement);
}

uint64_t DuckPrepared::parameter_count() const {
  return duckdb_nparams(m_statement);
}

Result<DuckQueryResult> DuckPrepared::execute(const std::vector<SqlParam>& params) {
  if (params.size() != parameter_count()) {
    return make_error(ErrorCode::invalid_argument, "statement expects {} parameters, got {}",
                      parameter_count(), params.size());
  }
  duckdb_clear_bindings(m_statement);
  for (size_t param_idx = 0; param_idx < params.size(); ++param_idx) {
    const idx_t position = param_idx + 1;
    const SqlParam& param = params[param_idx];
    duckdb_state state = DuckDBSuccess;
    if (std::holds_alternative<std::monostate>(param)) {
      state = duckdb_bind_null(m_statement, position);
    } else if (const auto* integer = std::get_if<int64_t>(&param)) {
      state = duckdb_bind_int64(m_statement, position, *integer);
    } else if (const auto* real = std::get_if<double>(&param)) {
      state = duckdb_bind_double(m_statement, position, *real);
    } else {
      const auto& text = std::get<std::string>(param);
      state = duckdb_bind_varchar_length(m_statement, position, text.data(), text.size());
    }
    if (state != DuckDBSuccess) {
      return make_error(ErrorCode::sql, "cannot bind parameter {}", position);
    }
  }
  // The result is owned (and destroyed) even when execution failed.
  DuckQueryResult result;
  if (duckdb_execute_prepared(m_statement, result.get()) != DuckDBSuccess) {
    const char* message = duckdb_result_error(result.get());
    return make_error(ErrorCode::sql, "query failed: {}", message ? message : "unknown error");
  }
  return result;
}

}  // namespace reelhouse::db
