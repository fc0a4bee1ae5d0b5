// Runs a pipeline's tasks as a DAG: a task starts when every task it depends on succeeded;
// up to `parallelism` tasks run at once. The graph is recorded in the catalog when the run
// begins (record_run_dag) and each attempt as it happens (state, timings, counters, error).
// Transient errors are retried with exponential backoff, full jitter and a cap, up to the
// task's own max_attempts (else runtime.task_max_attempts); permanent errors fail the task at
// once. When a task fails, the tasks that depend on it (transitively) are recorded as skipped
// and the others still run, so one bad table does not hide the state of the rest.
//
// Resuming: a run that already has attempts in the catalog (its process died, or it was
// stopped) keeps the tasks that succeeded — they are not run again and count as succeeded —
// and runs the others, numbering their attempts after the earlier ones.
//
// Stopping: when `ExecutorOptions::stop` becomes true, no new task (nor retry) starts, the
// running ones finish, and the summary lists the tasks that did not run.
#pragma once

#include <atomic>
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
  // Succeeded in an earlier attempt of this run (before its process died or it was stopped)
  // and was not run again; `attempts` is then the number of that attempt.
  bool resumed = false;
};

struct RunSummary {
  std::vector<TaskResult> tasks{};  // in the order the tasks were declared
  // Tasks a stop left unrun (state pending), in declaration order; empty when not stopped.
  std::vector<std::string> not_run{};
  // "interrupted: <who> stopped before tasks a, b ran; they run when the run is resumed"
  // when `not_run` is not empty, else "".
  std::string interruption{};

  bool succeeded() const;
  bool interrupted() const { return !not_run.empty(); }
  // The first failed task's error, prefixed by its name; empty when none failed.
  std::string first_error() const;
  // How the run ends: failed when a task failed (even if a stop also left tasks unrun),
  // else cancelled when a stop left tasks unrun, else succeeded.
  catalog::RunState run_state() const;
  // The run's error for that state: first_error(), interruption, or "".
  std::string run_error() const;
};

struct ExecutorOptions {
  int parallelism = 2;
  int max_attempts = 3;  // per task, unless the task sets its own
  int backoff_initial_ms = 1000;
  int backoff_max_ms = 60000;  // cap of one backoff delay (runtime.task_backoff_max_ms)
  // Set (from a signal handler or another thread) to stop gracefully; null = never.
  const std::atomic<bool>* stop = nullptr;
  // Who stops the run, for the interruption message ("the scheduler (SIGTERM)").
  std::string stopped_by = "a stop request";
};

// Checks names are unique, dependencies exist and there is no cycle.
Result<> validate_dag(const std::vector<Task>& tasks);

// Runs `tasks` for the run in `context` (whose run_id must be set), resuming it when the
// catalog already holds attempts of it. Never throws; task failures and a stop are reported
// in the summary, not as an Error. Errors: an invalid DAG (internal), the catalog cannot
// record the graph or read the run's earlier attempts.
Result<RunSummary> execute_dag(const std::vector<Task>& tasks, RunContext& context,
                               const ExecutorOptions& options);

}  // namespace reelhouse::pipeline
