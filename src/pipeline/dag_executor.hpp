// Runs a pipeline's tasks as a DAG: a task starts when every task it depends on succeeded;
// up to `parallelism` tasks run at once. Each attempt is recorded in the catalog (state,
// timings, counters, error). Transient errors are retried with exponential backoff and full
// jitter up to runtime.task_max_attempts; permanent errors fail the task at once. When a task
// fails, the tasks that depend on it (transitively) are recorded as skipped and the others
// still run, so one bad table does not hide the state of the rest.
#pragma once

#include <string>
#include <vector>

#include "pipeline/run_context.hpp"
#include "pipeline/task.hpp"

namespace reelhouse::pipeline {

struct TaskResult {
  std::string name{};
  catalog::TaskState state = catalog::TaskState::pending;
  int attempts = 0;
  double seconds = 0;
  TaskCounters counters{};
  std::string error{};
};

struct RunSummary {
  std::vector<TaskResult> tasks{};  // in the order the tasks were declared
  bool succeeded() const;
  // The first failed task's error, prefixed by its name; empty on success.
  std::string first_error() const;
};

struct ExecutorOptions {
  int parallelism = 2;
  int max_attempts = 3;
  int backoff_initial_ms = 1000;
  int backoff_max_ms = 60000;
};

// Checks names are unique, dependencies exist and there is no cycle.
Result<> validate_dag(const std::vector<Task>& tasks);

// Runs `tasks` for the run in `context` (whose run_id must be set). Never throws; task
// failures are reported in the summary, not as an Error. Errors only for an invalid DAG.
Result<RunSummary> execute_dag(const std::vector<Task>& tasks, RunContext& context,
                               const ExecutorOptions& options);

}  // namespace reelhouse::pipeline
