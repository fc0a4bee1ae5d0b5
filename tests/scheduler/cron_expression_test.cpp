// Cron expressions: fields, lists, ranges, steps, names, macros, the day-of-month /
// day-of-week OR rule, and the errors for bad expressions.
#include "scheduler/cron_expression.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace reelhouse::scheduler {
namespace {

using namespace std::chrono;
using ::testing::HasSubstr;

CronExpression parse(std::string_view text) {
  auto cron = CronExpression::parse(text);
  EXPECT_TRUE(cron) << text << ": " << cron.error().message;
  return std::move(*cron);
}

std::vector<int> minutes_of(const CronExpression& cron) {
  std::vector<int> minutes;
  for (int minute = 0; minute < 60; ++minute) {
    if (cron.matches_minute(minute)) minutes.push_back(minute);
  }
  return minutes;
}

std::vector<int> hours_of(const CronExpression& cron) {
  std::vector<int> hours;
  for (int hour = 0; hour < 24; ++hour) {
    if (cron.matches_hour(hour)) hours.push_back(hour);
  }
  return hours;
}

TEST(CronExpression, MinuteAndHourFields) {
  struct Case {
    std::string_view text;
    std::vector<int> minutes;
    std::vector<int> hours;  // empty: every hour
  };
  const Case cases[] = {
      {"0 3 * * *", {0}, {3}},
      {"*/15 * * * *", {0, 15, 30, 45}, {}},
      {"5,10-12 1-3/2 * * *", {5, 10, 11, 12}, {1, 3}},
      {"50/5 22/1 * * *", {50, 55}, {22, 23}},
      {"  7   8  *  *  * ", {7}, {8}},
      {"@hourly", {0}, {}},
      {"@daily", {0}, {0}},
  };
  for (const Case& test : cases) {
    const CronExpression cron = parse(test.text);
    EXPECT_EQ(minutes_of(cron), test.minutes) << test.text;
    // An empty list of hours stands for all 24.
    EXPECT_EQ(hours_of(cron).size(), test.hours.empty() ? 24u : test.hours.size()) << test.text;
    if (!test.hours.empty()) {
      EXPECT_EQ(hours_of(cron), test.hours) << test.text;
    }
  }
  EXPECT_TRUE(parse("0 * * * *").every_hour());
  EXPECT_FALSE(parse("0 */2 * * *").every_hour());
}

TEST(CronExpression, DaysMonthsNamesAndTheOrRule) {
  const auto day = [](int y, unsigned m, unsigned d) {
    return year_month_day{year{y}, month{m}, std::chrono::day{d}};
  };
  // 2026-11-23 is a Monday; 2026-11-01 a Sunday.
  const CronExpression weekdays = parse("0 9 * * MON-FRI");
  EXPECT_TRUE(weekdays.matches_day(day(2026, 11, 23)));
  EXPECT_FALSE(weekdays.matches_day(day(2026, 11, 22)));
  const CronExpression sunday_as_7 = parse("0 0 * * 7");
  EXPECT_TRUE(sunday_as_7.matches_day(day(2026, 11, 1)));
  EXPECT_FALSE(sunday_as_7.matches_day(day(2026, 11, 2)));
  const CronExpression months = parse("0 0 1 jan,Jul *");
  EXPECT_TRUE(months.matches_day(day(2027, 7, 1)));
  EXPECT_FALSE(months.matches_day(day(2027, 8, 1)));
  EXPECT_FALSE(months.matches_day(day(2027, 7, 2)));
  // Both day fields restricted: either matches (the 1st, the 15th, and every Monday).
  const CronExpression either = parse("0 0 1,15 * MON");
  EXPECT_TRUE(either.matches_day(day(2026, 11, 1)));
  EXPECT_TRUE(either.matches_day(day(2026, 11, 15)));
  EXPECT_TRUE(either.matches_day(day(2026, 11, 23)));
  EXPECT_FALSE(either.matches_day(day(2026, 11, 24)));
  // One restricted with "*/n" in the other: both must match (the "*" rule is about the
  // field's first character).
  const CronExpression both = parse("0 0 */2 * MON");
  EXPECT_FALSE(both.matches_day(day(2026, 11, 16)));  // Monday, but day 16 is not in 1,3,5…
  EXPECT_TRUE(both.matches_day(day(2026, 11, 9)));    // Monday the 9th
  const CronExpression weekly = parse("@weekly");
  EXPECT_TRUE(weekly.matches_day(day(2026, 11, 22)));
  EXPECT_FALSE(weekly.matches_day(day(2026, 11, 23)));
  const CronExpression monthly = parse("@monthly");
  EXPECT_TRUE(monthly.matches_day(day(2026, 2, 1)));
  EXPECT_FALSE(monthly.matches_day(day(2026, 2, 2)));
}

TEST(CronExpression, BadExpressionsAreRejectedWithTheField) {
  struct Case {
    std::string_view text;
    std::string_view message;
  };
  const Case cases[] = {
      {"", "has 0 fields"},
      {"0 3 * *", "has 4 fields"},
      {"0 3 * * * *", "has 6 fields"},
      {"60 * * * *", "minute field: 60 is outside 0-59"},
      {"0 24 * * *", "hour field: 24 is outside 0-23"},
      {"0 0 0 * *", "day-of-month field: 0 is outside 1-31"},
      {"0 0 * 13 *", "month field: 13 is outside 1-12"},
      {"0 0 * * 8", "day-of-week field: 8 is outside 0-7"},
      {"0 0 * FOO *", "month field: \"FOO\" is not a number or name"},
      {"*/0 * * * *", "step 0"},
      {"5-1 * * * *", "runs backwards"},
      {"1,,2 * * * *", "empty list item"},
      {"@sometimes", "unknown macro"},
  };
  for (const Case& test : cases) {
    const auto cron = CronExpression::parse(test.text);
    ASSERT_FALSE(cron) << test.text;
    EXPECT_EQ(cron.error().code, ErrorCode::invalid_argument);
    EXPECT_THAT(cron.error().message, HasSubstr(test.message)) << test.text;
  }
}

}  // namespace
}  // namespace reelhouse::scheduler
