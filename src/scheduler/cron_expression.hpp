// A cron expression: when a pipeline runs, as five fields of wall-clock time —
//   minute (0-59)  hour (0-23)  day-of-month (1-31)  month (1-12 or JAN-DEC)
//   day-of-week (0-7 or SUN-SAT; 0 and 7 are Sunday)
// Each field is "*" or a comma-separated list of values, ranges "a-b" and steps "*/n",
// "a-b/n", "a/n" (from a to the field's maximum). The macros @hourly, @daily (@midnight),
// @weekly, @monthly and @yearly (@annually) stand for their usual five fields.
//
// Days follow the classic cron rule: when both day-of-month and day-of-week are restricted
// (neither starts with "*"), a day matches when EITHER matches ("0 0 1,15 * MON" is the 1st,
// the 15th and every Monday); otherwise both must match.
//
// This type only knows wall-clock fields; schedule_plan.hpp turns them into instants in a
// time zone.
#pragma once

#include <bitset>
#include <chrono>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace reelhouse::scheduler {

class CronExpression {
 public:
  // Errors: invalid_argument naming the expression, the field and the bad part, e.g.
  // `cron "0 25 * * *": hour 25 is outside 0-23`.
  static Result<CronExpression> parse(std::string_view text);

  const std::string& text() const { return m_text; }

  bool matches_minute(int minute) const { return m_minutes.test(static_cast<size_t>(minute)); }
  bool matches_hour(int hour) const { return m_hours.test(static_cast<size_t>(hour)); }
  // The day rule above (month included).
  bool matches_day(std::chrono::year_month_day date) const;

  // True when the hour field is "*": the schedule fires every hour, so a wall-clock hour
  // that happens twice (the end of daylight saving time) fires twice.
  bool every_hour() const { return m_hours.all(); }

 private:
  CronExpression() = default;

  std::string m_text;
  std::bitset<60> m_minutes;
  std::bitset<24> m_hours;
  std::bitset<32> m_days_of_month;  // bit 1..31
  std::bitset<13> m_months;         // bit 1..12
  std::bitset<7> m_days_of_week;    // bit 0 (Sunday) .. 6
  bool m_day_of_month_restricted = false;
  bool m_day_of_week_restricted = false;
};

}  // namespace reelhouse::scheduler
