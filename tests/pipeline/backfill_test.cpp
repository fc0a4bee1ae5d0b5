// Backfills (pipeline/backfill.hpp): a registered synthetic pipeline whose tasks fail on chosen
// dates and count how many runs are in flight, run through run_backfill against a real catalog;
// the acceptance scenario of issue 6 (30 dates, 3 induced failures, then --only-failed reruns
// exactly those 3, checked in the catalog), skip/--force/dry-run semantics, --parallel, range
// validation, the lease; and the real binary backfilling the imdb pipeline over two dates.
#include "pipeline/backfill.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <set>
#include <thread>

#include "catalog/catalog.hpp"
#include "pipeline/pipeline_lease.hpp"
#include "pipeline/pipeline_registry.hpp"
#include "support/reelhouse_home.hpp"
#include "support/test_support.hpp"

namespace reelhouse::pipeline {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

constexpr std::string_view k_pipeline = "backfill_synthetic";

// What the synthetic pipeline's tasks do and saw; shared by every run of a test.
struct SyntheticState {
  std::mutex mutex;
  std::condition_variable in_flight_changed;
  // When > 0, extract waits (at most 2 s) until this many extracts run at once, so that a
  // test of parallelism does not depend on timing.
  int gather = 0;
  std::atomic<bool>* stop_on_extract = nullptr;  // set by the first extract when given
  std::set<std::string> failing_dates;           // extract fails (permanently) on these
  std::map<std::string, int> extract_runs;       // per date
  std::chrono::milliseconds extract_time{5};
  int in_flight = 0;
  int max_in_flight = 0;
};

// extract → load: extract sleeps, counts concurrent runs and fails on the failing dates.
std::vector<Task> synthetic_tasks(const std::shared_ptr<SyntheticState>& state) {
  Task extract{.name = "extract"};
  extract.run = [state](RunContext& context) -> Result<TaskCounters> {
    std::chrono::milliseconds sleep{};
    bool fail = false;
    {
      std::unique_lock lock(state->mutex);
      ++state->extract_runs[context.ingest_date()];
      state->max_in_flight = std::max(state->max_in_flight, ++state->in_flight);
      sleep = state->extract_time;
      fail = state->failing_dates.contains(context.ingest_date());
      if (state->stop_on_extract) state->stop_on_extract->store(true);
      state->in_flight_changed.notify_all();
      state->in_flight_changed.wait_for(lock, std::chrono::seconds(2), [&] {
        return state->gather <= 0 || state->max_in_flight >= state->gather;
      });
    }
    std::this_thread::sleep_for(sleep);
    {
      std::lock_guard lock(state->mutex);
      --state->in_flight;
    }
    if (fail) {
      return make_error(ErrorCode::parse, "induced failure for {}", context.ingest_date());
    }
    return TaskCounters{.rows_out = 1};
  };
  Task load{.name = "load", .depends_on = {"extract"}};
  load.run = [](RunContext&) -> Result<TaskCounters> { return TaskCounters{.rows_out = 1}; };
  return {extract, load};
}

class BackfillTest : public ::testing::Test {
 protected:
  void SetUp() override {
    m_config.home = m_dir.path();
    m_config.runtime.task_max_attempts = 2;
    m_config.runtime.task_backoff_initial_ms = 1;
    m_config.runtime.task_backoff_max_ms = 5;
    register_pipeline(std::string(k_pipeline),
                      [state = m_state] { return synthetic_tasks(state); });
  }

  BackfillRequest request(std::string from, std::string to, int parallel = 1) const {
    return {.pipeline = std::string(k_pipeline),
            .from = std::move(from),
            .to = std::move(to),
            .parallel = parallel};
  }

  BackfillReport backfill(const BackfillRequest& backfill_request) {
    auto report = run_backfill(m_config, backfill_request);
    EXPECT_TRUE(report) << report.error().message;
    return report ? std::move(*report) : BackfillReport{};
  }

  catalog::Catalog open_catalog() const {
    return catalog::Catalog::open(m_config.catalog_location()).value();
  }

  // Every run of the pipeline, oldest first.
  std::vector<catalog::RunRecord> all_runs() {
    auto runs = open_catalog().recent_runs(0, k_pipeline).value();
    std::reverse(runs.begin(), runs.end());
    return runs;
  }

  static std::vector<std::string> dates_with(const BackfillReport& report,
                                             BackfillOutcome outcome) {
    std::vector<std::string> dates;
    for (const auto& entry : report.dates) {
      if (entry.outcome == outcome) dates.push_back(entry.date);
    }
    return dates;
  }

  testing::TempDir m_dir;
  Config m_config;
  std::shared_ptr<SyntheticState> m_state = std::make_shared<SyntheticState>();
};

TEST_F(BackfillTest, ThirtyDatesWithThreeFailuresThenOnlyFailedRerunsExactlyThose) {
  const std::vector<std::string> failing = {"2026-01-05", "2026-01-17", "2026-01-30"};
  m_state->failing_dates = {failing.begin(), failing.end()};

  const auto first = backfill(request("2026-01-01", "2026-01-30", 3));
  ASSERT_EQ(first.dates.size(), 30u);
  EXPECT_EQ(first.count(BackfillOutcome::succeeded), 27);
  EXPECT_EQ(dates_with(first, BackfillOutcome::failed), failing);
  EXPECT_FALSE(first.succeeded());
  for (const auto& entry : first.dates) {
    ASSERT_TRUE(entry.run_id) << entry.date;
    EXPECT_FALSE(entry.previous_run_id) << entry.date;
    if (entry.outcome == BackfillOutcome::failed) {
      EXPECT_THAT(entry.detail, HasSubstr("induced failure for " + entry.date));
    }
  }
  // In the catalog: one backfill run per date, the three induced failures failed.
  const auto runs_before = all_runs();
  ASSERT_EQ(runs_before.size(), 30u);
  for (const auto& run : runs_before) {
    EXPECT_EQ(run.trigger, "backfill");
    const bool induced = m_state->failing_dates.contains(run.ingest_date);
    EXPECT_EQ(run.state, induced ? catalog::RunState::failed : catalog::RunState::succeeded)
        << run.ingest_date;
  }
  const int64_t newest_before = runs_before.back().run_id;
  // A permanent error is not retried: one extract per date.
  EXPECT_EQ(m_state->extract_runs.size(), 30u);
  for (const auto& [date, count] : m_state->extract_runs) EXPECT_EQ(count, 1) << date;

  // The cause is fixed; --only-failed reruns exactly the three failed dates.
  m_state->failing_dates.clear();
  auto only_failed = request("2026-01-01", "2026-01-30", 3);
  only_failed.selection = BackfillSelection::only_failed;
  const auto second = backfill(only_failed);
  EXPECT_TRUE(second.succeeded());
  EXPECT_EQ(dates_with(second, BackfillOutcome::succeeded), failing);
  EXPECT_EQ(second.count(BackfillOutcome::skipped), 27);
  for (const auto& entry : second.dates) {
    ASSERT_TRUE(entry.previous_state) << entry.date;
    if (entry.outcome == BackfillOutcome::skipped) {
      EXPECT_EQ(*entry.previous_state, catalog::RunState::succeeded);
      EXPECT_EQ(entry.run_id, entry.previous_run_id);
      EXPECT_THAT(entry.detail, HasSubstr("succeeded"));
    } else {
      EXPECT_EQ(*entry.previous_state, catalog::RunState::failed);
    }
  }
  // The catalog has new runs for exactly those dates, all succeeded, and each date's newest run
  // succeeded.
  std::vector<std::string> new_run_dates;
  for (const auto& run : all_runs()) {
    if (run.run_id <= newest_before) continue;
    new_run_dates.push_back(run.ingest_date);
    EXPECT_EQ(run.state, catalog::RunState::succeeded);
    EXPECT_EQ(run.trigger, "backfill");
  }
  std::sort(new_run_dates.begin(), new_run_dates.end());
  EXPECT_EQ(new_run_dates, failing);
  const auto newest = open_catalog().latest_runs_by_date(k_pipeline, "2026-01-01", "2026-01-30");
  ASSERT_TRUE(newest) << newest.error().message;
  ASSERT_EQ(newest->size(), 30u);
  for (const auto& [date, run] : *newest)
    EXPECT_EQ(run.state, catalog::RunState::succeeded) << date;
  for (const auto& [date, count] : m_state->extract_runs) {
    const bool induced = std::find(failing.begin(), failing.end(), date) != failing.end();
    EXPECT_EQ(count, induced ? 2 : 1) << date;
  }
}

TEST_F(BackfillTest, SucceededDatesAreSkippedUnlessForced) {
  ASSERT_TRUE(backfill(request("2026-03-01", "2026-03-03")).succeeded());
  ASSERT_EQ(all_runs().size(), 3u);

  // Again without --force: nothing runs.
  const auto again = backfill(request("2026-03-01", "2026-03-03"));
  EXPECT_TRUE(again.succeeded());
  EXPECT_EQ(again.count(BackfillOutcome::skipped), 3);
  EXPECT_EQ(all_runs().size(), 3u);

  // A wider range runs only the new dates.
  const auto wider = backfill(request("2026-02-27", "2026-03-04"));
  EXPECT_EQ(dates_with(wider, BackfillOutcome::succeeded),
            (std::vector<std::string>{"2026-02-27", "2026-02-28", "2026-03-04"}));
  EXPECT_EQ(wider.count(BackfillOutcome::skipped), 3);
  EXPECT_EQ(all_runs().size(), 6u);

  // A dry run decides without running: a failing date would run, succeeded ones are skipped.
  m_state->failing_dates = {"2026-03-05"};
  ASSERT_FALSE(backfill(request("2026-03-05", "2026-03-05")).succeeded());
  auto dry = request("2026-03-03", "2026-03-06");
  dry.dry_run = true;
  const auto planned = backfill(dry);
  EXPECT_EQ(dates_with(planned, BackfillOutcome::planned),
            (std::vector<std::string>{"2026-03-05", "2026-03-06"}));
  EXPECT_EQ(dates_with(planned, BackfillOutcome::skipped),
            (std::vector<std::string>{"2026-03-03", "2026-03-04"}));
  EXPECT_EQ(all_runs().size(), 7u);

  // --force runs every date again, succeeded ones included.
  m_state->failing_dates.clear();
  auto forced = request("2026-03-01", "2026-03-03");
  forced.selection = BackfillSelection::force;
  const auto rerun = backfill(forced);
  EXPECT_EQ(rerun.count(BackfillOutcome::succeeded), 3);
  EXPECT_EQ(all_runs().size(), 10u);
  EXPECT_EQ(m_state->extract_runs["2026-03-02"], 2);
}

TEST_F(BackfillTest, ParallelRunsThatManyDatesAtOnce) {
  // Each extract waits until three run at once (bounded): with --parallel 3 they do.
  m_state->gather = 3;
  const auto parallel = backfill(request("2026-04-01", "2026-04-06", 3));
  EXPECT_TRUE(parallel.succeeded());
  EXPECT_EQ(parallel.count(BackfillOutcome::succeeded), 6);
  EXPECT_EQ(m_state->max_in_flight, 3);
  EXPECT_LT(parallel.seconds, 2.0) << "the extracts waited for each other in vain";

  m_state->gather = 0;
  m_state->max_in_flight = 0;
  auto serial = request("2026-04-07", "2026-04-09", 1);
  EXPECT_TRUE(backfill(serial).succeeded());
  EXPECT_EQ(m_state->max_in_flight, 1);
}

TEST_F(BackfillTest, ARequestedStopStartsNoDate) {
  std::atomic<bool> stop{true};
  auto stopped = request("2026-05-01", "2026-05-04", 2);
  stopped.stop = &stop;
  const auto report = backfill(stopped);
  EXPECT_EQ(report.count(BackfillOutcome::not_run), 4);
  EXPECT_FALSE(report.succeeded());
  EXPECT_THAT(report.dates.front().detail, HasSubstr("stopped"));
  EXPECT_TRUE(all_runs().empty());
}

// A stop while a date runs: its running task finishes, the rest of its tasks do not start (the
// run ends cancelled, "interrupted"), no further date starts. The next backfill first resumes
// the interrupted run (recovery), then runs the dates that never started.
TEST_F(BackfillTest, AStopInterruptsTheRunningDateAndTheNextBackfillResumesIt) {
  std::atomic<bool> stop{false};
  m_state->stop_on_extract = &stop;
  m_state->extract_time = std::chrono::milliseconds(500);  // the stop is seen every 100 ms
  auto stopped = request("2026-05-10", "2026-05-12");
  stopped.stop = &stop;
  stopped.stopped_by = "the test";
  const auto first = backfill(stopped);
  EXPECT_FALSE(first.succeeded());
  EXPECT_EQ(dates_with(first, BackfillOutcome::interrupted),
            std::vector<std::string>{"2026-05-10"});
  EXPECT_THAT(first.dates[0].detail, HasSubstr("interrupted: the test stopped"));
  EXPECT_EQ(first.count(BackfillOutcome::not_run), 2);
  auto runs = all_runs();
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].state, catalog::RunState::cancelled);

  m_state->stop_on_extract = nullptr;
  m_state->extract_time = std::chrono::milliseconds(5);
  const auto second = backfill(request("2026-05-10", "2026-05-12"));
  EXPECT_TRUE(second.succeeded());
  EXPECT_EQ(dates_with(second, BackfillOutcome::skipped), std::vector<std::string>{"2026-05-10"});
  EXPECT_EQ(second.count(BackfillOutcome::succeeded), 2);
  runs = all_runs();
  ASSERT_EQ(runs.size(), 3u);
  EXPECT_EQ(runs[0].state, catalog::RunState::succeeded);  // resumed, not rerun
  EXPECT_EQ(runs[0].recovered, 1);
  EXPECT_EQ(m_state->extract_runs["2026-05-10"], 1);  // its extract had succeeded: kept
}

TEST_F(BackfillTest, ARunningPipelineRefusesTheBackfill) {
  auto held = PipelineLease::acquire(m_config, k_pipeline, std::chrono::milliseconds(0));
  ASSERT_TRUE(held) << held.error().message;
  const auto refused = run_backfill(m_config, request("2026-06-01", "2026-06-02"));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::busy);
  EXPECT_THAT(refused.error().message, HasSubstr("already running"));
  EXPECT_TRUE(all_runs().empty());
}

// Concurrent runs (parallel backfill dates) must not share DuckDB's spill directory: DuckDB 1.4
// names its temporary files by size class and index only, so two instances spilling into one
// directory overwrite each other's files, and the first to shut down deletes the other's
// (duckdb/duckdb#15173).
TEST_F(BackfillTest, ConcurrentRunsSpillIntoTheirOwnDirectories) {
  auto catalog = open_catalog();
  std::vector<std::string> directories;
  for (const char* date : {"2026-07-01", "2026-07-02"}) {
    RunContext context(m_config, catalog, std::string(k_pipeline), date, Refresh::no);
    context.set_run_id(catalog.begin_run(k_pipeline, date, "backfill").value());
    auto* database = context.work_database().value();
    auto connection = db::DuckConnection::connect(*database).value();
    const auto setting = connection.query_text("SELECT current_setting('temp_directory')").value();
    ASSERT_EQ(setting.rows.size(), 1u);
    directories.push_back(setting.rows[0][0].value_or(""));
  }
  EXPECT_NE(directories[0], directories[1]);
  for (const auto& directory : directories) {
    EXPECT_THAT(directory, HasSubstr((m_config.lake_root() / "_tmp_duckdb").string()));
  }
}

TEST(BackfillDatesTest, RangesAreExpandedAndBadOnesNamed) {
  EXPECT_EQ(backfill_dates("2024-02-28", "2024-03-01").value(),
            (std::vector<std::string>{"2024-02-28", "2024-02-29", "2024-03-01"}));
  EXPECT_EQ(backfill_dates("2025-12-31", "2025-12-31").value(),
            (std::vector<std::string>{"2025-12-31"}));
  EXPECT_EQ(backfill_dates("2016-01-01", "2026-01-07").value().size(), 3660u);

  const struct {
    std::string from, to, message;
  } bad[] = {
      {"2026-02-01", "2026-01-31", "--from 2026-02-01 is after --to 2026-01-31"},
      {"2026-02-30", "2026-03-01", "--from \"2026-02-30\" is not a valid date"},
      {"2026-01-01", "2026-1-5", "--to \"2026-1-5\" is not a valid date"},
      {"yesterday", "2026-01-05", "--from \"yesterday\" is not a valid date"},
      {"2016-01-01", "2026-01-08", "spans 3661 dates; a backfill covers at most 3660"},
  };
  for (const auto& range : bad) {
    const auto dates = backfill_dates(range.from, range.to);
    ASSERT_FALSE(dates) << range.from << " " << range.to;
    EXPECT_EQ(dates.error().code, ErrorCode::invalid_argument);
    EXPECT_THAT(dates.error().message, HasSubstr(range.message));
  }
}

TEST_F(BackfillTest, BadRequestsRunNothing) {
  auto zero = request("2026-01-01", "2026-01-02", 0);
  EXPECT_THAT(run_backfill(m_config, zero).error().message, HasSubstr("--parallel 0"));
  auto unknown = request("2026-01-01", "2026-01-02");
  unknown.pipeline = "no_such_pipeline";
  EXPECT_THAT(run_backfill(m_config, unknown).error().message,
              HasSubstr("unknown pipeline \"no_such_pipeline\""));
  EXPECT_THAT(run_backfill(m_config, request("2026-01-03", "2026-01-02")).error().message,
              HasSubstr("is after"));
  EXPECT_TRUE(all_runs().empty());
}

// The real binary and the real imdb pipeline on a tiny generated dataset, over two dates:
// both succeed, the warehouse is published once at the end; a second backfill skips both.
TEST(BackfillCommandTest, ImdbOverTwoDatesThroughTheBinary) {
  testing::TempDir data;
  const auto generated = testing::run_reelhouse(
      {"generate", "imdb", "--scale", "0.0005", "--out", data.path().string()});
  ASSERT_EQ(generated.exit_code, 0) << generated.output;
  testing::ReelhouseHome home;
  const std::vector<std::string> backfill_args = {
      "--set",      "sources.imdb.url=" + testing::file_url(data.path()),
      "backfill",   "imdb",
      "--from",     "2024-01-01",
      "--to",       "2024-01-02",
      "--parallel", "2"};
  const auto first = home.run(backfill_args);
  ASSERT_EQ(first.exit_code, 0) << first.output;
  EXPECT_THAT(first.output, HasSubstr("2 succeeded, 0 failed, 0 skipped, 0 not run"));

  auto catalog = catalog::Catalog::open(home.path() / "catalog.sqlite");
  ASSERT_TRUE(catalog) << catalog.error().message;
  const auto runs = catalog->latest_runs_by_date("imdb", "2024-01-01", "2024-01-02").value();
  ASSERT_EQ(runs.size(), 2u);
  for (const auto& [date, run] : runs) {
    EXPECT_EQ(run.state, catalog::RunState::succeeded) << date;
    EXPECT_EQ(run.trigger, "backfill");
  }
  // Published once, at the end, for the newest date's run; the warehouse answers.
  const auto publication = catalog->latest_publication().value();
  ASSERT_TRUE(publication);
  EXPECT_EQ(publication->run_id, runs.at("2024-01-02").run_id);
  EXPECT_EQ(home.query_count("SELECT count(DISTINCT run_id) FROM etl_pipeline_status"), 2);
  EXPECT_GT(home.query_count("SELECT count(*) FROM people"), 0);

  const auto second = home.run(backfill_args);
  ASSERT_EQ(second.exit_code, 0) << second.output;
  EXPECT_THAT(second.output, HasSubstr("0 succeeded, 0 failed, 2 skipped"));
  EXPECT_EQ(catalog->recent_runs(0, "imdb").value().size(), 2u);

  const auto reversed =
      home.run({"backfill", "imdb", "--from", "2024-01-03", "--to", "2024-01-01"});
  EXPECT_EQ(reversed.exit_code, 1);
  EXPECT_THAT(reversed.output, HasSubstr("--from 2024-01-03 is after --to 2024-01-01"));
}

}  // namespace
}  // namespace reelhouse::pipeline
