#include "pipeline/dag_executor.hpp"

#include <spdlog/spdlog.h>

#include <chrono>
#include <cmath>
#include <condition_variable>
#include <exception>
#include <map>
#include <random>
#include <set>
#include <thread>

namespace reelhouse::pipeline {

namespace {

using Clock = std::chrono::steady_clock;
using catalog::TaskState;

std::chrono::milliseconds backoff_delay(int attempt, const ExecutorOptions& options) {
  // Full jitter: uniform in [0, min(cap, initial · 2^(attempt-1))].
  const double ceiling = std::min<double>(options.backoff_max_ms,
                                          options.backoff_initial_ms * std::pow(2.0, attempt - 1));
  static thread_local std::mt19937_64 random{std::random_device{}()};
  std::uniform_real_distribution<double> jitter(0.0, ceiling);
  return std::chrono::milliseconds(static_cast<int64_t>(jitter(random)));
}

// Runs one task with its retries, recording every attempt.
TaskResult run_task(const Task& task, RunContext& context, const ExecutorOptions& options) {
  TaskResult result{.name = task.name};
  const auto started = Clock::now();
  for (int attempt = 1; attempt <= options.max_attempts; ++attempt) {
    result.attempts = attempt;
    const auto task_id = context.with_catalog([&](catalog::Catalog& catalog) {
      return catalog.begin_task(context.run_id(), task.name, attempt);
    });
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
      context.with_catalog([&](catalog::Catalog& catalog) {
        return catalog.finish_task(*task_id, result.state, result.counters, result.error);
      });
    }
    if (succeeded) break;
    const bool retry = outcome.error().is_transient() && attempt < options.max_attempts;
    spdlog::warn("task {} attempt {} failed{}: {}", task.name, attempt,
                 retry ? " (will retry)" : "", result.error);
    if (!retry) break;
    std::this_thread::sleep_for(backoff_delay(attempt, options));
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
  RunSummary summary;
  summary.tasks.resize(tasks.size());
  std::vector<TaskState> states(tasks.size(), TaskState::pending);
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
    bool progressed = false;
    bool any_pending = false;
    for (size_t task_idx = 0; task_idx < tasks.size(); ++task_idx) {
      if (states[task_idx] != TaskState::pending) continue;
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
      if (!all_done || running >= options.parallelism) continue;
      states[task_idx] = TaskState::running;
      ++running;
      progressed = true;
      workers.emplace_back([&, task_idx] {
        TaskResult result = run_task(tasks[task_idx], context, options);
        std::lock_guard worker_lock(mutex);
        states[task_idx] = result.state;
        summary.tasks[task_idx] = std::move(result);
        --running;
        changed.notify_all();
      });
    }
    if (!any_pending && running == 0) break;
    if (!progressed) changed.wait(lock);
  }
  lock.unlock();
  for (auto& worker : workers) worker.join();
  return summary;
}

}  // namespace reelhouse::pipeline
