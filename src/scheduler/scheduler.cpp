// The scheduler's per-pipeline loop: wait for the next fire, decide the due intervals under the
// pipeline's lease, claim them, run them, recover abandoned runs now and then.
#include "scheduler/scheduler.hpp"

#include <spdlog/spdlog.h>

#include <mutex>
#include <thread>

#include "catalog/catalog.hpp"
#include "pipeline/pipeline_lease.hpp"
#include "pipeline/run_recovery.hpp"

namespace reelhouse::scheduler {

namespace {

// How far back a never-fired schedule looks for the fire time before its first start.
constexpr std::chrono::days k_baseline_windows[] = {std::chrono::days{1}, std::chrono::days{32},
                                                    std::chrono::days{400},
                                                    std::chrono::days{366 * 8 + 2}};
constexpr int k_max_baseline_steps = 2'000;

// Waits `duration` of real time unless `stop` is set first. False when stopped.
bool real_pause(std::chrono::milliseconds duration, const std::atomic<bool>* stop) {
  RealClock clock;
  return clock.sleep_until(clock.now() + duration, stop);
}

bool stopped(const std::atomic<bool>* stop) {
  return stop != nullptr && stop->load();
}

// The newest fire time at or before `now`, or nullopt when none in the last eight years.
Result<std::optional<TimePoint>> newest_fire_at_or_before(const PipelineSchedule& schedule,
                                                          TimePoint now) {
  for (const auto window : k_baseline_windows) {
    std::optional<TimePoint> newest;
    TimePoint cursor = now - window;
    for (int step = 0; step < k_max_baseline_steps; ++step) {
      const TimePoint fire = TRY(next_fire_after(schedule, cursor));
      if (fire > now) break;
      newest = fire;
      cursor = fire;
    }
    if (newest) return newest;
  }
  return std::nullopt;
}

class PipelineLoop {
 public:
  PipelineLoop(const Config& config, const SchedulerOptions& options,
               const PipelineSchedule& schedule, Clock& clock, SchedulerReport& report,
               std::mutex& report_mutex)
      : m_config(config),
        m_options(options),
        m_schedule(schedule),
        m_clock(clock),
        m_report(report),
        m_report_mutex(report_mutex) {}

  Result<> run() {
    m_catalog.emplace(TRY(catalog::Catalog::open(m_config.catalog_location())));
    recover();
    TimePoint next_recovery = m_clock.now() + m_options.recovery_interval;
    while (!stopped(m_options.stop)) {
      const auto wake = service();
      if (m_options.once) break;
      if (m_options.until && m_clock.now() >= *m_options.until) break;
      if (!wake) {
        // The lease is busy or the catalog failed: look again after a real pause.
        if (!real_pause(m_options.busy_poll, m_options.stop)) break;
        continue;
      }
      if (m_clock.now() >= next_recovery) {
        recover();
        next_recovery = m_clock.now() + m_options.recovery_interval;
      }
      TimePoint deadline = std::min(*wake, next_recovery);
      if (m_options.until) deadline = std::min(deadline, *m_options.until);
      spdlog::debug("scheduler: {} sleeps until {}", m_schedule.pipeline, fire_time_text(deadline));
      if (!m_clock.sleep_until(deadline, m_options.stop)) break;
    }
    return {};
  }

 private:
  void note_error(std::string message) {
    spdlog::error("scheduler: {}", message);
    std::lock_guard lock(m_report_mutex);
    m_report.errors.push_back(std::move(message));
  }

  void recover() {
    auto recovered =
        pipeline::recover_abandoned_runs(m_config, m_schedule.pipeline, m_options.stop);
    if (!recovered) {
      note_error(fmt::format("recovering abandoned runs of {}: {}", m_schedule.pipeline,
                             recovered.error().message));
      return;
    }
    std::lock_guard lock(m_report_mutex);
    m_report.recovered += static_cast<int64_t>(recovered->size());
  }

  Result<std::optional<TimePoint>> last_claimed() {
    const auto text = TRY(m_catalog->last_schedule_fire(m_schedule.pipeline));
    if (!text) return std::nullopt;
    return TRY(parse_fire_time(*text));
  }

  // Decides and runs what is due now. Returns when to look next, or nullopt to retry after a
  // pause (lease busy, catalog trouble).
  std::optional<TimePoint> service() {
    auto serviced = service_due();
    if (!serviced) {
      if (serviced.error().code == ErrorCode::busy) {
        spdlog::info("scheduler: {}", serviced.error().message);
      } else {
        note_error(fmt::format("pipeline {}: {}", m_schedule.pipeline, serviced.error().message));
      }
      return std::nullopt;
    }
    return *serviced;
  }

  Result<TimePoint> service_due() {
    const TimePoint now = m_clock.now();
    auto last = TRY(last_claimed());
    const DuePlan first_look =
        TRY(plan_due_fires(m_schedule, last, now, m_config.schedule.max_catch_up));
    if (last && first_look.to_run.empty()) return TRY(next_fire_after(m_schedule, now));

    auto lease = TRY(pipeline::PipelineLease::acquire(m_config, m_schedule.pipeline,
                                                      std::chrono::milliseconds{0}));
    // Under the lease: what another scheduler did meanwhile is visible now.
    last = TRY(last_claimed());
    if (!last) {
      TRY(claim_baseline(now, lease.holder()));
      return TRY(next_fire_after(m_schedule, now));
    }
    const DuePlan plan = TRY(plan_due_fires(m_schedule, last, now, m_config.schedule.max_catch_up));
    if (plan.to_run.empty()) return TRY(next_fire_after(m_schedule, now));
    TRY(pipeline::recover_pipeline_runs(m_config, *m_catalog, m_schedule.pipeline, &lease,
                                        m_options.stop));
    if (plan.dropped > 0) {
      spdlog::warn(
          "scheduler: {}: {} missed interval(s) older than schedule.max_catch_up = {} "
          "are neither run nor recorded",
          m_schedule.pipeline, plan.dropped, m_config.schedule.max_catch_up);
    }
    int64_t skipped = 0;
    for (const TimePoint fire : plan.to_skip) {
      if (TRY(m_catalog->claim_schedule_fire(m_schedule.pipeline, fire_time_text(fire), "skipped",
                                             lease.holder()))) {
        ++skipped;
      }
    }
    if (skipped > 0) {
      spdlog::info("scheduler: {}: skipped {} missed interval(s) (catch_up = skip)",
                   m_schedule.pipeline, skipped);
      std::lock_guard lock(m_report_mutex);
      m_report.skipped += skipped;
    }
    for (const TimePoint fire : plan.to_run) {
      if (stopped(m_options.stop) || lease.lost()) break;
      TRY(run_interval(fire, lease));
    }
    return TRY(next_fire_after(m_schedule, m_clock.now()));
  }

  // A schedule that never fired: the newest fire before now is recorded as skipped, so that
  // intervals missed from now on are counted from there.
  Result<> claim_baseline(TimePoint now, const std::string& holder) {
    const auto baseline = TRY(newest_fire_at_or_before(m_schedule, now));
    if (!baseline) return {};
    if (TRY(m_catalog->claim_schedule_fire(m_schedule.pipeline, fire_time_text(*baseline),
                                           "skipped", holder))) {
      spdlog::info("scheduler: {} starts its schedule \"{}\" ({}): intervals count from {}",
                   m_schedule.pipeline, m_schedule.cron.text(), m_schedule.zone->name(),
                   fire_time_text(*baseline));
      std::lock_guard lock(m_report_mutex);
      ++m_report.skipped;
    }
    return {};
  }

  Result<> run_interval(TimePoint fire, pipeline::PipelineLease& lease) {
    const std::string fire_text = fire_time_text(fire);
    if (!TRY(m_catalog->claim_schedule_fire(m_schedule.pipeline, fire_text, "run",
                                            lease.holder()))) {
      return {};  // claimed by another scheduler
    }
    ScheduledRun scheduled{.pipeline = m_schedule.pipeline,
                           .fire_time = fire_text,
                           .ingest_date = ingest_date_of(m_schedule, fire)};
    spdlog::info("scheduler: running {} for {} (interval {})", scheduled.pipeline,
                 scheduled.ingest_date, fire_text);
    pipeline::RunRequest request{.pipeline = m_schedule.pipeline,
                                 .ingest_date = scheduled.ingest_date,
                                 .trigger = "schedule",
                                 .refresh = pipeline::Refresh::no,
                                 .scheduled_for = fire_text,
                                 .publish = true,
                                 .take_lease = false,  // this scheduler holds it
                                 .lease_wait = std::chrono::milliseconds{0},
                                 .stop = m_options.stop,
                                 .stopped_by = m_options.stopped_by};
    auto outcome =
        m_options.run ? m_options.run(request) : pipeline::run_pipeline(m_config, request);
    if (outcome) {
      scheduled.run_id = outcome->run_id;
      scheduled.state = std::string(catalog::to_string(outcome->state));
      scheduled.error = outcome->error;
      if (outcome->run_id > 0) {
        if (auto linked =
                m_catalog->set_schedule_fire_run(m_schedule.pipeline, fire_text, outcome->run_id);
            !linked) {
          note_error(linked.error().message);
        }
      }
      spdlog::info("scheduler: run {} of {} for {} ended {}", scheduled.run_id, scheduled.pipeline,
                   scheduled.ingest_date, scheduled.state);
    } else {
      scheduled.state = "error";
      scheduled.error = outcome.error().message;
      note_error(fmt::format("run of {} for interval {}: {}", scheduled.pipeline, fire_text,
                             outcome.error().message));
    }
    std::lock_guard lock(m_report_mutex);
    m_report.runs.push_back(std::move(scheduled));
    return {};
  }

  const Config& m_config;
  const SchedulerOptions& m_options;
  const PipelineSchedule& m_schedule;
  Clock& m_clock;
  SchedulerReport& m_report;
  std::mutex& m_report_mutex;
  std::optional<catalog::Catalog> m_catalog;
};

}  // namespace

Result<SchedulerReport> run_scheduler(const Config& config, SchedulerOptions options) {
  if (options.schedules.empty()) {
    return make_error(ErrorCode::invalid_argument,
                      "nothing to schedule: no pipeline has a schedule (schedule.<pipeline>.cron)");
  }
  RealClock real_clock;
  Clock& clock = options.clock != nullptr ? *options.clock : real_clock;
  for (const PipelineSchedule& schedule : options.schedules) {
    const auto next = TRY(next_fire_after(schedule, clock.now()));
    spdlog::info("scheduler: {} on \"{}\" ({}, catch_up {}); next run at {}", schedule.pipeline,
                 schedule.cron.text(), schedule.zone->name(),
                 schedule.catch_up == CatchUp::skip ? "skip" : "run_each", fire_time_text(next));
  }
  SchedulerReport report;
  std::mutex report_mutex;
  std::vector<Result<>> results(options.schedules.size());
  std::vector<std::thread> threads;
  for (size_t index = 0; index < options.schedules.size(); ++index) {
    threads.emplace_back([&, index] {
      PipelineLoop loop(config, options, options.schedules[index], clock, report, report_mutex);
      results[index] = loop.run();
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (const Result<>& result : results) {
    if (!result) return std::unexpected(result.error());
  }
  return report;
}

}  // namespace reelhouse::scheduler
