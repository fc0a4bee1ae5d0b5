#include "landing/row_parser.hpp"

#include <fmt/format.h>

#include <bit>
#include <charconv>
#include <cstring>
#include <limits>

#include "landing/delimiter_scanner.hpp"
#include "util/utf8.hpp"

namespace reelhouse::landing {

namespace {

// Values quoted in reject details and errors are cut to this many bytes.
constexpr size_t k_display_bytes = 80;
// Keys with more digits than this do not fit the bitmap's uint64_t arithmetic.
constexpr size_t k_max_canonical_key_digits = 18;
constexpr size_t k_canonical_key_digits = 7;

bool is_null_marker(std::string_view value) {
  return value.size() == 2 && value[0] == '\\' && value[1] == 'N';
}

// `value` in double quotes, cut at a UTF-8 boundary when long. REQUIRES: valid UTF-8.
std::string display_value(std::string_view value) {
  if (value.size() <= k_display_bytes) return fmt::format("\"{}\"", value);
  size_t cut = k_display_bytes;
  while (cut > 0 && (static_cast<uint8_t>(value[cut]) & 0xC0) == 0x80) --cut;
  return fmt::format("\"{}…\" ({} bytes)", value.substr(0, cut), value.size());
}

// Makes a header line readable in an error message: tabs shown as \t, bad bytes as \xNN.
std::string display_header(std::string_view header) {
  const bool is_cut = header.size() > 4 * k_display_bytes;
  std::string shown = util::escape_invalid_utf8(header.substr(0, 4 * k_display_bytes));
  std::string result;
  for (const char character : shown) {
    if (character == '\t') {
      result += "\\t";
    } else {
      result += character;
    }
  }
  return is_cut ? result + "…" : result;
}

// Parses ^<prefix>[0-9]+$ (a two-letter prefix) into `number`; false when `value` does not
// match.
bool parse_key(std::string_view value, std::string_view prefix, KeyNumber* number) {
  constexpr size_t k_prefix_size = 2;
  if (value.size() <= k_prefix_size || value[0] != prefix[0] || value[1] != prefix[1]) {
    return false;
  }
  const size_t digit_count = value.size() - k_prefix_size;
  uint64_t parsed = 0;
  for (size_t char_idx = k_prefix_size; char_idx < value.size(); ++char_idx) {
    const auto digit = static_cast<unsigned>(value[char_idx] - '0');
    if (digit > 9) return false;
    parsed = parsed * 10 + digit;  // may wrap for > 19 digits; such keys are not canonical
  }
  number->value = parsed;
  number->canonical = digit_count == k_canonical_key_digits ||
                      (digit_count > k_canonical_key_digits &&
                       digit_count <= k_max_canonical_key_digits && value[k_prefix_size] != '0');
  return true;
}

enum class NumberParse { ok, malformed, out_of_range };

// Parses [-]digits into [minimum, maximum].
NumberParse parse_integer(std::string_view value, int64_t minimum, int64_t maximum,
                          int64_t* result) {
  size_t char_idx = 0;
  const bool negative = !value.empty() && value[0] == '-';
  if (negative) char_idx = 1;
  if (char_idx == value.size()) return NumberParse::malformed;
  uint64_t magnitude = 0;
  bool overflow = false;
  for (; char_idx < value.size(); ++char_idx) {
    const auto digit = static_cast<unsigned>(value[char_idx] - '0');
    if (digit > 9) return NumberParse::malformed;
    if (magnitude > (std::numeric_limits<uint64_t>::max() - digit) / 10) overflow = true;
    magnitude = magnitude * 10 + digit;
  }
  if (overflow) return NumberParse::out_of_range;
  if (negative) {
    const uint64_t limit = static_cast<uint64_t>(-(minimum + 1)) + 1;
    if (magnitude > limit) return NumberParse::out_of_range;
    *result = magnitude == 0 ? 0 : -static_cast<int64_t>(magnitude - 1) - 1;
  } else {
    if (magnitude > static_cast<uint64_t>(maximum)) return NumberParse::out_of_range;
    *result = static_cast<int64_t>(magnitude);
  }
  return NumberParse::ok;
}

// Parses [-]digits[.digits] (no exponent, no inf/nan) into a double.
bool parse_decimal(std::string_view value, double* result) {
  size_t char_idx = value.empty() || value[0] != '-' ? 0 : 1;
  const size_t integer_start = char_idx;
  while (char_idx < value.size() && static_cast<unsigned>(value[char_idx] - '0') <= 9) ++char_idx;
  if (char_idx == integer_start) return false;
  if (char_idx < value.size()) {
    if (value[char_idx] != '.') return false;
    const size_t fraction_start = ++char_idx;
    while (char_idx < value.size() && static_cast<unsigned>(value[char_idx] - '0') <= 9) ++char_idx;
    if (char_idx == fraction_start || char_idx != value.size()) return false;
  }
  const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), *result);
  return error == std::errc() && end == value.data() + value.size();
}

}  // namespace

void RowBatch::reset(size_t column_count, size_t capacity) {
  block.reset();
  row_count = 0;
  null_counts.fill(0);
  for (size_t column_idx = 0; column_idx < column_count; ++column_idx) {
    if (slices[column_idx].size() < capacity) slices[column_idx].resize(capacity);
    if (numbers[column_idx].size() < capacity) numbers[column_idx].resize(capacity);
  }
}

RowParser::RowParser(const TableSpec& spec, QuarantineWriter& quarantine, std::string source_name)
    : m_spec(spec), m_quarantine(quarantine), m_source_name(std::move(source_name)) {
  for (size_t column_idx = 0; column_idx < spec.columns.size(); ++column_idx) {
    switch (spec.columns[column_idx].kind) {
      case ColumnKind::title_key:
      case ColumnKind::name_key:
        m_key_columns.push_back(column_idx);
        break;
      case ColumnKind::flag:
      case ColumnKind::int32:
      case ColumnKind::int64:
      case ColumnKind::decimal:
        m_numeric_columns.push_back(column_idx);
        break;
      case ColumnKind::category:
        m_category_columns.push_back(column_idx);
        break;
      case ColumnKind::text:
        m_text_columns.push_back(column_idx);
        break;
    }
  }
}

Result<size_t> RowParser::parse_header(const LineBlock& first_block) {
  const std::string_view text = first_block.text();
  if (text.empty()) {
    return make_error(ErrorCode::parse, "\"{}\" is empty: expected the {} header line \"{}\"",
                      m_source_name, table_name(m_spec.table), display_header(m_spec.header));
  }
  const size_t newline = text.find('\n');
  const size_t line_end = newline == std::string_view::npos ? text.size() : newline;
  std::string_view header = text.substr(0, line_end);
  if (!header.empty() && header.back() == '\r') header.remove_suffix(1);
  if (header != m_spec.header) {
    return make_error(ErrorCode::parse,
                      "\"{}\" does not start with the {} header line: expected \"{}\", found "
                      "\"{}\"; is this the right file ({})?",
                      m_source_name, table_name(m_spec.table), display_header(m_spec.header),
                      display_header(header), upstream_base_name(m_spec.table));
  }
  m_next_line_number = 2;
  return newline == std::string_view::npos ? text.size() : newline + 1;
}

Result<> RowParser::parse(const LineBlock& block, size_t* position, RowBatch* batch,
                          size_t capacity) {
  const char* data = block.data();
  const size_t end = block.size;
  const size_t column_count = m_spec.columns.size();
  size_t line_start = *position;
  DelimiterScanner scanner(data, line_start, end);
  LineExtent line;
  while (line_start < end && batch->row_count < capacity) {
    // Fields go straight into the batch at the next row; a rejected row is overwritten.
    const size_t row = batch->row_count;
    line.start = line_start;
    line.field_count = 0;
    size_t field_start = line_start;
    size_t delimiter = 0;
    while (true) {
      delimiter = scanner.next();
      if (delimiter >= end || data[delimiter] == '\n') break;
      if (line.field_count < column_count) {
        batch->slices[line.field_count][row] = {static_cast<uint32_t>(field_start),
                                                static_cast<uint32_t>(delimiter - field_start)};
      }
      ++line.field_count;
      field_start = delimiter + 1;
    }
    size_t content_end = delimiter;
    if (content_end > field_start && data[content_end - 1] == '\r') --content_end;
    if (line.field_count < column_count) {
      batch->slices[line.field_count][row] = {static_cast<uint32_t>(field_start),
                                              static_cast<uint32_t>(content_end - field_start)};
    }
    ++line.field_count;
    line.content_end = content_end;
    line_start = delimiter < end ? delimiter + 1 : end;
    TRY(accept_or_reject(block, line, batch));
    ++m_next_line_number;
  }
  *position = line_start;
  return {};
}

Result<> RowParser::accept_or_reject(const LineBlock& block, const LineExtent& line,
                                     RowBatch* batch) {
  ++m_rows_in;
  const auto& columns = m_spec.columns;
  const size_t column_count = columns.size();
  if (line.field_count != column_count) {
    return reject(block, line, RejectReason::wrong_field_count,
                  fmt::format("expected {} fields, found {}", column_count, line.field_count));
  }
  const size_t row = batch->row_count;
  const auto field_text = [&](size_t column_idx) {
    const FieldSlice slice = batch->slices[column_idx][row];
    return std::string_view(block.data() + slice.offset, slice.length);
  };

  if (!block.valid_utf8) {
    for (size_t column_idx = 0; column_idx < column_count; ++column_idx) {
      const std::string_view value = field_text(column_idx);
      if (const auto bad_offset = util::find_invalid_utf8(value)) {
        return reject(block, line, RejectReason::invalid_utf8,
                      fmt::format("column {}: invalid UTF-8 byte 0x{:02X} at byte {} of the value",
                                  columns[column_idx].name,
                                  static_cast<uint8_t>(value[*bad_offset]), *bad_offset));
      }
    }
  }

  KeyNumber key_number;
  for (const size_t column_idx : m_key_columns) {
    const std::string_view prefix = columns[column_idx].kind == ColumnKind::title_key ? "tt" : "nm";
    KeyNumber number;
    if (!parse_key(field_text(column_idx), prefix, &number)) {
      return reject(
          block, line, RejectReason::invalid_key,
          fmt::format("column {}: {} is not {} followed by digits", columns[column_idx].name,
                      display_value(field_text(column_idx)), prefix));
    }
    if (column_idx == m_spec.key_column) key_number = number;
  }

  uint32_t null_columns = 0;  // bit per column holding \N
  for (const size_t column_idx : m_numeric_columns) {
    const ColumnKind kind = columns[column_idx].kind;
    const std::string_view value = field_text(column_idx);
    int64_t& number = batch->numbers[column_idx][row];
    number = 0;
    if (is_null_marker(value)) {
      null_columns |= uint32_t{1} << column_idx;
      continue;
    }
    const std::string_view name = columns[column_idx].name;
    if (kind == ColumnKind::flag) {
      if (value != "0" && value != "1") {
        return reject(block, line, RejectReason::non_numeric,
                      fmt::format("column {}: {} is not 0 or 1", name, display_value(value)));
      }
      number = value[0] - '0';
    } else if (kind == ColumnKind::decimal) {
      double parsed = 0;
      if (!parse_decimal(value, &parsed)) {
        return reject(
            block, line, RejectReason::non_numeric,
            fmt::format("column {}: {} is not a decimal number", name, display_value(value)));
      }
      number = std::bit_cast<int64_t>(parsed);
    } else {
      const bool is_int32 = kind == ColumnKind::int32;
      const int64_t minimum =
          is_int32 ? std::numeric_limits<int32_t>::min() : std::numeric_limits<int64_t>::min();
      const int64_t maximum =
          is_int32 ? std::numeric_limits<int32_t>::max() : std::numeric_limits<int64_t>::max();
      const NumberParse outcome = parse_integer(value, minimum, maximum, &number);
      if (outcome == NumberParse::malformed) {
        return reject(block, line, RejectReason::non_numeric,
                      fmt::format("column {}: {} is not an integer", name, display_value(value)));
      }
      if (outcome == NumberParse::out_of_range) {
        return reject(block, line, RejectReason::non_numeric,
                      fmt::format("column {}: {} is out of range for {}", name,
                                  display_value(value), sql_type_name(kind)));
      }
    }
  }

  for (const size_t column_idx : m_category_columns) {
    if (!is_known_category(field_text(column_idx))) {
      return reject(block, line, RejectReason::unknown_category,
                    fmt::format("column {}: {} is not a known category", columns[column_idx].name,
                                display_value(field_text(column_idx))));
    }
  }

  const std::string_view key = field_text(m_spec.key_column);
  if (m_spec.duplicate_key == DuplicateKeyKind::single_key) {
    if (!m_seen_keys.insert(key, key_number)) {
      return reject(
          block, line, RejectReason::duplicate_key,
          fmt::format("duplicate {} {}", columns[m_spec.key_column].name, display_value(key)));
    }
  } else if (!(null_columns & (uint32_t{1} << m_spec.ordering_column))) {
    const int64_t ordering = batch->numbers[m_spec.ordering_column][row];
    if (!m_seen_orderings.insert(key, key_number, ordering)) {
      return reject(
          block, line, RejectReason::duplicate_key,
          fmt::format("duplicate ({}, {}) ({}, {})", columns[m_spec.key_column].name,
                      columns[m_spec.ordering_column].name, display_value(key), ordering));
    }
  }

  for (const size_t column_idx : m_text_columns) {
    if (is_null_marker(field_text(column_idx))) null_columns |= uint32_t{1} << column_idx;
  }
  while (null_columns != 0) {
    const auto column_idx = static_cast<size_t>(__builtin_ctz(null_columns));
    null_columns &= null_columns - 1;
    batch->slices[column_idx][row].length = k_null_length;
    ++batch->null_counts[column_idx];
  }
  ++batch->row_count;
  ++m_rows_out;
  return {};
}

Result<> RowParser::reject(const LineBlock& block, const LineExtent& line, RejectReason reason,
                           std::string_view detail) {
  const std::string_view raw(block.data() + line.start, line.content_end - line.start);
  return m_quarantine.add(m_next_line_number, block.stream_offset + line.start, reason, detail,
                          raw);
}

}  // namespace reelhouse::landing
