// Builds the step view of a run's task graph (see run_graph_view.hpp).
#include "cli/run_graph_view.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <functional>
#include <map>
#include <set>

namespace reelhouse::cli {

namespace {

// Parses the digits in text[from, from + count) into `value`.
bool parse_digits(std::string_view text, size_t from, size_t count, int& value) {
  if (from + count > text.size()) return false;
  const char* begin = text.data() + from;
  const auto [end, error] = std::from_chars(begin, begin + count, value);
  return error == std::errc{} && end == begin + count;
}

// Milliseconds since the epoch of "YYYY-MM-DDTHH:MM:SS[.mmm]Z" (also with ' ' for 'T').
std::optional<int64_t> epoch_milliseconds(std::string_view text) {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, millisecond = 0;
  if (!parse_digits(text, 0, 4, year) || text.size() < 19 || text[4] != '-' ||
      !parse_digits(text, 5, 2, month) || text[7] != '-' || !parse_digits(text, 8, 2, day) ||
      (text[10] != 'T' && text[10] != ' ') || !parse_digits(text, 11, 2, hour) || text[13] != ':' ||
      !parse_digits(text, 14, 2, minute) || text[16] != ':' || !parse_digits(text, 17, 2, second)) {
    return std::nullopt;
  }
  if (text.size() > 19 && text[19] == '.' && !parse_digits(text, 20, 3, millisecond)) {
    return std::nullopt;
  }
  const std::chrono::year_month_day date{std::chrono::year{year},
                                         std::chrono::month{static_cast<unsigned>(month)},
                                         std::chrono::day{static_cast<unsigned>(day)}};
  if (!date.ok() || hour > 23 || minute > 59 || second > 60) return std::nullopt;
  const auto days = std::chrono::sys_days{date}.time_since_epoch().count();
  return ((static_cast<int64_t>(days) * 24 + hour) * 60 + minute) * 60'000 +
         static_cast<int64_t>(second) * 1000 + millisecond;
}

}  // namespace

std::optional<int64_t> milliseconds_between(std::string_view from, std::string_view to) {
  const auto start = epoch_milliseconds(from);
  const auto end = epoch_milliseconds(to);
  if (!start || !end) return std::nullopt;
  return *end - *start;
}

std::string format_duration(int64_t milliseconds) {
  if (milliseconds < 1000) return fmt::format("{} ms", milliseconds);
  if (milliseconds < 60'000) return fmt::format("{:.1f} s", milliseconds / 1000.0);
  const int64_t seconds = milliseconds / 1000;
  if (seconds < 3600) return fmt::format("{} min {:02} s", seconds / 60, seconds % 60);
  return fmt::format("{} h {:02} min", seconds / 3600, seconds / 60 % 60);
}

std::vector<GraphTask> build_run_graph(const std::vector<catalog::RunTaskDeclaration>& graph,
                                       const std::vector<catalog::TaskRecord>& attempts) {
  std::map<std::string, std::vector<catalog::TaskRecord>, std::less<>> history;
  std::vector<std::string> began_order;
  for (const auto& attempt : attempts) {
    auto& list = history[attempt.task];
    if (list.empty()) began_order.push_back(attempt.task);
    list.push_back(attempt);
  }

  std::map<std::string, size_t, std::less<>> index;
  for (size_t task_index = 0; task_index < graph.size(); ++task_index) {
    index.emplace(graph[task_index].task, task_index);
  }
  // Longest path from a root, by depth-first search; a task on the current path (a cycle)
  // counts as step 0 so that the search ends.
  std::vector<int> steps(graph.size(), -1);
  std::set<size_t> on_path;
  std::function<int(size_t)> step_of = [&](size_t task_index) -> int {
    if (steps[task_index] >= 0) return steps[task_index];
    if (on_path.contains(task_index)) return 0;
    on_path.insert(task_index);
    int step = 1;
    for (const auto& dependency : graph[task_index].depends_on) {
      const auto found = index.find(dependency);
      if (found != index.end()) step = std::max(step, step_of(found->second) + 1);
    }
    on_path.erase(task_index);
    steps[task_index] = step;
    return step;
  };

  auto summarise = [&](GraphTask& task) {
    const auto found = history.find(task.task);
    if (found == history.end() || found->second.empty()) {
      task.state = std::string(catalog::to_string(catalog::TaskState::pending));
      return;
    }
    task.history = found->second;
    const catalog::TaskRecord* latest = &task.history.front();
    for (const auto& attempt : task.history) {
      if (attempt.attempt >= latest->attempt) latest = &attempt;
      if (attempt.attempt > 0) ++task.attempts;
    }
    task.state = std::string(catalog::to_string(latest->state));
    task.error = latest->error;
    task.counters = latest->counters;
    if (latest->started_at && latest->finished_at) {
      task.duration_ms = milliseconds_between(*latest->started_at, *latest->finished_at);
    }
  };

  std::vector<GraphTask> tasks;
  for (size_t task_index = 0; task_index < graph.size(); ++task_index) {
    GraphTask task{.task = graph[task_index].task,
                   .depends_on = graph[task_index].depends_on,
                   .step = step_of(task_index)};
    summarise(task);
    tasks.push_back(std::move(task));
  }
  std::stable_sort(tasks.begin(), tasks.end(),
                   [](const GraphTask& a, const GraphTask& b) { return a.step < b.step; });
  for (const auto& name : began_order) {
    if (index.contains(name)) continue;
    GraphTask task{.task = name, .step = 0, .declared = false};
    summarise(task);
    tasks.push_back(std::move(task));
  }
  return tasks;
}

}  // namespace reelhouse::cli
