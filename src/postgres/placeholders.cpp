#include "postgres/placeholders.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>

namespace reelhouse::postgres {

namespace {

// Where the quoted text or comment starting at `index` ends (one past it), or npos when no
// quote or comment starts there. A doubled quote inside a literal ends and restarts it, with
// the same result.
size_t skip_quoted_or_comment(std::string_view sql, size_t index) {
  const char character = sql[index];
  const char next = index + 1 < sql.size() ? sql[index + 1] : '\0';
  size_t end = std::string_view::npos;
  if (character == '\'' || character == '"') {
    end = sql.find(character, index + 1);
    return end == std::string_view::npos ? sql.size() : end + 1;
  }
  if (character == '-' && next == '-') {
    end = sql.find('\n', index);
    return end == std::string_view::npos ? sql.size() : end;
  }
  if (character == '/' && next == '*') {
    end = sql.find("*/", index + 2);
    return end == std::string_view::npos ? sql.size() : end + 2;
  }
  return std::string_view::npos;
}

}  // namespace

std::string positional_placeholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  int highest = 0;
  size_t index = 0;
  while (index < sql.size()) {
    if (const size_t skipped = skip_quoted_or_comment(sql, index);
        skipped != std::string_view::npos) {
      out.append(sql.substr(index, skipped - index));
      index = skipped;
      continue;
    }
    if (sql[index] != '?') {
      out += sql[index++];
      continue;
    }
    size_t end = index + 1;
    while (end < sql.size() && std::isdigit(static_cast<unsigned char>(sql[end])) != 0) ++end;
    int number = highest + 1;
    if (end > index + 1) std::from_chars(sql.data() + index + 1, sql.data() + end, number);
    highest = std::max(highest, number);
    out += fmt::format("${}", number);
    index = end;
  }
  return out;
}

}  // namespace reelhouse::postgres
