// Backfills: one run of a pipeline per ingest date over a range of dates
// (`reelhouse backfill <pipeline> --from D1 --to D2`).
//
// A backfill holds the pipeline's lease once for its whole length, so no scheduled or manual run
// of that pipeline interleaves with it, and starts its runs without taking the lease again
// (RunRequest::take_lease = false). Which dates run is decided from the catalog before anything
// starts: the newest run of each date tells whether that date is done. Each run has trigger
// "backfill" and does not publish (RunRequest::publish = false); the warehouse is published once
// at the end when at least one date succeeded, so a 30-date backfill swaps the warehouse once
// instead of 30 times.
//
// Up to `parallel` dates run at once in this process. Each run is independent: its own catalog
// connection (SQLite in WAL mode; writers wait on a busy catalog), its own RunContext with its
// own in-memory DuckDB, and its own lake partitions (staging directories are named by process and
// a process-wide counter, and every partition is keyed by its date). The DuckDB threads and
// memory limit of the configuration are shared out between the runs running at once, so K runs
// together stay within what one run may use.
//
// Caveat of parallel backfills: a task that compares a date with the previous date's snapshot
// (compare_snapshots) sees the previous date only if that date finished first; run with
// --parallel 1 when the recorded inserted/updated/deleted counts between dates matter.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/catalog.hpp"
#include "core/config.hpp"
#include "core/error.hpp"
#include "pipeline/run_context.hpp"

namespace reelhouse::pipeline {

// A backfill covers at most this many dates (about ten years of daily partitions).
inline constexpr int k_max_backfill_dates = 3660;
// At most this many dates run at once.
inline constexpr int k_max_backfill_parallel = 32;

// Which dates of the range run. Under every selection, a date whose newest run is still
// `running` is skipped: the backfill holds the lease, so that run's process died or ignores
// leases, and recovery (not a second run of the same date beside it) takes it over.
enum class BackfillSelection {
  // Every date whose newest run did not succeed (failed or cancelled) or that has no run; dates
  // whose newest run succeeded are skipped. The default.
  skip_succeeded,
  // --only-failed: exactly the dates whose newest run failed or was cancelled, or that have no
  // run. The same dates as skip_succeeded, said explicitly (and exclusive with force).
  only_failed,
  // --force: every date, succeeded ones included.
  force,
};

struct BackfillRequest {
  std::string pipeline{};
  std::string from{};  // YYYY-MM-DD, first date (inclusive)
  std::string to{};    // YYYY-MM-DD, last date (inclusive)
  BackfillSelection selection = BackfillSelection::skip_succeeded;
  int parallel = 1;  // dates at once, 1..k_max_backfill_parallel
  Refresh refresh = Refresh::no;
  // How long to wait for the pipeline's lease when another run holds it (0 = refuse at once).
  std::chrono::milliseconds lease_wait{0};
  // Decide and report which dates would run, without running anything nor taking the lease.
  bool dry_run = false;
  // Publish the warehouse once at the end when a date succeeded and the pipeline publishes.
  bool publish = true;
  // When it becomes true, no further date starts and the running runs stop between tasks
  // (they end cancelled, "interrupted: …", and are resumed by recovery later).
  const std::atomic<bool>* stop = nullptr;
  // Who sets `stop`, for the runs' interruption message.
  std::string stopped_by = "a stop request";
};

enum class BackfillOutcome {
  succeeded,    // ran, and the run succeeded (possibly partial: see BackfillDate::partial)
  failed,       // ran and failed, or could not start (the detail says why)
  interrupted,  // ran, and a stop interrupted it (cancelled; recovery resumes it later)
  skipped,      // not run: its newest run succeeded (without --force) or is still running
  not_run,      // not started: the backfill was stopped or lost its lease before reaching it
  planned,      // dry run: would run
};

std::string_view to_string(BackfillOutcome outcome);

// What happened to one date.
struct BackfillDate {
  std::string date{};
  BackfillOutcome outcome = BackfillOutcome::planned;
  // The run this backfill started for the date; for a skipped date, the newest earlier run.
  std::optional<int64_t> run_id{};
  // The newest run of the date before the backfill, when there was one.
  std::optional<int64_t> previous_run_id{};
  std::optional<catalog::RunState> previous_state{};
  // Why a date failed (the first failed task's error), was skipped or was not run; "" otherwise.
  std::string detail{};
  std::optional<std::string> partial{};  // what a succeeded run could not collect
  double seconds = 0;                    // wall time of the run
};

struct BackfillReport {
  std::string pipeline{};
  std::string from{};
  std::string to{};
  std::vector<BackfillDate> dates{};  // every date of the range, ascending
  // The final publication: the run it is recorded for (the succeeded run of the newest date).
  std::optional<int64_t> published_by_run{};
  // Why the final publication failed; "" when it succeeded or was not attempted.
  std::string publish_error{};
  double seconds = 0;  // wall time of the whole backfill

  int count(BackfillOutcome outcome) const;
  // True when no date failed or was left unrun and the publication (if any) succeeded.
  bool succeeded() const;
};

// The dates from `from` to `to`, inclusive and ascending. Errors (invalid_argument, naming the
// option): a date that is not a calendar date written YYYY-MM-DD, `from` after `to`, a range of
// more than k_max_backfill_dates dates.
Result<std::vector<std::string>> backfill_dates(std::string_view from, std::string_view to);

// Runs the backfill: takes the pipeline's lease, recovers the pipeline's abandoned runs, chooses
// the dates from their newest runs, runs them, publishes once. Errors (nothing ran): invalid range
// or parallelism, unknown pipeline, the lease held by another run (busy, naming the holder), the
// catalog unavailable. Dates that fail are not an Error: they are reported in the BackfillReport
// (and recorded in the catalog).
Result<BackfillReport> run_backfill(const Config& config, const BackfillRequest& request);

}  // namespace reelhouse::pipeline
