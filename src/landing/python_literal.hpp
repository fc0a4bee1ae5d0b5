// Python literals → canonical JSON text.
//
// The Movies Dataset stores its nested columns (genres, cast, crew, …) as Python `repr()`
// output: `[{'id': 16, 'name': 'Animation'}]`, with strings in double quotes when they
// contain a single quote ("Children's") and None/True/False. Replacing quotes cannot
// convert that safely (a name like `O'Brien` or `"Weird Al"` breaks it), so this is a
// recursive-descent parser of the literal subset `ast.literal_eval` accepts for such data:
//
//   value  := string | number | 'None' | 'True' | 'False' | list | tuple | dict
//   list   := '[' [value (',' value)* [',']] ']'      tuple := '(' … ')'  (both → JSON arrays)
//   dict   := '{' [string ':' value (',' string ':' value)* [',']] '}'
//   string := '…' | "…" with escapes \\ \' \" \n \r \t \a \b \f \v \<newline> \ooo \xNN \uNNNN
//             \UNNNNNNNN; adjacent strings are not concatenated
//   number := ['-' | '+'] digits ['.' digits] [('e'|'E') ['+'|'-'] digits]  (also "5." ".5")
//
// Whitespace between tokens is ignored. The JSON is canonical: no spaces, dict keys in
// their original order, None→null, True/False→true/false, strings re-escaped for JSON
// (non-ASCII copied as UTF-8; code points from \u escapes encoded as UTF-8; a lone surrogate
// kept as a \uXXXX escape), numbers normalised to JSON syntax ("5." → "5.0", "+1" → "1").
// Nesting deeper than `max_depth` is an error, so hostile input cannot exhaust the stack.
#pragma once

#include <cstddef>
#include <expected>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace reelhouse::landing {

struct PythonLiteralError {
  size_t byte_offset = 0;  // position in the literal where parsing failed
  std::string message;     // what was expected and what was found
};

struct PythonLiteralOptions {
  size_t max_depth = 64;
};

// Parses `literal` and appends its JSON text to `json`. On error `json` may hold a partial
// result; the caller discards it.
std::expected<void, PythonLiteralError> append_python_literal_as_json(
    std::string_view literal, std::string& json, PythonLiteralOptions options = {});

// Convenience form: the JSON text, or ErrorCode::parse "at byte N: <message>".
Result<std::string> python_literal_to_json(std::string_view literal,
                                           PythonLiteralOptions options = {});

}  // namespace reelhouse::landing
