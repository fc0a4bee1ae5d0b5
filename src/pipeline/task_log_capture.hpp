// Captures what a task attempt logs, so `reelhouse logs`, the API and the dashboard can show
// it later. One spdlog sink, added to the default logger, copies every line logged on a thread
// that is bound to a task attempt into that attempt's bounded buffer; lines logged on other
// threads pass through untouched (the logger's other sinks, e.g. stderr, still get every line).
//
// A thread is bound by a TaskLogScope (RAII, thread-local, nestable); threads a task spawns
// can join the same capture with TaskLogThreadBinding. The executor wraps each attempt in an
// AttemptLogCapture, which flushes the lines to the catalog (append_task_logs) when the
// attempt ends.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "catalog/catalog.hpp"

namespace reelhouse::pipeline {

class RunContext;

// Lines kept per attempt; later lines are counted and reported as one "… N lines dropped" line.
inline constexpr size_t k_task_log_line_limit = 5'000;

// The lines of one task attempt. Thread-safe: the threads bound to it append concurrently.
class TaskLogCapture {
 public:
  TaskLogCapture(int64_t run_id, std::string task, int attempt, size_t max_lines);

  void append(std::string level, std::string logged_at, std::string message);

  // The lines captured so far in order (seq 0, 1, …), plus a final warning line counting
  // the lines dropped beyond the limit; the capture is empty afterwards and numbering goes on.
  std::vector<catalog::TaskLogLine> take_lines();

 private:
  std::mutex m_mutex;
  int64_t m_run_id;
  std::string m_task;
  int m_attempt;
  size_t m_max_lines;
  size_t m_kept = 0;  // lines kept since the capture began (take_lines does not reset it)
  int64_t m_next_seq = 0;
  int64_t m_dropped = 0;
  std::vector<catalog::TaskLogLine> m_lines;
};

// Adds the capture sink to spdlog's default logger unless it already has it. Idempotent;
// call it again after replacing the default logger. Best called before worker threads
// log (spdlog does not guard a logger's sink list against concurrent logging).
void install_task_log_sink();

// Binds the calling thread to a new capture for (run, task, attempt) for its lifetime; the
// thread's previous binding (if any) comes back on destruction. Installs the sink.
class TaskLogScope {
 public:
  TaskLogScope(int64_t run_id, std::string task, int attempt,
               size_t max_lines = k_task_log_line_limit);
  ~TaskLogScope();
  TaskLogScope(const TaskLogScope&) = delete;
  TaskLogScope& operator=(const TaskLogScope&) = delete;

  std::vector<catalog::TaskLogLine> take_lines() { return m_capture->take_lines(); }
  const std::shared_ptr<TaskLogCapture>& capture() const { return m_capture; }

 private:
  std::shared_ptr<TaskLogCapture> m_capture;
  std::shared_ptr<TaskLogCapture> m_previous;
};

// The capture the calling thread is bound to; null when none. Hand it to a thread the task
// starts, which binds itself with TaskLogThreadBinding.
std::shared_ptr<TaskLogCapture> current_task_log_capture();

// Binds the calling thread to `capture` (may be null: no capture) for its lifetime.
class TaskLogThreadBinding {
 public:
  explicit TaskLogThreadBinding(std::shared_ptr<TaskLogCapture> capture);
  ~TaskLogThreadBinding();
  TaskLogThreadBinding(const TaskLogThreadBinding&) = delete;
  TaskLogThreadBinding& operator=(const TaskLogThreadBinding&) = delete;

 private:
  std::shared_ptr<TaskLogCapture> m_previous;
};

// A TaskLogScope for one attempt of a task of the run in `context` that appends its lines
// to the catalog when destroyed. A failure to store them is logged (not captured), never
// thrown: losing logs must not fail the task.
class AttemptLogCapture {
 public:
  AttemptLogCapture(RunContext& context, std::string task, int attempt);
  ~AttemptLogCapture();
  AttemptLogCapture(const AttemptLogCapture&) = delete;
  AttemptLogCapture& operator=(const AttemptLogCapture&) = delete;

 private:
  RunContext& m_context;
  std::optional<TaskLogScope> m_scope;
};

}  // namespace reelhouse::pipeline
