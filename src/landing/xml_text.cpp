#include "landing/xml_text.hpp"

#include <fmt/format.h>

#include <cstdint>
#include <cstring>

#include "util/utf8.hpp"

namespace reelhouse::landing {

namespace {

// Longest reference accepted: "&#x10FFFF;" is 10 bytes; names are at most "&quot;".
constexpr size_t k_max_reference_bytes = 12;

bool is_xml_char(uint32_t code_point) {
  return code_point == 0x9 || code_point == 0xA || code_point == 0xD ||
         (code_point >= 0x20 && code_point <= 0xD7FF) ||
         (code_point >= 0xE000 && code_point <= 0xFFFD) ||
         (code_point >= 0x10000 && code_point <= 0x10FFFF);
}

// Parses the digits of a character reference ("233" or "xE9"); nullopt when malformed.
std::optional<uint32_t> parse_character_reference(std::string_view digits) {
  unsigned base = 10;
  if (!digits.empty() && digits.front() == 'x') {
    base = 16;
    digits.remove_prefix(1);
  }
  if (digits.empty()) return std::nullopt;
  uint32_t value = 0;
  for (const char digit : digits) {
    unsigned digit_value = 0;
    if (digit >= '0' && digit <= '9') {
      digit_value = static_cast<unsigned>(digit - '0');
    } else if (base == 16 && digit >= 'a' && digit <= 'f') {
      digit_value = static_cast<unsigned>(digit - 'a' + 10);
    } else if (base == 16 && digit >= 'A' && digit <= 'F') {
      digit_value = static_cast<unsigned>(digit - 'A' + 10);
    } else {
      return std::nullopt;
    }
    value = value * base + digit_value;
    if (value > 0x10FFFF) return std::nullopt;
  }
  return value;
}

// Finds the next byte that needs decoding: '&' or '\r'.
const char* find_special(const char* begin, const char* end) {
  const char* ampersand = static_cast<const char*>(std::memchr(begin, '&', end - begin));
  const char* limit = ampersand ? ampersand : end;
  const char* carriage_return = static_cast<const char*>(std::memchr(begin, '\r', limit - begin));
  return carriage_return ? carriage_return : ampersand;
}

}  // namespace

std::optional<XmlTextError> decode_xml_text(std::string_view raw, std::string& out) {
  out.clear();
  const char* const begin = raw.data();
  const char* const end = begin + raw.size();
  const char* position = begin;
  while (position < end) {
    const char* special = find_special(position, end);
    if (!special) {
      out.append(position, end);
      break;
    }
    out.append(position, special);
    if (*special == '\r') {
      out += '\n';
      position = special + 1;
      if (position < end && *position == '\n') ++position;
      continue;
    }
    const size_t offset = static_cast<size_t>(special - begin);
    const size_t window =
        std::min<size_t>(k_max_reference_bytes, static_cast<size_t>(end - special));
    const void* semicolon = std::memchr(special, ';', window);
    if (!semicolon) {
      return XmlTextError{
          offset, fmt::format("'&' not followed by an entity reference (\"{}\")",
                              util::escape_invalid_utf8(std::string_view(special, window)))};
    }
    const std::string_view name(special + 1, static_cast<const char*>(semicolon) - special - 1);
    position = static_cast<const char*>(semicolon) + 1;
    if (name == "lt") {
      out += '<';
    } else if (name == "gt") {
      out += '>';
    } else if (name == "amp") {
      out += '&';
    } else if (name == "quot") {
      out += '"';
    } else if (name == "apos") {
      out += '\'';
    } else if (!name.empty() && name.front() == '#') {
      const std::optional<uint32_t> code_point = parse_character_reference(name.substr(1));
      if (!code_point || !is_xml_char(*code_point)) {
        return XmlTextError{offset, fmt::format("invalid character reference \"&{};\"", name)};
      }
      util::append_utf8(*code_point, out);
    } else {
      return XmlTextError{offset,
                          fmt::format("undefined entity \"&{};\" (only the five XML entities and "
                                      "character references are allowed without a DTD)",
                                      name)};
    }
  }
  return std::nullopt;
}

}  // namespace reelhouse::landing
