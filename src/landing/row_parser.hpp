// Turns lines of an IMDb TSV block into validated, typed rows, or into quarantine rows.
//
// `RowParser` walks the lines of a LineBlock in stream order. Each data line is split at
// tabs (a trailing '\r' of CRLF files is not part of the last field) and checked against its
// TableSpec; the first failing rule, in this order, decides the one reject reason:
//
//   1. wrong_field_count  number of fields ≠ header columns (an empty line has one field)
//   2. invalid_utf8       a field is not valid UTF-8
//   3. invalid_key        tconst not ^tt[0-9]+$, nconst not ^nm[0-9]+$ (\N included)
//   4. non_numeric        isAdult not 0/1, an INTEGER/BIGINT column not [-]digits in range,
//                         averageRating not [-]digits[.digits]
//   5. unknown_category   principals category not a known category (\N included)
//   6. duplicate_key      key already accepted earlier in this file (first one wins; see
//                         duplicate_tracker.hpp); rejected rows never claim a key
//
// `\N` is NULL in every other column. Accepted rows land in a RowBatch as slices of the block
// (text) and parsed values (numbers), ready to be copied into DuckDB vectors without looking
// at the text again. The parser is stateful (line numbers, seen keys), so one parser serves
// one file and its calls must be serialised in stream order.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "landing/block_reader.hpp"
#include "landing/duplicate_tracker.hpp"
#include "landing/imdb_schema.hpp"
#include "landing/quarantine.hpp"

namespace reelhouse::landing {

// Where one field's text lies in its block; length k_null_length means NULL (`\N`).
struct FieldSlice {
  uint32_t offset = 0;
  uint32_t length = 0;
};
constexpr uint32_t k_null_length = UINT32_MAX;

// Accepted rows of one block, column by column.
struct RowBatch {
  BlockPtr block;  // keeps the text of the slices alive
  size_t row_count = 0;
  std::array<std::vector<FieldSlice>, k_max_columns> slices;
  // flag/int32/int64: the value; decimal: the bits of the double (std::bit_cast).
  std::array<std::vector<int64_t>, k_max_columns> numbers;
  std::array<size_t, k_max_columns> null_counts{};

  // Empties the batch and makes room for `capacity` rows of `column_count` columns.
  void reset(size_t column_count, size_t capacity);
};

class RowParser {
 public:
  // `source_name` is used in error messages (usually the input path).
  RowParser(const TableSpec& spec, QuarantineWriter& quarantine, std::string source_name);

  // Checks that `first_block` starts with the table's exact header line (a trailing '\r' is
  // ignored) and returns the offset of the first data line. Line numbering continues at 2.
  // Errors: ErrorCode::parse naming the file and showing the expected and found header.
  Result<size_t> parse_header(const LineBlock& first_block);

  // Parses lines of `block` from `*position` until `batch` holds `capacity` rows or the block
  // ends, advancing `*position` past the lines consumed. Rejected lines go to quarantine.
  // Errors: those of QuarantineWriter::add.
  Result<> parse(const LineBlock& block, size_t* position, RowBatch* batch, size_t capacity);

  uint64_t rows_in() const { return m_rows_in; }
  uint64_t rows_out() const { return m_rows_out; }

 private:
  // Where the line being validated lies in its block; its fields are already in the batch
  // at index batch->row_count.
  struct LineExtent {
    size_t start = 0;        // offset of the line in the block
    size_t content_end = 0;  // end of the content (before "\n" / "\r\n")
    size_t field_count = 0;  // all fields, including any beyond the table's columns
  };

  // Validates the pending row and either keeps it (row_count grows) or quarantines it.
  Result<> accept_or_reject(const LineBlock& block, const LineExtent& line, RowBatch* batch);
  Result<> reject(const LineBlock& block, const LineExtent& line, RejectReason reason,
                  std::string_view detail);

  const TableSpec& m_spec;
  QuarantineWriter& m_quarantine;
  std::string m_source_name;
  uint64_t m_next_line_number = 1;
  uint64_t m_rows_in = 0;
  uint64_t m_rows_out = 0;
  KeySet m_seen_keys;
  OrderingSet m_seen_orderings;
  // Column indexes by the checks they need, so each check loops over its columns only.
  std::vector<size_t> m_key_columns;
  std::vector<size_t> m_numeric_columns;
  std::vector<size_t> m_category_columns;
  std::vector<size_t> m_text_columns;  // plain text: only \N to detect
};

}  // namespace reelhouse::landing
