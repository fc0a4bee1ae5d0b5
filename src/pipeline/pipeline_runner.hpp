// Runs one pipeline for one ingest date: recovers what crashed runs left behind, records the
// run in the catalog, executes its task DAG and records the outcome. Used by `reelhouse run`
// (and later by the scheduler and backfills).
#pragma once

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
};

struct RunOutcome {
  int64_t run_id = 0;
  RunSummary summary{};
  // What a succeeded run could not collect (RunContext::report_partial); absent when complete.
  std::optional<std::string> partial{};
};

// Errors: unknown pipeline, bad date, catalog unavailable. A run whose tasks failed is not an
// Error: it is reported in the outcome (and in the catalog).
Result<RunOutcome> run_pipeline(const Config& config, const RunRequest& request);

// Today's date in UTC as YYYY-MM-DD.
std::string today_utc();

// True for a valid calendar date written YYYY-MM-DD.
bool is_valid_date(std::string_view text);

}  // namespace reelhouse::pipeline
