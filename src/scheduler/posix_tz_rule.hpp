// A POSIX TZ rule ("CET-1CEST,M3.5.0,M10.5.0/3", "<+0330>-3:30", "EST5EDT,M3.2.0,M11.1.0"),
// as found in the footer of TZif files: the offsets a zone uses after its last listed
// transition, and when daylight saving time starts and ends each year.
//
// Offsets here are seconds EAST of UTC (the POSIX text counts west, so "CET-1" is +3600).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace reelhouse::scheduler {

// The day a rule changes, in one of its three POSIX forms.
struct PosixRuleDate {
  enum class Kind { julian_no_leap, zero_based, month_week_day };  // Jn, n, Mm.w.d
  Kind kind = Kind::month_week_day;
  int day = 0;          // Jn: 1-365; n: 0-365; M: weekday 0 (Sunday) - 6
  int month = 0;        // M only: 1-12
  int week = 0;         // M only: 1-5 (5 = last)
  int32_t time = 7200;  // local seconds after midnight (may be negative or past 24 h)

  // The day this date falls on in `year`.
  std::chrono::sys_days in_year(std::chrono::year year) const;
};

struct PosixTzRule {
  int32_t standard_offset = 0;  // seconds east of UTC
  struct DaylightSaving {
    int32_t offset = 0;  // seconds east of UTC
    PosixRuleDate start{};
    PosixRuleDate end{};
  };
  std::optional<DaylightSaving> daylight{};

  // Errors: parse naming the rule and what is wrong.
  static Result<PosixTzRule> parse(std::string_view text);

  // The offset in effect at `instant`.
  int32_t offset_at(std::chrono::sys_seconds instant) const;
};

}  // namespace reelhouse::scheduler
