#include "landing/text_row_source.hpp"

#include "db/duck_chunk_source.hpp"

namespace reelhouse::landing {

namespace {

class TextRowSource final : public db::ChunkSource {
 public:
  TextRowSource(const std::vector<std::string>& column_names, TextRowProducer producer)
      : m_column_names(column_names), m_producer(std::move(producer)) {}

  std::vector<db::ChunkColumn> columns() const override {
    std::vector<db::ChunkColumn> columns;
    for (const auto& name : m_column_names) columns.push_back({name, DUCKDB_TYPE_VARCHAR});
    return columns;
  }

  Result<size_t> fill(ThreadState*, duckdb_data_chunk output) override {
    const size_t capacity = duckdb_vector_size();
    size_t row_count = 0;
    while (row_count < capacity && !m_finished) {
      Result<std::optional<TextRow>> next = m_producer();
      if (!next) {
        m_error = next.error();
        return std::unexpected(next.error());
      }
      if (!*next) {
        m_finished = true;
        break;
      }
      const TextRow& row = **next;
      if (row.size() != m_column_names.size()) {
        m_error =
            Error{ErrorCode::internal, fmt::format("a landing row has {} values for {} columns",
                                                   row.size(), m_column_names.size())};
        return std::unexpected(*m_error);
      }
      for (size_t column_idx = 0; column_idx < row.size(); ++column_idx) {
        duckdb_vector vector = duckdb_data_chunk_get_vector(output, column_idx);
        if (row[column_idx]) {
          duckdb_vector_assign_string_element_len(vector, row_count, row[column_idx]->data(),
                                                  row[column_idx]->size());
        } else {
          duckdb_vector_ensure_validity_writable(vector);
          duckdb_validity_set_row_invalid(duckdb_vector_get_validity(vector), row_count);
        }
      }
      ++row_count;
    }
    return row_count;
  }

  std::optional<Error> error() const override { return m_error; }

 private:
  const std::vector<std::string>& m_column_names;
  TextRowProducer m_producer;
  bool m_finished = false;
  std::optional<Error> m_error;
};

}  // namespace

TextRowProducer rows_in_order(std::vector<TextRow>& rows) {
  return [&rows, next = size_t{0}]() mutable -> Result<std::optional<TextRow>> {
    if (next == rows.size()) return std::optional<TextRow>();
    return std::optional<TextRow>(std::move(rows[next++]));
  };
}

Result<int64_t> copy_text_rows_to_parquet(db::DuckConnection& connection,
                                          std::string_view function_name,
                                          const std::vector<std::string>& column_names,
                                          TextRowProducer producer, std::string_view projection,
                                          const std::filesystem::path& part_path) {
  TextRowSource source(column_names, std::move(producer));
  TRY(db::register_chunk_source(connection, function_name, source));
  Result<int64_t> written = connection.query_int(
      fmt::format("COPY (SELECT {} FROM {}()) TO {} (FORMAT parquet, COMPRESSION snappy)",
                  projection, function_name, db::sql_quote(part_path.string())));
  if (!written) {
    if (std::optional<Error> source_error = source.error()) return std::unexpected(*source_error);
    return std::unexpected(
        written.error().with_context(fmt::format("cannot write \"{}\"", part_path.string())));
  }
  return written;
}

}  // namespace reelhouse::landing
