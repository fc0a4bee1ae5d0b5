// Validates one CSV record of a Movies Dataset table and converts it to typed values.
//
// `MoviesRowConverter::convert` runs the checks in this order; the first that fails decides
// the one reject reason (RejectReason, quarantine.hpp):
//
//   1. invalid_utf8     the record is not valid UTF-8
//   2. invalid_key      the key column (movies_metadata.id, …) is empty or not an integer —
//                       what a split record shifted left looks like ("1997-08-20" in id)
//   3. non_numeric      a BIGINT column not an integer (integral decimals such as "5415.0"
//                       pass), a DOUBLE column not a finite number;
//      invalid_boolean  a BOOLEAN column not True/False
//   4. invalid_date     a DATE column not a real YYYY-MM-DD date
//   5. invalid_literal  a Python-literal column that does not parse
//
// The field count is checked by the caller before (it needs the neighbouring record to
// recognise split records), and duplicate keys after (land_movies.cpp). Empty fields are
// NULL in every column but the key.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "landing/csv_reader.hpp"
#include "landing/movies_schema.hpp"
#include "landing/quarantine.hpp"

namespace reelhouse::landing {

// One converted value; which member is meaningful depends on the column type.
struct MoviesValue {
  bool is_null = true;
  int64_t integer = 0;      // bigint
  double real = 0;          // real
  bool flag = false;        // boolean
  int32_t days = 0;         // date: days since 1970-01-01
  std::string_view text{};  // text (a view into the record) and python_literal (into the converter)
};

struct MoviesRejection {
  RejectReason reason = RejectReason::wrong_field_count;
  std::string detail;
};

class MoviesRowConverter {
 public:
  explicit MoviesRowConverter(const MoviesTableSpec& spec);

  // Converts `record`, whose field count must equal the spec's column count. On success
  // returns nullopt and values() holds the row, valid until the next convert and while the
  // record's text lives.
  std::optional<MoviesRejection> convert(const CsvRecord& record);

  std::span<const MoviesValue> values() const { return m_values; }
  // The key of the last converted row (REQUIRES: the spec has a key and convert succeeded).
  int64_t key() const { return m_values[*m_spec.key_column].integer; }

 private:
  const MoviesTableSpec& m_spec;
  std::vector<MoviesValue> m_values;
  std::vector<std::string> m_json;  // per column, for python_literal columns
};

// Parses "YYYY-MM-DD" into days since 1970-01-01; nullopt when not a real date.
std::optional<int32_t> parse_iso_date(std::string_view text);

}  // namespace reelhouse::landing
