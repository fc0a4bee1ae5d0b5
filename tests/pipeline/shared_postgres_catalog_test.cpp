// Team mode, the acceptance test of the PostgreSQL catalog: two real `reelhouse` processes on
// two homes sharing `catalog.url` (and the lake) never run the same task twice — each date of
// a range run by two concurrent backfills runs once, each task of each run succeeds exactly
// once, and runs of the pipeline never overlap. Also a whole `reelhouse run imdb` on the
// PostgreSQL catalog, read back with `reelhouse status` and `reelhouse logs`; and two
// `reelhouse schedule --once` processes catching up the same intervals claim each once.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <thread>

#include "catalog/catalog.hpp"
#include "support/postgres_server.hpp"
#include "support/reelhouse_home.hpp"
#include "support/test_support.hpp"

namespace reelhouse {
namespace {

using ::testing::HasSubstr;

// A small generated IMDb source (the binary's own generator).
void generate_imdb(const std::filesystem::path& out) {
  const auto result = testing::run_reelhouse(
      {"generate", "imdb", "--scale", "0.0005", "--seed", "5", "--out", out.string()});
  ASSERT_EQ(result.exit_code, 0) << result.output;
}

std::vector<std::string> with_sets(const std::vector<std::string>& sets,
                                   const std::vector<std::string>& command) {
  std::vector<std::string> args;
  for (const auto& set : sets) {
    args.push_back("--set");
    args.push_back(set);
  }
  args.insert(args.end(), command.begin(), command.end());
  return args;
}

TEST(SharedPostgresCatalogTest, TwoProcessesSharingTheCatalogNeverRunTheSameTaskTwice) {
  SKIP_WITHOUT_POSTGRES(server);
  const std::string url = server->create_database("shared_catalog_two_processes");
  testing::TempDir data;
  generate_imdb(data.path());
  if (HasFatalFailure()) return;
  testing::TempDir lake;
  const std::vector<std::string> sets = {"catalog.url=" + url, "lake.root=" + lake.path().string(),
                                         "sources.imdb.url=" + testing::file_url(data.path()),
                                         "products.people.min_titles=1",
                                         "products.people.min_votes=0"};
  const std::vector<std::string> backfill = {"backfill", "imdb",       "--from", "2024-01-01",
                                             "--to",     "2024-01-03", "--wait", "60"};
  testing::ReelhouseHome first_home;
  testing::ReelhouseHome second_home;
  const auto start = std::chrono::steady_clock::now();
  testing::CommandResult first;
  testing::CommandResult second;
  std::thread first_process([&] { first = first_home.run(with_sets(sets, backfill)); });
  std::thread second_process([&] { second = second_home.run(with_sets(sets, backfill)); });
  first_process.join();
  second_process.join();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds{60});
  ASSERT_EQ(first.exit_code, 0) << first.output;
  ASSERT_EQ(second.exit_code, 0) << second.output;
  // Neither home grew a SQLite catalog: everything went to PostgreSQL.
  EXPECT_FALSE(std::filesystem::exists(first_home.path() / "catalog.sqlite"));
  EXPECT_FALSE(std::filesystem::exists(second_home.path() / "catalog.sqlite"));

  auto catalog = catalog::Catalog::open(url);
  ASSERT_TRUE(catalog) << catalog.error().message;
  auto runs = catalog->recent_runs(0, "imdb").value();
  std::multiset<std::string> dates;
  for (const auto& run : runs) dates.insert(run.ingest_date);
  EXPECT_EQ(dates, (std::multiset<std::string>{"2024-01-01", "2024-01-02", "2024-01-03"}));
  for (const auto& run : runs) {
    EXPECT_EQ(run.state, catalog::RunState::succeeded) << run.run_id << ": " << run.error;
    std::map<std::string, int> succeeded;
    const auto attempts = catalog->tasks_of_run(run.run_id).value();
    for (const auto& task : attempts) {
      EXPECT_NE(task.state, catalog::TaskState::running) << task.task;
      if (task.state == catalog::TaskState::succeeded) ++succeeded[task.task];
    }
    EXPECT_FALSE(succeeded.empty());
    for (const auto& [task, count] : succeeded) {
      EXPECT_EQ(count, 1) << "run " << run.run_id << " task " << task;
    }
    const auto graph = catalog->run_dag(run.run_id).value();
    for (const auto& declared : graph) {
      EXPECT_LE(succeeded[declared.task], 1) << declared.task;
    }
  }
  // Runs of one pipeline never overlap (the lease): each ends before the next begins.
  std::sort(runs.begin(), runs.end(),
            [](const auto& left, const auto& right) { return left.started_at < right.started_at; });
  for (size_t index = 1; index < runs.size(); ++index) {
    ASSERT_TRUE(runs[index - 1].finished_at);
    EXPECT_LE(*runs[index - 1].finished_at, runs[index].started_at)
        << "runs " << runs[index - 1].run_id << " and " << runs[index].run_id << " overlap";
  }
  // The lease was given back.
  EXPECT_FALSE(catalog->lease("pipeline:imdb").value());
}

// "YYYY-MM-DDTHH:MM:00Z" of the UTC minute `minutes_ago` minutes before now.
std::string utc_minute(int minutes_ago) {
  const auto minute = std::chrono::floor<std::chrono::minutes>(std::chrono::system_clock::now()) -
                      std::chrono::minutes{minutes_ago};
  const auto days = std::chrono::floor<std::chrono::days>(minute);
  const std::chrono::year_month_day date{days};
  const std::chrono::hh_mm_ss time{minute - days};
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:00Z", static_cast<int>(date.year()),
                     static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                     time.hours().count(), time.minutes().count());
}

TEST(SharedPostgresCatalogTest, TwoSchedulersSharingTheCatalogClaimEachIntervalOnce) {
  SKIP_WITHOUT_POSTGRES(server);
  const std::string url = server->create_database("shared_catalog_two_schedulers");
  testing::TempDir data;
  generate_imdb(data.path());
  if (HasFatalFailure()) return;
  testing::TempDir lake;
  {
    // As if an earlier scheduler had run an interval a few minutes ago: the ones since are due.
    auto catalog = catalog::Catalog::open(url);
    ASSERT_TRUE(catalog) << catalog.error().message;
    ASSERT_TRUE(catalog->claim_schedule_fire("imdb", utc_minute(4), "run", "earlier:1:x"));
  }
  const std::vector<std::string> sets = {"catalog.url=" + url,
                                         "lake.root=" + lake.path().string(),
                                         "sources.imdb.url=" + testing::file_url(data.path()),
                                         "products.people.min_titles=1",
                                         "products.people.min_votes=0",
                                         "schedule.imdb.cron=* * * * *",
                                         "schedule.imdb.timezone=UTC",
                                         "schedule.imdb.catch_up=run_each"};
  const std::vector<std::string> schedule = {"schedule", "--once", "--pipelines", "imdb"};
  testing::ReelhouseHome first_home;
  testing::ReelhouseHome second_home;
  testing::CommandResult first;
  testing::CommandResult second;
  std::thread first_process([&] { first = first_home.run(with_sets(sets, schedule)); });
  std::thread second_process([&] { second = second_home.run(with_sets(sets, schedule)); });
  first_process.join();
  second_process.join();
  EXPECT_EQ(first.exit_code, 0) << first.output;
  EXPECT_EQ(second.exit_code, 0) << second.output;

  auto catalog = catalog::Catalog::open(url);
  ASSERT_TRUE(catalog) << catalog.error().message;
  const auto fires = catalog->schedule_fires("imdb", 0).value();
  const auto runs = catalog->recent_runs(0, "imdb").value();
  std::multiset<std::string> scheduled;
  for (const auto& run : runs) {
    EXPECT_EQ(run.state, catalog::RunState::succeeded) << run.run_id << ": " << run.error;
    EXPECT_EQ(run.trigger, "schedule");
    scheduled.insert(run.scheduled_for.value_or("none"));
  }
  // Every claimed interval after the earlier one ran exactly once, by one of the schedulers.
  int claimed = 0;
  for (const auto& fire : fires) {
    if (fire.holder == "earlier:1:x") continue;
    ++claimed;
    EXPECT_EQ(fire.outcome, "run") << fire.fire_time;
    EXPECT_EQ(scheduled.count(fire.fire_time), 1u) << fire.fire_time;
  }
  EXPECT_GE(claimed, 3);
  EXPECT_EQ(runs.size(), static_cast<size_t>(claimed));
}

TEST(SharedPostgresCatalogTest, RunStatusAndLogsOnThePostgresCatalog) {
  SKIP_WITHOUT_POSTGRES(server);
  const std::string url = server->create_database("shared_catalog_run_status_logs");
  testing::TempDir data;
  generate_imdb(data.path());
  if (HasFatalFailure()) return;
  testing::ReelhouseHome home;
  const std::vector<std::string> sets = {
      "catalog.url=" + url, "sources.imdb.url=" + testing::file_url(data.path()),
      "products.people.min_titles=1", "products.people.min_votes=0"};
  const auto run = home.run_pipeline("imdb", "2024-01-01", sets);
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_FALSE(std::filesystem::exists(home.path() / "catalog.sqlite"));

  auto catalog = catalog::Catalog::open(url);
  ASSERT_TRUE(catalog) << catalog.error().message;
  const auto runs = catalog->recent_runs(0, "imdb").value();
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].state, catalog::RunState::succeeded) << runs[0].error;
  EXPECT_FALSE(catalog->snapshots_as_of("2024-01-01").value().empty());

  const auto status = home.run(with_sets(sets, {"status"}));
  EXPECT_EQ(status.exit_code, 0) << status.output;
  EXPECT_THAT(status.output, HasSubstr("imdb"));
  EXPECT_THAT(status.output, HasSubstr("succeeded"));
  const auto logs = home.run(with_sets(sets, {"logs", std::to_string(runs[0].run_id)}));
  EXPECT_EQ(logs.exit_code, 0) << logs.output;
  EXPECT_FALSE(catalog->task_logs(runs[0].run_id, std::nullopt).value().empty());
  EXPECT_THAT(logs.output, HasSubstr("== compare_snapshots"));
}

}  // namespace
}  // namespace reelhouse
