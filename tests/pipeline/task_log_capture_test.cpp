// Task log capture: lines logged on a thread bound to a task attempt are captured (bounded),
// other threads' lines are not, and the executor stores each attempt's lines in the catalog.
#include "pipeline/task_log_capture.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <thread>

#include "pipeline/dag_executor.hpp"
#include "pipeline/run_context.hpp"
#include "support/test_support.hpp"

namespace reelhouse::pipeline {
namespace {

std::vector<std::string> messages(const std::vector<catalog::TaskLogLine>& lines) {
  std::vector<std::string> texts;
  for (const auto& line : lines) texts.push_back(line.message);
  return texts;
}

TEST(TaskLogCaptureTest, CapturesOnlyTheBoundThreadsLines) {
  spdlog::info("before the scope");
  TaskLogScope scope(7, "land", 2);
  spdlog::info("inside {}", 1);
  spdlog::warn("careful");
  std::thread unbound([] { spdlog::info("other thread"); });
  unbound.join();
  std::thread helper([capture = current_task_log_capture()] {
    TaskLogThreadBinding binding(capture);
    spdlog::error("from a helper thread");
  });
  helper.join();

  const auto lines = scope.take_lines();
  EXPECT_THAT(messages(lines),
              ::testing::ElementsAre("inside 1", "careful", "from a helper thread"));
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0].run_id, 7);
  EXPECT_EQ(lines[0].task, "land");
  EXPECT_EQ(lines[0].attempt, 2);
  EXPECT_EQ(lines[0].level, "info");
  EXPECT_EQ(lines[1].level, "warning");
  EXPECT_EQ(lines[2].level, "error");
  for (size_t index = 0; index < lines.size(); ++index) {
    EXPECT_EQ(lines[index].seq, static_cast<int64_t>(index));
    EXPECT_EQ(lines[index].logged_at.size(), std::string("2026-11-23T10:00:00.123Z").size());
    EXPECT_EQ(lines[index].logged_at.back(), 'Z');
  }
  // Taking empties the buffer; numbering goes on.
  spdlog::info("later");
  const auto later = scope.take_lines();
  ASSERT_EQ(later.size(), 1u);
  EXPECT_EQ(later[0].seq, 3);
}

TEST(TaskLogCaptureTest, NestedScopesRestoreTheOuterBinding) {
  TaskLogScope outer(1, "outer", 1);
  {
    TaskLogScope inner(1, "inner", 1);
    spdlog::info("to inner");
    EXPECT_THAT(messages(inner.take_lines()), ::testing::ElementsAre("to inner"));
  }
  spdlog::info("to outer");
  EXPECT_THAT(messages(outer.take_lines()), ::testing::ElementsAre("to outer"));
}

TEST(TaskLogCaptureTest, BoundedWithADroppedLinesNote) {
  TaskLogScope scope(1, "chatty", 1, 10);
  for (int line = 0; line < 25; ++line) spdlog::info("line {}", line);
  const auto lines = scope.take_lines();
  ASSERT_EQ(lines.size(), 11u);
  EXPECT_EQ(lines[9].message, "line 9");
  EXPECT_EQ(lines[10].level, "warning");
  EXPECT_THAT(lines[10].message, ::testing::HasSubstr("15 lines dropped"));
  EXPECT_EQ(lines[10].seq, 10);
}

TEST(TaskLogCaptureTest, SinkInstalledOnceAndOtherSinksKept) {
  install_task_log_sink();
  const auto logger = spdlog::default_logger();
  const size_t sinks = logger->sinks().size();
  EXPECT_GE(sinks, 2u);  // the logger's own output plus the capture
  install_task_log_sink();
  TaskLogScope scope(1, "x", 1);
  EXPECT_EQ(logger->sinks().size(), sinks);
}

TEST(TaskLogCaptureTest, ExecutorStoresEachAttemptsLines) {
  ::reelhouse::testing::TempDir dir;
  Config config;
  config.home = dir.path();
  auto catalog = catalog::Catalog::open(dir.path() / "catalog.sqlite").value();
  RunContext context(config, catalog, "test", "2024-01-01", Refresh::no);
  context.set_run_id(catalog.begin_run("test", "2024-01-01", "manual").value());
  std::atomic<int> calls = 0;
  const std::vector<Task> tasks = {
      {.name = "flaky",
       .run = [&](RunContext&) -> Result<TaskCounters> {
         const int call = ++calls;
         spdlog::info("flaky call {}", call);
         if (call == 1) return make_error(ErrorCode::timeout, "provider timed out");
         return TaskCounters{};
       }},
      {.name = "quiet", .run = [](RunContext&) -> Result<TaskCounters> { return TaskCounters{}; }},
  };
  const ExecutorOptions options{
      .parallelism = 2, .max_attempts = 3, .backoff_initial_ms = 1, .backoff_max_ms = 2};
  const auto summary = execute_dag(tasks, context, options).value();
  ASSERT_TRUE(summary.succeeded()) << summary.first_error();

  const auto lines = catalog.task_logs(context.run_id(), "flaky").value();
  std::vector<std::string> by_attempt;
  for (const auto& line : lines)
    by_attempt.push_back(fmt::format("{}:{}", line.attempt, line.message));
  ASSERT_GE(by_attempt.size(), 3u);
  EXPECT_EQ(by_attempt[0], "1:flaky call 1");
  EXPECT_THAT(by_attempt[1], ::testing::StartsWith("1:task flaky attempt 1 failed (will retry)"));
  EXPECT_EQ(by_attempt[2], "2:flaky call 2");
  EXPECT_TRUE(catalog.task_logs(context.run_id(), "quiet").value().empty());
}

}  // namespace
}  // namespace reelhouse::pipeline
