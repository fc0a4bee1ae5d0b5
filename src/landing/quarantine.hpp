// Quarantine: every row landing refuses, with where it was and why.
//
// A rejected line is never dropped silently: it becomes one row of
// quarantine/<table>/ingest_date=…/rejects.parquet with columns
//   line BIGINT         1-based physical line number (the header is line 1)
//   byte_offset BIGINT  offset of the line's first byte in the decompressed stream
//   reason VARCHAR      one RejectReason code (exactly one per line, the first that applies)
//   detail VARCHAR      what was wrong, for a human ("expected 9 fields, found 8")
//   raw VARCHAR         the line without its terminator, invalid UTF-8 bytes written as \xNN
//   source_file VARCHAR the input file
//
// While landing runs, rejects are appended to a spill file next to the output (memory stays
// flat even if every line of a 3 GB file is bad); `write_parquet` then streams the spill
// through DuckDB into rejects.parquet — written even when there are no rejects, so readers
// always find the file and its schema — and deletes the spill.
#pragma once

#include <array>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "db/duckdb.hpp"

namespace reelhouse::landing {

// Why a line was rejected, in the order the checks run (see row_parser.hpp; the CSV landing
// of the Movies Dataset, movies_row_converter.hpp, adds the reasons after duplicate_key).
enum class RejectReason {
  wrong_field_count,
  invalid_utf8,
  invalid_key,
  non_numeric,
  unknown_category,
  duplicate_key,
  // CSV landing (Movies Dataset):
  split_record,        // one record broken over two by a stray line break (both halves)
  unterminated_quote,  // a quoted field still open at the end of the input
  invalid_boolean,     // a BOOLEAN column not True/False
  invalid_date,        // a DATE column not a valid YYYY-MM-DD
  invalid_literal,     // a Python-literal column that does not parse
};
constexpr size_t k_reject_reason_count = 11;

// The code stored in the `reason` column: "wrong_field_count", …
std::string_view to_string(RejectReason reason);

class QuarantineWriter {
 public:
  // Creates the spill file `spill_path` (truncating it). `source_file` fills the
  // source_file column. Errors: ErrorCode::io.
  static Result<std::unique_ptr<QuarantineWriter>> create(const std::filesystem::path& spill_path,
                                                          std::string source_file);

  QuarantineWriter(const QuarantineWriter&) = delete;
  QuarantineWriter& operator=(const QuarantineWriter&) = delete;
  // Removes the spill file if write_parquet did not already.
  ~QuarantineWriter();

  // Records one rejected line. `raw_line` is the line as read (without its terminator; any
  // bytes); it is escaped here. Errors: ErrorCode::io when the spill cannot be written.
  Result<> add(uint64_t line, uint64_t byte_offset, RejectReason reason, std::string_view detail,
               std::string_view raw_line);

  uint64_t count() const { return m_count; }
  // Rejects per reason code, only reasons that occurred.
  std::map<std::string, uint64_t> counts_by_reason() const;

  // Writes all recorded rejects to `output` (Parquet, with `parquet_options` such as
  // "COMPRESSION snappy") using `connection`, then deletes the spill file.
  // Errors: ErrorCode::io (spill), ErrorCode::sql (DuckDB could not write).
  Result<> write_parquet(db::DuckConnection& connection, const std::filesystem::path& output,
                         std::string_view parquet_options);

 private:
  QuarantineWriter(std::filesystem::path spill_path, std::string source_file);

  struct FileCloser {
    void operator()(std::FILE* file) const { std::fclose(file); }
  };

  std::filesystem::path m_spill_path;
  std::string m_source_file;
  std::unique_ptr<std::FILE, FileCloser> m_spill;
  uint64_t m_count = 0;
  std::array<uint64_t, k_reject_reason_count> m_counts_by_reason{};
};

}  // namespace reelhouse::landing
