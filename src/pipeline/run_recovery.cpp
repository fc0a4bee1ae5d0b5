#include "pipeline/run_recovery.hpp"

#include <spdlog/spdlog.h>

#include <set>
#include <string>

#include "pipeline/pipeline_lease.hpp"

namespace reelhouse::pipeline {

namespace {

enum class OnAbandoned { resume, fail };

Result<OnAbandoned> on_abandoned_policy(const Config& config) {
  const std::string& policy = config.runtime.on_abandoned;
  if (policy == "resume") return OnAbandoned::resume;
  if (policy == "fail") return OnAbandoned::fail;
  return make_error(ErrorCode::config,
                    "runtime.on_abandoned is \"{}\"; expected \"resume\" (resume runs whose "
                    "process died) or \"fail\" (mark them failed)",
                    policy);
}

bool stop_requested(const std::atomic<bool>* stop) {
  return stop != nullptr && stop->load();
}

std::string death_reason(const catalog::RunRecord& run) {
  return fmt::format("abandoned: process {} on {} died", run.pid, run.host);
}

RunOutcome failed_outcome(const catalog::RunRecord& run, std::string error) {
  return RunOutcome{.run_id = run.run_id, .state = catalog::RunState::failed, .error = error};
}

// Adopts `run` (abandoned or interrupted) and executes what is left of it.
Result<RunOutcome> resume_adopted(const Config& config, catalog::Catalog& catalog,
                                  const catalog::RunRecord& run, PipelineLease* lease,
                                  const std::atomic<bool>* stop) {
  const bool died = run.state == catalog::RunState::running;
  TRY(catalog.adopt_run(run.run_id, died ? death_reason(run) : std::string("interrupted")));
  if (lease != nullptr) {
    if (auto recorded = lease->set_run(run.run_id); !recorded) {
      spdlog::warn("run {}: cannot record it on lease {}: {}", run.run_id, lease->name(),
                   recorded.error().message);
    }
  }
  spdlog::warn("run {} of {} for {}: resuming it ({})", run.run_id, run.pipeline, run.ingest_date,
               died ? death_reason(run) : run.error);
  const auto adopted = TRY(catalog.run(run.run_id));
  if (!adopted)
    return make_error(ErrorCode::internal, "run {} vanished from the catalog", run.run_id);
  // A resumed run fetches nothing again that it already has, and publishes: a backfill's run
  // that died is finished as an ordinary run.
  return execute_run(config, catalog, *adopted, {.refresh = Refresh::no, .stop = stop});
}

// Recovers one run listed by abandoned_runs(). Returns nullopt when it is left alone (an
// interrupted run under the "fail" policy).
Result<std::optional<RunOutcome>> recover_run(const Config& config, catalog::Catalog& catalog,
                                              const catalog::RunRecord& run, OnAbandoned policy,
                                              PipelineLease* lease, const std::atomic<bool>* stop) {
  const bool died = run.state == catalog::RunState::running;
  if (died) {
    // A later run of the same date replaced it: resuming it would redo that run's work.
    const auto latest =
        TRY(catalog.latest_runs_by_date(run.pipeline, run.ingest_date, run.ingest_date));
    const auto newest = latest.find(run.ingest_date);
    if (newest != latest.end() && newest->second.run_id != run.run_id) {
      const std::string error = fmt::format("{}; not resumed: run {} for the same date came later",
                                            death_reason(run), newest->second.run_id);
      TRY(catalog.fail_abandoned_run(run.run_id, error));
      spdlog::warn("run {} of {}: {}", run.run_id, run.pipeline, error);
      return failed_outcome(run, error);
    }
    if (policy == OnAbandoned::fail) {
      const std::string error = fmt::format("{} (runtime.on_abandoned = fail)", death_reason(run));
      TRY(catalog.fail_abandoned_run(run.run_id, error));
      spdlog::warn("run {} of {} for {}: {}", run.run_id, run.pipeline, run.ingest_date, error);
      return failed_outcome(run, error);
    }
  } else if (policy == OnAbandoned::fail) {
    return std::nullopt;  // interrupted, and already recorded so: nothing lies
  }
  auto outcome = resume_adopted(config, catalog, run, lease, stop);
  if (!outcome) {
    // execute_run ended the run failed with this error when it could; go on with the others.
    spdlog::error("run {} of {}: cannot resume it: {}", run.run_id, run.pipeline,
                  outcome.error().message);
    if (outcome.error().code == ErrorCode::busy) return std::unexpected(outcome.error());
    return failed_outcome(run, outcome.error().message);
  }
  return std::move(*outcome);
}

}  // namespace

Result<std::vector<RunOutcome>> recover_pipeline_runs(const Config& config,
                                                      catalog::Catalog& catalog,
                                                      std::string_view pipeline,
                                                      PipelineLease* lease,
                                                      const std::atomic<bool>* stop) {
  const OnAbandoned policy = TRY(on_abandoned_policy(config));
  std::vector<RunOutcome> outcomes;
  // Listed again under the lease: only its holder may take these runs.
  const auto abandoned = TRY(catalog.abandoned_runs());
  for (const auto& run : abandoned) {
    if (run.pipeline != pipeline) continue;
    if (stop_requested(stop)) break;
    auto outcome = TRY(recover_run(config, catalog, run, policy, lease, stop));
    if (outcome) outcomes.push_back(std::move(*outcome));
  }
  return outcomes;
}

Result<std::vector<RunOutcome>> recover_abandoned_runs(const Config& config,
                                                       std::optional<std::string_view> pipeline,
                                                       const std::atomic<bool>* stop) {
  TRY(on_abandoned_policy(config));
  auto catalog = TRY(catalog::Catalog::open(config.catalog_location()));
  std::set<std::string> pipelines;
  const auto abandoned = TRY(catalog.abandoned_runs());
  for (const auto& run : abandoned) {
    if (!pipeline || run.pipeline == *pipeline) pipelines.insert(run.pipeline);
  }
  std::vector<RunOutcome> outcomes;
  for (const auto& name : pipelines) {
    if (stop_requested(stop)) break;
    auto lease = PipelineLease::acquire(config, name, std::chrono::milliseconds{0});
    if (!lease) {
      if (lease.error().code != ErrorCode::busy) return std::unexpected(lease.error());
      spdlog::info("runs of pipeline {} need recovery, left to the lease's holder: {}", name,
                   lease.error().message);
      continue;
    }
    auto recovered = TRY(recover_pipeline_runs(config, catalog, name, &*lease, stop));
    for (auto& outcome : recovered) outcomes.push_back(std::move(outcome));
  }
  return outcomes;
}

Result<RunOutcome> resume_run(const Config& config, int64_t run_id, const std::atomic<bool>* stop,
                              std::chrono::milliseconds lease_wait) {
  auto catalog = TRY(catalog::Catalog::open(config.catalog_location()));
  const auto run = TRY(catalog.run(run_id));
  if (!run) {
    return make_error(ErrorCode::not_found, "no run {} in catalog {}", run_id,
                      config.catalog_location());
  }
  auto lease = TRY(PipelineLease::acquire(config, run->pipeline, lease_wait));
  const auto abandoned = TRY(catalog.abandoned_runs());
  for (const auto& candidate : abandoned) {
    if (candidate.run_id != run_id) continue;
    auto outcome = TRY(recover_run(config, catalog, candidate, OnAbandoned::resume, &lease, stop));
    if (outcome) return std::move(*outcome);
  }
  const auto current = TRY(catalog.run(run_id));
  return make_error(
      ErrorCode::invalid_argument, "run {} does not need resuming: it is {}{}", run_id,
      catalog::to_string(current->state),
      current->state == catalog::RunState::running
          ? fmt::format(" in process {} on {}, which is alive", current->pid, current->host)
          : std::string());
}

}  // namespace reelhouse::pipeline
