// UTF-8 validation and escaping.
//
// Upstream dumps promise UTF-8 but a corrupt or mis-encoded line must not reach a VARCHAR
// column: DuckDB and Parquet readers assume valid UTF-8. `find_invalid_utf8` checks text
// strictly by the Unicode standard (Table 3-7: no overlong forms, no surrogates, nothing
// above U+10FFFF) with a fast path that skips ASCII eight bytes at a time, so validating a
// whole multi-megabyte block costs a fraction of decompressing it. `escape_invalid_utf8`
// turns arbitrary bytes into valid UTF-8 text for error reports and quarantine rows.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace reelhouse::util {

// Returns the offset of the first byte of `text` that does not belong to a well-formed
// UTF-8 sequence (including a sequence cut short by the end of `text`), or nullopt when the
// whole of `text` is valid UTF-8. NUL bytes are valid (U+0000).
std::optional<size_t> find_invalid_utf8(std::string_view text);

// True when `text` is entirely valid UTF-8.
inline bool is_valid_utf8(std::string_view text) {
  return !find_invalid_utf8(text).has_value();
}

// Returns `text` with every byte that is not part of a well-formed UTF-8 sequence replaced
// by the four characters `\xNN` (NN = two upper-case hex digits). Valid sequences and
// backslashes are copied unchanged, so valid input comes back identical; the result is
// always valid UTF-8.
std::string escape_invalid_utf8(std::string_view text);

// Appends the UTF-8 encoding of `code_point` to `out`.
// REQUIRES: code_point <= 0x10FFFF and not a surrogate (callers validate decoded escapes).
void append_utf8(char32_t code_point, std::string& out);

}  // namespace reelhouse::util
