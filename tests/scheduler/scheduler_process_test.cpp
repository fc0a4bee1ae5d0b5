// Schedulers as separate processes (this test binary re-executed with
// --gtest_filter=SchedulerChild.*, its settings in environment variables, each child with its
// own fake clock): two started at once run each interval exactly once; a scheduler killed
// with SIGKILL mid-run leaves a run that the next scheduler recovers and finishes; SIGTERM
// stops a scheduler gracefully (the running task finishes, the run ends interrupted) and the
// next scheduler resumes the run.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <set>
#include <thread>

#include "scheduler/scheduler.hpp"
#include "scheduler/scheduler_test_support.hpp"
#include "scheduler/stop_signals.hpp"
#include "support/test_support.hpp"

namespace reelhouse::scheduler {
namespace {

using namespace test;
using ::testing::HasSubstr;

constexpr const char* k_child_home = "REELHOUSE_SCHEDULER_CHILD_HOME";
constexpr const char* k_child_start = "REELHOUSE_SCHEDULER_CHILD_START";
constexpr const char* k_child_until = "REELHOUSE_SCHEDULER_CHILD_UNTIL";
constexpr const char* k_child_signals = "REELHOUSE_SCHEDULER_CHILD_SIGNALS";

// The child: one scheduler over the synthetic pipeline with a fake clock from START to UNTIL;
// with SIGNALS=1 it stops gracefully on SIGTERM like `reelhouse schedule`.
TEST(SchedulerChild, RunsTheScheduler) {
  const char* home = std::getenv(k_child_home);
  if (home == nullptr) GTEST_SKIP() << "only run as the child of SchedulerProcessTest";
  register_synthetic_pipeline();
  const Config config = test_config(home);
  FakeClock clock(at(std::getenv(k_child_start)));
  SchedulerOptions options{.schedules = {synthetic_schedule()},
                           .clock = &clock,
                           .stopped_by = "the test scheduler (SIGTERM)",
                           .until = at(std::getenv(k_child_until)),
                           .busy_poll = std::chrono::milliseconds{10}};
  if (std::getenv(k_child_signals) == nullptr) {
    const auto report = run_scheduler(config, options);
    ASSERT_TRUE(report) << report.error().message;
    return;
  }
  StopSignals signals;
  std::atomic<bool> stop{false};
  std::atomic<bool> finished{false};
  options.stop = &stop;
  Result<SchedulerReport> report = make_error(ErrorCode::internal, "not run");
  std::thread worker([&] {
    report = run_scheduler(config, options);
    finished = true;
  });
  signals.wait(stop, [&] { return finished.load(); });
  worker.join();
  ASSERT_TRUE(report) << report.error().message;
}

class SchedulerProcessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    register_synthetic_pipeline();
    m_config = test_config(m_home.path());
    auto catalog = open_catalog(m_config);
    // As if an earlier scheduler had run 09:00.
    ASSERT_TRUE(catalog.claim_schedule_fire(k_pipeline, "2026-11-23T09:00:00Z", "run", "e:1:x"));
  }

  void TearDown() override {
    for (const pid_t child : m_children) {
      ::kill(child, SIGKILL);
      ::waitpid(child, nullptr, 0);
    }
  }

  pid_t spawn(std::string_view start, std::string_view until, int slow_ms, bool signals) {
    std::vector<std::string> environment = {
        fmt::format("{}={}", k_child_home, m_home.path().string()),
        fmt::format("{}={}", k_child_start, start), fmt::format("{}={}", k_child_until, until),
        fmt::format("{}={}", k_slow_task_ms, slow_ms)};
    if (signals) environment.push_back(fmt::format("{}=1", k_child_signals));
    const pid_t child = testing::spawn_test_child("SchedulerChild.*", environment);
    EXPECT_GE(child, 0);
    m_children.push_back(child);
    return child;
  }

  // Waits (bounded) for the child to exit; returns its wait status, or -1 on timeout.
  int wait_for(pid_t child, std::chrono::seconds patience) {
    const auto give_up = std::chrono::steady_clock::now() + patience;
    while (std::chrono::steady_clock::now() < give_up) {
      int status = 0;
      if (::waitpid(child, &status, WNOHANG) == child) {
        std::erase(m_children, child);
        return status;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds{20});
    }
    return -1;
  }

  // Waits (bounded) until the synthetic pipeline's "slow" task is running.
  bool wait_for_slow_task() {
    auto catalog = open_catalog(m_config);
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds{30};
    while (std::chrono::steady_clock::now() < give_up) {
      for (const auto& run : synthetic_runs(catalog)) {
        const auto task_list = catalog.tasks_of_run(run.run_id).value();
        for (const auto& task : task_list) {
          if (task.task == "slow" && task.state == catalog::TaskState::running) return true;
        }
      }
      std::this_thread::sleep_for(std::chrono::milliseconds{20});
    }
    return false;
  }

  // A new scheduler (this process) started at 10:05: recovers what is left, then has
  // nothing else due.
  SchedulerReport restart() {
    FakeClock clock(at("2026-11-23T10:05:00Z"));
    auto report = run_scheduler(
        m_config, {.schedules = {synthetic_schedule()}, .clock = &clock, .once = true});
    EXPECT_TRUE(report) << report.error().message;
    return report.value_or(SchedulerReport{});
  }

  testing::TempDir m_home;
  Config m_config;
  std::vector<pid_t> m_children;
};

TEST_F(SchedulerProcessTest, TwoSchedulerProcessesRunEachIntervalExactlyOnce) {
  const pid_t first = spawn("2026-11-23T09:59:00Z", "2026-11-23T13:00:00Z", 30, false);
  const pid_t second = spawn("2026-11-23T09:59:00Z", "2026-11-23T13:00:00Z", 30, false);
  for (const pid_t child : {first, second}) {
    const int status = wait_for(child, std::chrono::seconds{60});
    ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "child status " << status;
  }
  auto catalog = open_catalog(m_config);
  const auto runs = synthetic_runs(catalog);
  std::multiset<std::string> scheduled;
  for (const auto& run : runs) {
    EXPECT_EQ(run.state, catalog::RunState::succeeded) << run.error;
    EXPECT_EQ(run.trigger, "schedule");
    scheduled.insert(run.scheduled_for.value_or("none"));
  }
  EXPECT_EQ(runs.size(), 4u);
  for (const char* hour : {"10", "11", "12", "13"}) {
    EXPECT_EQ(scheduled.count(fmt::format("2026-11-23T{}:00:00Z", hour)), 1u) << hour;
  }
  std::set<std::string> holders;
  const auto fire_list = catalog.schedule_fires(k_pipeline, 0).value();
  for (const auto& fire : fire_list) {
    if (fire.fire_time > "2026-11-23T09") {
      EXPECT_EQ(fire.outcome, "run");
      holders.insert(fire.holder);
    }
  }
  EXPECT_EQ(catalog.schedule_fires(k_pipeline, 0)->size(), 5u);
  EXPECT_EQ(running_attempts(catalog), 0);
}

TEST_F(SchedulerProcessTest, KilledSchedulerRunIsRecoveredAndFinishes) {
  const pid_t child = spawn("2026-11-23T09:59:59Z", "2026-11-23T10:30:00Z", 20'000, false);
  ASSERT_TRUE(wait_for_slow_task()) << "the scheduled run never reached its slow task";
  ASSERT_EQ(::kill(child, SIGKILL), 0);
  const int status = wait_for(child, std::chrono::seconds{10});
  ASSERT_TRUE(WIFSIGNALED(status)) << "the child was not killed: status " << status;
  {
    auto catalog = open_catalog(m_config);
    const auto runs = synthetic_runs(catalog);
    ASSERT_EQ(runs.size(), 1u);
    EXPECT_EQ(runs[0].state, catalog::RunState::running);  // what the dead process left
    EXPECT_EQ(running_attempts(catalog), 1);
  }

  const SchedulerReport report = restart();
  EXPECT_EQ(report.recovered, 1);
  EXPECT_TRUE(report.runs.empty());  // 10:00 was claimed and its run recovered, not rerun
  auto catalog = open_catalog(m_config);
  const auto runs = synthetic_runs(catalog);
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].state, catalog::RunState::succeeded) << runs[0].error;
  EXPECT_EQ(runs[0].recovered, 1);
  EXPECT_EQ(runs[0].scheduled_for, "2026-11-23T10:00:00Z");
  EXPECT_EQ(running_attempts(catalog), 0);
  // extract ran once (kept); slow's killed attempt is failed and its second one succeeded.
  int slow_attempts = 0;
  const auto task_list = catalog.tasks_of_run(runs[0].run_id).value();
  for (const auto& task : task_list) {
    if (task.task == "extract") {
      EXPECT_EQ(task.attempt, 1);
    }
    if (task.task == "slow") ++slow_attempts;
  }
  EXPECT_EQ(slow_attempts, 2);
  EXPECT_FALSE(catalog.lease("pipeline:scheduler_synthetic").value());
}

TEST_F(SchedulerProcessTest, SigtermStopsGracefullyAndTheRunIsResumed) {
  const pid_t child = spawn("2026-11-23T09:59:59Z", "2026-11-23T10:30:00Z", 1'500, true);
  ASSERT_TRUE(wait_for_slow_task());
  const auto signalled = std::chrono::steady_clock::now();
  ASSERT_EQ(::kill(child, SIGTERM), 0);
  const int status = wait_for(child, std::chrono::seconds{20});
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "child status " << status;
  EXPECT_LT(std::chrono::steady_clock::now() - signalled, std::chrono::seconds{10});
  {
    auto catalog = open_catalog(m_config);
    const auto runs = synthetic_runs(catalog);
    ASSERT_EQ(runs.size(), 1u);
    EXPECT_EQ(runs[0].state, catalog::RunState::cancelled);
    EXPECT_THAT(runs[0].error, HasSubstr("interrupted"));
    EXPECT_EQ(running_attempts(catalog), 0);
    const auto task_list = catalog.tasks_of_run(runs[0].run_id).value();
    for (const auto& task : task_list) {
      EXPECT_NE(task.task, "finish");  // not started after the stop
      if (task.task == "slow") {
        EXPECT_EQ(task.state, catalog::TaskState::succeeded);
      }
    }
    EXPECT_FALSE(catalog.lease("pipeline:scheduler_synthetic").value());
  }
  const SchedulerReport report = restart();
  EXPECT_EQ(report.recovered, 1);
  auto catalog = open_catalog(m_config);
  const auto runs = synthetic_runs(catalog);
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].state, catalog::RunState::succeeded) << runs[0].error;
  EXPECT_EQ(running_attempts(catalog), 0);
}

}  // namespace
}  // namespace reelhouse::scheduler
