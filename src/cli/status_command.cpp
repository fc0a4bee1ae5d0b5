// `reelhouse status [pipeline] [--run ID] [--limit N] [--json]`: the last runs (of one
// pipeline or all), then the task graph of one run (the newest, or --run): every task with its
// step, state, attempts, duration, rows and the tasks it depends on, the errors of failed
// attempts, the run's data-quality checks, alert deliveries and metrics. Without a pipeline
// it also shows the pipeline leases held right now and when each schedule fires next
// (scheduler::next_fire_times) with the last interval a scheduler claimed.
#include <chrono>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>

#include "catalog/catalog.hpp"
#include "cli/commands.hpp"
#include "cli/run_graph_view.hpp"
#include "cli/table_printer.hpp"
#include "pipeline/pipeline_lease.hpp"
#include "scheduler/schedule_plan.hpp"

namespace reelhouse::cli {

namespace {

using Json = nlohmann::json;

struct StatusOptions {
  std::string pipeline;
  int64_t run_id = 0;  // 0: the newest run
  int limit = 10;
  bool json = false;
};

// Everything shown about the selected run.
struct RunDetail {
  catalog::RunRecord run{};
  std::vector<catalog::TaskRecord> attempts{};
  std::vector<GraphTask> graph{};
  std::vector<catalog::CheckResultRecord> checks{};
  std::vector<catalog::AlertRecord> alerts{};
  std::vector<catalog::RunMetric> metrics{};
  std::optional<catalog::LeaseRecord> lease{};  // the pipeline's lease, when live
};

std::string text_or_dash(const std::optional<std::string>& text) {
  return text && !text->empty() ? *text : "-";
}

std::string text_or_dash(const std::string& text) {
  return text.empty() ? "-" : text;
}

Json text_or_null(const std::optional<std::string>& text) {
  return text ? Json(*text) : Json(nullptr);
}

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
  std::string joined;
  for (const auto& part : parts) {
    if (!joined.empty()) joined += separator;
    joined += part;
  }
  return joined;
}

// "succeeded", or "partial" for a succeeded run that could not collect everything.
std::string run_state_text(const catalog::RunRecord& run) {
  if (run.state == catalog::RunState::succeeded && run.partial) return "partial";
  return std::string(catalog::to_string(run.state));
}

bool lease_is_live(const catalog::LeaseRecord& lease, const std::string& now) {
  return lease.expires_at > now;
}

// The recorded graph of a run (empty for runs recorded before graphs were stored).
Result<std::vector<catalog::RunTaskDeclaration>> recorded_graph(catalog::Catalog& catalog,
                                                                int64_t run_id) {
  return catalog.run_dag(run_id);
}

Result<RunDetail> load_run_detail(catalog::Catalog& catalog, const catalog::RunRecord& run) {
  RunDetail detail{.run = run};
  detail.attempts = TRY(catalog.tasks_of_run(run.run_id));
  detail.graph = build_run_graph(TRY(recorded_graph(catalog, run.run_id)), detail.attempts);
  detail.checks = TRY(catalog.check_results(run.run_id));
  detail.alerts = TRY(catalog.alerts(run.run_id));
  detail.metrics = TRY(catalog.run_metrics(run.run_id));
  auto lease = TRY(catalog.lease(pipeline::pipeline_lease_name(run.pipeline)));
  if (lease && lease_is_live(*lease, catalog::timestamp_now())) detail.lease = std::move(lease);
  return detail;
}

Json run_json(const catalog::RunRecord& run) {
  return {{"run_id", run.run_id},
          {"pipeline", run.pipeline},
          {"ingest_date", run.ingest_date},
          {"state", catalog::to_string(run.state)},
          {"trigger", run.trigger},
          {"started_at", run.started_at},
          {"finished_at", text_or_dash(run.finished_at)},
          {"error", run.error},
          {"partial", text_or_null(run.partial)},
          {"scheduled_for", text_or_null(run.scheduled_for)},
          {"recovered", run.recovered}};
}

Json attempt_json(const catalog::TaskRecord& task) {
  return {{"task", task.task},
          {"state", catalog::to_string(task.state)},
          {"attempt", task.attempt},
          {"started_at", text_or_dash(task.started_at)},
          {"finished_at", text_or_dash(task.finished_at)},
          {"rows_in", task.counters.rows_in},
          {"rows_out", task.counters.rows_out},
          {"rows_rejected", task.counters.rows_rejected},
          {"bytes", task.counters.bytes},
          {"error", task.error}};
}

Json lease_json(const catalog::LeaseRecord& lease) {
  return {{"name", lease.name},
          {"holder", lease.holder},
          {"acquired_at", lease.acquired_at},
          {"heartbeat_at", lease.heartbeat_at},
          {"expires_at", lease.expires_at},
          {"run_id", lease.run_id ? Json(*lease.run_id) : Json(nullptr)}};
}

Json detail_json(const RunDetail& detail) {
  Json body = run_json(detail.run);
  Json graph = Json::array();
  for (const auto& task : detail.graph) {
    Json history = Json::array();
    for (const auto& attempt : task.history) history.push_back(attempt_json(attempt));
    graph.push_back({{"task", task.task},
                     {"step", task.step},
                     {"declared", task.declared},
                     {"depends_on", task.depends_on},
                     {"state", task.state},
                     {"attempts", task.attempts},
                     {"duration_ms", task.duration_ms ? Json(*task.duration_ms) : Json(nullptr)},
                     {"error", task.error},
                     {"history", history}});
  }
  body["graph"] = graph;
  Json checks = Json::array();
  for (const auto& check : detail.checks) {
    checks.push_back({{"check", check.check_name},
                      {"table", check.table_name},
                      {"kind", check.kind},
                      {"level", check.level},
                      {"passed", check.passed},
                      {"observed", check.observed},
                      {"message", check.message},
                      {"checked_at", check.checked_at}});
  }
  body["checks"] = checks;
  Json alerts = Json::array();
  for (const auto& alert : detail.alerts) {
    alerts.push_back({{"channel", alert.channel},
                      {"target", alert.target},
                      {"state", alert.state},
                      {"attempts", alert.attempts},
                      {"error", alert.error},
                      {"sent_at", alert.sent_at}});
  }
  body["alerts"] = alerts;
  body["lease"] = detail.lease ? lease_json(*detail.lease) : Json(nullptr);
  return body;
}

void print_run_detail(const RunDetail& detail) {
  const auto& run = detail.run;
  std::string timing = fmt::format("started {}", run.started_at);
  if (run.finished_at) {
    timing += fmt::format(", finished {}", *run.finished_at);
    if (auto took = milliseconds_between(run.started_at, *run.finished_at)) {
      timing += fmt::format(" ({})", format_duration(*took));
    }
  }
  std::cout << fmt::format("run {} · {} · {} · {} · {} · {}\n", run.run_id, run.pipeline,
                           run.ingest_date, run_state_text(run), run.trigger, timing);
  if (run.scheduled_for) std::cout << "  scheduled for " << *run.scheduled_for << "\n";
  if (run.recovered > 0) {
    std::cout << fmt::format("  recovered {} time{} after its process died\n", run.recovered,
                             run.recovered == 1 ? "" : "s");
  }
  if (run.partial) std::cout << "  partial: missing " << *run.partial << "\n";
  if (!run.error.empty()) std::cout << "  error: " << run.error << "\n";
  if (detail.lease) {
    std::cout << fmt::format("  lease {} held by {} since {} (heartbeat {}, expires {})\n",
                             detail.lease->name, detail.lease->holder, detail.lease->acquired_at,
                             detail.lease->heartbeat_at, detail.lease->expires_at);
  }

  std::cout << "\ntask graph:\n";
  TextTableRows rows;
  for (const auto& task : detail.graph) {
    rows.push_back({task.step > 0 ? std::to_string(task.step) : "-", task.task, task.state,
                    std::to_string(task.attempts),
                    task.duration_ms ? format_duration(*task.duration_ms) : "-",
                    task.history.empty() ? "-" : format_count(task.counters.rows_out),
                    task.declared ? text_or_dash(join(task.depends_on, ", ")) : "?",
                    text_or_dash(task.error)});
  }
  if (rows.empty()) {
    std::cout << "  (no tasks recorded)\n";
  } else {
    print_table(
        std::cout,
        {"step", "task", "state", "attempts", "duration", "rows out", "depends on", "error"}, rows);
  }
  // Earlier attempts that failed (the table shows the latest attempt only).
  bool retried_heading = false;
  for (const auto& task : detail.graph) {
    if (task.history.size() < 2) continue;
    for (const auto& attempt : task.history) {
      if (attempt.state != catalog::TaskState::failed || attempt.error == task.error) continue;
      if (!retried_heading) std::cout << "\nfailed attempts:\n";
      retried_heading = true;
      std::cout << fmt::format("  {} attempt {}: {}\n", task.task, attempt.attempt, attempt.error);
    }
  }

  if (!detail.checks.empty()) {
    std::cout << "\nchecks:\n";
    TextTableRows check_rows;
    for (const auto& check : detail.checks) {
      check_rows.push_back({check.check_name, check.level, check.passed ? "passed" : "FAILED",
                            text_or_dash(check.observed), text_or_dash(check.message)});
    }
    print_table(std::cout, {"check", "level", "result", "observed", "message"}, check_rows);
  }
  if (!detail.alerts.empty()) {
    std::cout << "\nalerts:\n";
    TextTableRows alert_rows;
    for (const auto& alert : detail.alerts) {
      alert_rows.push_back({alert.channel, alert.target, alert.state,
                            std::to_string(alert.attempts), alert.sent_at,
                            text_or_dash(alert.error)});
    }
    print_table(std::cout, {"channel", "target", "state", "attempts", "sent", "error"}, alert_rows);
  }
  if (!detail.metrics.empty()) {
    std::cout << "\nmetrics:\n";
    TextTableRows metric_rows;
    for (const auto& metric : detail.metrics) {
      metric_rows.push_back({metric.task, metric.metric, format_count(metric.value)});
    }
    print_table(std::cout, {"task", "metric", "value"}, metric_rows);
  }
}

// The schedules and live leases shown by `status` without a pipeline.
struct Overview {
  std::vector<catalog::LeaseRecord> leases{};  // live ones
  std::vector<scheduler::NextFire> schedule{};
  std::map<std::string, catalog::ScheduleFire> last_fires{};  // by pipeline
};

Result<Overview> load_overview(const Config& config, catalog::Catalog& catalog) {
  Overview overview;
  overview.schedule = scheduler::next_fire_times(
      config,
      std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now()));
  for (const auto& fire : overview.schedule) {
    auto last = TRY(catalog.schedule_fires(fire.pipeline, 1));
    if (!last.empty()) overview.last_fires.emplace(fire.pipeline, std::move(last.front()));
  }
  const auto now = catalog::timestamp_now();
  for (auto& lease : TRY(catalog.leases())) {
    if (lease_is_live(lease, now)) overview.leases.push_back(std::move(lease));
  }
  return overview;
}

void print_overview(const Overview& overview) {
  std::cout << "\nschedules:\n";
  TextTableRows schedule_rows;
  for (const auto& fire : overview.schedule) {
    const auto last = overview.last_fires.find(fire.pipeline);
    std::string last_text = "-";
    if (last != overview.last_fires.end()) {
      last_text = fmt::format(
          "{} ({}{})", last->second.fire_time, last->second.outcome,
          last->second.run_id ? fmt::format(", run {}", *last->second.run_id) : std::string());
    }
    schedule_rows.push_back(
        {fire.pipeline, fire.cron.empty() ? "off" : fire.cron, fire.timezone, fire.catch_up,
         fire.next_fire ? *fire.next_fire : text_or_dash(fire.error), last_text});
  }
  print_table(std::cout, {"pipeline", "cron", "time zone", "catch-up", "next run", "last interval"},
              schedule_rows);
  std::cout << "\nleases held:\n";
  if (overview.leases.empty()) {
    std::cout << "  none: no pipeline is running\n";
  } else {
    TextTableRows rows;
    for (const auto& lease : overview.leases) {
      rows.push_back({lease.name, lease.holder, lease.run_id ? std::to_string(*lease.run_id) : "-",
                      lease.acquired_at, lease.expires_at});
    }
    print_table(std::cout, {"lease", "holder", "run", "since", "expires"}, rows);
  }
}

Json overview_json(const Overview& overview) {
  Json leases = Json::array();
  for (const auto& lease : overview.leases) leases.push_back(lease_json(lease));
  Json schedule = Json::array();
  for (const auto& fire : overview.schedule) {
    const auto last = overview.last_fires.find(fire.pipeline);
    schedule.push_back(
        {{"pipeline", fire.pipeline},
         {"cron", fire.cron},
         {"timezone", fire.timezone},
         {"catch_up", fire.catch_up},
         {"next_fire", text_or_null(fire.next_fire)},
         {"error", fire.error},
         {"last_fire",
          last == overview.last_fires.end() ? Json(nullptr) : Json(last->second.fire_time)}});
  }
  return {{"leases", leases}, {"schedule", schedule}};
}

int show_status(const Config& config, const StatusOptions& options) {
  auto catalog = catalog::Catalog::open(config.catalog_location());
  if (!catalog) return report_error(catalog.error());
  std::optional<std::string_view> pipeline;
  if (!options.pipeline.empty()) pipeline = options.pipeline;
  auto runs = catalog->recent_runs(options.limit, pipeline);
  if (!runs) return report_error(runs.error());

  std::optional<catalog::RunRecord> selected;
  if (options.run_id > 0) {
    auto run = catalog->run(options.run_id);
    if (!run) return report_error(run.error());
    if (!*run) {
      return report_error(Error{ErrorCode::not_found,
                                fmt::format("no run {} in {}: `reelhouse status` lists the runs",
                                            options.run_id, config.catalog_location())});
    }
    if (pipeline && (*run)->pipeline != *pipeline) {
      return report_error(
          Error{ErrorCode::invalid_argument,
                fmt::format("run {} is a run of {}, not {}: use `reelhouse status {} --run {}`",
                            options.run_id, (*run)->pipeline, *pipeline, (*run)->pipeline,
                            options.run_id)});
    }
    selected = std::move(**run);
  } else if (!runs->empty()) {
    selected = runs->front();
  }
  std::optional<RunDetail> detail;
  if (selected) {
    auto loaded = load_run_detail(*catalog, *selected);
    if (!loaded) return report_error(loaded.error());
    detail = std::move(*loaded);
  }
  std::optional<Overview> overview;
  if (!pipeline) {
    auto loaded = load_overview(config, *catalog);
    if (!loaded) return report_error(loaded.error());
    overview = std::move(*loaded);
  }

  if (options.json) {
    Json runs_json = Json::array();
    for (const auto& run : *runs) runs_json.push_back(run_json(run));
    Json tasks_json = Json::array();
    Json metrics_json = Json::object();
    if (detail) {
      for (const auto& task : detail->attempts) tasks_json.push_back(attempt_json(task));
      for (const auto& metric : detail->metrics) {
        metrics_json[metric.task][metric.metric] = metric.value;
      }
    }
    Json body{{"runs", runs_json},
              {"run", detail ? detail_json(*detail) : Json(nullptr)},
              {"latest_run_tasks", tasks_json},
              {"latest_run_metrics", metrics_json}};
    if (overview) body.update(overview_json(*overview));
    std::cout << body.dump(2) << "\n";
    return 0;
  }

  if (!detail) {
    std::cout << (pipeline ? fmt::format("no runs of {} yet: start one with `reelhouse run {}`\n",
                                         *pipeline, *pipeline)
                           : std::string("no runs yet: start one with `reelhouse run imdb`\n"));
  } else {
    if (options.run_id == 0) {
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
      std::cout << "\n";
    }
    print_run_detail(*detail);
  }
  if (overview) print_overview(*overview);
  return 0;
}

}  // namespace

void register_status_command(CLI::App& app, GlobalOptions& global, CommandAction& action) {
  auto options = std::make_shared<StatusOptions>();
  auto* command = app.add_subcommand(
      "status", "Show the last runs and the task graph of one (states, attempts, checks, alerts)");
  command->add_option("pipeline", options->pipeline, "Only runs of this pipeline");
  command->add_option("--run", options->run_id, "Show this run's task graph (default: the newest)")
      ->check(CLI::PositiveNumber);
  command->add_option("--limit", options->limit, "How many runs to list")
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
