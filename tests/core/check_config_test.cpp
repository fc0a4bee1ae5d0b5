// [[checks]] in reelhouse.toml: parsed into Config::checks (replacing the defaults), every
// mistake reported with the file's line and the field, and the default checks valid and
// written (commented) into the file `reelhouse init` creates.
#include "core/check_config.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "core/config.hpp"
#include "support/test_support.hpp"

namespace reelhouse {
namespace {

using ::testing::HasSubstr;
using testing::TempDir;
using testing::write_file;

Result<Config> load_file(const std::string& text) {
  TempDir home;
  write_file(home.path() / "reelhouse.toml", text);
  return load_config(home.path(), {}, {});
}

TEST(CheckConfigTest, FileChecksReplaceTheDefaults) {
  const auto config = load_file(R"toml([fetch]
max_attempts = 2

[[checks]]
table = "people"
kind = "unique"
columns = ["nconst", "role"]

[[checks]]
table = "people"
kind = "range"
columns = ["avg_rating"]
min = 1
max = 9.5
level = "warning"

[[checks]]
table = "prices_latest"
kind = "freshness"
columns = ["observed_at"]
max_age_hours = 6

[[checks]]
table = "people"
kind = "accepted_values"
columns = ["role"]
values = ["actor", "actress"]

[[checks]]
table = "people"
kind = "row_count_change"
min = 0.5
)toml");
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_EQ(config->fetch.max_attempts, 2);
  ASSERT_EQ(config->checks.size(), 5u);
  const auto& unique = config->checks[0];
  EXPECT_EQ(unique.table, "people");
  EXPECT_EQ(unique.kind, "unique");
  EXPECT_EQ(unique.columns, (std::vector<std::string>{"nconst", "role"}));
  EXPECT_EQ(unique.level, "error");
  EXPECT_EQ(check_name(unique), "people.unique(nconst,role)");
  const auto& range = config->checks[1];
  EXPECT_EQ(range.min, 1.0);
  EXPECT_EQ(range.max, 9.5);
  EXPECT_EQ(range.level, "warning");
  EXPECT_EQ(config->checks[2].max_age_hours, 6);
  EXPECT_EQ(config->checks[3].values, (std::vector<std::string>{"actor", "actress"}));
  EXPECT_EQ(config->checks[4].min, 0.5);
  EXPECT_FALSE(config->checks[4].max);
  EXPECT_EQ(check_name(config->checks[4]), "people.row_count_change");
}

TEST(CheckConfigTest, WithoutChecksTheDefaultsApplyAndAnEmptyListDisablesThem) {
  const auto defaults = load_file("[fetch]\nmax_attempts = 2\n");
  ASSERT_TRUE(defaults) << defaults.error().message;
  EXPECT_EQ(defaults->checks.size(), default_checks().size());
  const auto none = load_file("checks = []\n");
  ASSERT_TRUE(none) << none.error().message;
  EXPECT_TRUE(none->checks.empty());
}

TEST(CheckConfigTest, MistakesNameTheLineAndTheField) {
  struct Case {
    std::string description;
    std::string text;
    std::string expected;
  };
  const std::string header = "[fetch]\nmax_attempts = 2\n\n[[checks]]\n";  // entry at line 4
  const Case cases[] = {
      {"unknown kind", header + "table = \"people\"\nkind = \"uniq\"\ncolumns = [\"nconst\"]\n",
       ":6: [[checks]] #1 (people.uniq(nconst)): field \"kind\": unknown kind \"uniq\""},
      {"unknown level",
       header +
           "table = \"people\"\nkind = \"unique\"\ncolumns = [\"nconst\"]\nlevel = \"fatal\"\n",
       ":8: [[checks]] #1 (people.unique(nconst)): field \"level\": unknown level \"fatal\""},
      {"unknown field", header + "table = \"people\"\nkind = \"unique\"\ncolums = [\"nconst\"]\n",
       ":7: [[checks]] #1: unknown field \"colums\""},
      {"missing table", header + "kind = \"unique\"\ncolumns = [\"nconst\"]\n",
       ":4: [[checks]] #1: field \"table\" is missing"},
      {"wrong type", header + "table = \"people\"\nkind = \"unique\"\ncolumns = \"nconst\"\n",
       ":7: [[checks]] #1: field \"columns\" must be an array of strings"},
      {"range without bounds",
       header + "table = \"people\"\nkind = \"range\"\ncolumns = [\"titles\"]\n",
       ":4: [[checks]] #1 (people.range(titles)): a range check needs \"min\", \"max\" or both"},
      {"min above max",
       header + "table = \"people\"\nkind = \"range\"\ncolumns = [\"titles\"]\nmin = 5\nmax = 1\n",
       ":8: [[checks]] #1 (people.range(titles)): field \"min\" (5) is larger than \"max\" (1)"},
      {"two columns for a range",
       header + "table = \"people\"\nkind = \"range\"\ncolumns = [\"a\", \"b\"]\nmin = 1\n",
       "field \"columns\": a range check needs exactly one column, got 2"},
      {"values on the wrong kind",
       header + "table = \"people\"\nkind = \"unique\"\ncolumns = [\"a\"]\nvalues = [\"x\"]\n",
       ":8: [[checks]] #1 (people.unique(a)): field \"values\" only applies to accepted_values"},
      {"freshness without an age",
       header + "table = \"prices_latest\"\nkind = \"freshness\"\ncolumns = [\"observed_at\"]\n",
       "field \"max_age_hours\": a freshness check needs a positive age"},
      {"negative ratio", header + "table = \"people\"\nkind = \"row_count_change\"\nmin = -1\n",
       ":7: [[checks]] #1 (people.row_count_change): field \"min\": -1 is a ratio"},
      {"second entry",
       header + "table = \"people\"\nkind = \"unique\"\ncolumns = [\"a\"]\n\n" +
           "[[checks]]\ntable = \"people\"\nkind = \"not_null\"\n",
       ":9: [[checks]] #2 (people.not_null): field \"columns\": a not_null check needs at least "
       "one column"},
      {"not a list of tables", "checks = 3\n", ":1: \"checks\" must be a list of [[checks]]"},
  };
  for (const auto& test_case : cases) {
    const auto config = load_file(test_case.text);
    ASSERT_FALSE(config) << test_case.description;
    EXPECT_EQ(config.error().code, ErrorCode::config) << test_case.description;
    EXPECT_THAT(config.error().message, HasSubstr("reelhouse.toml:")) << test_case.description;
    EXPECT_THAT(config.error().message, HasSubstr(test_case.expected))
        << test_case.description << "\n"
        << config.error().message;
  }
}

TEST(CheckConfigTest, DefaultChecksAreValidAndNamedOnce) {
  std::set<std::string> names;
  for (const auto& check : default_checks()) {
    const auto valid = validate_check(check);
    EXPECT_TRUE(valid) << check_name(check) << ": " << valid.error().message;
    EXPECT_TRUE(names.insert(check_name(check)).second) << check_name(check);
  }
  EXPECT_TRUE(names.contains("people.unique(nconst,role)"));
  EXPECT_TRUE(names.contains("prices_latest.range(price)"));
  EXPECT_TRUE(names.contains("people.row_count_change"));
  EXPECT_TRUE(names.contains("prices_latest.freshness(observed_at)"));
}

TEST(CheckConfigTest, InitFileShowsTheDefaultChecksCommentedAndTheyParseBack) {
  const std::string text = default_config_text();
  EXPECT_THAT(text, HasSubstr("# [[checks]]\n# table = \"people\"\n# kind = \"unique\"\n"));
  // The file as written keeps the defaults…
  const auto as_written = load_file(text);
  ASSERT_TRUE(as_written) << as_written.error().message;
  EXPECT_EQ(as_written->checks.size(), default_checks().size());
  // …and uncommenting the examples gives the same checks, now declared in the file.
  std::string uncommented;
  bool in_checks = false;
  for (size_t start = 0; start < text.size();) {
    const size_t end = text.find('\n', start);
    std::string line = text.substr(start, end - start);
    start = end == std::string::npos ? text.size() : end + 1;
    if (line == "# [[checks]]") in_checks = true;
    if (in_checks && line.starts_with("# ")) line = line.substr(2);
    if (in_checks && line == "#") line.clear();
    uncommented += line + "\n";
  }
  const auto declared = load_file(uncommented);
  ASSERT_TRUE(declared) << declared.error().message;
  const auto defaults = default_checks();
  ASSERT_EQ(declared->checks.size(), defaults.size());
  for (size_t index = 0; index < defaults.size(); ++index) {
    EXPECT_EQ(check_name(declared->checks[index]), check_name(defaults[index]));
    EXPECT_EQ(declared->checks[index].min, defaults[index].min);
    EXPECT_EQ(declared->checks[index].max, defaults[index].max);
    EXPECT_EQ(declared->checks[index].values, defaults[index].values);
    EXPECT_EQ(declared->checks[index].level, defaults[index].level);
    EXPECT_EQ(declared->checks[index].max_age_hours, defaults[index].max_age_hours);
  }
}

}  // namespace
}  // namespace reelhouse
