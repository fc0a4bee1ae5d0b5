#include "warehouse/duck_to_postgres.hpp"

#include <duckdb.h>

#include <algorithm>
#include <cctype>
#include <utility>

#include "postgres/copy_text.hpp"

namespace reelhouse::warehouse {

namespace {

constexpr size_t k_send_bytes = 1 << 20;  // COPY data is sent in pieces of about this size

// Owners of the DuckDB handles of a streaming query.
struct PreparedOwner {
  duckdb_prepared_statement statement = nullptr;
  ~PreparedOwner() { duckdb_destroy_prepare(&statement); }
};
struct PendingOwner {
  duckdb_pending_result pending = nullptr;
  ~PendingOwner() { duckdb_destroy_pending(&pending); }
};
struct ResultOwner {
  duckdb_result result{};
  ~ResultOwner() { duckdb_destroy_result(&result); }
};
struct ChunkOwner {
  duckdb_data_chunk chunk = nullptr;
  ~ChunkOwner() {
    if (chunk) duckdb_destroy_data_chunk(&chunk);
  }
};

std::string upper(std::string_view text) {
  std::string result(text);
  std::transform(result.begin(), result.end(), result.begin(),
                 [](unsigned char character) { return std::toupper(character); });
  return result;
}

}  // namespace

Result<std::string> postgres_type_of(std::string_view duckdb_type) {
  const std::string type = upper(duckdb_type);
  if (type.starts_with("DECIMAL(") && type.ends_with(")")) {
    return "NUMERIC" + type.substr(std::string_view("DECIMAL").size());
  }
  if (type.starts_with("ENUM(")) return std::string("TEXT");
  static const std::pair<std::string_view, std::string_view> k_exact[] = {
      {"BOOLEAN", "BOOLEAN"},
      {"TINYINT", "SMALLINT"},
      {"UTINYINT", "SMALLINT"},
      {"SMALLINT", "SMALLINT"},
      {"USMALLINT", "INTEGER"},
      {"INTEGER", "INTEGER"},
      {"UINTEGER", "BIGINT"},
      {"BIGINT", "BIGINT"},
      {"UBIGINT", "NUMERIC(20,0)"},
      {"HUGEINT", "NUMERIC(39,0)"},
      {"UHUGEINT", "NUMERIC(39,0)"},
      {"FLOAT", "REAL"},
      {"DOUBLE", "DOUBLE PRECISION"},
      {"VARCHAR", "TEXT"},
      {"DATE", "DATE"},
      {"TIME", "TIME"},
      {"TIMESTAMP", "TIMESTAMP"},
      {"TIMESTAMP_S", "TIMESTAMP"},
      {"TIMESTAMP_MS", "TIMESTAMP"},
      {"TIMESTAMP WITH TIME ZONE", "TIMESTAMPTZ"},
      {"INTERVAL", "INTERVAL"},
      {"UUID", "UUID"},
  };
  for (const auto& [duckdb, postgres] : k_exact) {
    if (type == duckdb) return std::string(postgres);
  }
  return make_error(ErrorCode::invalid_argument,
                    "DuckDB type {} has no exact PostgreSQL counterpart in reelhouse's warehouse "
                    "(cast it in the model to a scalar type)",
                    duckdb_type);
}

Result<std::vector<ColumnMapping>> map_columns(db::DuckConnection& connection,
                                               std::string_view relation) {
  const auto described =
      TRY(connection.query_text(fmt::format("DESCRIBE SELECT * FROM {}", relation)));
  std::vector<ColumnMapping> columns;
  for (const auto& row : described.rows) {
    ColumnMapping column{.name = row.at(0).value_or(""), .duckdb_type = row.at(1).value_or("")};
    auto postgres_type = postgres_type_of(column.duckdb_type);
    if (!postgres_type) {
      return std::unexpected(
          postgres_type.error().with_context(fmt::format("column \"{}\"", column.name)));
    }
    column.postgres_type = std::move(*postgres_type);
    columns.push_back(std::move(column));
  }
  return columns;
}

std::string create_table_sql(std::string_view qualified_table,
                             const std::vector<ColumnMapping>& columns) {
  std::string sql = fmt::format("CREATE TABLE {} (", qualified_table);
  for (size_t column_idx = 0; column_idx < columns.size(); ++column_idx) {
    if (column_idx > 0) sql += ", ";
    sql +=
        postgres::pg_identifier(columns[column_idx].name) + " " + columns[column_idx].postgres_type;
  }
  return sql + ")";
}

Result<int64_t> stream_as_copy_text(db::DuckConnection& connection, std::string_view relation,
                                    const std::vector<ColumnMapping>& columns,
                                    postgres::PgCopyIn& copy) {
  // Every column rendered by DuckDB as text (see the header).
  std::string select = "SELECT ";
  for (size_t column_idx = 0; column_idx < columns.size(); ++column_idx) {
    if (column_idx > 0) select += ", ";
    select += fmt::format("CAST({} AS VARCHAR)", db::sql_identifier(columns[column_idx].name));
  }
  select += fmt::format(" FROM {}", relation);

  PreparedOwner prepared;
  if (duckdb_prepare(connection.handle(), select.c_str(), &prepared.statement) != DuckDBSuccess) {
    return make_error(ErrorCode::sql, "{}", duckdb_prepare_error(prepared.statement));
  }
  PendingOwner pending;
  if (duckdb_pending_prepared_streaming(prepared.statement, &pending.pending) != DuckDBSuccess) {
    return make_error(ErrorCode::sql, "{}", duckdb_pending_error(pending.pending));
  }
  ResultOwner result;
  if (duckdb_execute_pending(pending.pending, &result.result) != DuckDBSuccess) {
    return make_error(ErrorCode::sql, "{}", duckdb_result_error(&result.result));
  }

  int64_t rows = 0;
  std::string buffer;
  buffer.reserve(k_send_bytes + (64 << 10));
  const idx_t column_count = columns.size();
  while (true) {
    ChunkOwner chunk{duckdb_fetch_chunk(result.result)};
    if (chunk.chunk == nullptr) break;
    const idx_t chunk_rows = duckdb_data_chunk_get_size(chunk.chunk);
    if (chunk_rows == 0) break;
    std::vector<duckdb_string_t*> values(column_count);
    std::vector<uint64_t*> validity(column_count);
    for (idx_t column_idx = 0; column_idx < column_count; ++column_idx) {
      duckdb_vector vector = duckdb_data_chunk_get_vector(chunk.chunk, column_idx);
      values[column_idx] = static_cast<duckdb_string_t*>(duckdb_vector_get_data(vector));
      validity[column_idx] = duckdb_vector_get_validity(vector);
    }
    for (idx_t row_idx = 0; row_idx < chunk_rows; ++row_idx) {
      for (idx_t column_idx = 0; column_idx < column_count; ++column_idx) {
        if (column_idx > 0) buffer += '\t';
        if (!duckdb_validity_row_is_valid(validity[column_idx], row_idx)) {
          postgres::append_copy_text_null(buffer);
          continue;
        }
        duckdb_string_t& value = values[column_idx][row_idx];
        postgres::append_copy_text_value(
            buffer, std::string_view(duckdb_string_t_data(&value), duckdb_string_t_length(value)));
      }
      buffer += '\n';
      if (buffer.size() >= k_send_bytes) {
        TRY(copy.write(buffer));
        buffer.clear();
      }
    }
    rows += static_cast<int64_t>(chunk_rows);
  }
  if (const char* error = duckdb_result_error(&result.result)) {
    return make_error(ErrorCode::sql, "{}", error);
  }
  TRY(copy.write(buffer));
  return rows;
}

}  // namespace reelhouse::warehouse
