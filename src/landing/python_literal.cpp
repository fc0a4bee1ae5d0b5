#include "landing/python_literal.hpp"

#include <fmt/format.h>

#include <cstdint>
#include <cstring>

#include "util/utf8.hpp"

namespace reelhouse::landing {

namespace {

constexpr uint32_t k_max_code_point = 0x10FFFF;

bool is_digit(char character) {
  return character >= '0' && character <= '9';
}

int hex_value(char character) {
  if (character >= '0' && character <= '9') return character - '0';
  if (character >= 'a' && character <= 'f') return character - 'a' + 10;
  if (character >= 'A' && character <= 'F') return character - 'A' + 10;
  return -1;
}

// How a byte is shown in an error message.
std::string describe_byte(std::string_view text, size_t position) {
  if (position >= text.size()) return "the end of the text";
  const auto byte = static_cast<unsigned char>(text[position]);
  if (byte >= 0x20 && byte < 0x7F) return fmt::format("'{}'", static_cast<char>(byte));
  return fmt::format("byte 0x{:02X}", byte);
}

// Appends one decoded character (a code point) to a JSON string body.
void append_json_code_point(std::string& out, uint32_t code_point) {
  switch (code_point) {
    case '"':
      out += "\\\"";
      return;
    case '\\':
      out += "\\\\";
      return;
    case '\n':
      out += "\\n";
      return;
    case '\r':
      out += "\\r";
      return;
    case '\t':
      out += "\\t";
      return;
    case '\b':
      out += "\\b";
      return;
    case '\f':
      out += "\\f";
      return;
    default:
      break;
  }
  if (code_point < 0x20 || code_point == 0x7F || (code_point >= 0xD800 && code_point <= 0xDFFF)) {
    // Control characters must be escaped in JSON; a lone surrogate cannot be UTF-8.
    out += fmt::format("\\u{:04x}", code_point);
    return;
  }
  util::append_utf8(code_point, out);
}

class Parser {
 public:
  Parser(std::string_view text, std::string& out, PythonLiteralOptions options)
      : m_text(text), m_out(out), m_options(options) {}

  std::expected<void, PythonLiteralError> parse() {
    skip_whitespace();
    if (!parse_value(0)) return std::unexpected(std::move(m_error));
    skip_whitespace();
    if (m_position != m_text.size()) {
      fail(fmt::format("expected the end of the literal, found {}", found()));
      return std::unexpected(std::move(m_error));
    }
    return {};
  }

 private:
  bool fail(std::string message) {
    m_error = PythonLiteralError{m_position, std::move(message)};
    return false;
  }
  std::string found() const { return describe_byte(m_text, m_position); }
  bool at_end() const { return m_position >= m_text.size(); }
  char peek() const { return at_end() ? '\0' : m_text[m_position]; }

  void skip_whitespace() {
    while (!at_end()) {
      const char character = m_text[m_position];
      if (character != ' ' && character != '\t' && character != '\n' && character != '\r') break;
      ++m_position;
    }
  }

  bool parse_value(size_t depth) {
    if (at_end()) return fail("expected a value, found the end of the text");
    const char character = m_text[m_position];
    switch (character) {
      case '[':
        return parse_sequence(depth, ']', "list");
      case '(':
        return parse_sequence(depth, ')', "tuple");
      case '{':
        return parse_dict(depth);
      case '\'':
      case '"':
        return parse_string();
      default:
        break;
    }
    if (is_digit(character) || character == '-' || character == '+' || character == '.') {
      return parse_number();
    }
    if (match_word("None", "null") || match_word("True", "true") || match_word("False", "false")) {
      return true;
    }
    return fail(fmt::format(
        "expected a value (string, number, None, True, False, list, tuple or dict), found {}",
        found()));
  }

  // Consumes `word` when it appears as a whole identifier and appends `json`.
  bool match_word(std::string_view word, std::string_view json) {
    if (m_text.substr(m_position, word.size()) != word) return false;
    const size_t after = m_position + word.size();
    if (after < m_text.size()) {
      const char next = m_text[after];
      if (is_digit(next) || next == '_' || (next >= 'a' && next <= 'z') ||
          (next >= 'A' && next <= 'Z')) {
        return false;
      }
    }
    m_position = after;
    m_out += json;
    return true;
  }

  bool enter(size_t depth) {
    if (depth + 1 > m_options.max_depth) {
      return fail(fmt::format("nesting deeper than {} levels", m_options.max_depth));
    }
    return true;
  }

  // list or tuple → JSON array
  bool parse_sequence(size_t depth, char close, std::string_view kind) {
    if (!enter(depth)) return false;
    ++m_position;  // '[' or '('
    m_out.push_back('[');
    skip_whitespace();
    bool first = true;
    while (true) {
      if (peek() == close) {
        ++m_position;
        m_out.push_back(']');
        return true;
      }
      if (!first) m_out.push_back(',');
      if (!parse_value(depth + 1)) return false;
      first = false;
      skip_whitespace();
      if (peek() == ',') {
        ++m_position;
        skip_whitespace();
        continue;
      }
      if (peek() != close) {
        return fail(
            fmt::format("expected ',' or '{}' after a {} element, found {}", close, kind, found()));
      }
    }
  }

  bool parse_dict(size_t depth) {
    if (!enter(depth)) return false;
    ++m_position;  // '{'
    m_out.push_back('{');
    skip_whitespace();
    bool first = true;
    while (true) {
      if (peek() == '}') {
        ++m_position;
        m_out.push_back('}');
        return true;
      }
      if (!first) m_out.push_back(',');
      if (peek() != '\'' && peek() != '"') {
        return fail(fmt::format("expected a string dict key or '}}', found {}", found()));
      }
      if (!parse_string()) return false;
      skip_whitespace();
      if (peek() != ':') {
        return fail(fmt::format("expected ':' after a dict key, found {}", found()));
      }
      ++m_position;
      m_out.push_back(':');
      skip_whitespace();
      if (!parse_value(depth + 1)) return false;
      first = false;
      skip_whitespace();
      if (peek() == ',') {
        ++m_position;
        skip_whitespace();
        continue;
      }
      if (peek() != '}') {
        return fail(fmt::format("expected ',' or '}}' after a dict value, found {}", found()));
      }
    }
  }

  // Reads `digits` hex digits after an escape; returns the value or fails.
  bool read_hex(size_t digits, uint32_t* value) {
    uint32_t result = 0;
    for (size_t digit_idx = 0; digit_idx < digits; ++digit_idx) {
      const int digit = at_end() ? -1 : hex_value(m_text[m_position]);
      if (digit < 0) {
        return fail(
            fmt::format("expected {} hex digits in a string escape, found {}", digits, found()));
      }
      result = (result << 4) | static_cast<uint32_t>(digit);
      ++m_position;
    }
    *value = result;
    return true;
  }

  bool parse_escape() {
    const size_t escape_start = m_position;  // at the backslash
    ++m_position;
    if (at_end()) return fail("expected an escape character after '\\', found the end of the text");
    const char kind = m_text[m_position++];
    uint32_t code_point = 0;
    switch (kind) {
      case '\n':  // line continuation
        return true;
      case '\\':
      case '\'':
      case '"':
        append_json_code_point(m_out, static_cast<unsigned char>(kind));
        return true;
      case 'n':
        m_out += "\\n";
        return true;
      case 'r':
        m_out += "\\r";
        return true;
      case 't':
        m_out += "\\t";
        return true;
      case 'a':
        append_json_code_point(m_out, 0x07);
        return true;
      case 'b':
        m_out += "\\b";
        return true;
      case 'f':
        m_out += "\\f";
        return true;
      case 'v':
        append_json_code_point(m_out, 0x0B);
        return true;
      case 'x':
        if (!read_hex(2, &code_point)) return false;
        break;
      case 'u':
        if (!read_hex(4, &code_point)) return false;
        break;
      case 'U':
        if (!read_hex(8, &code_point)) return false;
        if (code_point > k_max_code_point) {
          m_position = escape_start;
          return fail(fmt::format("\\U escape beyond U+10FFFF (0x{:X})", code_point));
        }
        break;
      default:
        if (kind >= '0' && kind <= '7') {  // octal: up to three digits
          code_point = static_cast<uint32_t>(kind - '0');
          for (int digit_idx = 0;
               digit_idx < 2 && !at_end() && m_text[m_position] >= '0' && m_text[m_position] <= '7';
               ++digit_idx) {
            code_point = code_point * 8 + static_cast<uint32_t>(m_text[m_position++] - '0');
          }
          break;
        }
        m_position = escape_start;
        return fail(fmt::format("unknown string escape '\\{}'",
                                describe_byte(std::string_view(&kind, 1), 0)));
    }
    // A surrogate pair written as two \u escapes is one character.
    if (code_point >= 0xD800 && code_point <= 0xDBFF &&
        m_text.substr(m_position, 2) == std::string_view("\\u")) {
      const size_t pair_start = m_position;
      m_position += 2;
      uint32_t low = 0;
      if (read_hex(4, &low) && low >= 0xDC00 && low <= 0xDFFF) {
        code_point = 0x10000 + ((code_point - 0xD800) << 10) + (low - 0xDC00);
      } else {
        m_position = pair_start;  // not a pair: the second escape is read on its own
      }
    }
    append_json_code_point(m_out, code_point);
    return true;
  }

  bool parse_string() {
    const size_t start = m_position;
    const char quote = m_text[m_position++];
    m_out.push_back('"');
    while (true) {
      // Copy the run of plain bytes up to the next quote, backslash or control character.
      size_t run_end = m_position;
      while (run_end < m_text.size()) {
        const auto byte = static_cast<unsigned char>(m_text[run_end]);
        if (byte == static_cast<unsigned char>(quote) || byte == '\\' || byte == '"' ||
            byte < 0x20 || byte == 0x7F) {
          break;
        }
        ++run_end;
      }
      m_out.append(m_text.data() + m_position, run_end - m_position);
      m_position = run_end;
      if (at_end()) {
        m_position = start;
        return fail(fmt::format("string starting here is never closed (expected {})",
                                quote == '\'' ? "'" : "\""));
      }
      const char character = m_text[m_position];
      if (character == quote) {
        ++m_position;
        m_out.push_back('"');
        return true;
      }
      if (character == '\\') {
        if (!parse_escape()) return false;
        continue;
      }
      if (character == '\n' || character == '\r') {
        return fail("expected the closing quote, found a line break inside a string");
      }
      // '"' inside a single-quoted string, or a control character: re-escaped for JSON.
      append_json_code_point(m_out, static_cast<unsigned char>(character));
      ++m_position;
    }
  }

  bool parse_number() {
    const size_t start = m_position;
    if (peek() == '-') {
      m_out.push_back('-');
      ++m_position;
    } else if (peek() == '+') {
      ++m_position;
    }
    const size_t integer_start = m_position;
    while (is_digit(peek())) ++m_position;
    const size_t integer_digits = m_position - integer_start;
    bool has_fraction = false;
    size_t fraction_start = 0;
    size_t fraction_digits = 0;
    if (peek() == '.') {
      has_fraction = true;
      ++m_position;
      fraction_start = m_position;
      while (is_digit(peek())) ++m_position;
      fraction_digits = m_position - fraction_start;
    }
    if (integer_digits == 0 && fraction_digits == 0) {
      m_position = start;
      return fail(fmt::format("expected a number, found {}", found()));
    }
    if (!has_fraction && integer_digits > 1 && m_text[integer_start] == '0') {
      m_position = integer_start;
      return fail("expected a number without leading zeros (Python rejects 0123)");
    }
    // JSON requires digits on both sides of the point.
    if (integer_digits == 0) {
      m_out.push_back('0');
    } else {
      m_out.append(m_text.data() + integer_start, integer_digits);
    }
    if (has_fraction) {
      m_out.push_back('.');
      if (fraction_digits == 0) {
        m_out.push_back('0');
      } else {
        m_out.append(m_text.data() + fraction_start, fraction_digits);
      }
    }
    if (peek() == 'e' || peek() == 'E') {
      ++m_position;
      m_out.push_back('e');
      if (peek() == '-' || peek() == '+') m_out.push_back(m_text[m_position++]);
      const size_t exponent_start = m_position;
      while (is_digit(peek())) ++m_position;
      if (m_position == exponent_start) {
        return fail(fmt::format("expected exponent digits, found {}", found()));
      }
      m_out.append(m_text.data() + exponent_start, m_position - exponent_start);
    }
    const char next = peek();
    if (next == '_' || next == 'j' || next == 'J' || (next >= 'a' && next <= 'z') ||
        (next >= 'A' && next <= 'Z')) {
      return fail(fmt::format("expected the end of the number, found {}", found()));
    }
    return true;
  }

  std::string_view m_text;
  std::string& m_out;
  PythonLiteralOptions m_options;
  size_t m_position = 0;
  PythonLiteralError m_error;
};

}  // namespace

std::expected<void, PythonLiteralError> append_python_literal_as_json(
    std::string_view literal, std::string& json, PythonLiteralOptions options) {
  return Parser(literal, json, options).parse();
}

Result<std::string> python_literal_to_json(std::string_view literal, PythonLiteralOptions options) {
  std::string json;
  json.reserve(literal.size());
  auto parsed = append_python_literal_as_json(literal, json, options);
  if (!parsed) {
    return make_error(ErrorCode::parse, "at byte {}: {}", parsed.error().byte_offset,
                      parsed.error().message);
  }
  return json;
}

}  // namespace reelhouse::landing
