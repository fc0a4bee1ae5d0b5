#include "landing/land_wikipedia_abstracts.hpp"

#include <fmt/format.h>

#include <optional>

#include "db/duck_chunk_source.hpp"
#include "db/duckdb.hpp"
#include "landing/parquet_landing.hpp"

namespace reelhouse::landing {

namespace {

constexpr std::string_view k_scan_function = "reelhouse_wikipedia_abstracts_scan";
constexpr std::string_view k_part_file = "part-0.parquet";
constexpr std::string_view k_parquet_options = "COMPRESSION snappy";

enum AbstractsColumn : idx_t {
  k_title,
  k_url,
  k_abstract,
  k_base_title,
  k_qualifier,
  k_norm_title,
  k_doc_offset,
};

// The kept docs of one scan as a DuckDB table function, one pulling thread, in file order.
class AbstractsSource final : public db::ChunkSource {
 public:
  explicit AbstractsSource(AbstractsScanner& scanner) : m_scanner(scanner) {}

  std::vector<db::ChunkColumn> columns() const override {
    return {{"title", DUCKDB_TYPE_VARCHAR},     {"url", DUCKDB_TYPE_VARCHAR},
            {"abstract", DUCKDB_TYPE_VARCHAR},  {"base_title", DUCKDB_TYPE_VARCHAR},
            {"qualifier", DUCKDB_TYPE_VARCHAR}, {"norm_title", DUCKDB_TYPE_VARCHAR},
            {"doc_offset", DUCKDB_TYPE_BIGINT}};
  }

  Result<size_t> fill(ThreadState*, duckdb_data_chunk output) override {
    if (m_error) return std::unexpected(*m_error);
    const idx_t capacity = duckdb_vector_size();
    duckdb_vector qualifier_vector = duckdb_data_chunk_get_vector(output, k_qualifier);
    auto* offsets = static_cast<int64_t*>(
        duckdb_vector_get_data(duckdb_data_chunk_get_vector(output, k_doc_offset)));
    const auto assign = [&](AbstractsColumn column, idx_t row, std::string_view text) {
      duckdb_vector_assign_string_element_len(duckdb_data_chunk_get_vector(output, column), row,
                                              text.data(), text.size());
    };
    idx_t row = 0;
    while (row < capacity) {
      Result<const AbstractDoc*> doc = m_scanner.next();
      if (!doc) {
        m_error = doc.error();
        return std::unexpected(doc.error());
      }
      if (!*doc) break;
      const AbstractDoc& page = **doc;
      assign(k_title, row, page.title);
      assign(k_url, row, page.url);
      assign(k_abstract, row, page.abstract);
      assign(k_base_title, row, page.base_title);
      if (page.qualifier) {
        assign(k_qualifier, row, *page.qualifier);
      } else {
        duckdb_vector_ensure_validity_writable(qualifier_vector);
        duckdb_validity_set_row_invalid(duckdb_vector_get_validity(qualifier_vector), row);
      }
      assign(k_norm_title, row, page.norm_title);
      offsets[row] = static_cast<int64_t>(page.doc_offset);
      ++row;
    }
    m_rows += row;
    return row;
  }

  std::optional<Error> error() const override { return m_error; }
  uint64_t rows() const { return m_rows; }

 private:
  AbstractsScanner& m_scanner;
  std::optional<Error> m_error;
  uint64_t m_rows = 0;
};

}  // namespace

Result<AbstractsScanStats> land_wikipedia_abstracts(const AbstractsLandRequest& request) {
  std::error_code filesystem_error;
  if (!std::filesystem::is_directory(request.staging_dir, filesystem_error)) {
    return make_error(ErrorCode::invalid_argument,
                      "landing staging directory \"{}\" does not exist or is not a directory",
                      request.staging_dir.string());
  }
  AbstractsScanOptions scan_options;
  scan_options.candidates = request.candidates;
  scan_options.backend = request.inflate_backend;
  std::unique_ptr<AbstractsScanner> scanner =
      TRY(AbstractsScanner::open(request.input, scan_options));

  // One DuckDB thread: it is the scanning thread (the reader thread has the other core), and
  // it keeps the rows in file order.
  db::DuckOptions duck_options;
  duck_options.threads = 1;
  duck_options.memory_limit = request.memory_limit;
  db::DuckDatabase database = TRY(db::DuckDatabase::open(":memory:", duck_options));
  db::DuckConnection connection = TRY(db::DuckConnection::connect(database));
  AbstractsSource source(*scanner);
  const std::filesystem::path part_path = request.staging_dir / k_part_file;
  const int64_t written = TRY(copy_source_to_parquet(connection, source, k_scan_function, part_path,
                                                     k_parquet_options, request.input.string()));
  const AbstractsScanStats stats = scanner->stats();
  if (static_cast<uint64_t>(written) != stats.docs_kept || source.rows() != stats.docs_kept) {
    return make_error(ErrorCode::internal,
                      "row count mismatch landing \"{}\": {} docs kept, {} rows written to Parquet",
                      request.input.string(), stats.docs_kept, written);
  }
  return stats;
}

}  // namespace reelhouse::landing
