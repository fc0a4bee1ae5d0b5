#include "landing/python_literal.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "landing/csv_reader.hpp"
#include "support/test_support.hpp"

namespace reelhouse::landing {
namespace {

struct LiteralCase {
  std::string literal;
  std::string json;
};

TEST(PythonLiteral, ConvertsEveryConstructToCanonicalJson) {
  const std::vector<LiteralCase> cases = {
      // The contract's example, as the dataset writes it.
      {"[{'id': 16, 'name': 'Animation'}, {'id': 35, 'name': 'Comedy'}]",
       R"([{"id":16,"name":"Animation"},{"id":35,"name":"Comedy"}])"},
      {"[]", "[]"},
      {"{}", "{}"},
      {"()", "[]"},
      {"(1,)", "[1]"},
      {"(1, 'a', None)", R"([1,"a",null])"},
      {"[1, 2, ]", "[1,2]"},
      {"{'a': 1, }", R"({"a":1})"},
      {"None", "null"},
      {"True", "true"},
      {"False", "false"},
      {"[True, False, None]", "[true,false,null]"},
      {"  \t[ 1 ,\n 2 ]  ", "[1,2]"},
      // Key order is preserved, not sorted.
      {"{'z': 1, 'a': 2}", R"({"z":1,"a":2})"},
      {"{\"name\": 'x'}", R"({"name":"x"})"},
      // Numbers.
      {"0", "0"},
      {"-7", "-7"},
      {"+7", "7"},
      {"12345678901234567890", "12345678901234567890"},
      {"1.5", "1.5"},
      {"-0.25", "-0.25"},
      {"5.", "5.0"},
      {".5", "0.5"},
      {"1e10", "1e10"},
      {"2.5E-3", "2.5e-3"},
      {"1.e+5", "1.0e+5"},
      {"0.0", "0.0"},
      // Strings in both quote styles, with the other quote inside.
      {"'plain'", R"("plain")"},
      {"\"Children's\"", R"("Children's")"},
      {"'say \"hi\"'", R"("say \"hi\"")"},
      {"'it\\'s'", R"("it's")"},
      {"\"both ' and \\\"\"", R"("both ' and \"")"},
      {"''", R"("")"},
      // Escapes.
      {"'a\\nb\\tc\\rd'", R"("a\nb\tc\rd")"},
      {"'back\\\\slash'", R"("back\\slash")"},
      {"'\\x41\\xe9'", "\"A\xC3\xA9\""},
      {"'\\u00e9\\u4e2d'", "\"\xC3\xA9\xE4\xB8\xAD\""},
      {"'\\U0001F600'", "\"\xF0\x9F\x98\x80\""},
      {"'\\ud83d\\ude00'", "\"\xF0\x9F\x98\x80\""},
      {"'\\ud800'", R"("\ud800")"},
      {"'\\x00\\x1f'", R"("\u0000\u001f")"},
      {"'\\a\\b\\f\\v'", R"("\u0007\b\f\u000b")"},
      {"'\\101\\0'", R"("A\u0000")"},
      {"'line\\\ncontinued'", R"("linecontinued")"},
      // Raw non-ASCII and control characters.
      {"'Amélie 中'", "\"Amélie 中\""},
      {"'tab\there'", R"("tab\there")"},
      // Nesting.
      {"{'a': [{'b': ({'c': None},)}]}", R"({"a":[{"b":[{"c":null}]}]})"},
      {"[{'cast_id': 14, 'character': 'Woody (voice)', 'gender': 2, 'profile_path': None}]",
       R"j([{"cast_id":14,"character":"Woody (voice)","gender":2,"profile_path":null}])j"},
  };
  for (const LiteralCase& test_case : cases) {
    Result<std::string> json = python_literal_to_json(test_case.literal);
    ASSERT_TRUE(json.has_value()) << test_case.literal << ": " << json.error().message;
    EXPECT_EQ(*json, test_case.json) << test_case.literal;
  }
}

struct BadCase {
  std::string literal;
  size_t byte_offset = 0;
  std::string message_part;
};

TEST(PythonLiteral, RejectsMalformedInputWithPositionAndExpectation) {
  const std::vector<BadCase> cases = {
      {"", 0, "expected a value"},
      {"[1, 2", 5, "expected ',' or ']' after a list element, found the end"},
      {"[1 2]", 3, "expected ',' or ']'"},
      {"{'a' 1}", 5, "expected ':' after a dict key"},
      {"{1: 2}", 1, "expected a string dict key"},
      {"{'a': 1 'b': 2}", 8, "expected ',' or '}'"},
      {"'unclosed", 0, "never closed"},
      {"\"mixed'", 0, "never closed"},
      {"'a\nb'", 2, "line break inside a string"},
      {"'\\q'", 1, "unknown string escape"},
      {"'\\x4'", 4, "expected 2 hex digits"},
      {"'\\u12G4'", 5, "expected 4 hex digits"},
      {"'\\U00110000'", 1, "beyond U+10FFFF"},
      {"none", 0, "expected a value"},
      {"Nonesuch", 0, "expected a value"},
      {"nan", 0, "expected a value"},
      {"[1,,2]", 3, "expected a value"},
      {"[1] x", 4, "expected the end of the literal"},
      {"'a' 'b'", 4, "expected the end of the literal"},
      {"0123", 0, "leading zeros"},
      {"-", 0, "expected a number"},
      {"1e", 2, "expected exponent digits"},
      {"12abc", 2, "expected the end of the number"},
      {"1j", 1, "expected the end of the number"},
      {"{'a': }", 6, "expected a value"},
      {"[{'id': 16, 'name': 'Animation'}", 32, "expected ',' or ']'"},
      {"set()", 0, "expected a value"},
  };
  for (const BadCase& test_case : cases) {
    std::string json;
    auto parsed = append_python_literal_as_json(test_case.literal, json);
    ASSERT_FALSE(parsed.has_value()) << test_case.literal << " parsed as " << json;
    EXPECT_EQ(parsed.error().byte_offset, test_case.byte_offset)
        << test_case.literal << ": " << parsed.error().message;
    EXPECT_NE(parsed.error().message.find(test_case.message_part), std::string::npos)
        << test_case.literal << ": " << parsed.error().message;
  }
  Result<std::string> json = python_literal_to_json("[1 2]");
  ASSERT_FALSE(json.has_value());
  EXPECT_EQ(json.error().code, ErrorCode::parse);
  EXPECT_EQ(json.error().message.rfind("at byte 3: ", 0), 0u) << json.error().message;
}

TEST(PythonLiteral, NestingDepthIsBounded) {
  const std::string deep = std::string(100, '[') + std::string(100, ']');
  Result<std::string> json = python_literal_to_json(deep);
  ASSERT_FALSE(json.has_value());
  EXPECT_NE(json.error().message.find("nesting deeper than 64"), std::string::npos);
  EXPECT_TRUE(python_literal_to_json(deep, {.max_depth = 100}).has_value());
  // Hostile depth fails without exhausting the stack.
  const std::string hostile(1'000'000, '[');
  EXPECT_FALSE(python_literal_to_json(hostile).has_value());
}

// Every literal column of every real sample file parses, and a sample of conversions matches
// Python's json.dumps(ast.literal_eval(x), separators=(',', ':'), ensure_ascii=False).
TEST(PythonLiteral, EveryLiteralColumnOfTheRealDatasetParses) {
  SKIP_WITHOUT_SHARED_DATA(data);
  const std::vector<std::pair<std::string, std::vector<std::string>>> files = {
      {"movies_metadata.csv",
       {"belongs_to_collection", "genres", "production_companies", "production_countries",
        "spoken_languages"}},
      {"credits.csv", {"cast", "crew"}},
      {"keywords.csv", {"keywords"}},
  };
  size_t parsed_values = 0;
  for (const auto& [file_name, columns] : files) {
    const std::filesystem::path file = data / "movies_dataset" / file_name;
    auto text = std::make_shared<std::string>(reelhouse::testing::read_file(file));
    auto position = std::make_shared<size_t>(0);
    CsvReader reader(
        [text, position](std::span<char> out) -> Result<size_t> {
          const size_t count = std::min(out.size(), text->size() - *position);
          std::memcpy(out.data(), text->data() + *position, count);
          *position += count;
          return count;
        },
        file.string());
    CsvRecord record;
    ASSERT_TRUE(reader.next(record).value());
    std::vector<size_t> indexes;
    for (const std::string& column : columns) {
      for (size_t field_idx = 0; field_idx < record.fields.size(); ++field_idx) {
        if (record.fields[field_idx] == column) indexes.push_back(field_idx);
      }
    }
    ASSERT_EQ(indexes.size(), columns.size()) << file_name;
    while (reader.next(record).value()) {
      for (const size_t field_idx : indexes) {
        const std::string_view value = record.fields[field_idx];
        if (value.empty()) continue;
        std::string json;
        auto parsed = append_python_literal_as_json(value, json);
        ASSERT_TRUE(parsed.has_value())
            << file_name << " line " << record.line << " field " << field_idx << ": at byte "
            << parsed.error().byte_offset << ": " << parsed.error().message;
        ++parsed_values;
      }
    }
  }
  EXPECT_GT(parsed_values, 10'000u);

  // Compare a few conversions with Python's own.
  const auto python = reelhouse::testing::run_shell(
      "python3 -c \"import csv,ast,json,sys; r=list(csv.DictReader(open(sys.argv[1], "
      "newline='', encoding='utf-8'))); "
      "[print(json.dumps(ast.literal_eval(x[c]), separators=(',',':'), ensure_ascii=False)) "
      "for x in r[:40] for c in ('genres','production_companies','spoken_languages') if x[c]]\" " +
      (data / "movies_dataset" / "movies_metadata.csv").string());
  ASSERT_EQ(python.exit_code, 0) << python.output;
  const std::string text =
      reelhouse::testing::read_file(data / "movies_dataset" / "movies_metadata.csv");
  size_t position = 0;
  CsvReader reader(
      [&](std::span<char> out) -> Result<size_t> {
        const size_t count = std::min(out.size(), text.size() - position);
        std::memcpy(out.data(), text.data() + position, count);
        position += count;
        return count;
      },
      "movies_metadata.csv");
  CsvRecord record;
  ASSERT_TRUE(reader.next(record).value());
  std::string ours;
  for (int row = 0; row < 40 && reader.next(record).value(); ++row) {
    for (const size_t field_idx : {size_t{3}, size_t{12}, size_t{17}}) {
      if (record.fields[field_idx].empty()) continue;
      ours += python_literal_to_json(record.fields[field_idx]).value() + "\n";
    }
  }
  EXPECT_EQ(ours, python.output);
}

}  // namespace
}  // namespace reelhouse::landing
