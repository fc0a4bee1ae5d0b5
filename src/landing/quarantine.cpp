#include "landing/quarantine.hpp"

#include <cstring>
#include <vector>

#include "db/duck_chunk_source.hpp"
#include "util/utf8.hpp"

namespace reelhouse::landing {

namespace {

constexpr size_t k_spill_buffer_bytes = 1 << 20;
constexpr std::string_view k_rejects_function = "reelhouse_quarantine_scan";

// Spill record layout (native endianness, never leaves this process):
//   u64 line, u64 byte_offset, u8 reason, u32 detail length, detail, u32 raw length, raw.
struct SpillHeader {
  uint64_t line;
  uint64_t byte_offset;
  uint8_t reason;
};

// Streams the spill file back as rows of the quarantine schema.
class SpillSource final : public db::ChunkSource {
 public:
  SpillSource(std::FILE* spill, std::string_view source_file)
      : m_spill(spill), m_source_file(source_file) {}

  std::vector<db::ChunkColumn> columns() const override {
    return {{"line", DUCKDB_TYPE_BIGINT},    {"byte_offset", DUCKDB_TYPE_BIGINT},
            {"reason", DUCKDB_TYPE_VARCHAR}, {"detail", DUCKDB_TYPE_VARCHAR},
            {"raw", DUCKDB_TYPE_VARCHAR},    {"source_file", DUCKDB_TYPE_VARCHAR}};
  }

  Result<size_t> fill(ThreadState*, duckdb_data_chunk output) override {
    auto* lines =
        static_cast<int64_t*>(duckdb_vector_get_data(duckdb_data_chunk_get_vector(output, 0)));
    auto* offsets =
        static_cast<int64_t*>(duckdb_vector_get_data(duckdb_data_chunk_get_vector(output, 1)));
    duckdb_vector reasons = duckdb_data_chunk_get_vector(output, 2);
    duckdb_vector details = duckdb_data_chunk_get_vector(output, 3);
    duckdb_vector raws = duckdb_data_chunk_get_vector(output, 4);
    duckdb_vector sources = duckdb_data_chunk_get_vector(output, 5);
    const size_t capacity = duckdb_vector_size();
    size_t row_count = 0;
    while (row_count < capacity) {
      SpillHeader header{};
      if (!read_exact(&header.line, sizeof(header.line))) break;  // clean end of spill
      if (!read_exact(&header.byte_offset, sizeof(header.byte_offset)) ||
          !read_exact(&header.reason, sizeof(header.reason)) || !read_text(m_detail) ||
          !read_text(m_raw) || header.reason >= k_reject_reason_count) {
        return make_error(ErrorCode::io, "quarantine spill file is truncated or damaged");
      }
      lines[row_count] = static_cast<int64_t>(header.line);
      offsets[row_count] = static_cast<int64_t>(header.byte_offset);
      const std::string_view reason = to_string(static_cast<RejectReason>(header.reason));
      duckdb_vector_assign_string_element_len(reasons, row_count, reason.data(), reason.size());
      duckdb_vector_assign_string_element_len(details, row_count, m_detail.data(), m_detail.size());
      duckdb_vector_assign_string_element_len(raws, row_count, m_raw.data(), m_raw.size());
      duckdb_vector_assign_string_element_len(sources, row_count, m_source_file.data(),
                                              m_source_file.size());
      ++row_count;
    }
    return row_count;
  }

 private:
  bool read_exact(void* destination, size_t size) {
    return std::fread(destination, 1, size, m_spill) == size;
  }
  bool read_text(std::string& text) {
    uint32_t length = 0;
    if (!read_exact(&length, sizeof(length))) return false;
    text.resize(length);
    return length == 0 || read_exact(text.data(), length);
  }

  std::FILE* m_spill;
  std::string m_source_file;
  std::string m_detail;
  std::string m_raw;
};

}  // namespace

std::string_view to_string(RejectReason reason) {
  switch (reason) {
    case RejectReason::wrong_field_count:
      return "wrong_field_count";
    case RejectReason::invalid_utf8:
      return "invalid_utf8";
    case RejectReason::invalid_key:
      return "invalid_key";
    case RejectReason::non_numeric:
      return "non_numeric";
    case RejectReason::unknown_category:
      return "unknown_category";
    case RejectReason::duplicate_key:
      return "duplicate_key";
    case RejectReason::split_record:
      return "split_record";
    case RejectReason::unterminated_quote:
      return "unterminated_quote";
    case RejectReason::invalid_boolean:
      return "invalid_boolean";
    case RejectReason::invalid_date:
      return "invalid_date";
    case RejectReason::invalid_literal:
      return "invalid_literal";
  }
  return "unknown";
}

QuarantineWriter::QuarantineWriter(std::filesystem::path spill_path, std::string source_file)
    : m_spill_path(std::move(spill_path)), m_source_file(std::move(source_file)) {}

QuarantineWriter::~QuarantineWriter() {
  m_spill.reset();
  std::error_code ignored;
  std::filesystem::remove(m_spill_path, ignored);
}

Result<std::unique_ptr<QuarantineWriter>> QuarantineWriter::create(
    const std::filesystem::path& spill_path, std::string source_file) {
  std::unique_ptr<QuarantineWriter> writer(
      new QuarantineWriter(spill_path, std::move(source_file)));
  writer->m_spill.reset(std::fopen(spill_path.c_str(), "w+b"));
  if (!writer->m_spill) {
    return make_error(ErrorCode::io, "cannot create quarantine spill file \"{}\": {}",
                      spill_path.string(), std::strerror(errno));
  }
  std::setvbuf(writer->m_spill.get(), nullptr, _IOFBF, k_spill_buffer_bytes);
  return writer;
}

Result<> QuarantineWriter::add(uint64_t line, uint64_t byte_offset, RejectReason reason,
                               std::string_view detail, std::string_view raw_line) {
  const std::string raw = util::escape_invalid_utf8(raw_line);
  const std::string safe_detail = util::escape_invalid_utf8(detail);
  const auto reason_code = static_cast<uint8_t>(reason);
  const auto detail_length = static_cast<uint32_t>(safe_detail.size());
  const auto raw_length = static_cast<uint32_t>(raw.size());
  std::FILE* spill = m_spill.get();
  const bool written = std::fwrite(&line, sizeof(line), 1, spill) == 1 &&
                       std::fwrite(&byte_offset, sizeof(byte_offset), 1, spill) == 1 &&
                       std::fwrite(&reason_code, sizeof(reason_code), 1, spill) == 1 &&
                       std::fwrite(&detail_length, sizeof(detail_length), 1, spill) == 1 &&
                       std::fwrite(safe_detail.data(), 1, detail_length, spill) == detail_length &&
                       std::fwrite(&raw_length, sizeof(raw_length), 1, spill) == 1 &&
                       std::fwrite(raw.data(), 1, raw_length, spill) == raw_length;
  if (!written) {
    return make_error(ErrorCode::io, "cannot write quarantine spill file \"{}\": {}",
                      m_spill_path.string(), std::strerror(errno));
  }
  ++m_count;
  ++m_counts_by_reason[reason_code];
  return {};
}

std::map<std::string, uint64_t> QuarantineWriter::counts_by_reason() const {
  std::map<std::string, uint64_t> counts;
  for (size_t reason_idx = 0; reason_idx < k_reject_reason_count; ++reason_idx) {
    if (m_counts_by_reason[reason_idx] == 0) continue;
    counts[std::string(to_string(static_cast<RejectReason>(reason_idx)))] =
        m_counts_by_reason[reason_idx];
  }
  return counts;
}

Result<> QuarantineWriter::write_parquet(db::DuckConnection& connection,
                                         const std::filesystem::path& output,
                                         std::string_view parquet_options) {
  std::FILE* spill = m_spill.get();
  if (std::fflush(spill) != 0 || std::fseek(spill, 0, SEEK_SET) != 0) {
    return make_error(ErrorCode::io, "cannot rewind quarantine spill file \"{}\": {}",
                      m_spill_path.string(), std::strerror(errno));
  }
  SpillSource source(spill, m_source_file);
  TRY(db::register_chunk_source(connection, k_rejects_function, source));
  const std::string sql =
      fmt::format("COPY (SELECT * FROM {}()) TO {} (FORMAT parquet, {})", k_rejects_function,
                  db::sql_quote(output.string()), parquet_options);
  Result<> copied = connection.execute(sql);
  if (!copied) {
    return std::unexpected(
        copied.error().with_context(fmt::format("cannot write \"{}\"", output.string())));
  }
  m_spill.reset();
  std::error_code ignored;
  std::filesystem::remove(m_spill_path, ignored);
  return {};
}

}  // namespace reelhouse::landing
