#include "landing/movies_row_converter.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>

#include "landing/python_literal.hpp"
#include "util/utf8.hpp"

namespace reelhouse::landing {

namespace {

// Values quoted in reject details are cut to this many bytes.
constexpr size_t k_max_quoted_value = 60;
// Doubles in [-2^63, 2^63) convert to int64 exactly when integral.
constexpr double k_int64_bound = 9223372036854775808.0;

std::string quote_value(std::string_view value) {
  if (value.size() <= k_max_quoted_value) return fmt::format("\"{}\"", value);
  // Cut on a UTF-8 boundary.
  size_t cut = k_max_quoted_value;
  while (cut > 0 && (static_cast<unsigned char>(value[cut]) & 0xC0) == 0x80) --cut;
  return fmt::format("\"{}…\"", value.substr(0, cut));
}

std::optional<int64_t> parse_plain_integer(std::string_view text) {
  int64_t value = 0;
  const char* end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(text.data(), end, value);
  if (error != std::errc() || stop != end) return std::nullopt;
  return value;
}

std::optional<double> parse_real(std::string_view text) {
  double value = 0;
  const char* end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(text.data(), end, value);
  if (error != std::errc() || stop != end || !std::isfinite(value)) return std::nullopt;
  return value;
}

// An integer, or a decimal with an integral value ("5415.0", as pandas writes counts).
std::optional<int64_t> parse_integer(std::string_view text) {
  if (std::optional<int64_t> value = parse_plain_integer(text)) return value;
  const std::optional<double> real = parse_real(text);
  if (!real || std::trunc(*real) != *real || *real < -k_int64_bound || *real >= k_int64_bound) {
    return std::nullopt;
  }
  return static_cast<int64_t>(*real);
}

bool is_leap_year(int year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

// Days from 1970-01-01 to year-month-day (proleptic Gregorian; H. Hinnant's algorithm).
int32_t days_from_civil(int year, unsigned month, unsigned day) {
  year -= month <= 2 ? 1 : 0;
  const int era = (year >= 0 ? year : year - 399) / 400;
  const auto year_of_era = static_cast<unsigned>(year - era * 400);
  const unsigned day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const unsigned day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + static_cast<int>(day_of_era) - 719468;
}

}  // namespace

std::optional<int32_t> parse_iso_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  int parts[3] = {0, 0, 0};
  const size_t starts[3] = {0, 5, 8};
  const size_t lengths[3] = {4, 2, 2};
  for (size_t part_idx = 0; part_idx < 3; ++part_idx) {
    for (size_t digit_idx = 0; digit_idx < lengths[part_idx]; ++digit_idx) {
      const char digit = text[starts[part_idx] + digit_idx];
      if (digit < '0' || digit > '9') return std::nullopt;
      parts[part_idx] = parts[part_idx] * 10 + (digit - '0');
    }
  }
  const int year = parts[0];
  const int month = parts[1];
  const int day = parts[2];
  static constexpr int k_days_in_month[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1) return std::nullopt;
  const int month_days = k_days_in_month[month - 1] + (month == 2 && is_leap_year(year) ? 1 : 0);
  if (day > month_days) return std::nullopt;
  return days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
}

MoviesRowConverter::MoviesRowConverter(const MoviesTableSpec& spec)
    : m_spec(spec), m_values(spec.columns.size()), m_json(spec.columns.size()) {}

std::optional<MoviesRejection> MoviesRowConverter::convert(const CsvRecord& record) {
  const std::span<const MoviesColumn> columns = m_spec.columns;
  if (const std::optional<size_t> bad = util::find_invalid_utf8(record.raw)) {
    return MoviesRejection{RejectReason::invalid_utf8,
                           fmt::format("invalid UTF-8 at byte {} of the record", *bad)};
  }
  for (size_t column_idx = 0; column_idx < columns.size(); ++column_idx) {
    MoviesValue& value = m_values[column_idx];
    value = MoviesValue{};
    value.is_null = record.fields[column_idx].empty();
  }

  if (m_spec.key_column) {
    const size_t key_idx = *m_spec.key_column;
    const std::string_view key_text = record.fields[key_idx];
    const std::optional<int64_t> key = parse_plain_integer(key_text);
    if (!key) {
      return MoviesRejection{RejectReason::invalid_key,
                             fmt::format("column {}: expected an integer key, found {}",
                                         columns[key_idx].name, quote_value(key_text))};
    }
    m_values[key_idx].integer = *key;
  }

  // Numbers and booleans.
  for (size_t column_idx = 0; column_idx < columns.size(); ++column_idx) {
    MoviesValue& value = m_values[column_idx];
    if (value.is_null || column_idx == m_spec.key_column) continue;
    const std::string_view field = record.fields[column_idx];
    switch (columns[column_idx].type) {
      case MoviesColumnType::bigint:
        if (const std::optional<int64_t> number = parse_integer(field)) {
          value.integer = *number;
          break;
        }
        return MoviesRejection{RejectReason::non_numeric,
                               fmt::format("column {}: expected an integer, found {}",
                                           columns[column_idx].name, quote_value(field))};
      case MoviesColumnType::real:
        if (const std::optional<double> number = parse_real(field)) {
          value.real = *number;
          break;
        }
        return MoviesRejection{RejectReason::non_numeric,
                               fmt::format("column {}: expected a number, found {}",
                                           columns[column_idx].name, quote_value(field))};
      case MoviesColumnType::boolean:
        if (field == "True" || field == "true") {
          value.flag = true;
          break;
        }
        if (field == "False" || field == "false") {
          value.flag = false;
          break;
        }
        return MoviesRejection{RejectReason::invalid_boolean,
                               fmt::format("column {}: expected True or False, found {}",
                                           columns[column_idx].name, quote_value(field))};
      case MoviesColumnType::text:
        value.text = field;
        break;
      default:
        break;
    }
  }

  // Dates.
  for (size_t column_idx = 0; column_idx < columns.size(); ++column_idx) {
    MoviesValue& value = m_values[column_idx];
    if (value.is_null || columns[column_idx].type != MoviesColumnType::date) continue;
    const std::string_view field = record.fields[column_idx];
    const std::optional<int32_t> days = parse_iso_date(field);
    if (!days) {
      return MoviesRejection{RejectReason::invalid_date,
                             fmt::format("column {}: expected a date YYYY-MM-DD, found {}",
                                         columns[column_idx].name, quote_value(field))};
    }
    value.days = *days;
  }

  // Python literals.
  for (size_t column_idx = 0; column_idx < columns.size(); ++column_idx) {
    MoviesValue& value = m_values[column_idx];
    if (value.is_null || columns[column_idx].type != MoviesColumnType::python_literal) continue;
    std::string& json = m_json[column_idx];
    json.clear();
    const auto parsed = append_python_literal_as_json(record.fields[column_idx], json);
    if (!parsed) {
      return MoviesRejection{
          RejectReason::invalid_literal,
          fmt::format("column {}: not a Python literal: at byte {}: {}", columns[column_idx].name,
                      parsed.error().byte_offset, parsed.error().message)};
    }
    value.text = json;
  }
  return std::nullopt;
}

}  // namespace reelhouse::landing
