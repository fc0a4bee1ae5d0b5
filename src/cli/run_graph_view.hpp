// The task graph of one run as `reelhouse status <pipeline>` shows it: every task of the
// graph recorded when the run began (catalog run_dag), joined with its attempts
// (tasks_of_run), placed on steps (a task's step is one more than the latest step of the
// tasks it depends on, so every task of a step could run in parallel) and summarised: the
// latest attempt's state, how many attempts ran, how long the latest one took, its error.
//
// Runs recorded before the graph was stored (schema < 4) have no declarations: their tasks
// are listed in the order they began, with `declared` false and no dependencies.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/catalog.hpp"

namespace reelhouse::cli {

struct GraphTask {
  std::string task{};
  std::vector<std::string> depends_on{};
  int step = 0;          // 1 for tasks without dependencies; 0 when the graph is unknown
  bool declared = true;  // false: the task ran but is not in the recorded graph
  // The latest attempt's state; "pending" when the task never started (its run stopped
  // before it, or it is still waiting).
  std::string state{};
  int attempts = 0;                      // attempts that ran (a task skipped without running has 0)
  std::optional<int64_t> duration_ms{};  // of the latest attempt, when it has finished
  catalog::TaskCounters counters{};      // the latest attempt's
  std::string error{};                   // the latest attempt's error, "" when none
  std::vector<catalog::TaskRecord> history{};  // every attempt, in the order they began
};

// The graph's tasks ordered by step, then declaration order; tasks that ran but are not
// declared follow, in the order they began. Dependencies on tasks outside the graph and
// cycles (which the executor refuses, so only a damaged catalog has them) do not raise a
// task's step.
std::vector<GraphTask> build_run_graph(const std::vector<catalog::RunTaskDeclaration>& graph,
                                       const std::vector<catalog::TaskRecord>& attempts);

// Milliseconds from one catalog timestamp ("2026-11-23T10:00:00.123Z", milliseconds
// optional) to another; nullopt when either does not parse.
std::optional<int64_t> milliseconds_between(std::string_view from, std::string_view to);

// "850 ms", "12.3 s", "4 min 05 s", "2 h 03 min".
std::string format_duration(int64_t milliseconds);

}  // namespace reelhouse::cli
