// The scheduler loop with a fake clock (hours of schedule in milliseconds): runs on time with
// the real pipeline runner and a synthetic pipeline, first-start baseline, catch-up (skip and
// run_each) after downtime, two schedulers sharing a catalog, and a stop before anything runs.
#include "scheduler/scheduler.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "pipeline/pipeline_lease.hpp"
#include "scheduler/scheduler_test_support.hpp"
#include "support/test_support.hpp"

namespace reelhouse::scheduler {
namespace {

using namespace test;
using ::testing::HasSubstr;

class SchedulerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    register_synthetic_pipeline();
    m_config = test_config(m_home.path());
  }

  // Claims `fire` as run, as if an earlier scheduler had run it.
  void claim(std::string_view fire) {
    auto catalog = open_catalog(m_config);
    ASSERT_TRUE(catalog.claim_schedule_fire(k_pipeline, fire, "run", "earlier:1:x").value());
  }

  testing::TempDir m_home;
  Config m_config;
};

TEST_F(SchedulerTest, RunsEachIntervalOnTimeWithAFakeClock) {
  FakeClock clock(at("2026-11-23T09:30:00Z"));
  const auto report = run_scheduler(m_config, {.schedules = {synthetic_schedule()},
                                               .clock = &clock,
                                               .until = at("2026-11-23T13:30:00Z"),
                                               .busy_poll = std::chrono::milliseconds{20}});
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_TRUE(report->errors.empty()) << report->errors.front();
  // The first start records 09:00 (before it existed) as skipped, then runs 10:00 … 13:00.
  EXPECT_EQ(report->skipped, 1);
  ASSERT_EQ(report->runs.size(), 4u);
  std::vector<std::string> fire_times;
  for (const ScheduledRun& run : report->runs) {
    fire_times.push_back(run.fire_time);
    EXPECT_EQ(run.state, "succeeded") << run.error;
    EXPECT_EQ(run.ingest_date, "2026-11-23");
  }
  EXPECT_EQ(fire_times, (std::vector<std::string>{"2026-11-23T10:00:00Z", "2026-11-23T11:00:00Z",
                                                  "2026-11-23T12:00:00Z", "2026-11-23T13:00:00Z"}));
  auto catalog = open_catalog(m_config);
  const auto runs = synthetic_runs(catalog);
  ASSERT_EQ(runs.size(), 4u);
  for (size_t index = 0; index < runs.size(); ++index) {
    EXPECT_EQ(runs[index].trigger, "schedule");
    EXPECT_EQ(runs[index].state, catalog::RunState::succeeded);
    EXPECT_EQ(runs[index].scheduled_for, fire_times[index]);
  }
  const auto fires = catalog.schedule_fires(k_pipeline, 0).value();
  ASSERT_EQ(fires.size(), 5u);
  EXPECT_EQ(fires.back().fire_time, "2026-11-23T09:00:00Z");
  EXPECT_EQ(fires.back().outcome, "skipped");
  EXPECT_EQ(fires.front().fire_time, "2026-11-23T13:00:00Z");
  EXPECT_EQ(fires.front().run_id, runs.back().run_id);
  EXPECT_EQ(catalog.last_schedule_fire(k_pipeline).value(), "2026-11-23T13:00:00Z");
  // The lease was given back.
  EXPECT_FALSE(catalog.lease("pipeline:scheduler_synthetic").value());
}

TEST_F(SchedulerTest, CatchUpSkipRunsOnlyTheNewestMissedInterval) {
  claim("2026-11-23T05:00:00Z");
  FakeClock clock(at("2026-11-23T09:30:00Z"));
  const auto report =
      run_scheduler(m_config, {.schedules = {synthetic_schedule()}, .clock = &clock, .once = true});
  ASSERT_TRUE(report) << report.error().message;
  ASSERT_EQ(report->runs.size(), 1u);
  EXPECT_EQ(report->runs[0].fire_time, "2026-11-23T09:00:00Z");
  EXPECT_EQ(report->skipped, 3);
  auto catalog = open_catalog(m_config);
  std::vector<std::string> skipped;
  const auto fire_list = catalog.schedule_fires(k_pipeline, 0).value();
  for (const auto& fire : fire_list) {
    if (fire.outcome == "skipped") skipped.push_back(fire.fire_time);
  }
  EXPECT_EQ(skipped, (std::vector<std::string>{"2026-11-23T08:00:00Z", "2026-11-23T07:00:00Z",
                                               "2026-11-23T06:00:00Z"}));
  EXPECT_EQ(synthetic_runs(catalog).size(), 1u);
}

TEST_F(SchedulerTest, CatchUpRunEachRunsEveryMissedIntervalInOrder) {
  claim("2026-11-22T23:00:00Z");
  m_config.schedule.max_catch_up = 3;
  std::vector<pipeline::RunRequest> requests;
  FakeClock clock(at("2026-11-23T04:10:00Z"));
  const auto report = run_scheduler(
      m_config, {.schedules = {synthetic_schedule("0 * * * *", "run_each")},
                 .clock = &clock,
                 .once = true,
                 .run = [&](const pipeline::RunRequest& request) -> Result<pipeline::RunOutcome> {
                   requests.push_back(request);
                   return pipeline::RunOutcome{};  // run 0: nothing to link in the catalog
                 }});
  ASSERT_TRUE(report) << report.error().message;
  // 00:00 … 04:00 are due; max_catch_up = 3 runs the newest three, skips the rest.
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(requests[0].scheduled_for, "2026-11-23T02:00:00Z");
  EXPECT_EQ(requests[2].scheduled_for, "2026-11-23T04:00:00Z");
  for (const auto& request : requests) {
    EXPECT_EQ(request.trigger, "schedule");
    EXPECT_FALSE(request.take_lease);  // the scheduler holds it
    EXPECT_EQ(request.ingest_date, "2026-11-23");
  }
  EXPECT_EQ(report->skipped, 2);
}

// Two schedulers (separate catalog connections, lease holders and clocks) over the same
// hours: every interval runs exactly once.
TEST_F(SchedulerTest, TwoSchedulersRunEachIntervalExactlyOnce) {
  claim("2026-11-23T09:00:00Z");
  auto run_one = [&](Result<SchedulerReport>& result) {
    FakeClock clock(at("2026-11-23T09:59:00Z"));
    result = run_scheduler(m_config, {.schedules = {synthetic_schedule()},
                                      .clock = &clock,
                                      .until = at("2026-11-23T15:00:00Z"),
                                      .busy_poll = std::chrono::milliseconds{10}});
  };
  Result<SchedulerReport> first = make_error(ErrorCode::internal, "not run");
  Result<SchedulerReport> second = make_error(ErrorCode::internal, "not run");
  std::thread one([&] { run_one(first); });
  std::thread two([&] { run_one(second); });
  one.join();
  two.join();
  ASSERT_TRUE(first) << first.error().message;
  ASSERT_TRUE(second) << second.error().message;
  EXPECT_EQ(first->runs.size() + second->runs.size(), 6u);
  auto catalog = open_catalog(m_config);
  const auto runs = synthetic_runs(catalog);
  std::multiset<std::string> scheduled;
  for (const auto& run : runs) {
    EXPECT_EQ(run.state, catalog::RunState::succeeded) << run.error;
    scheduled.insert(run.scheduled_for.value_or("none"));
  }
  EXPECT_EQ(runs.size(), 6u);
  for (const char* hour : {"10", "11", "12", "13", "14", "15"}) {
    EXPECT_EQ(scheduled.count(fmt::format("2026-11-23T{}:00:00Z", hour)), 1u) << hour;
  }
}

TEST_F(SchedulerTest, StopBeforeAnythingIsDue) {
  std::atomic<bool> stop{true};
  FakeClock clock(at("2026-11-23T09:30:00Z"));
  const auto report = run_scheduler(
      m_config, {.schedules = {synthetic_schedule()}, .clock = &clock, .stop = &stop});
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_TRUE(report->runs.empty());
  EXPECT_FALSE(run_scheduler(m_config, {}));  // nothing to schedule
}

TEST_F(SchedulerTest, BusyLeaseIsWaitedOutNotOverlapped) {
  claim("2026-11-23T09:00:00Z");
  // A manual run holds the pipeline's lease: the scheduler must not start 10:00 meanwhile.
  auto held = pipeline::PipelineLease::acquire(m_config, k_pipeline, std::chrono::milliseconds{0});
  ASSERT_TRUE(held) << held.error().message;
  FakeClock clock(at("2026-11-23T10:00:30Z"));
  const auto report =
      run_scheduler(m_config, {.schedules = {synthetic_schedule()}, .clock = &clock, .once = true});
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_TRUE(report->runs.empty());
  auto catalog = open_catalog(m_config);
  EXPECT_EQ(catalog.last_schedule_fire(k_pipeline).value(), "2026-11-23T09:00:00Z");
}

}  // namespace
}  // namespace reelhouse::scheduler
