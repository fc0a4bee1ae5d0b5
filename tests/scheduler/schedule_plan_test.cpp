// Schedules: next fire times in UTC and across DST gaps and overlaps in a real zone, ingest
// dates in the schedule's zone, the catch-up plans after downtime, and the configuration.
#include "scheduler/schedule_plan.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace reelhouse::scheduler {
namespace {

using namespace std::chrono;
using ::testing::HasSubstr;

TimePoint at(std::string_view text) {
  auto parsed = parse_fire_time(text);
  EXPECT_TRUE(parsed) << parsed.error().message;
  return parsed.value_or(TimePoint{});
}

PipelineSchedule schedule(std::string cron, std::string zone = "UTC",
                          std::string catch_up = "skip") {
  auto made = make_schedule(
      "p", PipelineScheduleConfig{.cron = cron, .timezone = zone, .catch_up = catch_up},
      "schedule.p");
  EXPECT_TRUE(made) << made.error().message;
  return std::move(*made);
}

// The `count` fire times after `start`, as text.
std::vector<std::string> fires(const PipelineSchedule& plan, std::string_view start, int count) {
  std::vector<std::string> texts;
  TimePoint cursor = at(start);
  for (int index = 0; index < count; ++index) {
    const auto next = next_fire_after(plan, cursor);
    EXPECT_TRUE(next) << next.error().message;
    if (!next) break;
    texts.push_back(fire_time_text(*next));
    cursor = *next;
  }
  return texts;
}

bool has_paris() {
  return std::filesystem::exists("/usr/share/zoneinfo/Europe/Paris");
}

TEST(SchedulePlan, NextFireInUtc) {
  EXPECT_EQ(fires(schedule("0 3 * * *"), "2026-11-23T02:59:59Z", 2),
            (std::vector<std::string>{"2026-11-23T03:00:00Z", "2026-11-24T03:00:00Z"}));
  EXPECT_EQ(fires(schedule("0 3 * * *"), "2026-11-23T03:00:00Z", 1),
            (std::vector<std::string>{"2026-11-24T03:00:00Z"}));
  EXPECT_EQ(fires(schedule("*/15 * * * *"), "2026-11-23T10:07:30Z", 3),
            (std::vector<std::string>{"2026-11-23T10:15:00Z", "2026-11-23T10:30:00Z",
                                      "2026-11-23T10:45:00Z"}));
  EXPECT_EQ(fires(schedule("0 0 29 2 *"), "2026-03-01T00:00:00Z", 1),
            (std::vector<std::string>{"2028-02-29T00:00:00Z"}));
  EXPECT_EQ(fires(schedule("30 12 * * SAT,SUN"), "2026-11-23T00:00:00Z", 2),
            (std::vector<std::string>{"2026-11-28T12:30:00Z", "2026-11-29T12:30:00Z"}));
  const auto never = next_fire_after(schedule("0 0 30 2 *"), at("2026-01-01T00:00:00Z"));
  ASSERT_FALSE(never);
  EXPECT_THAT(never.error().message, HasSubstr("never fires"));
}

TEST(SchedulePlan, DaylightSavingGapsAndOverlaps) {
  if (!has_paris()) GTEST_SKIP() << "no tzdata: skipping";
  // 02:30 daily in Paris. On 29 March 02:30 does not exist: it fires when clocks jump
  // (03:00 CEST = 01:00 UTC). On 25 October 02:30 happens twice: it fires once, the first time.
  const PipelineSchedule daily = schedule("30 2 * * *", "Europe/Paris");
  EXPECT_EQ(fires(daily, "2026-03-28T00:00:00Z", 3),
            (std::vector<std::string>{"2026-03-28T01:30:00Z", "2026-03-29T01:00:00Z",
                                      "2026-03-30T00:30:00Z"}));
  EXPECT_EQ(fires(daily, "2026-10-24T00:00:00Z", 3),
            (std::vector<std::string>{"2026-10-24T00:30:00Z", "2026-10-25T00:30:00Z",
                                      "2026-10-26T01:30:00Z"}));
  // Hourly: one fire per real hour through both changes, none twice, none missing.
  const PipelineSchedule hourly = schedule("0 * * * *", "Europe/Paris");
  EXPECT_EQ(fires(hourly, "2026-10-24T22:30:00Z", 5),
            (std::vector<std::string>{"2026-10-24T23:00:00Z", "2026-10-25T00:00:00Z",
                                      "2026-10-25T01:00:00Z", "2026-10-25T02:00:00Z",
                                      "2026-10-25T03:00:00Z"}));
  EXPECT_EQ(fires(hourly, "2026-03-28T23:30:00Z", 3),
            (std::vector<std::string>{"2026-03-29T00:00:00Z", "2026-03-29T01:00:00Z",
                                      "2026-03-29T02:00:00Z"}));
  // Ingest dates are the local date of the fire.
  EXPECT_EQ(ingest_date_of(daily, at("2026-06-30T22:30:00Z")), "2026-07-01");
  EXPECT_EQ(ingest_date_of(schedule("0 3 * * *"), at("2026-06-30T22:30:00Z")), "2026-06-30");
}

TEST(SchedulePlan, FireTimeText) {
  EXPECT_EQ(fire_time_text(at("2026-11-23T03:04:05Z")), "2026-11-23T03:04:05Z");
  EXPECT_EQ(fire_time_text(at("2026-11-23T03:04:05.123Z")), "2026-11-23T03:04:05Z");
  for (const std::string_view bad :
       {"2026-11-23", "2026-13-01T00:00:00Z", "yesterday", "2026-11-23T03:04:05+01"}) {
    EXPECT_FALSE(parse_fire_time(bad)) << bad;
  }
}

TEST(SchedulePlan, CatchUpAfterDowntime) {
  const auto texts = [](const std::vector<TimePoint>& times) {
    std::vector<std::string> result;
    for (const TimePoint time : times) result.push_back(fire_time_text(time));
    return result;
  };
  const TimePoint last = at("2026-11-23T10:00:00Z");
  const TimePoint now = at("2026-11-23T15:30:00Z");
  // skip: the newest runs, the four before it are skipped.
  const auto skip = plan_due_fires(schedule("0 * * * *"), last, now, 48).value();
  EXPECT_EQ(texts(skip.to_run), (std::vector<std::string>{"2026-11-23T15:00:00Z"}));
  EXPECT_EQ(texts(skip.to_skip),
            (std::vector<std::string>{"2026-11-23T11:00:00Z", "2026-11-23T12:00:00Z",
                                      "2026-11-23T13:00:00Z", "2026-11-23T14:00:00Z"}));
  EXPECT_EQ(skip.dropped, 0);
  // run_each: every one, in order.
  const auto each = plan_due_fires(schedule("0 * * * *", "UTC", "run_each"), last, now, 48).value();
  EXPECT_EQ(each.to_run.size(), 5u);
  EXPECT_EQ(fire_time_text(each.to_run.front()), "2026-11-23T11:00:00Z");
  EXPECT_TRUE(each.to_skip.empty());
  // run_each bounded by max_catch_up = 2: the newest two run, two are skipped, one dropped.
  const auto bounded =
      plan_due_fires(schedule("0 * * * *", "UTC", "run_each"), last, now, 2).value();
  EXPECT_EQ(texts(bounded.to_run),
            (std::vector<std::string>{"2026-11-23T14:00:00Z", "2026-11-23T15:00:00Z"}));
  EXPECT_EQ(texts(bounded.to_skip),
            (std::vector<std::string>{"2026-11-23T12:00:00Z", "2026-11-23T13:00:00Z"}));
  EXPECT_EQ(bounded.dropped, 1);
  // Nothing due before the first fire after the last one; nothing without history.
  EXPECT_TRUE(
      plan_due_fires(schedule("0 * * * *"), last, at("2026-11-23T10:59:59Z"), 48)->to_run.empty());
  EXPECT_TRUE(plan_due_fires(schedule("0 * * * *"), std::nullopt, now, 48)->to_run.empty());
}

TEST(SchedulePlan, LongOutageOfAFrequentScheduleIsBounded) {
  const auto started = steady_clock::now();
  const auto plan = plan_due_fires(schedule("* * * * *"), at("2025-11-23T00:00:00Z"),
                                   at("2026-11-23T12:00:30Z"), 48);
  ASSERT_TRUE(plan) << plan.error().message;
  EXPECT_LT(steady_clock::now() - started, seconds(20));
  ASSERT_EQ(plan->to_run.size(), 1u);
  EXPECT_EQ(fire_time_text(plan->to_run.front()), "2026-11-23T12:00:00Z");
  EXPECT_EQ(plan->to_skip.size(), 48u);
  EXPECT_EQ(fire_time_text(plan->to_skip.back()), "2026-11-23T11:59:00Z");
  EXPECT_NEAR(static_cast<double>(plan->dropped), 365.0 * 1440 + 720 - 49, 2.0);
}

TEST(SchedulePlan, SchedulesFromConfiguration) {
  Config config;
  config.schedule.movies.cron = "";
  const auto all = schedules_from_config(config, {});
  ASSERT_TRUE(all) << all.error().message;
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].pipeline, "imdb");
  EXPECT_EQ((*all)[1].pipeline, "prices");
  EXPECT_EQ(schedules_from_config(config, {"prices"})->size(), 1u);
  const auto unscheduled = schedules_from_config(config, {"movies"});
  ASSERT_FALSE(unscheduled);
  EXPECT_THAT(unscheduled.error().message, HasSubstr("schedule.movies.cron"));

  config.schedule.prices.catch_up = "sometimes";
  const auto bad_policy = schedules_from_config(config, {});
  ASSERT_FALSE(bad_policy);
  EXPECT_EQ(bad_policy.error().code, ErrorCode::config);
  EXPECT_THAT(bad_policy.error().message, HasSubstr("schedule.prices.catch_up"));
  config.schedule.prices.catch_up = "skip";
  config.schedule.imdb.timezone = "Nowhere/Special";
  const auto bad_zone = schedules_from_config(config, {});
  ASSERT_FALSE(bad_zone);
  EXPECT_THAT(bad_zone.error().message, HasSubstr("schedule.imdb.timezone"));
  config.schedule.imdb.timezone = "UTC";
  config.schedule.imdb.cron = "0 3 * *";
  EXPECT_THAT(schedules_from_config(config, {}).error().message, HasSubstr("schedule.imdb.cron"));
}

TEST(SchedulePlan, NextFireTimesForStatus) {
  Config config;
  config.schedule.movies.timezone = "Nowhere/Special";
  const auto next = next_fire_times(config, at("2026-11-23T10:20:00Z"));
  ASSERT_EQ(next.size(), 3u);
  EXPECT_EQ(next[0].pipeline, "imdb");
  EXPECT_EQ(next[0].next_fire, "2026-11-24T03:00:00Z");
  EXPECT_EQ(next[0].cron, "0 3 * * *");
  EXPECT_EQ(next[0].timezone, "UTC");
  EXPECT_FALSE(next[1].next_fire);
  EXPECT_THAT(next[1].error, HasSubstr("Nowhere/Special"));
  EXPECT_EQ(next[2].next_fire, "2026-11-23T11:00:00Z");
  EXPECT_EQ(next[2].catch_up, "skip");
}

}  // namespace
}  // namespace reelhouse::scheduler
