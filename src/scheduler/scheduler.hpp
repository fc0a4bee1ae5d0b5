// The scheduler: runs each scheduled pipeline when its cron expression fires, in the
// foreground of `reelhouse schedule` or inside `serve --with-scheduler`.
//
// One thread per pipeline. Each interval is decided under the pipeline's lease and claimed in
// the catalog (claim_schedule_fire) before its run starts, so any number of schedulers sharing
// a catalog run each interval exactly once, and a scheduled run never overlaps a manual run
// or a backfill of the same pipeline. After downtime, the intervals missed since the newest
// claimed one are caught up per the pipeline's policy (schedule_plan.hpp). A schedule that
// never fired starts counting from the newest fire time before the scheduler's first start,
// which it records as skipped.
//
// Runs left behind by a dead process or an earlier stop are recovered (run_recovery.hpp) when
// a pipeline thread starts, before each run, and every `recovery_interval`. When `stop` becomes
// true, no new run starts, running tasks finish, and the run ends cancelled ("interrupted")
// to be resumed by the next scheduler.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "core/config.hpp"
#include "pipeline/pipeline_runner.hpp"
#include "scheduler/clock.hpp"
#include "scheduler/schedule_plan.hpp"

namespace reelhouse::scheduler {

using RunFunction = std::function<Result<pipeline::RunOutcome>(const pipeline::RunRequest&)>;

struct SchedulerOptions {
  std::vector<PipelineSchedule> schedules{};
  Clock* clock = nullptr;  // null: the real clock
  const std::atomic<bool>* stop = nullptr;
  std::string stopped_by = "the scheduler";  // for the "interrupted: …" message of a run
  // One pass: run (or skip) what is due now, then return instead of waiting.
  bool once = false;
  // Return once the clock reaches this time (tests with a FakeClock). Null: never.
  std::optional<TimePoint> until{};
  // Real time between two looks at a lease another holder has.
  std::chrono::milliseconds busy_poll{5'000};
  // Clock time between two recoveries of abandoned runs.
  std::chrono::milliseconds recovery_interval{std::chrono::minutes{5}};
  // Runs a pipeline; default pipeline::run_pipeline(config, request).
  RunFunction run{};
};

// One interval a scheduler decided about.
struct ScheduledRun {
  std::string pipeline{};
  std::string fire_time{};  // UTC "YYYY-MM-DDTHH:MM:SSZ"
  std::string ingest_date{};
  int64_t run_id = 0;   // 0 when the run could not start
  std::string state{};  // the run's end state, or "error"
  std::string error{};
};

struct SchedulerReport {
  std::vector<ScheduledRun> runs{};   // in the order they ran
  int64_t skipped = 0;                // intervals claimed as skipped (including first-start ones)
  int64_t recovered = 0;              // abandoned runs resumed or failed
  std::vector<std::string> errors{};  // problems that did not stop the scheduler
};

// Runs the schedules until `stop`, `until`, or after one pass when `once`. The report says
// what this scheduler did (other schedulers' runs are not in it). Errors: a pipeline thread
// could not open the catalog; invalid options (no schedules).
Result<SchedulerReport> run_scheduler(const Config& config, SchedulerOptions options);

}  // namespace reelhouse::scheduler
