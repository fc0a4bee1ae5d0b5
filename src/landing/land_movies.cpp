#include "landing/land_movies.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <mutex>
#include <optional>
#include <unordered_map>

#include "db/duck_chunk_source.hpp"
#include "db/duckdb.hpp"
#include "landing/csv_reader.hpp"
#include "landing/movies_row_converter.hpp"
#include "landing/parquet_landing.hpp"
#include "landing/quarantine.hpp"
#include "util/utf8.hpp"
#include "util/zip_archive.hpp"

namespace reelhouse::landing {

namespace {

constexpr std::string_view k_scan_function = "reelhouse_movies_landing_scan";
constexpr std::string_view k_part_file = "part-0.parquet";
constexpr std::string_view k_rejects_file = "rejects.parquet";
constexpr std::string_view k_spill_file = ".rejects.spill";
// The IMDb landing's measured Parquet settings (land_table.cpp explains them).
constexpr std::string_view k_parquet_options =
    "COMPRESSION snappy, DICTIONARY_SIZE_LIMIT 4096, ROW_GROUP_SIZE 61440";

duckdb_type duck_type(MoviesColumnType type) {
  switch (type) {
    case MoviesColumnType::bigint:
      return DUCKDB_TYPE_BIGINT;
    case MoviesColumnType::real:
      return DUCKDB_TYPE_DOUBLE;
    case MoviesColumnType::boolean:
      return DUCKDB_TYPE_BOOLEAN;
    case MoviesColumnType::date:
      return DUCKDB_TYPE_DATE;
    case MoviesColumnType::text:
    case MoviesColumnType::python_literal:
      return DUCKDB_TYPE_VARCHAR;
  }
  return DUCKDB_TYPE_VARCHAR;
}

std::string join_fields(std::span<const std::string_view> fields) {
  std::string joined;
  for (size_t field_idx = 0; field_idx < fields.size(); ++field_idx) {
    if (field_idx > 0) joined += ',';
    joined += fields[field_idx];
  }
  return joined;
}

// The scan behind `COPY (SELECT * FROM reelhouse_movies_landing_scan()) TO …`. Records are
// read, validated and written into the chunk under one lock, in file order, so line
// numbers, "first key wins" and quarantine order are the file's; DuckDB's threads encode the
// chunks into Parquet in parallel outside the lock. Strings are copied into the chunk.
class MoviesLandingSource final : public db::ChunkSource {
 public:
  MoviesLandingSource(const MoviesTableSpec& spec, CsvReader& reader, QuarantineWriter& quarantine,
                      size_t threads)
      : m_spec(spec),
        m_reader(reader),
        m_quarantine(quarantine),
        m_converter(spec),
        m_threads(threads) {}

  std::vector<db::ChunkColumn> columns() const override {
    std::vector<db::ChunkColumn> result;
    for (const MoviesColumn& column : m_spec.columns) {
      result.push_back({std::string(column.name), duck_type(column.type)});
    }
    return result;
  }
  size_t max_threads() const override { return m_threads; }

  Result<size_t> fill(ThreadState*, duckdb_data_chunk output) override {
    std::lock_guard lock(m_mutex);
    if (m_error) return std::unexpected(*m_error);
    const size_t capacity = duckdb_vector_size();
    size_t row_count = 0;
    while (row_count < capacity && !m_finished) {
      Result<bool> accepted = next_accepted_row();
      if (!accepted) {
        m_error = accepted.error();
        return std::unexpected(accepted.error());
      }
      if (!*accepted) {
        m_finished = true;
        break;
      }
      write_row(output, row_count++);
    }
    return row_count;
  }

  std::optional<Error> error() const override {
    std::lock_guard lock(m_mutex);
    return m_error;
  }
  uint64_t rows_in() const { return m_rows_in; }
  uint64_t rows_out() const { return m_rows_out; }
  uint64_t duplicates_collapsed() const { return m_duplicates_collapsed; }

 private:
  // A record with too few fields, kept until the next record shows whether it is the first
  // half of a split record.
  struct ShortRecord {
    uint64_t line = 0;
    uint64_t byte_offset = 0;
    size_t field_count = 0;
    std::string raw;
  };
  struct KeyEntry {
    size_t raw_hash = 0;
    uint64_t line = 0;
  };

  Result<> reject(const CsvRecord& record, RejectReason reason, std::string_view detail) {
    return m_quarantine.add(record.line, record.byte_offset, reason, detail, record.raw);
  }

  Result<> flush_short_record() {
    if (!m_short) return {};
    const ShortRecord& short_record = *m_short;
    TRY(m_quarantine.add(short_record.line, short_record.byte_offset,
                         RejectReason::wrong_field_count,
                         fmt::format("expected {} fields, found {}", m_spec.columns.size(),
                                     short_record.field_count),
                         short_record.raw));
    m_short.reset();
    return {};
  }

  // Reads records until one is accepted (true; the converter holds it) or the input ends.
  Result<bool> next_accepted_row() {
    const size_t expected = m_spec.columns.size();
    while (true) {
      if (!TRY(m_reader.next(m_record))) {
        TRY(flush_short_record());
        return false;
      }
      ++m_rows_in;
      if (m_record.status == CsvRecordStatus::unterminated_quote) {
        TRY(flush_short_record());
        TRY(reject(m_record, RejectReason::unterminated_quote,
                   fmt::format("a quoted field is still open at the end of the input ({} lines "
                               "from line {})",
                               m_record.line_count, m_record.line)));
        continue;
      }
      const size_t field_count = m_record.fields.size();
      if (field_count < expected) {
        if (m_short && m_short->field_count + field_count == expected + 1) {
          const std::string detail = fmt::format(
              "one record split over two by a line break: line {} ({} fields) and line {} ({} "
              "fields) together hold {} + 1 fields",
              m_short->line, m_short->field_count, m_record.line, field_count, expected);
          TRY(m_quarantine.add(m_short->line, m_short->byte_offset, RejectReason::split_record,
                               detail, m_short->raw));
          TRY(reject(m_record, RejectReason::split_record, detail));
          m_short.reset();
          continue;
        }
        TRY(flush_short_record());
        m_short = ShortRecord{m_record.line, m_record.byte_offset, field_count,
                              std::string(m_record.raw)};
        continue;
      }
      TRY(flush_short_record());
      if (field_count > expected) {
        TRY(reject(m_record, RejectReason::wrong_field_count,
                   fmt::format("expected {} fields, found {}", expected, field_count)));
        continue;
      }
      if (std::optional<MoviesRejection> rejection = m_converter.convert(m_record)) {
        TRY(reject(m_record, rejection->reason, rejection->detail));
        continue;
      }
      if (m_spec.key_column) {
        const int64_t key = m_converter.key();
        const size_t raw_hash = std::hash<std::string_view>{}(m_record.raw);
        const auto [entry, inserted] = m_keys.try_emplace(key, KeyEntry{raw_hash, m_record.line});
        if (!inserted) {
          if (entry->second.raw_hash == raw_hash) {
            ++m_duplicates_collapsed;
            continue;
          }
          TRY(reject(
              m_record, RejectReason::duplicate_key,
              fmt::format("{} {} was already landed from line {} with different values",
                          m_spec.columns[*m_spec.key_column].name, key, entry->second.line)));
          continue;
        }
      }
      ++m_rows_out;
      return true;
    }
  }

  void write_row(duckdb_data_chunk output, size_t row) {
    const std::span<const MoviesValue> values = m_converter.values();
    for (size_t column_idx = 0; column_idx < values.size(); ++column_idx) {
      duckdb_vector vector = duckdb_data_chunk_get_vector(output, column_idx);
      const MoviesValue& value = values[column_idx];
      if (value.is_null) {
        duckdb_vector_ensure_validity_writable(vector);
        duckdb_validity_set_row_invalid(duckdb_vector_get_validity(vector), row);
        continue;
      }
      void* data = duckdb_vector_get_data(vector);
      switch (m_spec.columns[column_idx].type) {
        case MoviesColumnType::bigint:
          static_cast<int64_t*>(data)[row] = value.integer;
          break;
        case MoviesColumnType::real:
          static_cast<double*>(data)[row] = value.real;
          break;
        case MoviesColumnType::boolean:
          static_cast<bool*>(data)[row] = value.flag;
          break;
        case MoviesColumnType::date:
          static_cast<duckdb_date*>(data)[row] = duckdb_date{value.days};
          break;
        case MoviesColumnType::text:
        case MoviesColumnType::python_literal:
          duckdb_vector_assign_string_element_len(vector, row, value.text.data(),
                                                  value.text.size());
          break;
      }
    }
  }

  const MoviesTableSpec& m_spec;
  CsvReader& m_reader;
  QuarantineWriter& m_quarantine;
  MoviesRowConverter m_converter;
  size_t m_threads;

  mutable std::mutex m_mutex;
  CsvRecord m_record;
  std::optional<ShortRecord> m_short;
  std::unordered_map<int64_t, KeyEntry> m_keys;
  bool m_finished = false;
  std::optional<Error> m_error;
  uint64_t m_rows_in = 0;
  uint64_t m_rows_out = 0;
  uint64_t m_duplicates_collapsed = 0;
};

Result<> check_header(CsvReader& reader, const MoviesTableSpec& spec,
                      std::string_view source_name) {
  CsvRecord header;
  std::vector<std::string_view> expected;
  for (const MoviesColumn& column : spec.columns) expected.push_back(column.name);
  if (!TRY(reader.next(header))) {
    return make_error(ErrorCode::parse, "{} is empty: expected the header line \"{}\"", source_name,
                      join_fields(expected));
  }
  if (header.status != CsvRecordStatus::ok ||
      !std::equal(header.fields.begin(), header.fields.end(), expected.begin(), expected.end())) {
    return make_error(ErrorCode::parse,
                      "{} does not start with the header of {}: expected \"{}\", found \"{}\"",
                      source_name, spec.table_name, join_fields(expected),
                      util::escape_invalid_utf8(header.raw.substr(0, 2000)));
  }
  return {};
}

}  // namespace

Result<LandStats> land_movies_member(const MoviesLandRequest& request) {
  TRY(require_directory(request.staging_dir, "landing staging directory"));
  TRY(require_directory(request.quarantine_staging_dir, "quarantine staging directory"));
  const MoviesTableSpec& spec = movies_table_spec(request.table);
  const std::string source_name =
      fmt::format("{}:{}", request.zip.filename().string(), spec.member_name);

  util::ZipMemberReader member = TRY(util::ZipMemberReader::open(request.zip, spec.member_name));
  CsvReader reader([&member](std::span<char> out) { return member.read(out); }, source_name);
  TRY(check_header(reader, spec, source_name));
  std::unique_ptr<QuarantineWriter> quarantine =
      TRY(QuarantineWriter::create(request.quarantine_staging_dir / k_spill_file, source_name));

  db::DuckOptions duck_options;
  duck_options.threads = request.threads > 0 ? request.threads : 1;
  duck_options.memory_limit = request.memory_limit;
  db::DuckDatabase database = TRY(db::DuckDatabase::open(":memory:", duck_options));
  db::DuckConnection connection = TRY(db::DuckConnection::connect(database));
  // Row groups are encoded on every thread (see land_table.cpp); quarantine keeps line numbers.
  TRY(connection.execute("SET preserve_insertion_order = false"));

  MoviesLandingSource source(spec, reader, *quarantine, static_cast<size_t>(duck_options.threads));
  const std::filesystem::path part_path = request.staging_dir / k_part_file;
  const int64_t written = TRY(copy_source_to_parquet(connection, source, k_scan_function, part_path,
                                                     k_parquet_options, source_name));
  TRY(quarantine->write_parquet(connection, request.quarantine_staging_dir / k_rejects_file,
                                k_parquet_options));

  LandStats stats;
  stats.rows_in = source.rows_in();
  stats.rows_out = source.rows_out();
  stats.rows_rejected = quarantine->count();
  stats.duplicates_collapsed = source.duplicates_collapsed();
  stats.bytes_in = member.zip_file_size();
  stats.bytes_uncompressed = member.bytes_out();
  stats.rejects_by_reason = quarantine->counts_by_reason();
  if (stats.rows_in != stats.rows_out + stats.rows_rejected + stats.duplicates_collapsed ||
      static_cast<uint64_t>(written) != stats.rows_out) {
    return make_error(ErrorCode::internal,
                      "row accounting mismatch landing \"{}\": {} in, {} accepted, {} rejected, "
                      "{} collapsed duplicates, {} written to Parquet",
                      source_name, stats.rows_in, stats.rows_out, stats.rows_rejected,
                      stats.duplicates_collapsed, written);
  }
  return stats;
}

}  // namespace reelhouse::landing
