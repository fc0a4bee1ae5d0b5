#include "pipeline/dag_executor.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

#include "support/test_support.hpp"

namespace reelhouse::pipeline {
namespace {

using catalog::TaskState;

class DagExecutorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    m_config.home = m_dir.path();
    m_catalog.emplace(catalog::Catalog::open(m_dir.path() / "catalog.sqlite").value());
    m_context =
        std::make_unique<RunContext>(m_config, *m_catalog, "test", "2024-01-01", Refresh::no);
    m_context->set_run_id(m_catalog->begin_run("test", "2024-01-01", "manual").value());
  }

  RunSummary execute(const std::vector<Task>& tasks, int parallelism = 2) {
    const ExecutorOptions options{.parallelism = parallelism,
                                  .max_attempts = 3,
                                  .backoff_initial_ms = 1,
                                  .backoff_max_ms = 5};
    return execute_dag(tasks, *m_context, options).value();
  }

  // Attempts recorded in the catalog for `task`, as "state:attempt" strings.
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

  testing::TempDir m_dir;
  Config m_config;
  std::optional<catalog::Catalog> m_catalog;
  std::unique_ptr<RunContext> m_context;
};

Task succeeding(std::string name, std::vector<std::string> depends_on,
                std::vector<std::string>* order, std::mutex* mutex) {
  return Task{.name = name,
              .depends_on = std::move(depends_on),
              .run = [name, order, mutex](RunContext&) -> Result<TaskCounters> {
                std::lock_guard lock(*mutex);
                order->push_back(name);
                return TaskCounters{.rows_out = 1};
              }};
}

TEST_F(DagExecutorTest, RunsTasksAfterTheirDependencies) {
  std::vector<std::string> order;
  std::mutex mutex;
  const auto summary = execute({succeeding("publish", {"left", "right"}, &order, &mutex),
                                succeeding("left", {"fetch"}, &order, &mutex),
                                succeeding("right", {"fetch"}, &order, &mutex),
                                succeeding("fetch", {}, &order, &mutex)});
  EXPECT_TRUE(summary.succeeded());
  ASSERT_EQ(order.size(), 4u);
  EXPECT_EQ(order.front(), "fetch");
  EXPECT_EQ(order.back(), "publish");
  EXPECT_EQ(summary.tasks[0].name, "publish");  // declared order is kept in the summary
  EXPECT_EQ(recorded_attempts("publish"), std::vector<std::string>{"succeeded:1"});
}

TEST_F(DagExecutorTest, RetriesTransientErrorsAndRecordsEveryAttempt) {
  std::atomic<int> calls{0};
  const auto summary =
      execute({Task{.name = "flaky", .run = [&](RunContext&) -> Result<TaskCounters> {
                      if (++calls < 3) return make_error(ErrorCode::timeout, "slow");
                      return TaskCounters{};
                    }}});
  EXPECT_TRUE(summary.succeeded());
  EXPECT_EQ(summary.tasks[0].attempts, 3);
  EXPECT_EQ(recorded_attempts("flaky"),
            (std::vector<std::string>{"failed:1", "failed:2", "succeeded:3"}));
}

TEST_F(DagExecutorTest, PermanentErrorsFailAtOnceAndSkipOnlyTheirDependents) {
  std::vector<std::string> order;
  std::mutex mutex;
  std::atomic<int> calls{0};
  const auto summary = execute({Task{.name = "broken",
                                     .run = [&](RunContext&) -> Result<TaskCounters> {
                                       ++calls;
                                       return make_error(ErrorCode::parse, "bad header in x.tsv");
                                     }},
                                succeeding("after_broken", {"broken"}, &order, &mutex),
                                succeeding("after_after", {"after_broken"}, &order, &mutex),
                                succeeding("independent", {}, &order, &mutex)});
  EXPECT_FALSE(summary.succeeded());
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(summary.first_error(), "task broken: bad header in x.tsv");
  EXPECT_EQ(order, std::vector<std::string>{"independent"});
  EXPECT_EQ(summary.tasks[1].state, TaskState::skipped);
  EXPECT_EQ(summary.tasks[2].state, TaskState::skipped);
  EXPECT_EQ(recorded_attempts("broken"), std::vector<std::string>{"failed:1"});
  EXPECT_EQ(recorded_attempts("after_after"), std::vector<std::string>{"skipped:0"});
}

TEST_F(DagExecutorTest, RunsIndependentTasksInParallelWithinTheBound) {
  std::atomic<int> running{0};
  std::atomic<int> peak{0};
  std::vector<Task> tasks;
  for (int task_idx = 0; task_idx < 6; ++task_idx) {
    tasks.push_back(
        Task{.name = fmt::format("t{}", task_idx), .run = [&](RunContext&) -> Result<TaskCounters> {
               const int now = ++running;
               int previous = peak.load();
               while (now > previous && !peak.compare_exchange_weak(previous, now)) {
               }
               std::this_thread::sleep_for(std::chrono::milliseconds(30));
               --running;
               return TaskCounters{};
             }});
  }
  EXPECT_TRUE(execute(tasks, 3).succeeded());
  EXPECT_EQ(peak.load(), 3);
}

TEST_F(DagExecutorTest, ExceptionsBecomeFailedTasks) {
  const auto summary =
      execute({Task{.name = "throws", .run = [](RunContext&) -> Result<TaskCounters> {
                      throw std::runtime_error("boom");
                    }}});
  EXPECT_EQ(summary.tasks[0].state, TaskState::failed);
  EXPECT_NE(summary.tasks[0].error.find("boom"), std::string::npos);
}

TEST(DagValidationTest, RejectsInvalidGraphs) {
  auto task = [](std::string name, std::vector<std::string> depends_on) {
    return Task{.name = std::move(name), .depends_on = std::move(depends_on)};
  };
  struct Case {
    std::vector<Task> tasks;
    std::string message;
  };
  const std::vector<Case> cases = {
      {{task("a", {}), task("a", {})}, "task \"a\" is declared twice"},
      {{task("a", {"nope"})}, "task \"a\" depends on unknown task \"nope\""},
      {{task("a", {"b"}), task("b", {"a"})}, "the task graph has a cycle"},
  };
  for (const auto& test_case : cases) {
    const auto result = validate_dag(test_case.tasks);
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().message, test_case.message);
  }
  EXPECT_TRUE(validate_dag({task("a", {}), task("b", {"a"})}));
}

}  // namespace
}  // namespace reelhouse::pipeline
