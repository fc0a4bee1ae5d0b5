#include "util/utf8.hpp"

#include <fmt/format.h>

#include <cstdint>
#include <cstring>

namespace reelhouse::util {

namespace {

constexpr uint64_t k_high_bits = 0x8080808080808080ULL;

// Length of the well-formed sequence starting at text[offset], or 0 when the bytes there
// are not one (Unicode Table 3-7, "Well-Formed UTF-8 Byte Sequences").
size_t sequence_length(std::string_view text, size_t offset) {
  const auto byte_at = [&](size_t index) { return static_cast<uint8_t>(text[index]); };
  const uint8_t lead = byte_at(offset);
  const size_t remaining = text.size() - offset;
  if (lead < 0x80) return 1;
  const auto is_continuation = [&](size_t index, uint8_t low = 0x80, uint8_t high = 0xBF) {
    const uint8_t byte = byte_at(index);
    return byte >= low && byte <= high;
  };
  if (lead >= 0xC2 && lead <= 0xDF) {
    return remaining >= 2 && is_continuation(offset + 1) ? 2 : 0;
  }
  if (lead >= 0xE0 && lead <= 0xEF) {
    if (remaining < 3) return 0;
    // E0 must not be overlong (A0..BF); ED must not encode a surrogate (80..9F).
    const uint8_t low = lead == 0xE0 ? 0xA0 : 0x80;
    const uint8_t high = lead == 0xED ? 0x9F : 0xBF;
    return is_continuation(offset + 1, low, high) && is_continuation(offset + 2) ? 3 : 0;
  }
  if (lead >= 0xF0 && lead <= 0xF4) {
    if (remaining < 4) return 0;
    // F0 must not be overlong (90..BF); F4 must stay at or below U+10FFFF (80..8F).
    const uint8_t low = lead == 0xF0 ? 0x90 : 0x80;
    const uint8_t high = lead == 0xF4 ? 0x8F : 0xBF;
    return is_continuation(offset + 1, low, high) && is_continuation(offset + 2) &&
                   is_continuation(offset + 3)
               ? 4
               : 0;
  }
  return 0;
}

}  // namespace

std::optional<size_t> find_invalid_utf8(std::string_view text) {
  size_t offset = 0;
  const size_t size = text.size();
  while (offset < size) {
    // ASCII fast path: skip whole words without a high bit.
    while (offset + sizeof(uint64_t) <= size) {
      uint64_t word = 0;
      std::memcpy(&word, text.data() + offset, sizeof(word));
      if (word & k_high_bits) break;
      offset += sizeof(word);
    }
    if (offset >= size) break;
    if (static_cast<uint8_t>(text[offset]) < 0x80) {
      ++offset;
      continue;
    }
    const size_t length = sequence_length(text, offset);
    if (length == 0) return offset;
    offset += length;
  }
  return std::nullopt;
}

std::string escape_invalid_utf8(std::string_view text) {
  std::string escaped;
  escaped.reserve(text.size());
  size_t offset = 0;
  while (offset < text.size()) {
    const size_t length = sequence_length(text, offset);
    if (length == 0) {
      escaped += fmt::format("\\x{:02X}", static_cast<uint8_t>(text[offset]));
      ++offset;
    } else {
      escaped.append(text.data() + offset, length);
      offset += length;
    }
  }
  return escaped;
}

void append_utf8(char32_t code_point, std::string& out) {
  if (code_point < 0x80) {
    out += static_cast<char>(code_point);
  } else if (code_point < 0x800) {
    out += static_cast<char>(0xC0 | (code_point >> 6));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  } else if (code_point < 0x10000) {
    out += static_cast<char>(0xE0 | (code_point >> 12));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (code_point >> 18));
    out += static_cast<char>(0x80 | ((code_point >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  }
}

}  // namespace reelhouse::util
