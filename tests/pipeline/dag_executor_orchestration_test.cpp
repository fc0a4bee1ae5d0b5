// The executor's orchestration behaviour: per-task attempt budgets, the backoff cap, the
// run's graph recorded in the catalog, resuming a run (succeeded tasks kept, attempts
// numbered on) and the graceful stop (running tasks finish, no new task nor retry starts).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "pipeline/dag_executor.hpp"
#include "support/test_support.hpp"

namespace reelhouse::pipeline {
namespace {

using catalog::TaskState;
using ::testing::ElementsAre;
using Clock = std::chrono::steady_clock;

class DagOrchestrationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    m_config.home = m_dir.path();
    m_catalog.emplace(catalog::Catalog::open(m_dir.path() / "catalog.sqlite").value());
    m_context =
        std::make_unique<RunContext>(m_config, *m_catalog, "test", "2024-01-01", Refresh::no);
    m_context->set_run_id(m_catalog->begin_run("test", "2024-01-01", "manual").value());
  }

  RunSummary execute(const std::vector<Task>& tasks, ExecutorOptions options = fast_options()) {
    auto summary = execute_dag(tasks, *m_context, options);
    EXPECT_TRUE(summary) << summary.error().message;
    return summary.value_or(RunSummary{});
  }

  static ExecutorOptions fast_options() {
    return {.parallelism = 2, .max_attempts = 3, .backoff_initial_ms = 1, .backoff_max_ms = 5};
  }

  std::vector<std::string> recorded_attempts(const std::string& task) {
    std::vector<std::string> attempts;
    const auto records = m_catalog->tasks_of_run(m_context->run_id()).value();
    for (const auto& record : records) {
      if (record.task == task) {
        attempts.push_back(fmt::format("{}:{}", catalog::to_string(record.state), record.attempt));
      }
    }
    return attempts;
  }

  void record_attempt(const std::string& task, int attempt, TaskState state) {
    const int64_t task_id = m_catalog->begin_task(m_context->run_id(), task, attempt).value();
    if (state != TaskState::running) {
      ASSERT_TRUE(m_catalog->finish_task(task_id, state, {.rows_out = 7},
                                         state == TaskState::failed ? "abandoned" : ""));
    }
  }

  testing::TempDir m_dir;
  Config m_config;
  std::optional<catalog::Catalog> m_catalog;
  std::unique_ptr<RunContext> m_context;
};

// A task that fails transiently `failures` times, then succeeds; counts its calls.
Task flaky(std::string name, int failures, std::atomic<int>* calls, int max_attempts = 0,
           std::vector<std::string> depends_on = {}) {
  return Task{.name = std::move(name),
              .depends_on = std::move(depends_on),
              .run = [failures, calls](RunContext&) -> Result<TaskCounters> {
                if (++*calls <= failures) return make_error(ErrorCode::timeout, "slow upstream");
                return TaskCounters{.rows_out = 1};
              },
              .max_attempts = max_attempts};
}

TEST_F(DagOrchestrationTest, ATasksOwnMaxAttemptsOverridesTheDefault) {
  std::atomic<int> patient_calls{0};
  std::atomic<int> impatient_calls{0};
  const auto summary =
      execute({flaky("patient", 4, &patient_calls, 5), flaky("impatient", 4, &impatient_calls, 1)});
  EXPECT_EQ(summary.tasks[0].state, TaskState::succeeded);
  EXPECT_EQ(summary.tasks[0].attempts, 5);
  EXPECT_EQ(patient_calls, 5);
  EXPECT_EQ(summary.tasks[1].state, TaskState::failed);
  EXPECT_EQ(impatient_calls, 1);
  EXPECT_THAT(recorded_attempts("impatient"), ElementsAre("failed:1"));
  EXPECT_EQ(summary.run_state(), catalog::RunState::failed);
  EXPECT_EQ(summary.run_error(), "task impatient: slow upstream");
}

TEST_F(DagOrchestrationTest, BackoffDelaysAreCapped) {
  std::atomic<int> calls{0};
  ExecutorOptions options = fast_options();
  options.backoff_initial_ms = 60'000;  // uncapped, the two retries would wait up to 3 minutes
  options.backoff_max_ms = 20;
  const auto started = Clock::now();
  const auto summary = execute({flaky("flaky", 2, &calls)}, options);
  EXPECT_TRUE(summary.succeeded());
  EXPECT_EQ(calls, 3);
  EXPECT_LT(Clock::now() - started, std::chrono::seconds{2});
}

TEST_F(DagOrchestrationTest, RecordsTheRunsGraphWhenItBegins) {
  std::atomic<int> calls{0};
  execute({flaky("fetch", 0, &calls), flaky("land", 0, &calls, 0, {"fetch"}),
           flaky("publish", 0, &calls, 0, {"land", "fetch"})});
  const auto graph = m_catalog->run_dag(m_context->run_id()).value();
  ASSERT_EQ(graph.size(), 3u);
  EXPECT_EQ(graph[0].task, "fetch");
  EXPECT_TRUE(graph[0].depends_on.empty());
  EXPECT_EQ(graph[2].task, "publish");
  EXPECT_THAT(graph[2].depends_on, ElementsAre("land", "fetch"));
}

TEST_F(DagOrchestrationTest, ResumingKeepsSucceededTasksAndNumbersAttemptsOn) {
  // What a killed process left: fetch succeeded (after a retry), land was cut mid-attempt.
  record_attempt("fetch", 1, TaskState::failed);
  record_attempt("fetch", 2, TaskState::succeeded);
  record_attempt("land", 1, TaskState::failed);
  std::atomic<int> fetch_calls{0};
  std::atomic<int> land_calls{0};
  std::atomic<int> publish_calls{0};
  const auto summary =
      execute({flaky("fetch", 0, &fetch_calls), flaky("land", 1, &land_calls, 0, {"fetch"}),
               flaky("publish", 0, &publish_calls, 0, {"land"})});
  EXPECT_TRUE(summary.succeeded());
  EXPECT_EQ(fetch_calls, 0);
  EXPECT_TRUE(summary.tasks[0].resumed);
  EXPECT_EQ(summary.tasks[0].attempts, 2);
  EXPECT_EQ(summary.tasks[0].counters.rows_out, 7);
  EXPECT_FALSE(summary.tasks[1].resumed);
  EXPECT_EQ(summary.tasks[1].attempts, 3);
  EXPECT_THAT(recorded_attempts("fetch"), ElementsAre("failed:1", "succeeded:2"));
  EXPECT_THAT(recorded_attempts("land"), ElementsAre("failed:1", "failed:2", "succeeded:3"));
  EXPECT_THAT(recorded_attempts("publish"), ElementsAre("succeeded:1"));
  EXPECT_EQ(summary.run_state(), catalog::RunState::succeeded);
}

TEST_F(DagOrchestrationTest, AStopLetsRunningTasksFinishAndStartsNoNewOnes) {
  std::atomic<bool> stop{false};
  std::atomic<int> other_calls{0};
  std::atomic<int> after_calls{0};
  std::atomic<bool> slow_finished{false};
  const Task slow{.name = "slow", .run = [&](RunContext&) -> Result<TaskCounters> {
                    stop = true;  // the stop arrives while this task runs
                    std::this_thread::sleep_for(std::chrono::milliseconds{150});
                    slow_finished = true;
                    return TaskCounters{};
                  }};
  const std::vector<Task> tasks = {slow, flaky("other", 0, &other_calls),
                                   flaky("after", 0, &after_calls, 0, {"slow"})};
  ExecutorOptions options = fast_options();
  options.parallelism = 1;
  options.stop = &stop;
  options.stopped_by = "the scheduler (SIGTERM)";
  const auto summary = execute(tasks, options);
  EXPECT_TRUE(slow_finished);
  EXPECT_EQ(summary.tasks[0].state, TaskState::succeeded);
  EXPECT_EQ(other_calls, 0);
  EXPECT_EQ(after_calls, 0);
  EXPECT_THAT(summary.not_run, ElementsAre("other", "after"));
  EXPECT_EQ(summary.run_state(), catalog::RunState::cancelled);
  EXPECT_EQ(summary.run_error(),
            "interrupted: the scheduler (SIGTERM) stopped before tasks other, after ran; they "
            "run when the run is resumed");
  EXPECT_TRUE(recorded_attempts("other").empty());

  // Resumed without a stop: only what did not run runs.
  stop = false;
  const Task slow_again{.name = "slow", .run = [](RunContext&) -> Result<TaskCounters> {
                          ADD_FAILURE() << "a succeeded task ran again";
                          return TaskCounters{};
                        }};
  const auto resumed = execute({slow_again, tasks[1], tasks[2]}, options);
  EXPECT_TRUE(resumed.succeeded());
  EXPECT_TRUE(resumed.not_run.empty());
  EXPECT_EQ(other_calls, 1);
  EXPECT_EQ(after_calls, 1);
  EXPECT_THAT(recorded_attempts("slow"), ElementsAre("succeeded:1"));
}

TEST_F(DagOrchestrationTest, AStopCancelsAPendingRetry) {
  std::atomic<bool> stop{false};
  std::atomic<int> calls{0};
  ExecutorOptions options = fast_options();
  options.backoff_initial_ms = 30'000;
  options.backoff_max_ms = 30'000;
  options.stop = &stop;
  std::thread stopper([&] {
    while (calls == 0) std::this_thread::sleep_for(std::chrono::milliseconds{5});
    std::this_thread::sleep_for(std::chrono::milliseconds{50});
    stop = true;
  });
  const auto started = Clock::now();
  // Fails transiently forever (within its budget of 3 attempts).
  const auto summary = execute({flaky("flaky", 10, &calls)}, options);
  stopper.join();
  EXPECT_LT(Clock::now() - started, std::chrono::seconds{5});
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(summary.tasks[0].state, TaskState::pending);
  EXPECT_THAT(summary.not_run, ElementsAre("flaky"));
  EXPECT_EQ(summary.run_state(), catalog::RunState::cancelled);
  EXPECT_THAT(recorded_attempts("flaky"), ElementsAre("failed:1"));
}

TEST_F(DagOrchestrationTest, AFailureOutweighsAStop) {
  std::atomic<bool> stop{false};
  std::atomic<int> never_calls{0};
  const Task broken{.name = "broken", .run = [&](RunContext&) -> Result<TaskCounters> {
                      stop = true;
                      return make_error(ErrorCode::parse, "bad header");
                    }};
  ExecutorOptions options = fast_options();
  options.parallelism = 1;
  options.stop = &stop;
  const auto summary = execute({broken, flaky("never", 0, &never_calls)}, options);
  EXPECT_THAT(summary.not_run, ElementsAre("never"));
  EXPECT_EQ(summary.run_state(), catalog::RunState::failed);
  EXPECT_EQ(summary.run_error(), "task broken: bad header");
}

}  // namespace
}  // namespace reelhouse::pipeline
