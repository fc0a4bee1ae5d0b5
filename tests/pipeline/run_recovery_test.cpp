// Crash recovery and the run driver's orchestration, on a small synthetic pipeline
// registered for the test ("recovery_test": first → slow → last).
//
// Acceptance: a run killed with SIGKILL in the middle of a task is detected as abandoned and
// resumed by recover_abandoned_runs — the task that had succeeded does not run again, no task
// is left running, the run ends succeeded — or, with runtime.on_abandoned = "fail", ends
// failed with an error naming the dead process. The killed run happens in a separate
// process: this test binary re-executed (/proc/self/exe) with
// --gtest_filter=RunRecoveryChild.* and the home directory in an environment variable.
#include "pipeline/run_recovery.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <thread>

#include "pipeline/model_task.hpp"
#include "pipeline/pipeline_lease.hpp"
#include "pipeline/pipeline_registry.hpp"
#include "support/test_support.hpp"

namespace reelhouse::pipeline {
namespace {

using catalog::RunState;
using catalog::TaskState;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr const char* k_child_home = "REELHOUSE_RECOVERY_CHILD_HOME";
constexpr const char* k_pipeline = "recovery_test";
constexpr const char* k_date = "2026-03-01";

// Appends "<task>" to <home>/calls.log: which tasks ran, across processes.
void log_call(const std::filesystem::path& home, std::string_view task) {
  std::ofstream(home / "calls.log", std::ios::app) << task << "\n";
}

std::vector<std::string> calls(const std::filesystem::path& home) {
  std::vector<std::string> lines;
  std::ifstream in(home / "calls.log");
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// first → slow → last. In the child process `slow` says it started and then blocks until it
// is killed; elsewhere every task succeeds at once.
void register_recovery_pipeline() {
  register_pipeline(k_pipeline, [] {
    const auto task = [](std::string name, std::vector<std::string> depends_on) {
      return Task{.name = name,
                  .depends_on = std::move(depends_on),
                  .run = [name](RunContext& context) -> Result<TaskCounters> {
                    const auto home = context.config().home;
                    log_call(home, name);
                    if (name == "slow" && std::getenv(k_child_home) != nullptr) {
                      std::ofstream(home / "slow_started") << "yes";
                      std::this_thread::sleep_for(std::chrono::seconds{60});
                    }
                    return TaskCounters{.rows_out = 1};
                  }};
    };
    return std::vector<Task>{task("first", {}), task("slow", {"first"}), task("last", {"slow"})};
  });
}

Config config_for(const std::filesystem::path& home) {
  Config config;
  config.home = home;
  config.runtime.task_backoff_initial_ms = 1;
  config.runtime.task_backoff_max_ms = 5;
  return config;
}

// The child: runs the pipeline until killed. Skipped unless started by a parent test.
TEST(RunRecoveryChild, RunsThePipelineUntilKilled) {
  const char* home = std::getenv(k_child_home);
  if (home == nullptr) GTEST_SKIP() << "only run as the child of RunRecoveryTest";
  register_recovery_pipeline();
  const auto outcome =
      run_pipeline(config_for(home), {.pipeline = k_pipeline, .ingest_date = k_date});
  ASSERT_TRUE(outcome) << outcome.error().message;
}

class RunRecoveryTest : public ::testing::Test {
 protected:
  void SetUp() override { register_recovery_pipeline(); }

  // Starts the child, waits until `slow` runs in it, kills it with SIGKILL. Returns its pid.
  pid_t run_child_until_slow_then_kill() {
    const pid_t child = testing::spawn_test_child(
        "RunRecoveryChild.*", {fmt::format("{}={}", k_child_home, m_home.path().string())});
    EXPECT_GE(child, 0);
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds{20};
    while (!std::filesystem::exists(m_home.path() / "slow_started") &&
           std::chrono::steady_clock::now() < give_up) {
      std::this_thread::sleep_for(std::chrono::milliseconds{10});
    }
    EXPECT_TRUE(std::filesystem::exists(m_home.path() / "slow_started"))
        << "the child never reached the slow task";
    EXPECT_EQ(::kill(child, SIGKILL), 0);
    int status = 0;
    EXPECT_EQ(::waitpid(child, &status, 0), child);
    EXPECT_TRUE(WIFSIGNALED(status)) << "the child ended before it was killed";
    return child;
  }

  catalog::Catalog open_catalog() {
    return catalog::Catalog::open(m_config.catalog_location()).value();
  }

  std::vector<std::string> attempts(catalog::Catalog& catalog, int64_t run_id,
                                    const std::string& task) {
    std::vector<std::string> found;
    const auto records = catalog.tasks_of_run(run_id).value();
    for (const auto& record : records) {
      if (record.task == task) {
        found.push_back(fmt::format("{}:{}", catalog::to_string(record.state), record.attempt));
      }
    }
    return found;
  }

  void expect_no_task_running(catalog::Catalog& catalog, int64_t run_id) {
    const auto records = catalog.tasks_of_run(run_id).value();
    for (const auto& record : records) {
      EXPECT_NE(record.state, TaskState::running) << record.task << " " << record.attempt;
    }
  }

  testing::TempDir m_home;
  Config m_config = config_for(m_home.path());
};

TEST_F(RunRecoveryTest, AKilledRunIsResumedWithoutRedoingSucceededTasks) {
  const pid_t child = run_child_until_slow_then_kill();
  auto catalog = open_catalog();
  const auto runs = catalog.recent_runs(0, k_pipeline).value();
  ASSERT_EQ(runs.size(), 1u);
  const int64_t run_id = runs[0].run_id;
  EXPECT_EQ(runs[0].state, RunState::running);  // what the dead process left
  EXPECT_EQ(runs[0].pid, child);
  EXPECT_THAT(calls(m_home.path()), ElementsAre("first", "slow"));

  const auto recovered = recover_abandoned_runs(m_config, k_pipeline, nullptr);
  ASSERT_TRUE(recovered) << recovered.error().message;
  ASSERT_EQ(recovered->size(), 1u);
  EXPECT_EQ(recovered->at(0).run_id, run_id);
  EXPECT_EQ(recovered->at(0).state, RunState::succeeded) << recovered->at(0).error;
  EXPECT_TRUE(recovered->at(0).summary.tasks.at(0).resumed);

  // `first` did not run again; `slow` ran once more, then `last`.
  EXPECT_THAT(calls(m_home.path()), ElementsAre("first", "slow", "slow", "last"));
  const auto run = catalog.run(run_id).value();
  EXPECT_EQ(run->state, RunState::succeeded);
  EXPECT_EQ(run->recovered, 1);
  EXPECT_EQ(run->pid, getpid());
  EXPECT_THAT(attempts(catalog, run_id, "first"), ElementsAre("succeeded:1"));
  EXPECT_THAT(attempts(catalog, run_id, "slow"), ElementsAre("failed:1", "succeeded:2"));
  EXPECT_THAT(attempts(catalog, run_id, "last"), ElementsAre("succeeded:1"));
  const auto slow_attempts = catalog.tasks_of_run(run_id).value();
  EXPECT_EQ(slow_attempts.at(1).error,
            fmt::format("abandoned: process {} on {} died", child, run->host));
  expect_no_task_running(catalog, run_id);
  EXPECT_EQ(catalog.run_dag(run_id).value().size(), 3u);

  // Nothing is left to recover.
  EXPECT_TRUE(catalog.abandoned_runs().value().empty());
  EXPECT_TRUE(recover_abandoned_runs(m_config, std::nullopt, nullptr).value().empty());
}

TEST_F(RunRecoveryTest, WithOnAbandonedFailAKilledRunEndsFailed) {
  const pid_t child = run_child_until_slow_then_kill();
  m_config.runtime.on_abandoned = "fail";
  const auto recovered = recover_abandoned_runs(m_config, std::nullopt, nullptr);
  ASSERT_TRUE(recovered) << recovered.error().message;
  ASSERT_EQ(recovered->size(), 1u);
  auto catalog = open_catalog();
  const auto run = catalog.run(recovered->at(0).run_id).value();
  EXPECT_EQ(run->state, RunState::failed);
  EXPECT_EQ(run->error,
            fmt::format("abandoned: process {} on {} died (runtime.on_abandoned = fail)", child,
                        run->host));
  EXPECT_EQ(run->recovered, 0);
  EXPECT_TRUE(run->finished_at);
  EXPECT_THAT(attempts(catalog, run->run_id, "slow"), ElementsAre("failed:1"));
  EXPECT_TRUE(attempts(catalog, run->run_id, "last").empty());
  expect_no_task_running(catalog, run->run_id);
  EXPECT_THAT(calls(m_home.path()), ElementsAre("first", "slow"));  // nothing ran again
}

TEST_F(RunRecoveryTest, AnUnknownPolicyIsAConfigErrorNamingTheKey) {
  m_config.runtime.on_abandoned = "retry";
  const auto recovered = recover_abandoned_runs(m_config, std::nullopt, nullptr);
  ASSERT_FALSE(recovered);
  EXPECT_EQ(recovered.error().code, ErrorCode::config);
  EXPECT_THAT(recovered.error().message, HasSubstr("runtime.on_abandoned is \"retry\""));
}

TEST_F(RunRecoveryTest, AnInterruptedRunIsResumedByTheNextRunOfThePipeline) {
  std::atomic<bool> stop{true};  // stopped before any task could start
  auto catalog = open_catalog();
  const int64_t interrupted = catalog.begin_run(k_pipeline, k_date, "manual").value();
  {
    const auto run = catalog.run(interrupted).value();
    const auto outcome = execute_run(m_config, catalog, *run, {.stop = &stop});
    ASSERT_TRUE(outcome) << outcome.error().message;
    EXPECT_EQ(outcome->state, RunState::cancelled);
  }
  EXPECT_THAT(catalog.run(interrupted).value()->error,
              HasSubstr("stopped before tasks first, slow, last ran"));

  const auto outcome =
      run_pipeline(m_config, {.pipeline = k_pipeline, .ingest_date = "2026-03-02"});
  ASSERT_TRUE(outcome) << outcome.error().message;
  EXPECT_EQ(outcome->state, RunState::succeeded);
  EXPECT_NE(outcome->run_id, interrupted);
  const auto resumed = catalog.run(interrupted).value();
  EXPECT_EQ(resumed->state, RunState::succeeded);
  EXPECT_EQ(resumed->recovered, 1);
  EXPECT_EQ(calls(m_home.path()).size(), 6u);  // both runs ran their three tasks
}

TEST_F(RunRecoveryTest, ASecondRunOfThePipelineIsRefusedWhileTheLeaseIsHeld) {
  auto held = PipelineLease::acquire(m_config, k_pipeline, std::chrono::milliseconds{0});
  ASSERT_TRUE(held) << held.error().message;
  const auto refused = run_pipeline(m_config, {.pipeline = k_pipeline, .ingest_date = k_date});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::busy);
  EXPECT_THAT(refused.error().message, HasSubstr("already running"));
  EXPECT_THAT(refused.error().message, HasSubstr("--wait"));
  EXPECT_TRUE(calls(m_home.path()).empty());

  // Without taking the lease (a backfill holding it), the run goes ahead, recording the
  // interval it was scheduled for.
  const auto allowed = run_pipeline(m_config, {.pipeline = k_pipeline,
                                               .ingest_date = k_date,
                                               .trigger = "backfill",
                                               .scheduled_for = "2026-03-01T03:00:00.000Z",
                                               .take_lease = false});
  ASSERT_TRUE(allowed) << allowed.error().message;
  EXPECT_EQ(allowed->state, RunState::succeeded);
  auto catalog = open_catalog();
  EXPECT_EQ(catalog.run(allowed->run_id).value()->scheduled_for, "2026-03-01T03:00:00.000Z");
}

TEST_F(RunRecoveryTest, ARunWithoutPublishingSucceedsWithoutAWarehouse) {
  register_pipeline("publish_only_test", [] { return std::vector<Task>{make_publish_task({})}; });
  const auto outcome = run_pipeline(
      m_config, {.pipeline = "publish_only_test", .ingest_date = k_date, .publish = false});
  ASSERT_TRUE(outcome) << outcome.error().message;
  EXPECT_EQ(outcome->state, RunState::succeeded) << outcome->error;
  auto catalog = open_catalog();
  EXPECT_FALSE(catalog.latest_publication().value());
  EXPECT_FALSE(std::filesystem::exists(m_config.warehouse_path()));
}

}  // namespace
}  // namespace reelhouse::pipeline
