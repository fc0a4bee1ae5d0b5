// normalize_title and split_title_qualifier: tables of {input, expected}; the SQL function
// registered in DuckDB gives the very same results, NULL for NULL, over many vectors.
#include "landing/title_normalizer.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "db/duckdb.hpp"
#include "util/utf8.hpp"

namespace reelhouse::landing {
namespace {

struct NormalizeCase {
  std::string input;
  std::string expected;
};

const std::vector<NormalizeCase>& normalize_cases() {
  static const std::vector<NormalizeCase> cases = {
      {"Toy Story", "toy story"},
      {"  The  Thing  ", "the thing"},          // article kept, spaces collapsed
      {"Schindler's List", "schindlers list"},  // ASCII apostrophe dropped
      {"Schindler’s List", "schindlers list"},  // U+2019 dropped
      {"Tom & Jerry", "tom and jerry"},
      {"AT&T", "atandt"},  // & replaced in place
      {"Amélie", "amelie"},
      {"Ame\u0301lie", "amelie"},  // combining accent vanishes
      {"LÉON", "leon"},
      {"Smørrebrød", "smorrebrod"},
      {"Straße", "strasse"},
      {"Æon Flux", "aeon flux"},
      {"Łódź", "lodz"},
      {"Œdipe", "oedipe"},
      {"Þór", "thor"},
      {"Ștefan", "stefan"},
      {"Se7en", "se7en"},
      {"WALL·E", "wall e"},  // middle dot separates
      {"Mission: Impossible – Ghost Protocol", "mission impossible ghost protocol"},
      {"Star Wars: Episode IV - A New Hope", "star wars episode iv a new hope"},
      {"¡Three Amigos!", "three amigos"},
      {"“Quoted”  title…", "quoted title"},
      {"Crouching\u00a0Tiger", "crouching tiger"},  // no-break space
      {"Брат", "брат"},                             // Cyrillic lower-cased
      {"ΖΩΗ", "ζωη"},
      {"千と千尋の神隠し", "千と千尋の神隠し"},  // other scripts kept
      {"8½", "8"},                               // ½ is a symbol
      {"...", ""},
      {"", ""},
      {"a\xff"
       "b",
       "a b"},  // invalid UTF-8 byte separates
      {"M*A*S*H", "m a s h"},
      {"Rock 'n' Roll", "rock n roll"},
  };
  return cases;
}

TEST(TitleNormalizer, NormalizesTheTable) {
  for (const NormalizeCase& test_case : normalize_cases()) {
    EXPECT_EQ(normalize_title(test_case.input), test_case.expected) << "input: " << test_case.input;
  }
}

TEST(TitleNormalizer, IntoReusesTheBufferAndClearsIt) {
  std::string out = "left over";
  normalize_title_into("Heat", out);
  EXPECT_EQ(out, "heat");
  normalize_title_into("", out);
  EXPECT_EQ(out, "");
}

struct SplitCase {
  std::string input;
  std::string base;
  std::optional<std::string> qualifier;
};

TEST(TitleNormalizer, SplitsTrailingQualifier) {
  const std::vector<SplitCase> cases = {
      {"King Kong (1933 film)", "King Kong", "1933 film"},
      {"Heat (1995 American film)", "Heat", "1995 American film"},
      {"Antwone Fisher (film)", "Antwone Fisher", "film"},
      {"Heat", "Heat", std::nullopt},
      {"(film)", "(film)", std::nullopt},    // nothing before it
      {"Film(s)", "Film(s)", std::nullopt},  // not after a space
      {"Alien (film) (disambiguation)", "Alien (film)", "disambiguation"},
      {"Foo (bar (baz))", "Foo", "bar (baz)"},  // nested parentheses
      {"Broken )", "Broken )", std::nullopt},   // unbalanced
      {"Empty ()", "Empty", ""},
  };
  for (const SplitCase& test_case : cases) {
    const TitleParts parts = split_title_qualifier(test_case.input);
    EXPECT_EQ(parts.base, test_case.base) << test_case.input;
    if (test_case.qualifier) {
      ASSERT_TRUE(parts.qualifier.has_value()) << test_case.input;
      EXPECT_EQ(*parts.qualifier, *test_case.qualifier) << test_case.input;
    } else {
      EXPECT_FALSE(parts.qualifier.has_value()) << test_case.input;
    }
  }
}

TEST(TitleNormalizer, SqlFunctionMatchesCppOverManyVectorsAndKeepsNull) {
  auto database = db::DuckDatabase::open(":memory:");
  ASSERT_TRUE(database) << database.error().message;
  auto connection = db::DuckConnection::connect(*database);
  ASSERT_TRUE(connection) << connection.error().message;
  ASSERT_TRUE(register_normalize_title(*connection));
  // Registering twice on the same database is refused with a clear error.
  const Result<> again = register_normalize_title(*connection);
  ASSERT_FALSE(again);
  EXPECT_NE(again.error().message.find("normalize_title"), std::string::npos);

  // DuckDB refuses invalid UTF-8 in a VARCHAR literal: those cases are C++-only.
  std::vector<NormalizeCase> cases;
  for (const NormalizeCase& test_case : normalize_cases()) {
    if (util::is_valid_utf8(test_case.input)) cases.push_back(test_case);
  }
  std::string values;
  for (size_t case_idx = 0; case_idx < cases.size(); ++case_idx) {
    if (case_idx > 0) values += ", ";
    values += fmt::format("({}, {})", case_idx, db::sql_quote(cases[case_idx].input));
  }
  // 10,000 rows (several 2,048-row vectors), every 7th NULL, the table repeated.
  const Result<> created = connection->execute(fmt::format(
      "CREATE TABLE samples AS SELECT * FROM (VALUES {}) AS t(case_idx, title);"
      "CREATE TABLE rows AS SELECT range AS row_idx, "
      "  CASE WHEN range % 7 = 0 THEN NULL ELSE (SELECT title FROM samples WHERE case_idx = "
      "  range % {}) END AS title FROM range(10000)",
      values, cases.size()));
  ASSERT_TRUE(created) << created.error().message;
  const Result<db::TextTable> result =
      connection->query_text("SELECT row_idx, normalize_title(title) FROM rows ORDER BY row_idx");
  ASSERT_TRUE(result) << result.error().message;
  ASSERT_EQ(result->rows.size(), 10000u);
  size_t nulls = 0;
  for (const auto& row : result->rows) {
    const size_t row_idx = std::stoul(*row[0]);
    if (row_idx % 7 == 0) {
      EXPECT_FALSE(row[1].has_value()) << row_idx;
      ++nulls;
      continue;
    }
    ASSERT_TRUE(row[1].has_value()) << row_idx;
    EXPECT_EQ(*row[1], cases[row_idx % cases.size()].expected) << row_idx;
  }
  EXPECT_EQ(nulls, 1429u);  // ceil(10000 / 7)

  const Result<db::TextTable> constant =
      connection->query_text("SELECT normalize_title(NULL), normalize_title('Amélie & Co')");
  ASSERT_TRUE(constant) << constant.error().message;
  EXPECT_FALSE(constant->rows[0][0].has_value());
  EXPECT_EQ(constant->rows[0][1], "amelie and co");
}

}  // namespace
}  // namespace reelhouse::landing
