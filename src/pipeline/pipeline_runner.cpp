#include "pipeline/pipeline_runner.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include "pipeline/pipeline_registry.hpp"

namespace reelhouse::pipeline {

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

Result<RunOutcome> run_pipeline(const Config& config, const RunRequest& request) {
  auto tasks = TRY(pipeline_tasks(request.pipeline, config));
  if (!is_valid_date(request.ingest_date)) {
    return make_error(ErrorCode::invalid_argument,
                      "--date \"{}\" is not a valid date; use YYYY-MM-DD", request.ingest_date);
  }
  auto catalog = TRY(catalog::Catalog::open(config.catalog_path()));
  const int abandoned = TRY(catalog.mark_abandoned_runs());
  if (abandoned > 0) spdlog::warn("marked {} run(s) of dead processes as failed", abandoned);
  const lake::Lake lake(config.lake_root());
  const int removed = TRY(lake.remove_abandoned_staging());
  if (removed > 0) spdlog::info("removed {} partial partition(s) left by crashed runs", removed);

  RunContext context(config, catalog, request.pipeline, request.ingest_date, request.refresh);
  const int64_t run_id =
      TRY(catalog.begin_run(request.pipeline, request.ingest_date, request.trigger));
  context.set_run_id(run_id);
  spdlog::info("run {}: pipeline {} for {}", run_id, request.pipeline, request.ingest_date);

  const ExecutorOptions options{
      .parallelism = config.runtime.threads > 0
                         ? static_cast<int>(config.runtime.threads)
                         : static_cast<int>(std::max(2u, std::thread::hardware_concurrency())),
      .max_attempts = static_cast<int>(config.runtime.task_max_attempts),
      .backoff_initial_ms = static_cast<int>(config.runtime.task_backoff_initial_ms),
  };
  auto summary = execute_dag(tasks, context, options);
  if (!summary) {
    (void)catalog.finish_run(run_id, catalog::RunState::failed, summary.error().message);
    return std::unexpected(summary.error());
  }
  const bool succeeded = summary->succeeded();
  std::optional<std::string> partial;
  if (auto notes = context.partial_notes(); succeeded && !notes.empty()) {
    spdlog::warn("run {} is partial: {}", run_id, notes);
    partial = std::move(notes);
  }
  TRY(catalog.finish_run(run_id,
                         succeeded ? catalog::RunState::succeeded : catalog::RunState::failed,
                         summary->first_error(), partial));
  return RunOutcome{.run_id = run_id, .summary = std::move(*summary), .partial = partial};
}

}  // namespace reelhouse::pipeline
