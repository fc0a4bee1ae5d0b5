#include "pipeline/dag_executor.hpp"

#include <fmt/ranges.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <cmath>
#include <condition_variable>
#include <exception>
#include <map>
#include <random>
#include <set>
#include <thread>

#include "pipeline/task_log_capture.hpp"

namespace reelhouse::pipeline {

namespace {

using Clock = std::chrono::steady_clock;
using catalog::TaskState;

std::chrono::milliseconds backoff_delay(int attempt, const ExecutorOptions& options) {
  // Full jitter: uniform in [0, min(cap, initial · 2^(attempt-1))].
  const double ceiling =
      std::max(0.0, std::min<double>(options.backoff_max_ms,
                                     options.backoff_initial_ms * std::pow(2.0, attempt - 1)));
  static thread_local std::mt19937_64 random{std::random_device{}()};
  std::uniform_real_distribution<double> jitter(0.0, ceiling);
  return std::chrono::milliseconds(static_cast<int64_t>(jitter(random)));
}

bool stop_requested(const ExecutorOptions& options) {
  return options.stop != nullptr && options.stop->load();
}

// Sleeps `delay`, waking early when a stop is requested. True when the sleep was complete.
bool sleep_unless_stopped(std::chrono::milliseconds delay, const ExecutorOptions& options) {
  constexpr std::chrono::milliseconds k_slice{50};
  const auto until = Clock::now() + delay;
  while (Clock::now() < until) {
    if (stop_requested(options)) return false;
    std::this_thread::sleep_for(std::min<Clock::duration>(k_slice, until - Clock::now()));
  }
  return !stop_requested(options);
}

// What the catalog already holds of this run (when it is resumed): per task, the number of
// its last attempt and its succeeded attempt, if any.
struct EarlierAttempts {
  std::map<std::string, int> last_attempt{};
  std::map<std::string, catalog::TaskRecord> succeeded{};
};

Result<EarlierAttempts> earlier_attempts(RunContext& context) {
  const auto records = TRY(context.with_catalog(
      [&](catalog::Catalog& catalog) { return catalog.tasks_of_run(context.run_id()); }));
  EarlierAttempts earlier;
  for (const auto& record : records) {
    int& last = earlier.last_attempt[record.task];
    last = std::max(last, record.attempt);
    if (record.state == TaskState::succeeded) earlier.succeeded[record.task] = record;
  }
  return earlier;
}

// Runs one task with its retries, recording every attempt, numbered from `first_attempt`.
// Ends in state pending (not failed) when a stop request cancels a retry: the task then runs
// again when the run is resumed.
TaskResult run_task(const Task& task, RunContext& context, const ExecutorOptions& options,
                    int first_attempt) {
  TaskResult result{.name = task.name};
  const int budget = task.max_attempts > 0 ? task.max_attempts : options.max_attempts;
  const int last_attempt = first_attempt + std::max(1, budget) - 1;
  const auto started = Clock::now();
  for (int attempt = first_attempt; attempt <= last_attempt; ++attempt) {
    result.attempts = attempt;
    // What the attempt logs (until the end of this iteration) goes to the catalog.
    AttemptLogCapture log_capture(context, task.name, attempt);
    const auto task_id = context.with_catalog([&](catalog::Catalog& catalog) {
      return catalog.begin_task(context.run_id(), task.name, attempt);
    });
    if (!task_id) {
      spdlog::error("task {} attempt {}: cannot record the attempt in the catalog: {}", task.name,
                    attempt, task_id.error().message);
    }
    Result<TaskCounters> outcome;
    try {
      outcome = task.run(context);
    } catch (const std::exception& error) {
      outcome = make_error(ErrorCode::internal, "unexpected exception: {}", error.what());
    }
    const bool succeeded = outcome.has_value();
    result.counters = succeeded ? *outcome : TaskCounters{};
    result.error = succeeded ? "" : outcome.error().message;
    result.state = succeeded ? TaskState::succeeded : TaskState::failed;
    if (task_id) {
      const auto finished = context.with_catalog([&](catalog::Catalog& catalog) {
        return catalog.finish_task(*task_id, result.state, result.counters, result.error);
      });
      if (!finished) {
        spdlog::error("task {} attempt {}: cannot record its end in the catalog: {}", task.name,
                      attempt, finished.error().message);
      }
    }
    if (succeeded) break;
    const bool retry = outcome.error().is_transient() && attempt < last_attempt;
    spdlog::warn("task {} attempt {} failed{}: {}", task.name, attempt,
                 retry ? " (will retry)" : "", result.error);
    if (!retry) break;
    if (!sleep_unless_stopped(backoff_delay(attempt - first_attempt + 1, options), options)) {
      spdlog::warn(
          "task {}: not retried, the run is stopping; it runs again when the run is "
          "resumed",
          task.name);
      result.state = TaskState::pending;
      break;
    }
  }
  result.seconds = std::chrono::duration<double>(Clock::now() - started).count();
  if (result.state == TaskState::succeeded) {
    spdlog::info("task {} succeeded in {:.2f} s (rows in {}, out {}, rejected {})", task.name,
                 result.seconds, result.counters.rows_in, result.counters.rows_out,
                 result.counters.rows_rejected);
  }
  return result;
}

}  // namespace

bool RunSummary::succeeded() const {
  for (const auto& task : tasks) {
    if (task.state != TaskState::succeeded) return false;
  }
  return true;
}

std::string RunSummary::first_error() const {
  for (const auto& task : tasks) {
    if (task.state == TaskState::failed) return fmt::format("task {}: {}", task.name, task.error);
  }
  return "";
}

catalog::RunState RunSummary::run_state() const {
  for (const auto& task : tasks) {
    if (task.state == TaskState::failed || task.state == TaskState::skipped) {
      return catalog::RunState::failed;
    }
  }
  if (interrupted()) return catalog::RunState::cancelled;
  return succeeded() ? catalog::RunState::succeeded : catalog::RunState::failed;
}

std::string RunSummary::run_error() const {
  switch (run_state()) {
    case catalog::RunState::failed:
      return first_error();
    case catalog::RunState::cancelled:
      return interruption;
    default:
      return "";
  }
}

Result<> validate_dag(const std::vector<Task>& tasks) {
  std::map<std::string, const Task*> by_name;
  for (const auto& task : tasks) {
    if (!by_name.emplace(task.name, &task).second) {
      return make_error(ErrorCode::internal, "task \"{}\" is declared twice", task.name);
    }
  }
  for (const auto& task : tasks) {
    for (const auto& dependency : task.depends_on) {
      if (!by_name.contains(dependency)) {
        return make_error(ErrorCode::internal, "task \"{}\" depends on unknown task \"{}\"",
                          task.name, dependency);
      }
    }
  }
  // Kahn's algorithm: every task must become ready.
  std::map<std::string, size_t> waiting;
  for (const auto& task : tasks) waiting[task.name] = task.depends_on.size();
  std::vector<std::string> ready;
  for (const auto& [name, count] : waiting) {
    if (count == 0) ready.push_back(name);
  }
  size_t visited = 0;
  while (!ready.empty()) {
    const std::string name = ready.back();
    ready.pop_back();
    ++visited;
    for (const auto& task : tasks) {
      for (const auto& dependency : task.depends_on) {
        if (dependency == name && --waiting[task.name] == 0) ready.push_back(task.name);
      }
    }
  }
  if (visited != tasks.size()) return make_error(ErrorCode::internal, "the task graph has a cycle");
  return {};
}

Result<RunSummary> execute_dag(const std::vector<Task>& tasks, RunContext& context,
                               const ExecutorOptions& options) {
  TRY(validate_dag(tasks));
  install_task_log_sink();  // before the workers log: spdlog's sink list is not locked
  std::vector<catalog::RunTaskDeclaration> graph;
  for (const auto& task : tasks)
    graph.push_back({.task = task.name, .depends_on = task.depends_on});
  TRY(context.with_catalog(
      [&](catalog::Catalog& catalog) { return catalog.record_run_dag(context.run_id(), graph); }));
  const EarlierAttempts earlier = TRY(earlier_attempts(context));

  RunSummary summary;
  summary.tasks.resize(tasks.size());
  std::vector<TaskState> states(tasks.size(), TaskState::pending);
  std::vector<bool> held(tasks.size(), false);  // a stop cancelled its retry: do not start again
  for (size_t task_idx = 0; task_idx < tasks.size(); ++task_idx) {
    const std::string& name = tasks[task_idx].name;
    summary.tasks[task_idx].name = name;
    const auto done = earlier.succeeded.find(name);
    if (done == earlier.succeeded.end()) continue;
    states[task_idx] = TaskState::succeeded;
    summary.tasks[task_idx] = TaskResult{.name = name,
                                         .state = TaskState::succeeded,
                                         .attempts = done->second.attempt,
                                         .counters = done->second.counters,
                                         .resumed = true};
    spdlog::info("task {} already succeeded in attempt {} of this run; not run again", name,
                 done->second.attempt);
  }
  const auto next_attempt = [&](const std::string& name) {
    const auto found = earlier.last_attempt.find(name);
    return found == earlier.last_attempt.end() ? 1 : found->second + 1;
  };

  std::mutex mutex;
  std::condition_variable changed;
  int running = 0;
  std::vector<std::thread> workers;

  auto index_of = [&](const std::string& name) {
    for (size_t task_idx = 0; task_idx < tasks.size(); ++task_idx) {
      if (tasks[task_idx].name == name) return task_idx;
    }
    return tasks.size();
  };

  std::unique_lock lock(mutex);
  while (true) {
    const bool stopping = stop_requested(options);
    bool progressed = false;
    bool any_pending = false;
    for (size_t task_idx = 0; task_idx < tasks.size(); ++task_idx) {
      if (states[task_idx] != TaskState::pending || held[task_idx]) continue;
      any_pending = true;
      bool all_done = true;
      std::string failed_dependency;
      for (const auto& dependency : tasks[task_idx].depends_on) {
        const TaskState dependency_state = states[index_of(dependency)];
        if (dependency_state == TaskState::failed || dependency_state == TaskState::skipped) {
          failed_dependency = dependency;
        } else if (dependency_state != TaskState::succeeded) {
          all_done = false;
        }
      }
      if (!failed_dependency.empty()) {
        states[task_idx] = TaskState::skipped;
        summary.tasks[task_idx] = TaskResult{
            .name = tasks[task_idx].name,
            .state = TaskState::skipped,
            .error = fmt::format("skipped: upstream task {} did not succeed", failed_dependency)};
        context.with_catalog([&](catalog::Catalog& catalog) -> Result<> {
          const int64_t task_id =
              TRY(catalog.begin_task(context.run_id(), tasks[task_idx].name, 0));
          return catalog.finish_task(task_id, TaskState::skipped, {},
                                     summary.tasks[task_idx].error);
        });
        progressed = true;
        continue;
      }
      if (stopping || !all_done || running >= options.parallelism) continue;
      states[task_idx] = TaskState::running;
      ++running;
      progressed = true;
      const int first_attempt = next_attempt(tasks[task_idx].name);
      workers.emplace_back([&, task_idx, first_attempt] {
        TaskResult result = run_task(tasks[task_idx], context, options, first_attempt);
        std::lock_guard worker_lock(mutex);
        states[task_idx] = result.state;
        held[task_idx] = result.state == TaskState::pending;
        summary.tasks[task_idx] = std::move(result);
        --running;
        changed.notify_all();
      });
    }
    if (running == 0 && (!any_pending || stopping)) break;
    if (!progressed) {
      // A stop request is a plain flag (set from a signal handler, say): poll for it.
      if (options.stop != nullptr) {
        changed.wait_for(lock, std::chrono::milliseconds{50});
      } else {
        changed.wait(lock);
      }
    }
  }
  lock.unlock();
  for (auto& worker : workers) worker.join();

  for (size_t task_idx = 0; task_idx < tasks.size(); ++task_idx) {
    if (states[task_idx] == TaskState::pending) summary.not_run.push_back(tasks[task_idx].name);
  }
  if (summary.interrupted()) {
    summary.interruption =
        fmt::format("interrupted: {} stopped before tasks {} ran; they run when the run is resumed",
                    options.stopped_by, fmt::join(summary.not_run, ", "));
    spdlog::warn("run {} {}", context.run_id(), summary.interruption);
  }
  return summary;
}

}  // namespace reelhouse::pipeline
