// Crash recovery: what happens to runs whose process died (kill -9, power loss) or that a
// stop interrupted, so that no run nor task stays `running` for ever and no good work is
// redone.
//
// A run needs recovery when the catalog's abandoned_runs() lists it: left running by a dead
// process, or ended cancelled with "interrupted: …" and still the newest run of its date.
// Recovery happens under the pipeline's lease (so two recoverers never take the same run):
//  - runtime.on_abandoned = "resume" (the default): the run is adopted by this process (its
//    attempts that were running become failed, "abandoned: process P on H died") and resumed:
//    tasks that succeeded are kept, the others run again, attempts numbered after the earlier
//    ones; it then ends succeeded, failed or cancelled like any run;
//  - runtime.on_abandoned = "fail": a dead process's run ends failed with
//    "abandoned: process P on H died (runtime.on_abandoned = fail)"; interrupted runs stay
//    cancelled.
// A dead process's run that a later run of the same pipeline and date has superseded is
// failed, not resumed, whatever the policy.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "catalog/catalog.hpp"
#include "core/config.hpp"
#include "pipeline/pipeline_runner.hpp"

namespace reelhouse::pipeline {

class PipelineLease;

// Recovers every abandoned or interrupted run of `pipeline` (or of every pipeline), oldest
// first, each pipeline under its lease taken without waiting: a pipeline whose lease a live
// holder has is left to that holder (logged). Stops starting new recoveries once `stop` is
// set. Returns the outcome of each run it resumed or failed. Errors: runtime.on_abandoned
// is neither "resume" nor "fail" (config, naming the key), catalog unavailable.
Result<std::vector<RunOutcome>> recover_abandoned_runs(const Config& config,
                                                       std::optional<std::string_view> pipeline,
                                                       const std::atomic<bool>* stop);

// The same for one pipeline whose lease the caller holds (`lease`, recorded with each run it
// resumes; null when the caller holds it otherwise, e.g. a backfill's lease it keeps itself).
// run_pipeline calls this before each run it takes the lease for; a backfill (which starts
// its runs with take_lease = false) should call it once before starting.
Result<std::vector<RunOutcome>> recover_pipeline_runs(const Config& config,
                                                      catalog::Catalog& catalog,
                                                      std::string_view pipeline,
                                                      PipelineLease* lease,
                                                      const std::atomic<bool>* stop);

// Resumes one abandoned or interrupted run now, whatever runtime.on_abandoned says, taking
// its pipeline's lease (waiting up to `lease_wait`). Errors: not_found, invalid_argument (the
// run does not need recovery: it finished, or its process is alive), busy (lease held),
// catalog unavailable.
Result<RunOutcome> resume_run(const Config& config, int64_t run_id, const std::atomic<bool>* stop,
                              std::chrono::milliseconds lease_wait = std::chrono::milliseconds{0});

}  // namespace reelhouse::pipeline
