#include "db/duck_scalar_function.hpp"

#include <exception>

namespace reelhouse::db {

namespace {

// What DuckDB hands back to every call: the C++ function to run.
struct StringFunctionInfo {
  StringMapper mapper = nullptr;
};

void delete_function_info(void* info) {
  delete static_cast<StringFunctionInfo*>(info);
}

// Owns a duckdb_scalar_function until it is registered (DuckDB copies it).
class ScalarFunction {
 public:
  ScalarFunction() : m_function(duckdb_create_scalar_function()) {}
  ScalarFunction(const ScalarFunction&) = delete;
  ScalarFunction& operator=(const ScalarFunction&) = delete;
  ~ScalarFunction() { duckdb_destroy_scalar_function(&m_function); }
  duckdb_scalar_function handle() const { return m_function; }

 private:
  duckdb_scalar_function m_function;
};

// Owns a duckdb_logical_type.
class LogicalType {
 public:
  explicit LogicalType(duckdb_type type) : m_type(duckdb_create_logical_type(type)) {}
  LogicalType(const LogicalType&) = delete;
  LogicalType& operator=(const LogicalType&) = delete;
  ~LogicalType() { duckdb_destroy_logical_type(&m_type); }
  duckdb_logical_type handle() const { return m_type; }

 private:
  duckdb_logical_type m_type;
};

// DuckDB flattens the input chunk before calling a C API scalar function, so the input
// vector is a plain array of duckdb_string_t with an optional validity mask.
void call_string_function(duckdb_function_info info, duckdb_data_chunk input,
                          duckdb_vector output) {
  const auto* function =
      static_cast<const StringFunctionInfo*>(duckdb_scalar_function_get_extra_info(info));
  try {
    const idx_t row_count = duckdb_data_chunk_get_size(input);
    duckdb_vector argument = duckdb_data_chunk_get_vector(input, 0);
    auto* values = static_cast<duckdb_string_t*>(duckdb_vector_get_data(argument));
    uint64_t* input_validity = duckdb_vector_get_validity(argument);
    uint64_t* output_validity = nullptr;
    std::string result;
    for (idx_t row_idx = 0; row_idx < row_count; ++row_idx) {
      if (input_validity && !duckdb_validity_row_is_valid(input_validity, row_idx)) {
        if (!output_validity) {
          duckdb_vector_ensure_validity_writable(output);
          output_validity = duckdb_vector_get_validity(output);
        }
        duckdb_validity_set_row_invalid(output_validity, row_idx);
        continue;
      }
      const std::string_view value(duckdb_string_t_data(&values[row_idx]),
                                   duckdb_string_t_length(values[row_idx]));
      result.clear();
      function->mapper(value, result);
      duckdb_vector_assign_string_element_len(output, row_idx, result.data(), result.size());
    }
  } catch (const std::exception& error) {
    duckdb_scalar_function_set_error(info, error.what());
  }
}

}  // namespace

Result<> register_string_function(DuckConnection& connection, std::string_view name,
                                  StringMapper mapper) {
  ScalarFunction function;
  const std::string function_name(name);
  duckdb_scalar_function_set_name(function.handle(), function_name.c_str());
  LogicalType varchar(DUCKDB_TYPE_VARCHAR);
  duckdb_scalar_function_add_parameter(function.handle(), varchar.handle());
  duckdb_scalar_function_set_return_type(function.handle(), varchar.handle());
  duckdb_scalar_function_set_extra_info(function.handle(), new StringFunctionInfo{mapper},
                                        delete_function_info);
  duckdb_scalar_function_set_function(function.handle(), call_string_function);
  if (duckdb_register_scalar_function(connection.handle(), function.handle()) != DuckDBSuccess) {
    return make_error(ErrorCode::sql,
                      "cannot register the SQL function \"{}\" (is it registered already?)", name);
  }
  return {};
}

}  // namespace reelhouse::db
