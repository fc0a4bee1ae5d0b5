// End-to-end tests of `reelhouse run imdb`: the real binary on real files, as a user runs it.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "catalog/catalog.hpp"
#include "db/duckdb.hpp"
#include "support/reelhouse_home.hpp"
#include "support/test_support.hpp"

namespace reelhouse {
namespace {

namespace fs = std::filesystem;
using testing::CommandResult;
using testing::read_file;
using testing::run_reelhouse;
using testing::run_shell;
using testing::TempDir;

// A home with a shortcut for this pipeline.
class Home : public testing::ReelhouseHome {
 public:
  CommandResult run_imdb(const fs::path& source, const std::string& date,
                         const std::vector<std::string>& extra_sets = {}) const {
    std::vector<std::string> sets = {"sources.imdb.url=" + testing::file_url(source)};
    sets.insert(sets.end(), extra_sets.begin(), extra_sets.end());
    return run_pipeline("imdb", date, sets);
  }
};

fs::path generate(const fs::path& out, const std::string& scale,
                  const std::vector<std::string>& extra = {}) {
  std::vector<std::string> args = {"generate", "imdb", "--scale", scale, "--out", out.string()};
  args.insert(args.end(), extra.begin(), extra.end());
  const auto result = run_reelhouse(args);
  EXPECT_EQ(result.exit_code, 0) << result.output;
  return out;
}

const std::vector<std::string> k_all_thresholds_off = {"products.people.min_titles=1",
                                                       "products.people.min_votes=0"};
const std::string k_people_sql = "SELECT * FROM people ORDER BY role, rank";
const std::string k_tables[] = {"title_basics", "title_ratings", "title_principals", "name_basics"};

TEST(ImdbPipelineTest, RealEarlyDataMatchesAnIndependentComputation) {
  SKIP_WITHOUT_SHARED_DATA(shared);
  const fs::path source = shared / "imdb" / "early_1890s";
  Home home;
  const auto run = home.run_imdb(source, "2024-01-01", k_all_thresholds_off);
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_EQ(home.query_count("SELECT sum(rows_rejected) FROM etl_pipeline_status"), 0);

  TempDir work;
  std::ofstream(work.path() / "reelhouse.csv") << home.query_csv(k_people_sql);
  const fs::path reference_dir = fs::path(REELHOUSE_SOURCE_DIR) / "tests" / "reference";
  const auto reference = run_shell(
      "python3 " + (reference_dir / "people_reference.py").string() + " --dir " + source.string() +
      " --min-titles 1 --min-votes 0 --out " + (work.path() / "reference.csv").string());
  ASSERT_EQ(reference.exit_code, 0) << reference.output;
  const auto compared = run_shell("python3 " + (reference_dir / "compare_people.py").string() +
                                  " " + (work.path() / "reference.csv").string() + " " +
                                  (work.path() / "reelhouse.csv").string() + " --tolerance 1e-9");
  EXPECT_EQ(compared.exit_code, 0) << compared.output;
  EXPECT_GT(home.query_count("SELECT count(*) FROM people"), 100);
}

TEST(ImdbPipelineTest, RealModernDataLandsWithoutRejects) {
  SKIP_WITHOUT_SHARED_DATA(shared);
  // modern_2019 has no ratings file: serve its three files beside an empty ratings table.
  TempDir source;
  for (const char* name : {"title.basics.tsv", "title.principals.tsv", "name.basics.tsv"}) {
    fs::create_symlink(shared / "imdb" / "modern_2019" / name, source.path() / name);
  }
  std::ofstream(source.path() / "title.ratings.tsv") << "tconst\taverageRating\tnumVotes\n";
  Home home;
  const auto run = home.run_imdb(source.path(), "2024-01-01");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_EQ(home.query_count("SELECT sum(rows_rejected) FROM etl_pipeline_status"), 0);
  EXPECT_EQ(home.query_count("SELECT count(*) FROM titles"), 2000);
  EXPECT_EQ(home.query_count("SELECT count(*) FROM principals"), 11576);
  EXPECT_EQ(home.query_count("SELECT count(*) FROM persons"), 10177);
}

TEST(ImdbPipelineTest, DefectsAreQuarantinedWithExactCountsAndTheRunSucceeds) {
  TempDir data;
  generate(data.path(), "0.0005", {"--defects", "--seed", "7"});
  const auto manifest = nlohmann::json::parse(read_file(data.path() / "defects_manifest.json"));
  Home home;
  const auto run = home.run_imdb(data.path(), "2024-01-01");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  for (const auto& table : k_tables) {
    const auto& expected = manifest["tables"][table];
    const std::string rejects =
        (home.lake() / "quarantine" / table / "ingest_date=2024-01-01" / "*.parquet").string();
    EXPECT_EQ(home.query_count("SELECT count(*) FROM read_parquet('" + rejects + "')"),
              expected["expected_rejects"].get<int64_t>())
        << table;
    for (const auto& [reason, count] : expected["defects"].items()) {
      if (reason == "crlf") continue;  // CRLF lines are accepted, not rejected
      EXPECT_EQ(home.query_count("SELECT count(*) FROM read_parquet('" + rejects +
                                 "') WHERE reason = '" + reason + "'"),
                count.get<int64_t>())
          << table << " " << reason;
    }
    EXPECT_EQ(home.query_count("SELECT sum(rows_rejected) FROM etl_pipeline_status WHERE task = "
                               "'land_" +
                               table + "'"),
              expected["expected_rejects"].get<int64_t>());
    EXPECT_EQ(home.query_count("SELECT sum(rows_out) FROM etl_pipeline_status WHERE task = "
                               "'land_" +
                               table + "'"),
              expected["expected_valid_rows"].get<int64_t>());
  }
}

TEST(ImdbPipelineTest, TruncatedGzipFailsTheRunAndThePreviousWarehouseKeepsServing) {
  TempDir good;
  generate(good.path(), "0.0005");
  Home home;
  ASSERT_EQ(home.run_imdb(good.path(), "2024-01-01").exit_code, 0);
  const int64_t people_before = home.query_count("SELECT count(*) FROM people");

  TempDir bad;
  for (const auto& entry : fs::directory_iterator(good.path())) {
    fs::copy_file(entry.path(), bad.path() / entry.path().filename());
  }
  const fs::path principals = bad.path() / "title.principals.tsv.gz";
  fs::resize_file(principals, fs::file_size(principals) / 2);
  const auto failed = home.run_imdb(bad.path(), "2024-01-02");
  EXPECT_NE(failed.exit_code, 0);
  EXPECT_NE(failed.output.find("title.principals.tsv.gz"), std::string::npos) << failed.output;

  EXPECT_EQ(home.query_count("SELECT count(*) FROM people"), people_before);
  EXPECT_EQ(home.query_count("SELECT count(DISTINCT run_id) FROM etl_pipeline_status"), 1);
  const auto status = home.run({"status", "--json"});
  const auto runs = nlohmann::json::parse(status.output)["runs"];
  EXPECT_EQ(runs[0]["state"], "failed");
  EXPECT_NE(runs[0]["error"].get<std::string>().find("title.principals.tsv.gz"), std::string::npos);
  EXPECT_EQ(runs[1]["state"], "succeeded");
}

TEST(ImdbPipelineTest, MissingSourcePathIsAClearErrorAndNonZeroExit) {
  Home home;
  const auto result = home.run_imdb("/nonexistent/imdb-data", "2024-01-01");
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.output.find("/nonexistent/imdb-data"), std::string::npos) << result.output;
  EXPECT_FALSE(fs::exists(home.path() / "warehouse.duckdb"));
}

TEST(ImdbPipelineTest, TwoRunsOfTheSameDateGiveIdenticalProducts) {
  TempDir data;
  generate(data.path(), "0.001");
  Home home;
  ASSERT_EQ(home.run_imdb(data.path(), "2024-01-01").exit_code, 0);
  const std::string first = home.query_csv(k_people_sql);
  ASSERT_EQ(home.run_imdb(data.path(), "2024-01-01").exit_code, 0);
  EXPECT_EQ(home.query_csv(k_people_sql), first);
  EXPECT_GT(std::count(first.begin(), first.end(), '\n'), 10);
}

TEST(ImdbPipelineTest, IncrementalCountsAndTimeTravel) {
  TempDir first;
  generate(first.path(), "0.0005", {"--seed", "3"});
  TempDir second;
  for (const char* name :
       {"title.basics.tsv.gz", "title.principals.tsv.gz", "name.basics.tsv.gz"}) {
    fs::copy_file(first.path() / name, second.path() / name);
  }
  // Day two: ratings lose 3 rows (lines 2-4) and 2 rows change their votes (lines 5-6).
  const auto edited = run_shell(
      "gzip -dc " + (first.path() / "title.ratings.tsv.gz").string() +
      " | awk -F'\\t' 'BEGIN{OFS=\"\\t\"} NR>=2&&NR<=4{next} NR==5||NR==6{$3=$3+1} {print}' > " +
      (second.path() / "title.ratings.tsv").string());
  ASSERT_EQ(edited.exit_code, 0) << edited.output;

  Home home;
  ASSERT_EQ(home.run_imdb(first.path(), "2024-01-01").exit_code, 0);
  const auto second_run = home.run_imdb(second.path(), "2024-01-02");
  ASSERT_EQ(second_run.exit_code, 0) << second_run.output;

  const std::string count_ratings = "SELECT count(*) FROM landing_title_ratings";
  EXPECT_EQ(home.query_count_as_of("2024-01-02", count_ratings),
            home.query_count_as_of("2024-01-01", count_ratings) - 3);
  EXPECT_EQ(home.query_count_as_of("2024-01-01", "SELECT count(*) FROM people"),
            home.query_count("SELECT count(*) FROM people"));

  auto catalog = catalog::Catalog::open(home.path() / "catalog.sqlite").value();
  std::vector<std::string> changes;
  const auto recorded = catalog.table_changes(2).value();
  for (const auto& change : recorded) {
    changes.push_back(fmt::format("{} {} {} {} since {}", change.table_name, change.inserted,
                                  change.updated, change.deleted,
                                  change.previous_ingest_date.value_or("-")));
  }
  std::sort(changes.begin(), changes.end());
  EXPECT_EQ(changes, (std::vector<std::string>{"name_basics 0 0 0 since 2024-01-01",
                                               "title_basics 0 0 0 since 2024-01-01",
                                               "title_principals 0 0 0 since 2024-01-01",
                                               "title_ratings 0 2 3 since 2024-01-01"}));
}

// Starts `reelhouse` in a child process; returns its pid.
pid_t spawn_reelhouse(const std::vector<std::string>& args) {
  const pid_t child = fork();
  if (child == 0) {
    const int null_fd = ::open("/dev/null", O_WRONLY);
    dup2(null_fd, STDOUT_FILENO);
    dup2(null_fd, STDERR_FILENO);
    std::vector<char*> argv;
    std::string binary = testing::reelhouse_binary().string();
    argv.push_back(binary.data());
    std::vector<std::string> copies = args;
    for (auto& arg : copies) argv.push_back(arg.data());
    argv.push_back(nullptr);
    execv(binary.c_str(), argv.data());
    _exit(127);
  }
  return child;
}

bool landing_in_progress(const fs::path& lake) {
  std::error_code error;
  for (const auto& table : fs::directory_iterator(lake / "landing", error)) {
    for (const auto& entry : fs::directory_iterator(table.path(), error)) {
      if (entry.path().filename().string().starts_with("_staging.")) return true;
    }
  }
  return false;
}

TEST(ImdbPipelineTest, KillDuringLandingThenRerunGivesTheSameProducts) {
  TempDir data;
  generate(data.path(), "0.01");
  Home reference;
  ASSERT_EQ(reference.run_imdb(data.path(), "2024-01-01").exit_code, 0);

  Home home;
  const pid_t child = spawn_reelhouse({"--home", home.path().string(), "--set",
                                       "sources.imdb.url=" + testing::file_url(data.path()), "run",
                                       "imdb", "--date", "2024-01-01"});
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (!landing_in_progress(home.lake()) && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ASSERT_TRUE(landing_in_progress(home.lake())) << "landing never started";
  kill(child, SIGKILL);
  int status = 0;
  waitpid(child, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status));

  // Nothing partial is visible: committed partitions hold only complete, readable Parquet.
  for (const auto& table : k_tables) {
    const fs::path partition = home.lake() / "landing" / table / "ingest_date=2024-01-01";
    if (!fs::exists(partition)) continue;
    auto database = db::DuckDatabase::open("").value();
    auto connection = db::DuckConnection::connect(database).value();
    const auto readable = connection.query_int("SELECT count(*) FROM read_parquet('" +
                                               (partition / "*.parquet").string() + "')");
    EXPECT_TRUE(readable) << readable.error().message;
  }
  const auto rerun = home.run_imdb(data.path(), "2024-01-01");
  ASSERT_EQ(rerun.exit_code, 0) << rerun.output;
  EXPECT_FALSE(landing_in_progress(home.lake()));
  EXPECT_EQ(home.query_csv(k_people_sql), reference.query_csv(k_people_sql));
  // The rerun found the killed run abandoned and resumed it (runtime.on_abandoned = resume):
  // it succeeded, recovered once, and no second run was started.
  const auto status_json = nlohmann::json::parse(home.run({"status", "--json"}).output);
  ASSERT_EQ(status_json["runs"].size(), 1u) << status_json.dump(2);
  EXPECT_EQ(status_json["runs"][0]["state"], "succeeded");
  EXPECT_EQ(status_json["runs"][0]["recovered"], 1);
}

}  // namespace
}  // namespace reelhouse
