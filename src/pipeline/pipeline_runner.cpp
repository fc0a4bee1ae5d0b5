#include "pipeline/pipeline_runner.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <limits>
#include <thread>

#include "pipeline/pipeline_lease.hpp"
#include "pipeline/pipeline_registry.hpp"
#include "pipeline/run_alerts.hpp"
#include "pipeline/run_recovery.hpp"

namespace reelhouse::pipeline {

namespace {

bool stop_requested(const std::atomic<bool>* stop) {
  return stop != nullptr && stop->load();
}

int clamp_to_int(int64_t value) {
  return static_cast<int>(std::clamp<int64_t>(value, 0, std::numeric_limits<int>::max()));
}

}  // namespace

std::string today_utc() {
  const auto today = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  const std::chrono::year_month_day date{today};
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(date.year()),
                     static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
}

bool is_valid_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  int year = 0;
  unsigned month = 0;
  unsigned day = 0;
  for (size_t char_idx : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (text[char_idx] < '0' || text[char_idx] > '9') return false;
  }
  year = std::stoi(std::string(text.substr(0, 4)));
  month = static_cast<unsigned>(std::stoi(std::string(text.substr(5, 2))));
  day = static_cast<unsigned>(std::stoi(std::string(text.substr(8, 2))));
  return std::chrono::year_month_day{std::chrono::year{year}, std::chrono::month{month},
                                     std::chrono::day{day}}
      .ok();
}

ExecutorOptions executor_options(const Config& config) {
  const auto& runtime = config.runtime;
  return ExecutorOptions{
      .parallelism = runtime.threads > 0
                         ? clamp_to_int(runtime.threads)
                         : static_cast<int>(std::max(2u, std::thread::hardware_concurrency())),
      .max_attempts = std::max(1, clamp_to_int(runtime.task_max_attempts)),
      .backoff_initial_ms = clamp_to_int(runtime.task_backoff_initial_ms),
      .backoff_max_ms = clamp_to_int(runtime.task_backoff_max_ms),
  };
}

Result<RunOutcome> execute_run(const Config& config, catalog::Catalog& catalog,
                               const catalog::RunRecord& run, const RunExecution& execution) {
  const auto fail_run = [&](const Error& error) -> Result<RunOutcome> {
    if (auto finished = catalog.finish_run(run.run_id, catalog::RunState::failed, error.message);
        !finished) {
      spdlog::error("run {}: cannot record its failure: {}", run.run_id, finished.error().message);
    }
    send_run_alerts(config, catalog, run.run_id);
    return std::unexpected(error);
  };
  auto tasks = pipeline_tasks(run.pipeline, config);
  if (!tasks) return fail_run(tasks.error());

  RunContext context(config, catalog, run.pipeline, run.ingest_date, execution.refresh);
  context.set_run_id(run.run_id);
  context.set_publish(execution.publish);
  ExecutorOptions options = executor_options(config);
  options.stop = execution.stop;
  options.stopped_by = execution.stopped_by;
  auto summary = execute_dag(*tasks, context, options);
  if (!summary) return fail_run(summary.error());

  RunOutcome outcome{
      .run_id = run.run_id, .state = summary->run_state(), .error = summary->run_error()};
  if (auto notes = context.partial_notes();
      outcome.state == catalog::RunState::succeeded && !notes.empty()) {
    spdlog::warn("run {} is partial: {}", run.run_id, notes);
    outcome.partial = std::move(notes);
  }
  outcome.summary = std::move(*summary);
  TRY(catalog.finish_run(run.run_id, outcome.state, outcome.error, outcome.partial));
  spdlog::info("run {} of {} for {}: {}", run.run_id, run.pipeline, run.ingest_date,
               catalog::to_string(outcome.state));
  // Here rather than in run_pipeline, so that resumed runs alert like new ones.
  send_run_alerts(config, catalog, run.run_id);
  return outcome;
}

Result<RunOutcome> run_pipeline(const Config& config, const RunRequest& request) {
  // An unknown pipeline fails before anything else.
  if (auto known = pipeline_tasks(request.pipeline, config); !known) {
    return std::unexpected(known.error());
  }
  if (!is_valid_date(request.ingest_date)) {
    return make_error(ErrorCode::invalid_argument,
                      "--date \"{}\" is not a valid date; use YYYY-MM-DD", request.ingest_date);
  }
  std::optional<PipelineLease> lease;
  if (request.take_lease) {
    lease.emplace(TRY(PipelineLease::acquire(config, request.pipeline, request.lease_wait)));
  }
  auto catalog = TRY(catalog::Catalog::open(config.catalog_location()));
  const lake::Lake lake = TRY(lake::Lake::open(config));
  const int removed = TRY(lake.remove_abandoned_staging());
  if (removed > 0) spdlog::info("removed {} partial partition(s) left by crashed runs", removed);
  if (request.take_lease) {
    const auto recovered =
        TRY(recover_pipeline_runs(config, catalog, request.pipeline, &*lease, request.stop));
    if (!recovered.empty()) {
      spdlog::info("recovered {} earlier run(s) of pipeline {} before this one", recovered.size(),
                   request.pipeline);
    }
    // A resumed run of the very partition asked for is that request's run: running the
    // partition again would only redo the work it just kept.
    for (const auto& outcome : recovered) {
      const auto resumed = TRY(catalog.run(outcome.run_id));
      if (request.refresh == Refresh::no && resumed &&
          resumed->ingest_date == request.ingest_date &&
          resumed->state != catalog::RunState::cancelled) {
        spdlog::info("run {} for {} was interrupted and has been resumed: it is this run",
                     outcome.run_id, request.ingest_date);
        return outcome;
      }
    }
  }
  if (stop_requested(request.stop)) {
    return make_error(ErrorCode::cancelled, "{} stopped pipeline {} before its run for {} began",
                      request.stopped_by, request.pipeline, request.ingest_date);
  }

  const int64_t run_id =
      TRY(catalog.begin_run(request.pipeline, request.ingest_date, request.trigger));
  if (request.scheduled_for) TRY(catalog.set_run_scheduled_for(run_id, *request.scheduled_for));
  if (lease) {
    if (auto recorded = lease->set_run(run_id); !recorded) {
      spdlog::warn("run {}: cannot record it on the lease of pipeline {}: {}", run_id,
                   request.pipeline, recorded.error().message);
    }
  }
  spdlog::info("run {}: pipeline {} for {}", run_id, request.pipeline, request.ingest_date);
  const auto run = TRY(catalog.run(run_id));
  if (!run) return make_error(ErrorCode::internal, "run {} vanished from the catalog", run_id);
  auto outcome = TRY(execute_run(config, catalog, *run,
                                 {.refresh = request.refresh,
                                  .publish = request.publish,
                                  .stop = request.stop,
                                  .stopped_by = request.stopped_by}));
  if (lease && lease->lost()) {
    spdlog::warn(
        "run {}: the lease of pipeline {} was lost while it ran (heartbeats failed); "
        "another run of the pipeline may have overlapped it",
        run_id, request.pipeline);
  }
  return outcome;
}

}  // namespace reelhouse::pipeline
