// Text in the encodings of The Movies Dataset: Python literals inside RFC-4180 CSV.
//
// The dataset's list columns were written by Python: `str(list_of_dicts)`, so strings are
// in Python's repr — single quotes, double quotes when the string holds a `'` and no `"`,
// backslash escapes otherwise — and floats in repr's shortest round-trip form ("81.0",
// "21.946943", "8.2e-05"). The CSV itself came from pandas/Python's csv module with minimal
// quoting: a field is quoted only when it holds a comma, a quote, CR or LF, and quotes inside
// are doubled. These functions reproduce both byte for byte.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace reelhouse::sources::movies {

// Appends `text` (UTF-8) as Python 3's repr() writes a str.
void append_python_string(std::string_view text, std::string& out);

// Appends `value` as Python 3's repr() writes a float: shortest digits that round-trip,
// scientific below 1e-4 and from 1e16, and ".0" on integral values.
// REQUIRES: `value` is finite.
void append_python_float(double value, std::string& out);

// Appends the decimal form of `value`.
void append_integer(int64_t value, std::string& out);

// Appends `field` as one CSV field with minimal quoting (Python's csv.QUOTE_MINIMAL).
void append_csv_field(std::string_view field, std::string& out);

}  // namespace reelhouse::sources::movies
