// PostgreSQL's COPY text format (the default of COPY … FROM STDIN): one line per row, fields
// separated by a tab, NULL written as \N, and backslash, tab, newline and carriage return inside
// a value escaped with a backslash so they cannot be taken for separators.
#pragma once

#include <string>
#include <string_view>

namespace reelhouse::postgres {

// Appends `value` to `line` escaped for the text format: \ -> \\, tab -> \t, LF -> \n, CR -> \r.
void append_copy_text_value(std::string& line, std::string_view value);

// Appends the text format's NULL marker, \N.
inline void append_copy_text_null(std::string& line) {
  line += "\\N";
}

}  // namespace reelhouse::postgres
