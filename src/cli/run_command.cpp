// `reelhouse run <pipeline> [--date YYYY-MM-DD] [--refresh] [--wait SECONDS] [--json]`
//
// Refuses at once (or after --wait seconds) when another run of the pipeline holds its lease.
// SIGINT/SIGTERM stop the run gracefully: running tasks finish, no new task starts, and the
// run ends cancelled, to be resumed by the next run of the pipeline; a second signal kills.

#include <atomic>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/stop_request.hpp"
#include "cli/table_printer.hpp"
#include "pipeline/pipeline_runner.hpp"

namespace reelhouse::cli {

namespace {

struct RunOptions {
  std::string pipeline;
  std::string date;
  bool refresh = false;
  bool json = false;
  int64_t wait_seconds = 0;
};

void print_summary(const pipeline::RunOutcome& outcome, const RunOptions& options) {
  const auto& summary = outcome.summary;
  if (options.json) {
    nlohmann::json tasks = nlohmann::json::array();
    for (const auto& task : summary.tasks) {
      tasks.push_back({{"task", task.name},
                       {"state", catalog::to_string(task.state)},
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
                                {"state", catalog::to_string(outcome.state)},
                                {"error", outcome.error},
                                {"partial", outcome.partial ? nlohmann::json(*outcome.partial)
                                                            : nlohmann::json(nullptr)},
                                {"tasks", tasks}}
                     .dump(2)
              << "\n";
    return;
  }
  TextTableRows rows;
  for (const auto& task : summary.tasks) {
    rows.push_back(
        {task.name,
         std::string(catalog::to_string(task.state)) + (task.resumed ? " (earlier)" : ""),
         std::to_string(task.attempts), fmt::format("{:.2f}", task.seconds),
         format_count(task.counters.rows_in), format_count(task.counters.rows_out),
         format_count(task.counters.rows_rejected), format_bytes(task.counters.bytes)});
  }
  std::cout << fmt::format("run {} of {} for {}: {}\n", outcome.run_id, options.pipeline,
                           options.date,
                           outcome.state == catalog::RunState::failed      ? "FAILED"
                           : outcome.state == catalog::RunState::cancelled ? "INTERRUPTED"
                           : outcome.partial                               ? "succeeded, PARTIAL"
                                                                           : "succeeded");
  print_table(std::cout,
              {"task", "state", "attempts", "seconds", "rows in", "rows out", "rejected", "bytes"},
              rows);
  if (!outcome.error.empty()) std::cout << outcome.error << "\n";
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
  command
      ->add_option("--wait", options->wait_seconds,
                   "When another run of the pipeline is running, wait up to SECONDS for it "
                   "to end (default 0: refuse at once, naming that run)")
      ->check(CLI::Range(int64_t{0}, int64_t{7 * 24 * 3600}));
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
                    .refresh = options->refresh ? pipeline::Refresh::yes : pipeline::Refresh::no,
                    .lease_wait = std::chrono::seconds{options->wait_seconds},
                    .stop = &stop_on_first_signal(),
                    .stopped_by = "a signal (SIGINT/SIGTERM) to `reelhouse run`"});
      if (!outcome) return report_error(outcome.error());
      print_summary(*outcome, *options);
      return outcome->state == catalog::RunState::succeeded ? 0 : 1;
    };
  });
}

}  // namespace reelhouse::cli
