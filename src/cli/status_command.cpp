// `reelhouse status [pipeline] [--limit N] [--json]`: the last runs, and the tasks of the
// newest one with their states, attempts, timings, counters and errors, and the named
// figures its tasks reported (run_metrics).
#include <iostream>
#include <nlohmann/json.hpp>

#include "catalog/catalog.hpp"
#include "cli/commands.hpp"
#include "cli/table_printer.hpp"

namespace reelhouse::cli {

namespace {

struct StatusOptions {
  std::string pipeline;
  int limit = 10;
  bool json = false;
};

std::string text_or_dash(const std::optional<std::string>& text) {
  return text && !text->empty() ? *text : "-";
}

std::string text_or_dash(const std::string& text) {
  return text.empty() ? "-" : text;
}

// "succeeded", or "partial" for a succeeded run that could not collect everything.
std::string run_state_text(const catalog::RunRecord& run) {
  if (run.state == catalog::RunState::succeeded && run.partial) return "partial";
  return std::string(catalog::to_string(run.state));
}

int show_status(const Config& config, const StatusOptions& options) {
  auto catalog = catalog::Catalog::open(config.catalog_path());
  if (!catalog) return report_error(catalog.error());
  std::optional<std::string_view> pipeline;
  if (!options.pipeline.empty()) pipeline = options.pipeline;
  auto runs = catalog->recent_runs(options.limit, pipeline);
  if (!runs) return report_error(runs.error());
  std::vector<catalog::TaskRecord> tasks;
  std::vector<catalog::RunMetric> metrics;
  if (!runs->empty()) {
    auto newest_tasks = catalog->tasks_of_run(runs->front().run_id);
    if (!newest_tasks) return report_error(newest_tasks.error());
    tasks = std::move(*newest_tasks);
    auto newest_metrics = catalog->run_metrics(runs->front().run_id);
    if (!newest_metrics) return report_error(newest_metrics.error());
    metrics = std::move(*newest_metrics);
  }
  if (options.json) {
    nlohmann::json runs_json = nlohmann::json::array();
    for (const auto& run : *runs) {
      runs_json.push_back(
          {{"run_id", run.run_id},
           {"pipeline", run.pipeline},
           {"ingest_date", run.ingest_date},
           {"state", catalog::to_string(run.state)},
           {"trigger", run.trigger},
           {"started_at", run.started_at},
           {"finished_at", text_or_dash(run.finished_at)},
           {"error", run.error},
           {"partial", run.partial ? nlohmann::json(*run.partial) : nlohmann::json(nullptr)}});
    }
    nlohmann::json tasks_json = nlohmann::json::array();
    for (const auto& task : tasks) {
      tasks_json.push_back({{"task", task.task},
                            {"state", catalog::to_string(task.state)},
                            {"attempt", task.attempt},
                            {"started_at", text_or_dash(task.started_at)},
                            {"finished_at", text_or_dash(task.finished_at)},
                            {"rows_in", task.counters.rows_in},
                            {"rows_out", task.counters.rows_out},
                            {"rows_rejected", task.counters.rows_rejected},
                            {"bytes", task.counters.bytes},
                            {"error", task.error}});
    }
    nlohmann::json metrics_json = nlohmann::json::object();
    for (const auto& metric : metrics) metrics_json[metric.task][metric.metric] = metric.value;
    std::cout << nlohmann::json{{"runs", runs_json},
                                {"latest_run_tasks", tasks_json},
                                {"latest_run_metrics", metrics_json}}
                     .dump(2)
              << "\n";
    return 0;
  }
  if (runs->empty()) {
    std::cout << "no runs yet: start one with `reelhouse run imdb`\n";
    return 0;
  }
  TextTableRows run_rows;
  for (const auto& run : *runs) {
    run_rows.push_back({std::to_string(run.run_id), run.pipeline, run.ingest_date,
                        run_state_text(run), run.trigger, run.started_at,
                        text_or_dash(run.finished_at),
                        run.partial ? "missing: " + *run.partial : text_or_dash(run.error)});
  }
  print_table(
      std::cout,
      {"run", "pipeline", "ingest_date", "state", "trigger", "started", "finished", "error"},
      run_rows);
  std::cout << "\ntasks of run " << runs->front().run_id << ":\n";
  TextTableRows task_rows;
  for (const auto& task : tasks) {
    task_rows.push_back({task.task, std::string(catalog::to_string(task.state)),
                         std::to_string(task.attempt), text_or_dash(task.started_at),
                         text_or_dash(task.finished_at), format_count(task.counters.rows_in),
                         format_count(task.counters.rows_out),
                         format_count(task.counters.rows_rejected),
                         format_bytes(task.counters.bytes), text_or_dash(task.error)});
  }
  print_table(std::cout,
              {"task", "state", "attempt", "started", "finished", "rows in", "rows out", "rejected",
               "bytes", "error"},
              task_rows);
  if (!metrics.empty()) {
    std::cout << "\nmetrics of run " << runs->front().run_id << ":\n";
    TextTableRows metric_rows;
    for (const auto& metric : metrics) {
      metric_rows.push_back({metric.task, metric.metric, format_count(metric.value)});
    }
    print_table(std::cout, {"task", "metric", "value"}, metric_rows);
  }
  return 0;
}

}  // namespace

void register_status_command(CLI::App& app, GlobalOptions& global, CommandAction& action) {
  auto options = std::make_shared<StatusOptions>();
  auto* command = app.add_subcommand("status", "Show the last runs and their tasks");
  command->add_option("pipeline", options->pipeline, "Only runs of this pipeline");
  command->add_option("--limit", options->limit, "How many runs to show")
      ->check(CLI::Range(1, 1000));
  command->add_flag("--json", options->json, "Print as JSON");
  command->callback([options, &global, &action] {
    action = [options, &global] {
      auto config = load_cli_config(global);
      if (!config) return report_error(config.error());
      return show_status(*config, *options);
    };
  });
}

}  // namespace reelhouse::cli
