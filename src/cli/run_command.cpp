// `reelhouse run <pipeline> [--date YYYY-MM-DD] [--refresh] [--json]`
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/table_printer.hpp"
#include "pipeline/pipeline_runner.hpp"

namespace reelhouse::cli {

namespace {

struct RunOptions {
  std::string pipeline;
  std::string date;
  bool refresh = false;
  bool json = false;
};

std::string_view task_state_name(catalog::TaskState state) {
  switch (state) {
    case catalog::TaskState::pending:
      return "pending";
    case catalog::TaskState::running:
      return "running";
    case catalog::TaskState::succeeded:
      return "succeeded";
    case catalog::TaskState::failed:
      return "failed";
    case catalog::TaskState::skipped:
      return "skipped";
  }
  return "unknown";
}

void print_summary(const pipeline::RunOutcome& outcome, const RunOptions& options) {
  const auto& summary = outcome.summary;
  if (options.json) {
    nlohmann::json tasks = nlohmann::json::array();
    for (const auto& task : summary.tasks) {
      tasks.push_back({{"task", task.name},
                       {"state", task_state_name(task.state)},
                       {"attempts", task.attempts},
                       {"seconds", task.seconds},
                       {"rows_in", task.counters.rows_in},
                       {"rows_out", task.counters.rows_out},
                       {"rows_rejected", task.counters.rows_rejected},
                       {"bytes", task.counters.bytes},
                       {"error", task.error}});
    }
    std::cout << nlohmann::json{{"run_id", outcome.run_id},
                                {"pipeline", options.pipeline},
                                {"ingest_date", options.date},
                                {"state", summary.succeeded() ? "succeeded" : "failed"},
                                {"partial", outcome.partial ? nlohmann::json(*outcome.partial)
                                                            : nlohmann::json(nullptr)},
                                {"tasks", tasks}}
                     .dump(2)
              << "\n";
    return;
  }
  TextTableRows rows;
  for (const auto& task : summary.tasks) {
    rows.push_back({task.name, std::string(task_state_name(task.state)),
                    std::to_string(task.attempts), fmt::format("{:.2f}", task.seconds),
                    format_count(task.counters.rows_in), format_count(task.counters.rows_out),
                    format_count(task.counters.rows_rejected), format_bytes(task.counters.bytes)});
  }
  std::cout << fmt::format("run {} of {} for {}: {}\n", outcome.run_id, options.pipeline,
                           options.date,
                           !summary.succeeded() ? "FAILED"
                           : outcome.partial    ? "succeeded, PARTIAL"
                                                : "succeeded");
  print_table(std::cout,
              {"task", "state", "attempts", "seconds", "rows in", "rows out", "rejected", "bytes"},
              rows);
  if (!summary.succeeded()) std::cout << summary.first_error() << "\n";
  if (outcome.partial) std::cout << "missing: " << *outcome.partial << "\n";
}

}  // namespace

void register_run_command(CLI::App& app, GlobalOptions& global, CommandAction& action) {
  auto options = std::make_shared<RunOptions>();
  auto* command = app.add_subcommand("run", "Run a pipeline for one ingest date");
  command->add_option("pipeline", options->pipeline, "Pipeline to run: imdb, movies or prices")
      ->required();
  command->add_option("--date", options->date,
                      "Ingest date (partition) YYYY-MM-DD; default: today (UTC)");
  command->add_flag("--refresh", options->refresh,
                    "Fetch sources again even if already fetched for that date");
  command->add_flag("--json", options->json, "Print the run summary as JSON");
  command->callback([options, &global, &action] {
    action = [options, &global] {
      configure_logging();
      auto config = load_cli_config(global);
      if (!config) return report_error(config.error());
      if (options->date.empty()) options->date = pipeline::today_utc();
      auto outcome = pipeline::run_pipeline(
          *config, {.pipeline = options->pipeline,
                    .ingest_date = options->date,
                    .refresh = options->refresh ? pipeline::Refresh::yes : pipeline::Refresh::no});
      if (!outcome) return report_error(outcome.error());
      print_summary(*outcome, *options);
      return outcome->summary.succeeded() ? 0 : 1;
    };
  });
}

}  // namespace reelhouse::cli
