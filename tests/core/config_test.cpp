#include "core/config.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "core/config_keys.hpp"
#include "core/config_value.hpp"
#include "support/test_support.hpp"

namespace reelhouse {
namespace {

using ::testing::HasSubstr;
using testing::read_file;
using testing::run_reelhouse;
using testing::TempDir;
using testing::write_file;

using Environment = std::map<std::string, std::string>;

// Every key's value as TOML text, to compare whole configurations.
std::map<std::string, std::string> values_of(Config config) {
  std::map<std::string, std::string> values;
  for (const auto& key : config_keys()) {
    values.emplace(std::string(key.name), format_toml_value(key, config));
  }
  return values;
}

std::string value_of(Config config, std::string_view name) {
  const ConfigKey* key = find_config_key(name);
  EXPECT_NE(key, nullptr) << name;
  return key ? format_toml_value(*key, config) : "";
}

// Loads the configuration of a fresh home holding `file_text` (no file when empty).
Result<Config> load_with(const std::string& file_text, const Environment& environment,
                         const std::vector<std::string>& set_overrides) {
  TempDir home;
  if (!file_text.empty()) write_file(home.path() / "reelhouse.toml", file_text);
  return load_config(home.path(), set_overrides, environment);
}

TEST(ConfigTest, DefaultsWithoutFile) {
  TempDir home;
  const auto config = load_config(home.path(), {}, {});
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_EQ(values_of(*config), values_of(Config{}));
  EXPECT_EQ(config->home, home.path());
  EXPECT_EQ(config->lake_root(), home.path() / "lake");
  EXPECT_EQ(config->catalog_path(), home.path() / "catalog.sqlite");
  EXPECT_EQ(config->warehouse_path(), home.path() / "warehouse.duckdb");
  EXPECT_EQ(config->imdb.url, "https://datasets.imdbws.com/");
  EXPECT_EQ(config->people.title_types, std::vector<std::string>{"movie"});
}

TEST(ConfigTest, PathsResolveAgainstHomeUnlessAbsoluteOrUrl) {
  Config config;
  config.home = "/srv/reelhouse";
  config.lake.root = "/data/lake";
  config.catalog.path = "state/catalog.sqlite";
  config.warehouse.path = "s3://bucket/warehouse.duckdb";
  EXPECT_EQ(config.lake_root(), "/data/lake");
  EXPECT_EQ(config.catalog_path(), "/srv/reelhouse/state/catalog.sqlite");
  EXPECT_EQ(config.warehouse_path(), "s3://bucket/warehouse.duckdb");
}

TEST(ConfigTest, FileValues) {
  struct Case {
    std::string file_text;
    std::string key;
    std::string expected;  // as TOML text
  };
  const Case cases[] = {
      {"[lake]\nroot = \"/data/lake\"\n", "lake.root", "\"/data/lake\""},
      {"[catalog]\npath = \"c.sqlite\"\n", "catalog.path", "\"c.sqlite\""},
      {"[sources.imdb]\nurl = \"file:///mirror/imdb/\"\n", "sources.imdb.url",
       "\"file:///mirror/imdb/\""},
      {"[fetch]\nmax_attempts = 9\n", "fetch.max_attempts", "9"},
      {"[products.people]\ntitle_types = [\"movie\", \"tvMovie\"]\n", "products.people.title_types",
       "[\"movie\", \"tvMovie\"]"},
      {"[products.people]\nmin_titles = 0\n", "products.people.min_titles", "0"},
      {"runtime.memory_limit = \"512MB\"\n", "runtime.memory_limit", "\"512MB\""},
      {"[runtime]\nthreads = 4\n", "runtime.threads", "4"},
  };
  for (const auto& test_case : cases) {
    const auto config = load_with(test_case.file_text, {}, {});
    ASSERT_TRUE(config) << test_case.file_text << config.error().message;
    EXPECT_EQ(value_of(*config, test_case.key), test_case.expected) << test_case.file_text;
  }
}

TEST(ConfigTest, EnvironmentAndSetValuesAreParsedByType) {
  struct Case {
    std::string key;
    std::string text;
    std::string expected;  // as TOML text
  };
  const Case cases[] = {
      {"products.people.min_titles", "5", "5"},
      {"products.people.min_titles", " 12 ", "12"},
      {"products.people.title_types", "movie,tvMovie", "[\"movie\", \"tvMovie\"]"},
      {"products.people.title_types", " movie , tvMovie ", "[\"movie\", \"tvMovie\"]"},
      {"products.people.title_types", "[\"movie\",\"tvMovie\"]", "[\"movie\", \"tvMovie\"]"},
      {"products.people.title_types", "short", "[\"short\"]"},
      {"sources.imdb.url", "http://localhost:8080/imdb/", "\"http://localhost:8080/imdb/\""},
      {"runtime.memory_limit", "4GB", "\"4GB\""},
      {"runtime.memory_limit", "\"1GB\"", "\"1GB\""},  // a quoted TOML string is unquoted
      {"lake.root", "my lake, with spaces", "\"my lake, with spaces\""},
  };
  for (const auto& test_case : cases) {
    const ConfigKey* key = find_config_key(test_case.key);
    ASSERT_NE(key, nullptr) << test_case.key;
    const auto from_environment =
        load_with("", {{environment_variable_of(*key), test_case.text}}, {});
    ASSERT_TRUE(from_environment) << from_environment.error().message;
    EXPECT_EQ(value_of(*from_environment, test_case.key), test_case.expected) << test_case.text;

    const auto from_set = load_with("", {}, {test_case.key + "=" + test_case.text});
    ASSERT_TRUE(from_set) << from_set.error().message;
    EXPECT_EQ(value_of(*from_set, test_case.key), test_case.expected) << test_case.text;
  }
}

TEST(ConfigTest, EnvironmentVariableNames) {
  EXPECT_EQ(environment_variable_of(*find_config_key("sources.imdb.url")),
            "REELHOUSE_SOURCES__IMDB__URL");
  EXPECT_EQ(environment_variable_of(*find_config_key("products.people.min_titles")),
            "REELHOUSE_PRODUCTS__PEOPLE__MIN_TITLES");
}

TEST(ConfigTest, PrecedenceDefaultsFileEnvironmentSet) {
  const std::string file = "[products.people]\nmin_titles = 5\nmin_votes = 50\n";
  const Environment environment = {{"REELHOUSE_PRODUCTS__PEOPLE__MIN_TITLES", "6"},
                                   {"REELHOUSE_FETCH__MAX_ATTEMPTS", "7"}};
  const std::vector<std::string> sets = {"products.people.min_titles=8"};
  struct Case {
    bool with_file, with_environment, with_set;
    int64_t min_titles, min_votes, max_attempts;
  };
  const Case cases[] = {
      {false, false, false, 3, 1000, 5}, {true, false, false, 5, 50, 5},
      {true, true, false, 6, 50, 7},     {true, true, true, 8, 50, 7},
      {false, true, true, 8, 1000, 7},   {true, false, true, 8, 50, 5},
  };
  for (const auto& test_case : cases) {
    const auto config = load_with(test_case.with_file ? file : "",
                                  test_case.with_environment ? environment : Environment{},
                                  test_case.with_set ? sets : std::vector<std::string>{});
    ASSERT_TRUE(config) << config.error().message;
    EXPECT_EQ(config->people.min_titles, test_case.min_titles);
    EXPECT_EQ(config->people.min_votes, test_case.min_votes);
    EXPECT_EQ(config->fetch.max_attempts, test_case.max_attempts);
  }
}

TEST(ConfigTest, LaterSetWins) {
  const auto config = load_with("", {}, {"fetch.max_attempts=2", "fetch.max_attempts=4"});
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_EQ(config->fetch.max_attempts, 4);
}

TEST(ConfigTest, NonKeyVariablesAreIgnored) {
  const auto config =
      load_with("", {{"REELHOUSE_HOME", "/elsewhere"}, {"PATH", "/bin"}, {"HOME", "/root"}}, {});
  ASSERT_TRUE(config) << config.error().message;
}

TEST(ConfigTest, ErrorsNameTheKeyAndWhere) {
  struct Case {
    std::string description;
    std::string file_text;
    Environment environment;
    std::vector<std::string> sets;
    std::vector<std::string> expected;  // substrings of the message
  };
  const Case cases[] = {
      {"unknown key in file",
       "[lake]\nroot = \"lake\"\n\n[sources.imdb]\nulr = \"https://x/\"\n",
       {},
       {},
       {"reelhouse.toml:5: unknown key \"sources.imdb.ulr\"", "did you mean \"sources.imdb.url\""}},
      {"unknown section in file",
       "[sourcs.imdb]\nurl = \"https://x/\"\n",
       {},
       {},
       {"reelhouse.toml:2: unknown key \"sourcs.imdb.url\""}},
      {"wrong type in file",
       "[products.people]\nmin_titles = \"abc\"\n",
       {},
       {},
       {"reelhouse.toml:2: \"products.people.min_titles\" must be an integer ≥ 0, got \"abc\""}},
      {"float for an integer",
       "[fetch]\nmax_attempts = 2.5\n",
       {},
       {},
       {"reelhouse.toml:2: \"fetch.max_attempts\" must be an integer ≥ 1, got 2.5"}},
      {"integer for a string",
       "[lake]\nroot = 5\n",
       {},
       {},
       {"reelhouse.toml:2: \"lake.root\" must be a non-empty string, got 5"}},
      {"list of integers",
       "[products.people]\ntitle_types = [1, 2]\n",
       {},
       {},
       {"reelhouse.toml:2: \"products.people.title_types\" must be a non-empty list"}},
      {"string for a list",
       "[products.people]\ntitle_types = \"movie\"\n",
       {},
       {},
       {"\"products.people.title_types\" must be a non-empty list", "got \"movie\""}},
      {"syntax error",
       "[fetch]\nmax_attempts = \n",
       {},
       {},
       {"reelhouse.toml:2:", "TOML syntax error"}},
      {"every problem, in file order",
       "[fetch]\nmax_attemps = 1\ntimeout_seconds = 0\n",
       {},
       {},
       {"reelhouse.toml:2: unknown key \"fetch.max_attemps\"",
        "(did you mean \"fetch.max_attempts\"?)\n",
        "reelhouse.toml:3: \"fetch.timeout_seconds\" must be an integer ≥ 1, got 0"}},
      {"bad integer in environment",
       "",
       {{"REELHOUSE_PRODUCTS__PEOPLE__MIN_TITLES", "abc"}},
       {},
       {"environment variable REELHOUSE_PRODUCTS__PEOPLE__MIN_TITLES",
        "\"products.people.min_titles\" must be an integer ≥ 0, got \"abc\""}},
      {"negative integer in environment",
       "",
       {{"REELHOUSE_PRODUCTS__PEOPLE__MIN_VOTES", "-1"}},
       {},
       {"REELHOUSE_PRODUCTS__PEOPLE__MIN_VOTES", "must be an integer ≥ 0, got \"-1\""}},
      {"unknown variable",
       "",
       {{"REELHOUSE_SOURCES__IMDB__ULR", "https://x/"}},
       {},
       {"unknown environment variable REELHOUSE_SOURCES__IMDB__ULR",
        "did you mean REELHOUSE_SOURCES__IMDB__URL?"}},
      {"set without =",
       "",
       {},
       {"products.people.min_titles"},
       {"--set \"products.people.min_titles\"", "expected section.key=value"}},
      {"set of unknown key",
       "",
       {},
       {"sources.imdb.ulr=https://x/"},
       {"--set sources.imdb.ulr=https://x/", "unknown key \"sources.imdb.ulr\"",
        "did you mean \"sources.imdb.url\""}},
      {"set of a bad value",
       "",
       {},
       {"products.people.min_titles=abc"},
       {"--set products.people.min_titles=abc",
        "\"products.people.min_titles\" must be an integer ≥ 0, got \"abc\""}},
      {"zero timeout",
       "",
       {},
       {"fetch.connect_timeout_seconds=0"},
       {"\"fetch.connect_timeout_seconds\" must be an integer ≥ 1, got \"0\""}},
      {"zero attempts",
       "",
       {},
       {"runtime.task_max_attempts=0"},
       {"\"runtime.task_max_attempts\" must be an integer ≥ 1"}},
      {"empty memory limit",
       "",
       {},
       {"runtime.memory_limit="},
       {"\"runtime.memory_limit\" must be a non-empty string, got \"\""}},
      {"unsupported URL scheme",
       "",
       {},
       {"sources.imdb.url=ftp://mirror/imdb/"},
       {"\"sources.imdb.url\" must be a URL starting with file://, http:// or https://",
        "got \"ftp://mirror/imdb/\""}},
      {"URL in the file too",
       "[sources.imdb]\nurl = \"datasets.imdbws.com\"\n",
       {},
       {},
       {"reelhouse.toml:2: \"sources.imdb.url\" must be a URL starting with file://"}},
      {"empty list",
       "",
       {},
       {"products.people.title_types="},
       {"\"products.people.title_types\" must be a non-empty list"}},
      {"malformed list",
       "",
       {},
       {"products.people.title_types=[\"movie\""},
       {"\"products.people.title_types\" must be a non-empty list"}},
  };
  for (const auto& test_case : cases) {
    const auto config = load_with(test_case.file_text, test_case.environment, test_case.sets);
    ASSERT_FALSE(config) << test_case.description;
    EXPECT_EQ(config.error().code, ErrorCode::config) << test_case.description;
    for (const auto& expected : test_case.expected) {
      EXPECT_THAT(config.error().message, HasSubstr(expected)) << test_case.description;
    }
  }
}

TEST(ConfigTest, DefaultConfigTextParsesBackToDefaults) {
  TempDir home;
  write_file(home.path() / "reelhouse.toml", default_config_text());
  const auto config = load_config(home.path(), {}, {});
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_EQ(values_of(*config), values_of(Config{}));
}

TEST(ConfigTest, DefaultConfigTextListsEveryKeyWithItsComment) {
  const std::string text = default_config_text();
  for (const auto& key : config_keys()) {
    EXPECT_THAT(text, HasSubstr(fmt::format("[{}]\n", key.section()))) << key.name;
    EXPECT_THAT(text, HasSubstr(fmt::format("# {}\n{} = ", key.comment, key.leaf()))) << key.name;
    EXPECT_FALSE(key.comment.empty()) << key.name;
  }
  const std::vector<std::string> sections = {"[lake]",         "[catalog]", "[warehouse]",
                                             "[sources.imdb]", "[fetch]",   "[products.people]",
                                             "[runtime]"};
  size_t previous = 0;
  for (const auto& section : sections) {
    const size_t position = text.find(section);
    ASSERT_NE(position, std::string::npos) << section;
    EXPECT_GT(position, previous) << section << " out of order";
    previous = position;
  }
}

TEST(ConfigTest, DefaultsSatisfyTheirOwnRules) {
  // A default the registry would reject could never be written back: check each one.
  Config defaults;
  for (const auto& key : config_keys()) {
    Config config;
    std::string text = format_toml_value(key, defaults);
    EXPECT_TRUE(assign_from_text(key, text, config)) << key.name << " = " << text;
  }
}

TEST(InitCommandTest, WritesDefaultsAndRefusesToOverwrite) {
  TempDir directory;
  const auto home = directory.path() / "new" / "home";
  const auto file = home / "reelhouse.toml";

  const auto first = run_reelhouse({"--home", home.string(), "init"});
  EXPECT_EQ(first.exit_code, 0) << first.output;
  EXPECT_THAT(first.output, HasSubstr(file.string()));
  EXPECT_EQ(read_file(file), default_config_text());

  write_file(file, "[fetch]\nmax_attempts = 2\n");
  const auto second = run_reelhouse({"--home", home.string(), "init"});
  EXPECT_EQ(second.exit_code, 1) << second.output;
  EXPECT_THAT(second.output, HasSubstr("already exists"));
  EXPECT_THAT(second.output, HasSubstr("--force"));
  EXPECT_EQ(read_file(file), "[fetch]\nmax_attempts = 2\n");

  const auto forced = run_reelhouse({"--home", home.string(), "init", "--force"});
  EXPECT_EQ(forced.exit_code, 0) << forced.output;
  EXPECT_EQ(read_file(file), default_config_text());

  // Only reelhouse.toml is left: no temporary files.
  size_t entries = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(home)) ++entries;
  EXPECT_EQ(entries, 1u);
}

TEST(ConfigTest, TeamModeUrlsAreCheckedAndPasswordsRefused) {
  const auto team = load_with("", {},
                              {"catalog.url=postgresql://reelhouse@db.internal:5432/lake",
                               "warehouse.url=postgres://db.internal/wh?sslmode=require",
                               "lake.url=s3://movies/lake", "lake.endpoint=http://127.0.0.1:9000"});
  ASSERT_TRUE(team) << team.error().message;
  EXPECT_TRUE(team->catalog_in_postgres());
  EXPECT_TRUE(team->warehouse_in_postgres());
  EXPECT_TRUE(team->lake_in_object_store());
  EXPECT_EQ(team->catalog_location(), "postgresql://reelhouse@db.internal:5432/lake");
  EXPECT_EQ(team->lake.region, "us-east-1");

  const auto embedded = load_with("", {}, {});
  ASSERT_TRUE(embedded);
  EXPECT_FALSE(embedded->catalog_in_postgres() || embedded->warehouse_in_postgres() ||
               embedded->lake_in_object_store());
  EXPECT_EQ(embedded->catalog_location(), embedded->catalog_path().string());

  for (const std::string bad :
       {"catalog.url=postgresql://me:secret@db/lake",
        "warehouse.url=postgresql://db/wh?password=secret", "warehouse.url=mysql://db/wh",
        "lake.url=/var/lake", "lake.endpoint=ftp://store"}) {
    const auto refused = load_with("", {}, {bad});
    ASSERT_FALSE(refused) << bad;
    EXPECT_EQ(refused.error().code, ErrorCode::config) << bad;
    EXPECT_THAT(refused.error().message, ::testing::HasSubstr(bad.substr(0, bad.find('='))))
        << refused.error().message;
  }
}

}  // namespace
}  // namespace reelhouse
