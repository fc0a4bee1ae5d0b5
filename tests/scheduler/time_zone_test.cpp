// Time zones from the system's TZif files: offsets from the transition list and from the
// POSIX footer rule (checked against each other over years where both apply, and after 2037
// where only the rule does), DST gaps and overlaps, POSIX rule parsing, and errors for
// unknown zones and damaged files.
#include "scheduler/time_zone.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/test_support.hpp"

namespace reelhouse::scheduler {
namespace {

using namespace std::chrono;
using ::testing::HasSubstr;

constexpr std::string_view k_zoneinfo = "/usr/share/zoneinfo";

sys_seconds utc(int y, unsigned m, unsigned d, int hour, int minute = 0, int second = 0) {
  return sys_days(year{y} / m / d) + hours(hour) + minutes(minute) + seconds(second);
}

local_seconds local(int y, unsigned m, unsigned d, int hour, int minute = 0) {
  return local_days(year{y} / m / d) + hours(hour) + minutes(minute);
}

std::shared_ptr<const TimeZone> load(std::string_view name) {
  auto zone = TimeZone::load(name);
  EXPECT_TRUE(zone) << zone.error().message;
  return zone ? *zone : TimeZone::utc();
}

#define SKIP_WITHOUT_TZDATA()                                                       \
  if (!std::filesystem::exists(std::filesystem::path(k_zoneinfo) / "Europe/Paris")) \
  GTEST_SKIP() << "no tzdata in /usr/share/zoneinfo: skipping time zone test"

TEST(TimeZone, OffsetsAroundTransitions) {
  SKIP_WITHOUT_TZDATA();
  struct Case {
    std::string_view zone;
    sys_seconds instant;
    int32_t offset;
  };
  const Case cases[] = {
      // From the transition lists (2026).
      {"Europe/Paris", utc(2026, 1, 15, 12), 3600},
      {"Europe/Paris", utc(2026, 3, 29, 0, 59, 59), 3600},
      {"Europe/Paris", utc(2026, 3, 29, 1), 7200},
      {"Europe/Paris", utc(2026, 10, 25, 0, 59, 59), 7200},
      {"Europe/Paris", utc(2026, 10, 25, 1), 3600},
      {"America/New_York", utc(2026, 7, 1, 0), -14400},
      {"Asia/Kolkata", utc(2026, 7, 1, 0), 19800},
      // After 2037: only the footer rule says.
      {"Europe/Paris", utc(2045, 3, 26, 0, 59, 59), 3600},
      {"Europe/Paris", utc(2045, 3, 26, 1), 7200},
      {"America/New_York", utc(2050, 3, 13, 6, 59, 59), -18000},
      {"America/New_York", utc(2050, 3, 13, 7), -14400},
      {"Australia/Sydney", utc(2048, 4, 4, 15, 59, 59), 39600},
      {"Australia/Sydney", utc(2048, 4, 4, 16), 36000},
      {"Australia/Sydney", utc(2048, 10, 3, 15, 59, 59), 36000},
      {"Australia/Sydney", utc(2048, 10, 3, 16), 39600},
      {"UTC", utc(2040, 6, 1, 0), 0},
  };
  for (const Case& test : cases) {
    EXPECT_EQ(load(test.zone)->offset_at(test.instant), test.offset)
        << test.zone << " at " << test.instant.time_since_epoch().count();
  }
}

// The footer rule must agree with tzdata's own transitions over years the file lists.
TEST(TimeZone, FooterRuleAgreesWithTheTransitionList) {
  SKIP_WITHOUT_TZDATA();
  for (const std::string_view name :
       {"Europe/Paris", "America/New_York", "Australia/Sydney", "Asia/Kolkata", "Europe/Dublin",
        "America/Nuuk", "America/Sao_Paulo", "Pacific/Auckland"}) {
    const std::string text = testing::read_file(std::filesystem::path(k_zoneinfo) / name);
    const size_t start = text.rfind('\n', text.size() - 2);
    ASSERT_NE(start, std::string::npos) << name;
    const std::string footer = text.substr(start + 1, text.size() - start - 2);
    const auto rule = PosixTzRule::parse(footer);
    ASSERT_TRUE(rule) << name << ": " << rule.error().message;
    const auto zone = load(name);
    int compared = 0;
    for (sys_seconds instant = utc(2030, 1, 1, 0); instant < utc(2037, 1, 1, 0);
         instant += minutes(30)) {
      ASSERT_EQ(zone->offset_at(instant), rule->offset_at(instant))
          << name << " (" << footer << ") at " << instant.time_since_epoch().count();
      ++compared;
    }
    EXPECT_GT(compared, 100'000);
  }
}

TEST(TimeZone, ResolvesGapsAndOverlaps) {
  SKIP_WITHOUT_TZDATA();
  const auto paris = load("Europe/Paris");
  const LocalResolution normal = paris->resolve(local(2026, 6, 1, 12, 30));
  EXPECT_EQ(normal.kind, LocalResolution::Kind::unique);
  EXPECT_EQ(normal.first, utc(2026, 6, 1, 10, 30));
  // 02:30 on 29 March 2026 does not exist: clocks jump from 02:00 to 03:00 (01:00 UTC).
  const LocalResolution gap = paris->resolve(local(2026, 3, 29, 2, 30));
  EXPECT_EQ(gap.kind, LocalResolution::Kind::gap);
  EXPECT_EQ(gap.first, utc(2026, 3, 29, 1));
  // 02:30 on 25 October 2026 happens twice: 00:30 UTC (CEST) and 01:30 UTC (CET).
  const LocalResolution overlap = paris->resolve(local(2026, 10, 25, 2, 30));
  EXPECT_EQ(overlap.kind, LocalResolution::Kind::ambiguous);
  EXPECT_EQ(overlap.first, utc(2026, 10, 25, 0, 30));
  EXPECT_EQ(overlap.second, utc(2026, 10, 25, 1, 30));
  // Beyond the transition list, through the footer rule (New York, 2050).
  const auto new_york = load("America/New_York");
  EXPECT_EQ(new_york->resolve(local(2050, 3, 13, 2, 30)).kind, LocalResolution::Kind::gap);
  EXPECT_EQ(new_york->resolve(local(2050, 3, 13, 2, 30)).first, utc(2050, 3, 13, 7));
  const LocalResolution fall_back = new_york->resolve(local(2050, 11, 6, 1, 30));
  EXPECT_EQ(fall_back.kind, LocalResolution::Kind::ambiguous);
  EXPECT_EQ(fall_back.first, utc(2050, 11, 6, 5, 30));
  EXPECT_EQ(fall_back.second, utc(2050, 11, 6, 6, 30));
  EXPECT_EQ(paris->to_local(utc(2026, 6, 1, 10, 30)), local(2026, 6, 1, 12, 30));
}

TEST(TimeZone, ParsesPosixRules) {
  const auto tehran = PosixTzRule::parse("<+0330>-3:30");
  ASSERT_TRUE(tehran);
  EXPECT_EQ(tehran->standard_offset, 12600);
  EXPECT_FALSE(tehran->daylight);
  const auto eastern = PosixTzRule::parse("EST5EDT,M3.2.0,M11.1.0");
  ASSERT_TRUE(eastern);
  EXPECT_EQ(eastern->standard_offset, -18000);
  ASSERT_TRUE(eastern->daylight);
  EXPECT_EQ(eastern->daylight->offset, -14400);
  EXPECT_EQ(eastern->daylight->start.month, 3);
  EXPECT_EQ(eastern->daylight->start.week, 2);
  EXPECT_EQ(eastern->daylight->start.time, 7200);
  const auto julian = PosixTzRule::parse("XXX3YYY,J60/1:30,300");
  ASSERT_TRUE(julian);
  // J60 is 1 March even in a leap year; day 300 counts from 0.
  EXPECT_EQ(julian->daylight->start.in_year(year{2028}), sys_days(year{2028} / 3 / 1));
  EXPECT_EQ(julian->daylight->start.time, 5400);
  EXPECT_EQ(julian->daylight->end.in_year(year{2027}), sys_days(year{2027} / 1 / 1) + days(300));
  for (const std::string_view bad : {"CET-1CEST", "AB1", "CET", "CET-1CEST,M3.5.0", "<+03-3",
                                     "EST5EDT,M13.1.0,M11.1.0", "EST5EDT,M3.2.0,M11.1.0x"}) {
    const auto rule = PosixTzRule::parse(bad);
    ASSERT_FALSE(rule) << bad;
    EXPECT_THAT(rule.error().message, HasSubstr(std::string(bad))) << bad;
  }
}

TEST(TimeZone, UnknownZonesAndDamagedFilesAreErrors) {
  const auto unknown = TimeZone::load("Mars/Olympus_Mons");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, ErrorCode::config);
  EXPECT_THAT(unknown.error().message, HasSubstr("Mars/Olympus_Mons"));
  for (const std::string_view bad : {"../etc/passwd", "/etc/passwd", "Europe/Paris;rm", ""}) {
    const auto zone = TimeZone::load(bad);
    ASSERT_FALSE(zone) << bad;
    EXPECT_EQ(zone.error().code, ErrorCode::config);
  }
  // UTC needs no file.
  testing::TempDir empty;
  const auto utc_zone = TimeZone::load("UTC", empty.path());
  ASSERT_TRUE(utc_zone);
  EXPECT_EQ((*utc_zone)->offset_at(utc(2026, 1, 1, 0)), 0);

  testing::write_file(empty.path() / "Not_Tzif", "hello, this is not a time zone file at all....");
  const auto not_tzif = TimeZone::load("Not_Tzif", empty.path());
  ASSERT_FALSE(not_tzif);
  EXPECT_EQ(not_tzif.error().code, ErrorCode::corrupt);
  EXPECT_THAT(not_tzif.error().message, HasSubstr("not a TZif"));
  if (std::filesystem::exists(std::filesystem::path(k_zoneinfo) / "Europe/Paris")) {
    const std::string paris =
        testing::read_file(std::filesystem::path(k_zoneinfo) / "Europe/Paris");
    testing::write_file(empty.path() / "Truncated", paris.substr(0, 200));
    const auto truncated = TimeZone::load("Truncated", empty.path());
    ASSERT_FALSE(truncated);
    EXPECT_EQ(truncated.error().code, ErrorCode::corrupt);
    EXPECT_THAT(truncated.error().message, HasSubstr("truncated at byte"));
  }
}

}  // namespace
}  // namespace reelhouse::scheduler
