// When each pipeline runs: its schedule (cron expression, time zone, catch-up policy) from
// [schedule.<pipeline>], the next fire time after an instant, and — after a scheduler was down
// or busy — which missed intervals to run and which to skip.
//
// Fire times are instants, written in the catalog as UTC "YYYY-MM-DDTHH:MM:SSZ" (which orders
// as text). A wall-clock time that does not exist (inside a DST gap) fires at the instant the
// clocks jump; one that happens twice (DST ends) fires once, at its first occurrence — except
// for schedules whose hour field is "*", which fire in both occurrences (they are about
// elapsed time, not about a time of day). A run's ingest date is the fire time's date in the
// schedule's time zone.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/config.hpp"
#include "scheduler/clock.hpp"
#include "scheduler/cron_expression.hpp"
#include "scheduler/time_zone.hpp"

namespace reelhouse::scheduler {

enum class CatchUp { skip, run_each };

struct PipelineSchedule {
  std::string pipeline{};
  CronExpression cron;
  std::shared_ptr<const TimeZone> zone{};
  CatchUp catch_up = CatchUp::skip;
};

// A schedule from its settings. `key` names the configuration section in errors
// ("schedule.prices"). Errors: config naming the key and the bad value (cron, time zone,
// catch_up not "skip" or "run_each").
Result<PipelineSchedule> make_schedule(std::string_view pipeline,
                                       const PipelineScheduleConfig& settings,
                                       std::string_view key);

// The schedules of the configured pipelines (imdb, movies, prices) whose cron is not empty,
// restricted to `only` when not empty. Errors: as make_schedule; invalid_argument for a name
// in `only` that has no schedule.
Result<std::vector<PipelineSchedule>> schedules_from_config(const Config& config,
                                                            const std::vector<std::string>& only);

// The first fire time strictly after `after`. Errors: invalid_argument when the expression
// never fires (e.g. "0 0 30 2 *"), naming it.
Result<TimePoint> next_fire_after(const PipelineSchedule& schedule, TimePoint after);

// "2026-11-23T03:00:00Z" (seconds precision) and back. Errors: parse.
std::string fire_time_text(TimePoint fire);
Result<TimePoint> parse_fire_time(std::string_view text);

// The ingest date (YYYY-MM-DD) of a fire: its date in the schedule's time zone.
std::string ingest_date_of(const PipelineSchedule& schedule, TimePoint fire);

// What a scheduler should do about the intervals that came due since the last claimed one.
struct DuePlan {
  std::vector<TimePoint> to_skip{};  // oldest first; claimed as "skipped"
  std::vector<TimePoint> to_run{};   // oldest first; each claimed and run
  // Older missed intervals neither run nor recorded (beyond schedule.max_catch_up).
  int64_t dropped = 0;
};

// The fires in (last_claimed, now]: with CatchUp::skip the newest runs and the others are
// skipped; with run_each the newest `max_catch_up` run and older ones are skipped. At most
// `max_catch_up` skipped ones are listed (the newest); the rest count as dropped. Without a
// last claimed fire (a schedule that never fired), nothing before `now` is due: the first
// interval is the next one. Errors: as next_fire_after.
Result<DuePlan> plan_due_fires(const PipelineSchedule& schedule,
                               std::optional<TimePoint> last_claimed, TimePoint now,
                               int64_t max_catch_up);

// For `status` and the API: each configured pipeline's schedule and its next fire time after
// `now`, or the configuration error that keeps it from being scheduled.
struct NextFire {
  std::string pipeline{};
  std::string cron{};
  std::string timezone{};
  std::string catch_up{};
  std::optional<std::string> next_fire{};  // UTC "YYYY-MM-DDTHH:MM:SSZ"
  std::string error{};                     // "" when the schedule is valid
};
std::vector<NextFire> next_fire_times(const Config& config, TimePoint now);

}  // namespace reelhouse::scheduler
