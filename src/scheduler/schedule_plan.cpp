// Schedules from the configuration, next fire times in a time zone, and catch-up plans.
#include "scheduler/schedule_plan.hpp"

#include <algorithm>
#include <cstdio>
#include <deque>

namespace reelhouse::scheduler {

namespace {

using std::chrono::days;
using std::chrono::local_seconds;
using std::chrono::minutes;
using std::chrono::seconds;
using std::chrono::sys_seconds;

// How far ahead a fire time is looked for: long enough for "0 0 29 2 1" style schedules.
constexpr days k_search_horizon{366 * 8 + 2};
// How many missed fire times plan_due_fires enumerates one by one before jumping ahead.
constexpr int64_t k_max_enumerated = 200'000;

struct ScheduleEntry {
  std::string_view pipeline;
  const PipelineScheduleConfig& settings;
};

std::vector<ScheduleEntry> configured(const Config& config) {
  return {{"imdb", config.schedule.imdb},
          {"movies", config.schedule.movies},
          {"prices", config.schedule.prices}};
}

sys_seconds to_seconds(TimePoint time) {
  return std::chrono::floor<seconds>(time);
}

}  // namespace

Result<PipelineSchedule> make_schedule(std::string_view pipeline,
                                       const PipelineScheduleConfig& settings,
                                       std::string_view key) {
  auto cron = CronExpression::parse(settings.cron);
  if (!cron) {
    return make_error(ErrorCode::config, "{}.cron: {}", key, cron.error().message);
  }
  auto zone = TimeZone::load(settings.timezone);
  if (!zone) {
    return make_error(ErrorCode::config, "{}.timezone: {}", key, zone.error().message);
  }
  CatchUp catch_up = CatchUp::skip;
  if (settings.catch_up == "run_each") {
    catch_up = CatchUp::run_each;
  } else if (settings.catch_up != "skip") {
    return make_error(ErrorCode::config,
                      "{}.catch_up is \"{}\"; expected \"skip\" (run only the latest missed "
                      "interval) or \"run_each\"",
                      key, settings.catch_up);
  }
  return PipelineSchedule{.pipeline = std::string(pipeline),
                          .cron = std::move(*cron),
                          .zone = std::move(*zone),
                          .catch_up = catch_up};
}

Result<std::vector<PipelineSchedule>> schedules_from_config(const Config& config,
                                                            const std::vector<std::string>& only) {
  std::vector<PipelineSchedule> schedules;
  for (const std::string& name : only) {
    const auto entries = configured(config);
    const bool known = std::ranges::any_of(entries, [&](const ScheduleEntry& entry) {
      return entry.pipeline == name && !entry.settings.cron.empty();
    });
    if (!known) {
      return make_error(ErrorCode::invalid_argument,
                        "pipeline \"{}\" has no schedule (set schedule.{}.cron; scheduled "
                        "pipelines are imdb, movies and prices)",
                        name, name);
    }
  }
  for (const ScheduleEntry& entry : configured(config)) {
    if (entry.settings.cron.empty()) continue;
    if (!only.empty() && std::ranges::find(only, entry.pipeline) == only.end()) continue;
    schedules.push_back(TRY(
        make_schedule(entry.pipeline, entry.settings, fmt::format("schedule.{}", entry.pipeline))));
  }
  return schedules;
}

Result<TimePoint> next_fire_after(const PipelineSchedule& schedule, TimePoint after_time) {
  const TimeZone& zone = *schedule.zone;
  const CronExpression& cron = schedule.cron;
  const sys_seconds after = to_seconds(after_time);
  // When the offset drops within the next day (DST ends), wall-clock times already passed
  // happen again: look back by the drop. `slack` also bounds how far past the first match a
  // smaller instant can hide.
  const int32_t offset_now = zone.offset_at(after);
  const int32_t offset_later = zone.offset_at(after + days(1));
  const seconds slack(std::max(0, offset_now - offset_later));
  const local_seconds scan_from = std::chrono::floor<minutes>(zone.to_local(after) - slack);

  std::optional<sys_seconds> best;
  local_seconds best_local{};
  const auto first_day = std::chrono::floor<days>(scan_from);
  for (auto day = first_day; day < first_day + k_search_horizon; day += days(1)) {
    if (best && day > best_local + slack) break;
    const std::chrono::year_month_day date{std::chrono::sys_days(day.time_since_epoch())};
    if (!cron.matches_day(date)) continue;
    // On the first day, start at scan_from's hour and minute rather than at midnight.
    const bool first = day == first_day;
    const std::chrono::hh_mm_ss start_of_scan{scan_from - first_day};
    const int first_hour = first ? static_cast<int>(start_of_scan.hours().count()) : 0;
    for (int hour = first_hour; hour < 24; ++hour) {
      if (!cron.matches_hour(hour)) continue;
      const int first_minute =
          first && hour == first_hour ? static_cast<int>(start_of_scan.minutes().count()) : 0;
      for (int minute = first_minute; minute < 60; ++minute) {
        if (!cron.matches_minute(minute)) continue;
        const local_seconds local = day + std::chrono::hours(hour) + minutes(minute);
        if (local < scan_from) continue;
        if (best && local > best_local + slack) return TimePoint(*best);
        const LocalResolution resolved = zone.resolve(local);
        sys_seconds candidates[2] = {resolved.first, resolved.first};
        if (resolved.kind == LocalResolution::Kind::ambiguous && cron.every_hour()) {
          candidates[1] = resolved.second;
        }
        for (const sys_seconds candidate : candidates) {
          if (candidate > after && (!best || candidate < *best)) {
            best = candidate;
            best_local = local;
          }
        }
      }
    }
  }
  if (best) return TimePoint(*best);
  return make_error(ErrorCode::invalid_argument, "cron \"{}\" never fires (no time matches it)",
                    cron.text());
}

std::string fire_time_text(TimePoint fire) {
  const sys_seconds instant = to_seconds(fire);
  const auto day = std::chrono::floor<days>(instant);
  const std::chrono::year_month_day date{day};
  const std::chrono::hh_mm_ss time{instant - day};
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", static_cast<int>(date.year()),
                     static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                     time.hours().count(), time.minutes().count(), time.seconds().count());
}

Result<TimePoint> parse_fire_time(std::string_view text) {
  int year = 0;
  unsigned month = 0, day = 0;
  int hour = 0, minute = 0, second = 0;
  char zulu = '\0';
  const std::string copy(text.substr(0, 24));
  // Accepts the catalog's millisecond form (…:00.000Z) too: the fraction is ignored.
  if (std::sscanf(copy.c_str(), "%4d-%2u-%2uT%2d:%2d:%2d%c", &year, &month, &day, &hour, &minute,
                  &second, &zulu) != 7 ||
      (zulu != 'Z' && zulu != '.')) {
    return make_error(ErrorCode::parse, "\"{}\" is not a UTC time like 2026-11-23T03:00:00Z", text);
  }
  const std::chrono::year_month_day date{std::chrono::year(year), std::chrono::month(month),
                                         std::chrono::day(day)};
  if (!date.ok() || hour > 23 || minute > 59 || second > 60) {
    return make_error(ErrorCode::parse, "\"{}\" is not a valid UTC time", text);
  }
  return TimePoint(std::chrono::sys_days(date) + std::chrono::hours(hour) + minutes(minute) +
                   seconds(second));
}

std::string ingest_date_of(const PipelineSchedule& schedule, TimePoint fire) {
  const local_seconds local = schedule.zone->to_local(to_seconds(fire));
  const std::chrono::year_month_day date{
      std::chrono::sys_days(std::chrono::floor<days>(local).time_since_epoch())};
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(date.year()),
                     static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
}

Result<DuePlan> plan_due_fires(const PipelineSchedule& schedule,
                               std::optional<TimePoint> last_claimed, TimePoint now,
                               int64_t max_catch_up) {
  DuePlan plan;
  if (!last_claimed) return plan;
  const size_t keep = static_cast<size_t>(std::max<int64_t>(1, max_catch_up)) * 2 + 1;
  std::deque<TimePoint> newest;  // the newest fires in (last_claimed, now], oldest first
  int64_t total = 0;
  TimePoint cursor = *last_claimed;
  while (true) {
    const TimePoint fire = TRY(next_fire_after(schedule, cursor));
    if (fire > now) break;
    newest.push_back(fire);
    if (newest.size() > keep) newest.pop_front();
    ++total;
    cursor = fire;
    if (total % k_max_enumerated == 0) {
      // A long outage of a frequent schedule: jump to shortly before now, counting the
      // skipped span's fires approximately from their average spacing.
      const auto spacing = (fire - *last_claimed) / total;
      const TimePoint jump_to = now - spacing * static_cast<int64_t>(keep + 1);
      if (jump_to > cursor) {
        total += (jump_to - cursor) / spacing;
        newest.clear();
        cursor = jump_to;
      }
    }
  }
  const auto to_run_count =
      schedule.catch_up == CatchUp::skip
          ? std::min<size_t>(1, newest.size())
          : std::min<size_t>(static_cast<size_t>(std::max<int64_t>(1, max_catch_up)),
                             newest.size());
  const size_t skip_count = newest.size() - to_run_count;
  const size_t skip_listed = std::min<size_t>(skip_count, static_cast<size_t>(max_catch_up));
  plan.to_skip.assign(newest.begin() + static_cast<std::ptrdiff_t>(skip_count - skip_listed),
                      newest.begin() + static_cast<std::ptrdiff_t>(skip_count));
  plan.to_run.assign(newest.begin() + static_cast<std::ptrdiff_t>(skip_count), newest.end());
  plan.dropped = total - static_cast<int64_t>(plan.to_skip.size() + plan.to_run.size());
  return plan;
}

std::vector<NextFire> next_fire_times(const Config& config, TimePoint now) {
  std::vector<NextFire> fires;
  for (const ScheduleEntry& entry : configured(config)) {
    NextFire fire{.pipeline = std::string(entry.pipeline),
                  .cron = entry.settings.cron,
                  .timezone = entry.settings.timezone,
                  .catch_up = entry.settings.catch_up};
    if (entry.settings.cron.empty()) {
      fire.error = "not scheduled (schedule." + fire.pipeline + ".cron is empty)";
      fires.push_back(std::move(fire));
      continue;
    }
    auto schedule =
        make_schedule(entry.pipeline, entry.settings, fmt::format("schedule.{}", entry.pipeline));
    if (!schedule) {
      fire.error = schedule.error().message;
    } else if (auto next = next_fire_after(*schedule, now); !next) {
      fire.error = next.error().message;
    } else {
      fire.next_fire = fire_time_text(*next);
    }
    fires.push_back(std::move(fire));
  }
  return fires;
}

}  // namespace reelhouse::scheduler
