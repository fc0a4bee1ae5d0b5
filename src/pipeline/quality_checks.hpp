// Evaluating data-quality checks (core/check_config.hpp) against a product's partition in
// DuckDB, and the body of a check task: every check of one table evaluated, each result
// recorded in the catalog (check_results) with what was observed and, when it fails, what is
// wrong and what to do; the task fails (permanently) when an error-level check failed.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/catalog.hpp"
#include "core/check_config.hpp"
#include "db/duckdb.hpp"
#include "pipeline/task.hpp"

namespace reelhouse::pipeline {

// What evaluate_check needs besides the check.
struct CheckInputs {
  std::string relation{};  // a SQL relation reading the partition (transform::partition_relation)
  // row_count_change: the table's previous snapshot (strictly before the run's date), if any.
  std::optional<catalog::SnapshotRecord> previous{};
  // freshness: the instant the newest value is measured against.
  std::chrono::sys_seconds reference_time{};
};

struct CheckOutcome {
  bool passed = false;
  std::string observed{};  // what was measured, e.g. "3 of 120 rows have NULL name"
  std::string message{};   // when failed: what is wrong and what to do; "" when passed
};

// Evaluates one (valid) check. A check that cannot be evaluated because the table lacks a
// column, or a column has the wrong type, is a failed outcome whose message says so and how
// to fix the [[checks]] entry. Errors: only those of DuckDB that are not about the check
// (e.g. an unreadable partition): sql / io.
Result<CheckOutcome> evaluate_check(db::DuckConnection& connection, const CheckConfig& check,
                                    const CheckInputs& inputs);

// The instant freshness is measured against for a run of `ingest_date` (YYYY-MM-DD) at
// `now`: now, or the end of the ingest date (UTC) when that is earlier, so that re-running
// an old date judges its data as of that date.
std::chrono::sys_seconds freshness_reference(std::string_view ingest_date,
                                             std::chrono::system_clock::time_point now);

// The name of the check task of `table`: "check_<table>".
std::string check_task_name(std::string_view table);

// A task ("check_<table>", one attempt) running `checks` (all of the same table, an
// aggregated product) against the run's partition of that table, after `producer`.
// Its run records every result; it fails with a permanent error naming the failed
// error-level checks, so the publish that waits for it is skipped.
Task make_check_task(std::string table, std::vector<CheckConfig> checks, std::string producer);

}  // namespace reelhouse::pipeline
