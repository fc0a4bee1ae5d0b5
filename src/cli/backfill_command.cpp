// `reelhouse backfill <pipeline> --from D1 --to D2 [--only-failed | --force]
// [--parallel K]
//  [--refresh] [--wait SECONDS] [--dry-run] [--no-publish] [--json]`: one run
//  per date of the
// range (pipeline/backfill.hpp), then a per-date table and a summary. Exit code
// 0 when every chosen date succeeded, 1 when a date failed or was not run (or
// nothing could start). SIGINT/SIGTERM stop it gracefully: no further date
// starts, running runs stop between tasks; a second signal ends the process at
// once.
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/stop_request.hpp"
#include "cli/table_printer.hpp"
#include "pipeline/backfill.hpp"

namespace reelhouse::cli {

namespace {

struct BackfillOptions {
  std::string pipeline;
  std::string from;
  std::string to;
  bool only_failed = false;
  bool force = false;
  int parallel = 1;
  bool refresh = false;
  double wait_seconds = 0;
  bool dry_run = false;
  bool no_publish = false;
  bool json = false;
};

std::string run_text(const std::optional<int64_t>& run_id) {
  return run_id ? std::to_string(*run_id) : std::string("-");
}

std::string previous_text(const pipeline::BackfillDate& entry) {
  if (!entry.previous_run_id) return "none";
  return fmt::format("{} {}", catalog::to_string(*entry.previous_state), *entry.previous_run_id);
}

nlohmann::json optional_json(const auto& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

void print_json(const pipeline::BackfillReport& report) {
  nlohmann::json dates = nlohmann::json::array();
  for (const auto& entry : report.dates) {
    dates.push_back({{"date", entry.date},
                     {"outcome", pipeline::to_string(entry.outcome)},
                     {"run_id", optional_json(entry.run_id)},
                     {"previous_run_id", optional_json(entry.previous_run_id)},
                     {"previous_state", entry.previous_state ? nlohmann::json(catalog::to_string(
                                                                   *entry.previous_state))
                                                             : nlohmann::json(nullptr)},
                     {"detail", entry.detail},
                     {"partial", optional_json(entry.partial)},
                     {"seconds", entry.seconds}});
  }
  using pipeline::BackfillOutcome;
  std::cout << nlohmann::json{{"pipeline", report.pipeline},
                              {"from", report.from},
                              {"to", report.to},
                              {"succeeded", report.count(BackfillOutcome::succeeded)},
                              {"failed", report.count(BackfillOutcome::failed)},
                              {"interrupted", report.count(BackfillOutcome::interrupted)},
                              {"skipped", report.count(BackfillOutcome::skipped)},
                              {"not_run", report.count(BackfillOutcome::not_run)},
                              {"planned", report.count(BackfillOutcome::planned)},
                              {"published_by_run", optional_json(report.published_by_run)},
                              {"publish_error", report.publish_error},
                              {"seconds", report.seconds},
                              {"dates", dates}}
                   .dump(2)
            << "\n";
}

void print_text(const pipeline::BackfillReport& report, bool dry_run) {
  TextTableRows rows;
  for (const auto& entry : report.dates) {
    std::string detail = entry.detail;
    if (entry.partial) detail = "partial: " + *entry.partial;
    rows.push_back({entry.date, std::string(pipeline::to_string(entry.outcome)),
                    run_text(entry.run_id), previous_text(entry),
                    entry.outcome == pipeline::BackfillOutcome::succeeded ||
                            entry.outcome == pipeline::BackfillOutcome::failed ||
                            entry.outcome == pipeline::BackfillOutcome::interrupted
                        ? fmt::format("{:.2f}", entry.seconds)
                        : std::string("-"),
                    detail});
  }
  print_table(std::cout, {"date", "outcome", "run", "previous", "seconds", "detail"}, rows);
  using pipeline::BackfillOutcome;
  if (dry_run) {
    std::cout << fmt::format(
        "dry run of backfill {} from {} to {}: {} date(s) would run, {} "
        "skipped\n",
        report.pipeline, report.from, report.to, report.count(BackfillOutcome::planned),
        report.count(BackfillOutcome::skipped));
    return;
  }
  std::cout << fmt::format(
      "backfill {} from {} to {}: {} succeeded, {} "
      "failed, {} skipped, {} not run in {:.1f} s\n",
      report.pipeline, report.from, report.to, report.count(BackfillOutcome::succeeded),
      report.count(BackfillOutcome::failed), report.count(BackfillOutcome::skipped),
      report.count(BackfillOutcome::not_run), report.seconds);
  if (const int interrupted = report.count(BackfillOutcome::interrupted); interrupted > 0) {
    std::cout << fmt::format(
        "{} run(s) interrupted: the next run, schedule or backfill of {} "
        "resumes them\n",
        interrupted, report.pipeline);
  }
  if (report.published_by_run) {
    std::cout << fmt::format("warehouse published once, for run {}\n", *report.published_by_run);
  } else if (!report.publish_error.empty()) {
    std::cout << "warehouse NOT published: " << report.publish_error << "\n";
  }
  if (report.count(BackfillOutcome::failed) > 0) {
    std::cout << fmt::format(
        "rerun the failed dates with: reelhouse backfill {} --from {} --to {} "
        "--only-failed\n",
        report.pipeline, report.from, report.to);
  }
}

}  // namespace

void register_backfill_command(CLI::App& app, GlobalOptions& global, CommandAction& action) {
  auto options = std::make_shared<BackfillOptions>();
  auto* command = app.add_subcommand("backfill",
                                     "Run a pipeline once per ingest date over "
                                     "a range of dates, skipping dates "
                                     "that already succeeded");
  command->add_option("pipeline", options->pipeline, "Pipeline to backfill: imdb, movies or prices")
      ->required();
  command->add_option("--from", options->from, "First ingest date, YYYY-MM-DD")->required();
  command->add_option("--to", options->to, "Last ingest date (inclusive), YYYY-MM-DD")->required();
  auto* only_failed = command->add_flag("--only-failed", options->only_failed,
                                        "Run exactly the dates whose newest run failed or was "
                                        "cancelled, or that have no run");
  auto* force = command->add_flag("--force", options->force,
                                  "Run every date, also those whose newest run succeeded");
  only_failed->excludes(force);
  command
      ->add_option("--parallel", options->parallel,
                   fmt::format("Dates run at once in this process (1-{}; default 1)",
                               pipeline::k_max_backfill_parallel))
      ->check(CLI::Range(1, pipeline::k_max_backfill_parallel));
  command->add_flag("--refresh", options->refresh,
                    "Fetch sources again even if already fetched for a date");
  command
      ->add_option("--wait", options->wait_seconds,
                   "Wait up to SECONDS for a running run of the pipeline to "
                   "end (default 0: "
                   "refuse at once)")
      ->check(CLI::NonNegativeNumber);
  command->add_flag("--dry-run", options->dry_run,
                    "Show which dates would run and which are skipped, without "
                    "running anything");
  command->add_flag("--no-publish", options->no_publish, "Do not publish the warehouse at the end");
  command->add_flag("--json", options->json, "Print the per-date report as JSON");
  command->callback([options, &global, &action] {
    action = [options, &global] {
      configure_logging();
      auto config = load_cli_config(global);
      if (!config) return report_error(config.error());
      const pipeline::BackfillRequest request{
          .pipeline = options->pipeline,
          .from = options->from,
          .to = options->to,
          .selection = options->force         ? pipeline::BackfillSelection::force
                       : options->only_failed ? pipeline::BackfillSelection::only_failed
                                              : pipeline::BackfillSelection::skip_succeeded,
          .parallel = options->parallel,
          .refresh = options->refresh ? pipeline::Refresh::yes : pipeline::Refresh::no,
          .lease_wait =
              std::chrono::milliseconds(static_cast<int64_t>(options->wait_seconds * 1000)),
          .dry_run = options->dry_run,
          .publish = !options->no_publish,
          .stop = &stop_on_first_signal(),
          .stopped_by = "backfill (SIGINT/SIGTERM)",
      };
      auto report = pipeline::run_backfill(*config, request);
      if (!report) return report_error(report.error());
      if (options->json) {
        print_json(*report);
      } else {
        print_text(*report, options->dry_run);
      }
      return report->succeeded() ? 0 : 1;
    };
  });
}

}  // namespace reelhouse::cli
