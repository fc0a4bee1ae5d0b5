#include "sources/movies_generator_literal.hpp"

#include <fmt/format.h>

#include <iterator>

namespace reelhouse::sources::movies {

void append_python_string(std::string_view text, std::string& out) {
  const bool has_single = text.find('\'') != std::string_view::npos;
  const bool has_double = text.find('"') != std::string_view::npos;
  const char quote = has_single && !has_double ? '"' : '\'';
  out += quote;
  for (const char character : text) {
    const auto byte = static_cast<unsigned char>(character);
    if (character == quote || character == '\\') {
      out += '\\';
      out += character;
    } else if (character == '\n') {
      out += "\\n";
    } else if (character == '\r') {
      out += "\\r";
    } else if (character == '\t') {
      out += "\\t";
    } else if (byte < 0x20 || byte == 0x7f) {
      fmt::format_to(std::back_inserter(out), "\\x{:02x}", byte);
    } else {
      out += character;  // printable ASCII, and UTF-8 sequences (repr keeps printable ones)
    }
  }
  out += quote;
}

void append_python_float(double value, std::string& out) {
  const size_t start = out.size();
  fmt::format_to(std::back_inserter(out), "{}", value);
  if (out.find_first_of(".en", start) == std::string::npos) out += ".0";
}

void append_integer(int64_t value, std::string& out) {
  fmt::format_to(std::back_inserter(out), "{}", value);
}

void append_csv_field(std::string_view field, std::string& out) {
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) {
    out += field;
    return;
  }
  out += '"';
  for (const char character : field) {
    if (character == '"') out += '"';
    out += character;
  }
  out += '"';
}

}  // namespace reelhouse::sources::movies
