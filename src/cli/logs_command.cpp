// `reelhouse logs <run> [<task>] [--attempt N] [--json]`: the log lines captured while the
// run's tasks ran (catalog task_logs), one block per task attempt, in the order the tasks
// began. Lines logged by the run itself (outside any task) come first, under "(run)".
#include <algorithm>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>

#include "catalog/catalog.hpp"
#include "cli/commands.hpp"

namespace reelhouse::cli {

namespace {

struct LogsOptions {
  int64_t run_id = 0;
  std::string task;
  int attempt = 0;  // 0: every attempt
  bool json = false;
};

// The run's task names: the recorded graph's, then any other task that ran.
Result<std::vector<std::string>> task_names(catalog::Catalog& catalog, int64_t run_id) {
  std::vector<std::string> names;
  auto remember = [&](const std::string& name) {
    if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
  };
  for (const auto& declaration : TRY(catalog.run_dag(run_id))) remember(declaration.task);
  for (const auto& attempt : TRY(catalog.tasks_of_run(run_id))) remember(attempt.task);
  return names;
}

// Lines of the run itself first, then by when each task began, then attempt and sequence.
void order_lines(std::vector<catalog::TaskLogLine>& lines, const std::vector<std::string>& names) {
  std::map<std::string, size_t, std::less<>> position;
  for (size_t index = 0; index < names.size(); ++index) position.emplace(names[index], index + 1);
  auto rank = [&](const std::string& task) {
    if (task.empty()) return size_t{0};
    const auto found = position.find(task);
    return found == position.end() ? names.size() + 1 : found->second;
  };
  std::stable_sort(lines.begin(), lines.end(),
                   [&](const catalog::TaskLogLine& a, const catalog::TaskLogLine& b) {
                     const auto rank_a = rank(a.task);
                     const auto rank_b = rank(b.task);
                     if (rank_a != rank_b) return rank_a < rank_b;
                     if (a.task != b.task) return a.task < b.task;
                     if (a.attempt != b.attempt) return a.attempt < b.attempt;
                     return a.seq < b.seq;
                   });
}

int show_logs(const Config& config, const LogsOptions& options) {
  auto load = [&]() -> Result<int> {
    auto catalog = TRY(catalog::Catalog::open(config.catalog_location()));
    const auto run = TRY(catalog.run(options.run_id));
    if (!run) {
      return make_error(ErrorCode::not_found, "no run {} in {}: `reelhouse status` lists the runs",
                        options.run_id, config.catalog_location());
    }
    const auto names = TRY(task_names(catalog, options.run_id));
    std::optional<std::string_view> task;
    if (!options.task.empty()) {
      if (std::find(names.begin(), names.end(), options.task) == names.end()) {
        std::string known;
        for (const auto& name : names) known += (known.empty() ? "" : ", ") + name;
        return make_error(ErrorCode::invalid_argument, "run {} ({}) has no task {}; its tasks: {}",
                          options.run_id, run->pipeline, options.task,
                          known.empty() ? "none recorded" : known);
      }
      task = options.task;
    }
    auto lines = TRY(catalog.task_logs(options.run_id, task));
    if (options.attempt > 0) {
      std::erase_if(lines, [&](const auto& line) { return line.attempt != options.attempt; });
    }
    order_lines(lines, names);

    if (options.json) {
      nlohmann::json items = nlohmann::json::array();
      for (const auto& line : lines) {
        items.push_back({{"task", line.task},
                         {"attempt", line.attempt},
                         {"seq", line.seq},
                         {"logged_at", line.logged_at},
                         {"level", line.level},
                         {"message", line.message}});
      }
      std::cout << nlohmann::json{{"run_id", options.run_id},
                                  {"task", task ? nlohmann::json(*task) : nlohmann::json(nullptr)},
                                  {"attempt", options.attempt > 0 ? nlohmann::json(options.attempt)
                                                                  : nlohmann::json(nullptr)},
                                  {"lines", items}}
                       .dump(2)
                << "\n";
      return 0;
    }
    if (lines.empty()) {
      std::string what = fmt::format("run {}", options.run_id);
      if (task) what += fmt::format(", task {}", *task);
      if (options.attempt > 0) what += fmt::format(", attempt {}", options.attempt);
      std::cout << "no log lines captured for " << what << "\n";
      return 0;
    }
    const catalog::TaskLogLine* previous = nullptr;
    for (const auto& line : lines) {
      if (!previous || previous->task != line.task || previous->attempt != line.attempt) {
        std::cout << (previous ? "\n" : "")
                  << fmt::format("== {} · attempt {} ==\n", line.task.empty() ? "(run)" : line.task,
                                 line.attempt);
      }
      std::cout << fmt::format("{} {:<8} {}\n", line.logged_at, line.level, line.message);
      previous = &line;
    }
    return 0;
  };
  auto shown = load();
  if (!shown) return report_error(shown.error());
  return *shown;
}

}  // namespace

void register_logs_command(CLI::App& app, GlobalOptions& global, CommandAction& action) {
  auto options = std::make_shared<LogsOptions>();
  auto* command = app.add_subcommand("logs", "Show the log lines captured while a run's tasks ran");
  command->add_option("run", options->run_id, "The run's id (see `reelhouse status`)")
      ->required()
      ->check(CLI::PositiveNumber);
  command->add_option("task", options->task, "Only this task's lines");
  command->add_option("--attempt", options->attempt, "Only this attempt's lines (1, 2, …)")
      ->check(CLI::PositiveNumber);
  command->add_flag("--json", options->json, "Print as JSON");
  command->callback([options, &global, &action] {
    action = [options, &global] {
      auto config = load_cli_config(global);
      if (!config) return report_error(config.error());
      return show_logs(*config, *options);
    };
  });
}

}  // namespace reelhouse::cli
