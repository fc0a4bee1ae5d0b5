// End-to-end tests of `reelhouse run prices` against the in-process provider simulator
// (providers/simulator), time-scaled so each test takes seconds: a full run under faults
// collects every film at the simulator's prices; price changes between runs become
// price_changes rows; a provider that stays down makes the run partial while its last prices
// are kept; a run killed with SIGKILL and run again gives the same products as a clean run.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <chrono>
#include <map>
#include <set>
#include <thread>

#include "db/duckdb.hpp"
#include "pipeline/pipeline_runner.hpp"
#include "providers/provider_json.hpp"
#include "providers/simulator/provider_simulator.hpp"
#include "support/reelhouse_home.hpp"
#include "support/test_support.hpp"

extern char** environ;

namespace reelhouse::pipeline {
namespace {

namespace fs = std::filesystem;
namespace sim = providers::sim;
using Rows = std::vector<std::string>;

constexpr const char* k_day1 = "2026-03-01";
constexpr const char* k_day2 = "2026-03-02";

// A profile by name, time-scaled: latencies and hangs in milliseconds instead of seconds.
sim::FaultProfile scaled_profile(const std::string& name, double time_scale = 0.001) {
  auto profile = sim::load_fault_profile(name);
  EXPECT_TRUE(profile.has_value()) << (profile ? "" : profile.error().message);
  auto scaled = profile.value_or(sim::FaultProfile{});
  scaled.time_scale = time_scale;
  // Retry-After is sent unscaled, in whole seconds: 0 keeps 429s from stalling the test.
  auto no_wait = [](sim::ProviderFaults& faults) {
    faults.list.retry_after_seconds = 0;
    faults.detail.retry_after_seconds = 0;
  };
  no_wait(scaled.defaults);
  for (auto& [provider, faults] : scaled.per_provider) no_wait(faults);
  return scaled;
}

std::unique_ptr<sim::ProviderSimulator> start_simulator(int64_t movies, sim::FaultProfile profile) {
  auto simulator = sim::ProviderSimulator::start(sim::SimulatorOptions{
      .movies = movies, .seed = 7, .profile = std::move(profile), .threads = 32});
  EXPECT_TRUE(simulator.has_value()) << (simulator ? "" : simulator.error().message);
  return simulator ? std::move(*simulator) : nullptr;
}

// `--set` values pointing a home at the simulator with bounded, quick ingestion limits.
std::vector<std::string> provider_settings(const sim::ProviderSimulator& simulator,
                                           int deadline_seconds = 60) {
  return {"providers.url=" + simulator.base_url(),
          "providers.token=reelhouse-simulator",
          "providers.concurrency=8",
          "providers.connect_timeout_ms=1000",
          "providers.request_timeout_ms=1000",
          "providers.deadline_seconds=" + std::to_string(deadline_seconds),
          "providers.max_attempts=60",
          "providers.backoff_initial_ms=2",
          "providers.backoff_max_ms=40",
          "providers.breaker_failures=20",
          "providers.breaker_open_ms=20",
          "runtime.threads=2",
          "runtime.memory_limit=512MB",
          "runtime.task_backoff_initial_ms=10"};
}

// A home run in this process (pipeline::run_pipeline), as `reelhouse run prices` does.
class PricesHome {
 public:
  explicit PricesHome(std::vector<std::string> settings) {
    m_config = load_config(m_dir.path(), settings, {}).value();
  }
  const Config& config() const { return m_config; }

  RunOutcome run(const std::string& date) {
    auto outcome = run_pipeline(m_config, RunRequest{.pipeline = "prices", .ingest_date = date});
    EXPECT_TRUE(outcome.has_value()) << (outcome ? "" : outcome.error().message);
    if (outcome) {
      EXPECT_TRUE(outcome->summary.succeeded()) << outcome->summary.first_error();
    }
    return outcome.value_or(RunOutcome{});
  }

  Rows rows(const std::string& sql) const { return warehouse_rows(m_config.warehouse_path(), sql); }

  static Rows warehouse_rows(const fs::path& warehouse, const std::string& sql) {
    auto database =
        db::DuckDatabase::open(warehouse.string(), db::DuckOptions{.read_only = true}).value();
    auto connection = db::DuckConnection::connect(database).value();
    auto result = connection.query_text(sql);
    EXPECT_TRUE(result.has_value()) << (result ? "" : result.error().message);
    Rows lines;
    if (!result) return lines;
    for (const auto& row : result->rows) {
      std::string line;
      for (size_t column_idx = 0; column_idx < row.size(); ++column_idx) {
        if (column_idx > 0) line += '|';
        line += row[column_idx].value_or("∅");
      }
      lines.push_back(line);
    }
    return lines;
  }

 private:
  testing::TempDir m_dir;
  Config m_config;
};

// "provider|movie_id|price" for everything the simulator offers now, sorted.
Rows offered_prices(const sim::ProviderSimulator& simulator) {
  Rows offered;
  for (const auto& [provider, details] : simulator.offered()) {
    for (const auto& detail : details) {
      offered.push_back(fmt::format("{}|{}|{}", provider, detail.id,
                                    providers::parse_price(detail.price).value().to_string()));
    }
  }
  std::sort(offered.begin(), offered.end());
  return offered;
}

const char* k_latest_prices =
    "SELECT provider, movie_id, price FROM prices_latest ORDER BY provider, movie_id";

TEST(PricesPipeline, FullRunUnderFaultsCollectsEveryFilmAndRecordsPriceChanges) {
  auto simulator = start_simulator(120, scaled_profile("chaos"));
  ASSERT_TRUE(simulator);
  PricesHome home(provider_settings(*simulator));
  const auto day1 = home.run(k_day1);
  EXPECT_FALSE(day1.partial.has_value()) << day1.partial.value_or("");
  const Rows offered1 = offered_prices(*simulator);
  EXPECT_EQ(home.rows(k_latest_prices), offered1);
  EXPECT_EQ(home.rows("SELECT count(*) FROM missing_films"), (Rows{"0"}));
  EXPECT_EQ(home.rows("SELECT count(*) FROM prices_latest WHERE price IS NULL OR NOT is_current"),
            (Rows{"0"}));
  // The faults are visible in provider_health: retries and failures for both providers.
  const Rows health = home.rows(
      "SELECT provider, films_collected = films_listed, requests > successes, retries > 0 "
      "FROM provider_health ORDER BY provider");
  EXPECT_EQ(health, (Rows{"cinemaworld|true|true|true", "filmworld|true|true|true"}));
  // Every film of both providers appears once per provider in cheapest_films' own scopes.
  EXPECT_EQ(home.rows("SELECT count(*) FROM cheapest_films WHERE scope <> 'all'"),
            (Rows{std::to_string(offered1.size())}));

  // Prices change; the next day's run records each change once.
  simulator->set_profile(scaled_profile("none"));
  simulator->advance_prices();
  home.run(k_day2);
  const Rows offered2 = offered_prices(*simulator);
  EXPECT_EQ(home.rows(k_latest_prices), offered2);
  std::map<std::string, std::string> before;
  for (const auto& line : offered1) before[line.substr(0, line.rfind('|'))] = line;
  Rows expected_changes;
  for (const auto& line : offered2) {
    const auto key = line.substr(0, line.rfind('|'));
    if (before.contains(key) && before[key] != line) {
      expected_changes.push_back(fmt::format("{}|{}|{}", key,
                                             before[key].substr(before[key].rfind('|') + 1),
                                             line.substr(line.rfind('|') + 1)));
    }
  }
  ASSERT_FALSE(expected_changes.empty()) << "the simulator changed no price";
  EXPECT_EQ(home.rows("SELECT provider, movie_id, old_price, new_price FROM price_changes "
                      "ORDER BY provider, movie_id"),
            expected_changes);
}

TEST(PricesPipeline, ProviderDownMakesThePartialRunKeepLastPrices) {
  auto simulator = start_simulator(40, scaled_profile("none"));
  ASSERT_TRUE(simulator);
  PricesHome home(provider_settings(*simulator, 3));
  home.run(k_day1);
  const Rows day1_filmworld = home.rows(
      "SELECT movie_id, price, observed_at FROM prices_latest WHERE provider = 'filmworld' "
      "ORDER BY movie_id");
  ASSERT_FALSE(day1_filmworld.empty());

  simulator->set_profile(scaled_profile("down-filmworld"));
  const auto day2 = home.run(k_day2);
  ASSERT_TRUE(day2.partial.has_value()) << "a run missing a provider must be partial";
  EXPECT_NE(day2.partial->find("filmworld"), std::string::npos) << *day2.partial;
  // Every filmworld film is named missing, with its last known price.
  EXPECT_EQ(home.rows("SELECT movie_id, last_price, last_observed_at FROM missing_films "
                      "WHERE provider = 'filmworld' ORDER BY movie_id"),
            day1_filmworld);
  EXPECT_EQ(home.rows("SELECT count(*) FROM missing_films WHERE provider <> 'filmworld'"),
            (Rows{"0"}));
  // prices_latest keeps them, not current, never NULL; cinemaworld is current.
  EXPECT_EQ(home.rows("SELECT movie_id, price, observed_at FROM prices_latest "
                      "WHERE provider = 'filmworld' AND NOT is_current ORDER BY movie_id"),
            day1_filmworld);
  EXPECT_EQ(home.rows("SELECT count(*) FROM prices_latest WHERE price IS NULL"), (Rows{"0"}));
  EXPECT_EQ(home.rows("SELECT bool_and(is_current) FROM prices_latest "
                      "WHERE provider = 'cinemaworld'"),
            (Rows{"true"}));
  // The catalog records the run as partial.
  auto catalog = catalog::Catalog::open(home.config().catalog_location()).value();
  const auto run = catalog.run(day2.run_id).value();
  ASSERT_TRUE(run.has_value());
  EXPECT_TRUE(run->partial.has_value());
}

// Spawns the reelhouse binary with `args`, output discarded; returns its pid.
pid_t spawn_reelhouse(const std::vector<std::string>& args) {
  std::vector<std::string> full = {testing::reelhouse_binary().string()};
  full.insert(full.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& arg : full) argv.push_back(arg.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  pid_t pid = -1;
  const int spawned = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  EXPECT_EQ(spawned, 0);
  return pid;
}

size_t stored_details(const fs::path& lake) {
  size_t count = 0;
  std::error_code error;
  for (const auto& provider : fs::directory_iterator(lake / "raw" / "providers", error)) {
    const auto dir = provider.path() / (std::string("ingest_date=") + k_day1) / "movie";
    for (const auto& entry : fs::directory_iterator(dir, error)) {
      if (entry.path().extension() == ".json") ++count;
    }
  }
  return count;
}

TEST(PricesPipeline, KilledRunRerunGivesTheSameProductsAsACleanRun) {
  // Latency in milliseconds (recorded profile scaled): long enough to kill the run midway.
  auto profile = scaled_profile("recorded", 0.01);
  auto simulator = start_simulator(150, profile);
  ASSERT_TRUE(simulator);
  std::vector<std::string> sets = provider_settings(*simulator);
  sets.push_back("providers.concurrency=4");

  testing::ReelhouseHome killed;
  std::vector<std::string> args = {"--home", killed.path().string()};
  for (const auto& set : sets) {
    args.push_back("--set");
    args.push_back(set);
  }
  args.insert(args.end(), {"run", "prices", "--date", k_day1});
  const pid_t pid = spawn_reelhouse(args);
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (stored_details(killed.lake()) < 40 && std::chrono::steady_clock::now() < give_up) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ASSERT_EQ(::kill(pid, SIGKILL), 0);
  int status = 0;
  ::waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status)) << "the run finished before it could be killed";
  const size_t before_rerun = stored_details(killed.lake());
  EXPECT_LT(before_rerun, 300u);

  const auto rerun = killed.run_pipeline("prices", k_day1, sets);
  ASSERT_EQ(rerun.exit_code, 0) << rerun.output;
  testing::ReelhouseHome clean;
  const auto clean_run = clean.run_pipeline("prices", k_day1, sets);
  ASSERT_EQ(clean_run.exit_code, 0) << clean_run.output;

  // Products compared without what depends on when and by which run a film was fetched.
  const fs::path killed_warehouse = killed.path() / "warehouse.duckdb";
  const fs::path clean_warehouse = clean.path() / "warehouse.duckdb";
  for (const char* sql : {
           "SELECT * EXCLUDE (observed_at, run_id) FROM price_observations ORDER BY ALL",
           "SELECT * EXCLUDE (observed_at) FROM prices_latest ORDER BY ALL",
           "SELECT * FROM price_changes ORDER BY ALL",
           "SELECT * FROM cheapest_films ORDER BY ALL",
           "SELECT * FROM cheapest_directors ORDER BY ALL",
           "SELECT * FROM price_comparison ORDER BY ALL",
           "SELECT * FROM missing_films ORDER BY ALL",
           "SELECT provider, sum(films_collected) FILTER (WHERE run_id = (SELECT max(run_id) "
           "FROM provider_health)) FROM provider_health GROUP BY ALL ORDER BY ALL",
       }) {
    const Rows killed_rows = PricesHome::warehouse_rows(killed_warehouse, sql);
    EXPECT_EQ(killed_rows, PricesHome::warehouse_rows(clean_warehouse, sql)) << sql;
    if (std::string_view(sql).find("price_observations") != std::string_view::npos) {
      EXPECT_EQ(killed_rows.size(), offered_prices(*simulator).size());
    }
  }
}

}  // namespace
}  // namespace reelhouse::pipeline
