// The step view of a run's task graph shown by `reelhouse status` (cli/run_graph_view.cpp).
#include "cli/run_graph_view.hpp"

#include <gtest/gtest.h>

namespace reelhouse::cli {
namespace {

using catalog::RunTaskDeclaration;
using catalog::TaskRecord;
using catalog::TaskState;

TaskRecord attempt(std::string task, int number, TaskState state, std::string started,
                   std::string finished, std::string error = "") {
  return TaskRecord{.task = std::move(task),
                    .state = state,
                    .attempt = number,
                    .started_at = std::move(started),
                    .finished_at = std::move(finished),
                    .error = std::move(error)};
}

const GraphTask& find(const std::vector<GraphTask>& tasks, std::string_view name) {
  for (const auto& task : tasks) {
    if (task.task == name) return task;
  }
  throw std::runtime_error("no task " + std::string(name));
}

TEST(RunGraphViewTest, StepsFollowTheLongestPathAndOrderTheTasks) {
  // fetch_a, fetch_b → land_a (a), land_b (b) → model (land_a, land_b, fetch_a) → publish.
  const std::vector<RunTaskDeclaration> graph = {
      {.task = "publish", .depends_on = {"model"}},
      {.task = "model", .depends_on = {"land_a", "land_b", "fetch_a"}},
      {.task = "land_a", .depends_on = {"fetch_a"}},
      {.task = "fetch_a", .depends_on = {}},
      {.task = "land_b", .depends_on = {"fetch_b"}},
      {.task = "fetch_b", .depends_on = {}},
  };
  const auto tasks = build_run_graph(graph, {});
  ASSERT_EQ(tasks.size(), 6u);
  const std::vector<std::pair<std::string, int>> expected = {
      {"fetch_a", 1}, {"fetch_b", 1}, {"land_a", 2}, {"land_b", 2}, {"model", 3}, {"publish", 4}};
  for (size_t index = 0; index < expected.size(); ++index) {
    EXPECT_EQ(tasks[index].task, expected[index].first) << index;
    EXPECT_EQ(tasks[index].step, expected[index].second) << tasks[index].task;
    EXPECT_TRUE(tasks[index].declared);
    EXPECT_EQ(tasks[index].state, "pending") << "no attempt recorded";
    EXPECT_EQ(tasks[index].attempts, 0);
  }
  EXPECT_EQ(find(tasks, "model").depends_on,
            (std::vector<std::string>{"land_a", "land_b", "fetch_a"}));
}

TEST(RunGraphViewTest, AttemptsAreCountedAndTheLatestGivesStateDurationAndError) {
  const std::vector<RunTaskDeclaration> graph = {{.task = "fetch"},
                                                 {.task = "land", .depends_on = {"fetch"}},
                                                 {.task = "publish", .depends_on = {"land"}}};
  const std::vector<TaskRecord> attempts = {
      attempt("fetch", 1, TaskState::failed, "2026-11-23T10:00:00.000Z", "2026-11-23T10:00:01.500Z",
              "connection reset"),
      attempt("fetch", 2, TaskState::failed, "2026-11-23T10:00:03.000Z", "2026-11-23T10:00:03.250Z",
              "timeout"),
      attempt("fetch", 3, TaskState::succeeded, "2026-11-23T10:00:07.000Z",
              "2026-11-23T10:02:19.000Z"),
      attempt("land", 1, TaskState::failed, "2026-11-23T10:02:19.100Z", "2026-11-23T10:02:20.000Z",
              "bad row 12"),
      TaskRecord{.task = "publish", .state = TaskState::skipped, .attempt = 0},
  };
  const auto tasks = build_run_graph(graph, attempts);
  const auto& fetch = find(tasks, "fetch");
  EXPECT_EQ(fetch.state, "succeeded");
  EXPECT_EQ(fetch.attempts, 3);
  EXPECT_EQ(fetch.history.size(), 3u);
  EXPECT_EQ(fetch.error, "");
  ASSERT_TRUE(fetch.duration_ms);
  EXPECT_EQ(*fetch.duration_ms, 132'000);
  const auto& land = find(tasks, "land");
  EXPECT_EQ(land.state, "failed");
  EXPECT_EQ(land.error, "bad row 12");
  EXPECT_EQ(land.duration_ms, 900);
  const auto& publish = find(tasks, "publish");
  EXPECT_EQ(publish.state, "skipped");
  EXPECT_EQ(publish.attempts, 0) << "skipped without running";
  EXPECT_FALSE(publish.duration_ms);
}

TEST(RunGraphViewTest, RunningAttemptHasNoDuration) {
  const auto tasks =
      build_run_graph({{.task = "land"}}, {TaskRecord{.task = "land",
                                                      .state = TaskState::running,
                                                      .attempt = 1,
                                                      .started_at = "2026-11-23T10:00:00.000Z"}});
  ASSERT_EQ(tasks.size(), 1u);
  EXPECT_EQ(tasks[0].state, "running");
  EXPECT_EQ(tasks[0].attempts, 1);
  EXPECT_FALSE(tasks[0].duration_ms);
}

TEST(RunGraphViewTest, TasksOutsideTheRecordedGraphFollowInTheOrderTheyBegan) {
  // A run recorded before graphs were stored: no declarations at all.
  const std::vector<TaskRecord> attempts = {
      attempt("land", 1, TaskState::succeeded, "2026-11-23T10:00:00Z", "2026-11-23T10:00:02Z"),
      attempt("fetch", 1, TaskState::succeeded, "2026-11-23T10:00:02Z", "2026-11-23T10:00:03Z"),
      attempt("land", 2, TaskState::succeeded, "2026-11-23T10:00:04Z", "2026-11-23T10:00:05Z"),
  };
  const auto tasks = build_run_graph({}, attempts);
  ASSERT_EQ(tasks.size(), 2u);
  EXPECT_EQ(tasks[0].task, "land");
  EXPECT_FALSE(tasks[0].declared);
  EXPECT_EQ(tasks[0].step, 0);
  EXPECT_EQ(tasks[0].attempts, 2);
  EXPECT_EQ(tasks[0].duration_ms, 1000) << "seconds without milliseconds parse too";
  EXPECT_EQ(tasks[1].task, "fetch");

  // A declared graph plus a task that is not in it.
  const auto mixed = build_run_graph({{.task = "fetch"}}, attempts);
  ASSERT_EQ(mixed.size(), 2u);
  EXPECT_EQ(mixed[0].task, "fetch");
  EXPECT_TRUE(mixed[0].declared);
  EXPECT_EQ(mixed[1].task, "land");
  EXPECT_FALSE(mixed[1].declared);
}

TEST(RunGraphViewTest, CyclesAndUnknownDependenciesDoNotHang) {
  const std::vector<RunTaskDeclaration> graph = {{.task = "a", .depends_on = {"b"}},
                                                 {.task = "b", .depends_on = {"a", "gone"}},
                                                 {.task = "c", .depends_on = {"b"}}};
  const auto tasks = build_run_graph(graph, {});
  ASSERT_EQ(tasks.size(), 3u);
  EXPECT_LT(find(tasks, "b").step, find(tasks, "c").step);
  for (const auto& task : tasks) EXPECT_GE(task.step, 1) << task.task;
}

TEST(RunGraphViewTest, TimestampsAndDurations) {
  EXPECT_EQ(milliseconds_between("2026-11-23T23:59:59.900Z", "2026-11-24T00:00:00.100Z"), 200);
  EXPECT_EQ(milliseconds_between("2024-02-28T00:00:00Z", "2024-03-01T00:00:00Z"), 2 * 86'400'000);
  EXPECT_EQ(milliseconds_between("2026-11-23 10:00:00", "2026-11-23T10:00:01.000Z"), 1000);
  for (const auto* bad : {"", "2026-11-23", "2026-13-01T00:00:00Z", "2026-11-23T10:00:0xZ",
                          "2026-02-30T00:00:00Z", "2026-11-23T10:00:00.1Z"}) {
    EXPECT_FALSE(milliseconds_between(bad, "2026-11-23T10:00:00Z")) << bad;
  }
  EXPECT_EQ(format_duration(0), "0 ms");
  EXPECT_EQ(format_duration(850), "850 ms");
  EXPECT_EQ(format_duration(12'340), "12.3 s");
  EXPECT_EQ(format_duration(245'000), "4 min 05 s");
  EXPECT_EQ(format_duration(7'380'000), "2 h 03 min");
}

}  // namespace
}  // namespace reelhouse::cli
