// Runs one pipeline for one ingest date: takes the pipeline's lease (no two runs of one
// pipeline at once), recovers the pipeline's runs that a dead process or a stop left behind,
// records the run in the catalog, executes its task DAG and records the outcome. Used by
// `reelhouse run`, the scheduler and backfills; run_recovery.hpp resumes runs through the
// same execute_run.
#pragma once

#include <atomic>
#include <chrono>
#include <optional>
#include <string>

#include "core/config.hpp"
#include "pipeline/dag_executor.hpp"
#include "pipeline/pipeline_registry.hpp"

namespace reelhouse::pipeline {

struct RunRequest {
  std::string pipeline{};     // "imdb"
  std::string ingest_date{};  // YYYY-MM-DD
  std::string trigger = "manual";
  Refresh refresh = Refresh::no;
  // The interval a scheduled run is for (UTC ISO-8601), recorded on the run.
  std::optional<std::string> scheduled_for{};
  // False: the publish task succeeds without publishing (a backfill publishes once at its end).
  bool publish = true;
  // False: the caller already holds the pipeline's lease (a backfill) and recovers abandoned
  // runs itself (recover_pipeline_runs); the run then neither takes the lease nor recovers.
  bool take_lease = true;
  // How long to wait for the lease when another run holds it; 0 = refuse at once.
  std::chrono::milliseconds lease_wait{0};
  // When it becomes true: no new task starts, running ones finish, and the run ends
  // cancelled ("interrupted: …"), to be resumed later. Null = never.
  const std::atomic<bool>* stop = nullptr;
  // Who sets `stop`, for the interruption message ("the scheduler (SIGTERM)").
  std::string stopped_by = "a stop request";
};

struct RunOutcome {
  int64_t run_id = 0;
  RunSummary summary{};
  // What a succeeded run could not collect (RunContext::report_partial); absent when complete.
  std::optional<std::string> partial{};
  // How the run ended in the catalog, and its error there ("" when none).
  catalog::RunState state = catalog::RunState::succeeded;
  std::string error{};
};

// How an already recorded run is executed (execute_run).
struct RunExecution {
  Refresh refresh = Refresh::no;
  bool publish = true;
  const std::atomic<bool>* stop = nullptr;
  std::string stopped_by = "a stop request";
};

// The executor's settings from runtime.* (threads, task attempts, backoff and its cap).
ExecutorOptions executor_options(const Config& config);

// Errors: unknown pipeline, bad date, the lease held by another run (busy, naming the holder,
// its run and since when), catalog unavailable, stopped before the run began (cancelled).
// A run whose tasks failed or that a stop interrupted is not an Error: it is reported in the
// outcome (and in the catalog).
Result<RunOutcome> run_pipeline(const Config& config, const RunRequest& request);

// Executes the task DAG of `run` — recorded in the catalog, running and owned by this process
// (begun, or adopted by run_recovery) — resuming what earlier attempts left, and finishes the
// run: succeeded (possibly partial), failed (a task failed; the first failed task's error) or
// cancelled (a stop left tasks unrun; "interrupted: …"). REQUIRES: the caller holds the
// pipeline's lease (or is a backfill holding it). Errors: unknown pipeline, catalog
// unavailable; the run is then ended failed with that error when possible.
Result<RunOutcome> execute_run(const Config& config, catalog::Catalog& catalog,
                               const catalog::RunRecord& run, const RunExecution& execution);

// Today's date in UTC as YYYY-MM-DD.
std::string today_utc();

// True for a valid calendar date written YYYY-MM-DD.
bool is_valid_date(std::string_view text);

}  // namespace reelhouse::pipeline
