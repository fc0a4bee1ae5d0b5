#include "db/duck_chunk_source.hpp"

#include <exception>

namespace reelhouse::db {

namespace {

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

// Owns a duckdb_table_function until it is registered.
class TableFunction {
 public:
  TableFunction() : m_function(duckdb_create_table_function()) {}
  TableFunction(const TableFunction&) = delete;
  TableFunction& operator=(const TableFunction&) = delete;
  ~TableFunction() { duckdb_destroy_table_function(&m_function); }
  duckdb_table_function handle() const { return m_function; }

 private:
  duckdb_table_function m_function;
};

void bind_source(duckdb_bind_info info) {
  auto* source = static_cast<ChunkSource*>(duckdb_bind_get_extra_info(info));
  try {
    for (const ChunkColumn& column : source->columns()) {
      LogicalType type(column.type);
      duckdb_bind_add_result_column(info, column.name.c_str(), type.handle());
    }
  } catch (const std::exception& error) {
    duckdb_bind_set_error(info, error.what());
  }
}

void init_source(duckdb_init_info info) {
  auto* source = static_cast<ChunkSource*>(duckdb_init_get_extra_info(info));
  duckdb_init_set_max_threads(info, source->max_threads());
}

void delete_thread_state(void* state) {
  delete static_cast<ChunkSource::ThreadState*>(state);
}

void init_thread(duckdb_init_info info) {
  auto* source = static_cast<ChunkSource*>(duckdb_init_get_extra_info(info));
  try {
    std::unique_ptr<ChunkSource::ThreadState> state = source->make_thread_state();
    if (state) duckdb_init_set_init_data(info, state.release(), delete_thread_state);
  } catch (const std::exception& error) {
    duckdb_init_set_error(info, error.what());
  }
}

void fill_chunk(duckdb_function_info info, duckdb_data_chunk output) {
  auto* source = static_cast<ChunkSource*>(duckdb_function_get_extra_info(info));
  auto* state = static_cast<ChunkSource::ThreadState*>(duckdb_function_get_local_init_data(info));
  try {
    const Result<size_t> rows = source->fill(state, output);
    if (!rows) {
      duckdb_data_chunk_set_size(output, 0);
      duckdb_function_set_error(info, rows.error().message.c_str());
      return;
    }
    duckdb_data_chunk_set_size(output, *rows);
  } catch (const std::exception& error) {
    duckdb_data_chunk_set_size(output, 0);
    duckdb_function_set_error(info, error.what());
  }
}

}  // namespace

Result<> register_chunk_source(DuckConnection& connection, std::string_view name,
                               ChunkSource& source) {
  TableFunction function;
  const std::string function_name(name);
  duckdb_table_function_set_name(function.handle(), function_name.c_str());
  duckdb_table_function_set_extra_info(function.handle(), &source, nullptr);
  duckdb_table_function_set_bind(function.handle(), bind_source);
  duckdb_table_function_set_init(function.handle(), init_source);
  duckdb_table_function_set_local_init(function.handle(), init_thread);
  duckdb_table_function_set_function(function.handle(), fill_chunk);
  if (duckdb_register_table_function(connection.handle(), function.handle()) != DuckDBSuccess) {
    return make_error(ErrorCode::sql, "cannot register table function \"{}\"", name);
  }
  return {};
}

}  // namespace reelhouse::db
