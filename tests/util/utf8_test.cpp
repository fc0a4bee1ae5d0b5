#include "util/utf8.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>

namespace reelhouse::util {
namespace {

struct ValidityCase {
  std::string name;
  std::string text;
  std::optional<size_t> first_invalid;
};

TEST(Utf8Test, FindsFirstInvalidByte) {
  const std::vector<ValidityCase> cases = {
      {"empty", "", std::nullopt},
      {"ascii", "tt0000001\tCarmencita", std::nullopt},
      {"long ascii crosses words", std::string(100, 'a'), std::nullopt},
      {"nul is valid", std::string("a\0b", 3), std::nullopt},
      {"two byte", "Am\xC3\xA9lie", std::nullopt},
      {"three byte", "\xE6\x9D\xB1\xE4\xBA\xAC", std::nullopt},
      {"four byte", "\xF0\x9F\x8E\xAC film", std::nullopt},
      {"max code point", "\xF4\x8F\xBF\xBF", std::nullopt},
      {"lone continuation", "ab\x80", 2},
      {"latin1 e acute", "Am\xE9lie", 2},
      {"overlong two byte", "\xC0\xAF", 0},
      {"overlong C1", "\xC1\xBF", 0},
      {"overlong three byte", "\xE0\x80\xAF", 0},
      {"surrogate", "x\xED\xA0\x80", 1},
      {"overlong four byte", "\xF0\x80\x80\xAF", 0},
      {"above U+10FFFF", "\xF4\x90\x80\x80", 0},
      {"F5 lead", "\xF5\x80\x80\x80", 0},
      {"FF byte", "12345678\xFF", 8},
      {"truncated at end", "abc\xE2\x82", 3},
      {"truncated before ascii", "\xE2\x82x", 0},
      {"invalid after long ascii", std::string(17, 'a') + "\xFE", 17},
  };
  for (const auto& test_case : cases) {
    EXPECT_EQ(find_invalid_utf8(test_case.text), test_case.first_invalid) << test_case.name;
    EXPECT_EQ(is_valid_utf8(test_case.text), !test_case.first_invalid.has_value())
        << test_case.name;
  }
}

TEST(Utf8Test, EscapesOnlyInvalidBytes) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"", ""},
      {"plain \\N text", "plain \\N text"},
      {"Am\xC3\xA9lie", "Am\xC3\xA9lie"},
      {"Am\xE9lie", "Am\\xE9lie"},
      {"\xFF\xFE", "\\xFF\\xFE"},
      {"abc\xE2\x82", "abc\\xE2\\x82"},
      {"\xED\xA0\x80", "\\xED\\xA0\\x80"},
  };
  for (const auto& [input, expected] : cases) {
    const std::string escaped = escape_invalid_utf8(input);
    EXPECT_EQ(escaped, expected);
    EXPECT_TRUE(is_valid_utf8(escaped));
  }
}

}  // namespace
}  // namespace reelhouse::util
