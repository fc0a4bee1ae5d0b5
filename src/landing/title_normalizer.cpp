#include "landing/title_normalizer.hpp"

#include <array>
#include <cstdint>

#include "db/duck_scalar_function.hpp"
#include "util/utf8.hpp"

namespace reelhouse::landing {

namespace {

constexpr std::string_view k_sql_function_name = "normalize_title";

// Base letters of U+00C0–U+017F (Latin-1 Supplement letters and Latin Extended-A), from
// Unicode's canonical decompositions plus the letters that have none (æ, ð, ø, þ, ß, đ, ħ,
// ı, ĳ, ĸ, ŀ, ł, ŋ, œ, ŧ, ſ). Empty entries (× and ÷) are symbols: separators.
constexpr char32_t k_latin_first = 0xC0;
constexpr std::array<std::string_view, 0x180 - 0xC0> k_latin_base_letters = {
    "a", "a", "a",  "a",  "a", "a", "ae", "c",  "e",  "e", "e", "e", "i",  "i",  "i", "i", "d", "n",
    "o", "o", "o",  "o",  "o", "",  "o",  "u",  "u",  "u", "u", "y", "th", "ss", "a", "a", "a", "a",
    "a", "a", "ae", "c",  "e", "e", "e",  "e",  "i",  "i", "i", "i", "d",  "n",  "o", "o", "o", "o",
    "o", "",  "o",  "u",  "u", "u", "u",  "y",  "th", "y", "a", "a", "a",  "a",  "a", "a", "c", "c",
    "c", "c", "c",  "c",  "c", "c", "d",  "d",  "d",  "d", "e", "e", "e",  "e",  "e", "e", "e", "e",
    "e", "e", "g",  "g",  "g", "g", "g",  "g",  "g",  "g", "h", "h", "h",  "h",  "i", "i", "i", "i",
    "i", "i", "i",  "i",  "i", "i", "ij", "ij", "j",  "j", "k", "k", "k",  "l",  "l", "l", "l", "l",
    "l", "l", "l",  "l",  "l", "n", "n",  "n",  "n",  "n", "n", "n", "n",  "n",  "o", "o", "o", "o",
    "o", "o", "oe", "oe", "r", "r", "r",  "r",  "r",  "r", "s", "s", "s",  "s",  "s", "s", "s", "s",
    "t", "t", "t",  "t",  "t", "t", "u",  "u",  "u",  "u", "u", "u", "u",  "u",  "u", "u", "u", "u",
    "w", "w", "y",  "y",  "y", "z", "z",  "z",  "z",  "z", "z", "s"};

// How one character takes part in the key.
enum class CharacterClass {
  kept,       // appended (after folding)
  dropped,    // apostrophes and combining marks: vanish without separating words
  separator,  // a run of these becomes one space
};

struct DecodedCharacter {
  char32_t code_point = 0;
  size_t length = 1;  // bytes consumed
  bool valid = false;
};

// Decodes one UTF-8 sequence at text[position] (strict: no overlong forms, no surrogates).
DecodedCharacter decode_utf8(std::string_view text, size_t position) {
  const auto byte_at = [&](size_t index) { return static_cast<uint8_t>(text[index]); };
  const uint8_t lead = byte_at(position);
  size_t length = 0;
  char32_t code_point = 0;
  char32_t minimum = 0;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2, code_point = lead & 0x1F, minimum = 0x80;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3, code_point = lead & 0x0F, minimum = 0x800;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4, code_point = lead & 0x07, minimum = 0x10000;
  } else {
    return {};
  }
  if (position + length > text.size()) return {};
  for (size_t byte_idx = 1; byte_idx < length; ++byte_idx) {
    const uint8_t continuation = byte_at(position + byte_idx);
    if ((continuation & 0xC0) != 0x80) return {};
    code_point = (code_point << 6) | (continuation & 0x3F);
  }
  if (code_point < minimum || code_point > 0x10FFFF ||
      (code_point >= 0xD800 && code_point <= 0xDFFF)) {
    return {};
  }
  return {code_point, length, true};
}

bool is_apostrophe(char32_t code_point) {
  return code_point == 0x2018 || code_point == 0x2019 || code_point == 0x02BC;
}

bool is_separator(char32_t code_point) {
  return code_point < 0xC0                                  // C1 controls, Latin-1 symbols
         || code_point == 0xD7 || code_point == 0xF7        // × ÷
         || (code_point >= 0x2000 && code_point <= 0x2BFF)  // punctuation, symbols, arrows…
         || (code_point >= 0x3000 && code_point <= 0x303F)  // CJK punctuation
         || code_point == 0xFEFF;                           // byte-order mark
}

// Folds a non-ASCII letter into `folded` (a view of static text or of `scratch`).
std::string_view fold_letter(char32_t code_point, std::string& scratch) {
  if (code_point >= k_latin_first && code_point < k_latin_first + k_latin_base_letters.size()) {
    return k_latin_base_letters[code_point - k_latin_first];
  }
  if (code_point == 0x0218 || code_point == 0x0219) return "s";  // Ș ș
  if (code_point == 0x021A || code_point == 0x021B) return "t";  // Ț ț
  char32_t lower = code_point;
  if (code_point >= 0x0391 && code_point <= 0x03A9 && code_point != 0x03A2) {
    lower = code_point + 0x20;  // Greek capitals
  } else if (code_point >= 0x0410 && code_point <= 0x042F) {
    lower = code_point + 0x20;  // Cyrillic А–Я
  } else if (code_point >= 0x0400 && code_point <= 0x040F) {
    lower = code_point + 0x50;  // Cyrillic Ѐ–Џ
  }
  scratch.clear();
  util::append_utf8(lower, scratch);
  return scratch;
}

}  // namespace

void normalize_title_into(std::string_view title, std::string& out) {
  out.clear();
  out.reserve(title.size() + 8);
  bool pending_space = false;  // a separator run was seen since the last kept character
  std::string scratch;
  const auto append_kept = [&](std::string_view text) {
    if (text.empty()) return;
    if (pending_space && !out.empty()) out += ' ';
    pending_space = false;
    out += text;
  };
  size_t position = 0;
  while (position < title.size()) {
    const auto byte = static_cast<unsigned char>(title[position]);
    if (byte < 0x80) {
      ++position;
      if ((byte >= 'a' && byte <= 'z') || (byte >= '0' && byte <= '9')) {
        if (pending_space && !out.empty()) out += ' ';
        pending_space = false;
        out += static_cast<char>(byte);
      } else if (byte >= 'A' && byte <= 'Z') {
        if (pending_space && !out.empty()) out += ' ';
        pending_space = false;
        out += static_cast<char>(byte - 'A' + 'a');
      } else if (byte == '&') {
        append_kept("and");
      } else if (byte != '\'' && byte != '`') {
        pending_space = true;
      }
      continue;
    }
    const DecodedCharacter decoded = decode_utf8(title, position);
    if (!decoded.valid) {
      ++position;
      pending_space = true;
      continue;
    }
    position += decoded.length;
    const char32_t code_point = decoded.code_point;
    if (is_apostrophe(code_point) || (code_point >= 0x0300 && code_point <= 0x036F)) continue;
    if (is_separator(code_point)) {
      pending_space = true;
      continue;
    }
    const std::string_view folded = fold_letter(code_point, scratch);
    if (folded.empty()) {
      pending_space = true;
    } else {
      append_kept(folded);
    }
  }
}

std::string normalize_title(std::string_view title) {
  std::string out;
  normalize_title_into(title, out);
  return out;
}

TitleParts split_title_qualifier(std::string_view title) {
  if (title.size() < 4 || title.back() != ')') return {title, std::nullopt};
  size_t depth = 0;
  for (size_t index = title.size(); index-- > 0;) {
    if (title[index] == ')') {
      ++depth;
    } else if (title[index] == '(' && --depth == 0) {
      if (index < 2 || title[index - 1] != ' ') return {title, std::nullopt};
      std::string_view base = title.substr(0, index - 1);
      while (!base.empty() && base.back() == ' ') base.remove_suffix(1);
      if (base.empty()) return {title, std::nullopt};
      return {base, title.substr(index + 1, title.size() - index - 2)};
    }
  }
  return {title, std::nullopt};  // unbalanced: no qualifier
}

Result<> register_normalize_title(db::DuckConnection& connection) {
  return db::register_string_function(connection, k_sql_function_name, normalize_title_into);
}

}  // namespace reelhouse::landing
