// Adding the data-quality check tasks to a pipeline's tasks (pipeline/quality_check_tasks.hpp).
#include "pipeline/quality_check_tasks.hpp"

#include <algorithm>
#include <map>

#include "pipeline/quality_checks.hpp"

namespace reelhouse::pipeline {

Result<std::vector<Task>> add_quality_check_tasks(std::vector<Task> tasks, const Config& config) {
  // The task producing each table, and the checks of each table in declaration order.
  std::map<std::string, std::string, std::less<>> producer_of;
  for (const auto& task : tasks) {
    for (const auto& table : task.produces) producer_of.emplace(table, task.name);
  }
  std::vector<std::string> tables;
  std::map<std::string, std::vector<CheckConfig>, std::less<>> checks_of;
  for (const auto& check : config.checks) {
    if (!producer_of.contains(check.table)) continue;  // a table of another pipeline
    if (auto valid = validate_check(check); !valid) {
      return std::unexpected(valid.error().with_context("check " + check_name(check)));
    }
    auto& checks = checks_of[check.table];
    if (checks.empty()) tables.push_back(check.table);
    checks.push_back(check);
  }
  if (tables.empty()) return tasks;

  const auto publish = std::ranges::find(tasks, std::string_view("publish"), &Task::name);
  std::vector<std::string> check_tasks;
  for (const auto& table : tables) {
    const std::string name = check_task_name(table);
    if (std::ranges::find(tasks, name, &Task::name) != tasks.end()) {
      return make_error(ErrorCode::invalid_argument,
                        "the pipeline already has a task named \"{}\"; cannot add the quality "
                        "checks of {}",
                        name, table);
    }
    check_tasks.push_back(name);
  }
  const bool has_publish = publish != tasks.end();
  if (has_publish) {
    auto& depends_on = publish->depends_on;
    depends_on.insert(depends_on.end(), check_tasks.begin(), check_tasks.end());
  }
  for (const auto& table : tables) {
    tasks.push_back(make_check_task(table, std::move(checks_of[table]), producer_of.at(table)));
  }
  return tasks;
}

}  // namespace reelhouse::pipeline
