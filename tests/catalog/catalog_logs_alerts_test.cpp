// Task logs and alert deliveries in the catalog (catalog_logs.cpp, catalog_alerts.cpp).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "catalog/catalog.hpp"
#include "catalog/catalog_test_support.hpp"

namespace reelhouse::catalog {
namespace {

TEST_P(CatalogTest, TaskLogsAppendAndReadInOrder) {
  const int64_t run_id = begin_run();
  const int64_t other_run = begin_run();
  std::vector<TaskLogLine> lines;
  // Appended out of order: reading sorts by task, attempt, seq.
  lines.push_back({.run_id = run_id,
                   .task = "land",
                   .attempt = 2,
                   .seq = 0,
                   .level = "info",
                   .message = "second attempt"});
  lines.push_back({.run_id = run_id,
                   .task = "land",
                   .attempt = 1,
                   .seq = 1,
                   .level = "error",
                   .message = "boom"});
  lines.push_back({.run_id = run_id,
                   .task = "land",
                   .attempt = 1,
                   .seq = 0,
                   .level = "info",
                   .message = "starting"});
  lines.push_back({.run_id = run_id,
                   .task = "fetch",
                   .attempt = 1,
                   .seq = 0,
                   .logged_at = "2026-11-23T10:00:00.123Z",
                   .level = "warning",
                   .message = "slow"});
  lines.push_back({.run_id = other_run,
                   .task = "land",
                   .attempt = 1,
                   .seq = 0,
                   .level = "debug",
                   .message = "other run"});
  ASSERT_TRUE(catalog().append_task_logs(lines));
  ASSERT_TRUE(catalog().append_task_logs({}));

  const auto all = catalog().task_logs(run_id, std::nullopt).value();
  ASSERT_EQ(all.size(), 4u);
  EXPECT_EQ(all[0].task, "fetch");
  EXPECT_EQ(all[0].logged_at, "2026-11-23T10:00:00.123Z");
  EXPECT_EQ(all[1].message, "starting");
  EXPECT_EQ(all[2].message, "boom");
  EXPECT_EQ(all[2].level, "error");
  EXPECT_EQ(all[3].message, "second attempt");
  EXPECT_EQ(all[3].attempt, 2);
  for (const auto& line : all) EXPECT_TRUE(is_timestamp(line.logged_at)) << line.logged_at;

  const auto land = catalog().task_logs(run_id, "land").value();
  EXPECT_EQ(land.size(), 3u);
  EXPECT_TRUE(catalog().task_logs(run_id, "publish").value().empty());
  EXPECT_EQ(catalog().task_logs(other_run, std::nullopt).value().size(), 1u);

  // Appending the same line again replaces it.
  ASSERT_TRUE(catalog().append_task_logs({{.run_id = run_id,
                                           .task = "land",
                                           .attempt = 1,
                                           .seq = 1,
                                           .level = "critical",
                                           .message = "BOOM"}}));
  const auto replaced = catalog().task_logs(run_id, "land").value();
  ASSERT_EQ(replaced.size(), 3u);
  EXPECT_EQ(replaced[1].message, "BOOM");
  EXPECT_EQ(replaced[1].level, "critical");
}

TEST_P(CatalogTest, TaskLogsRejectUnknownLevelAndKeepNothingOfTheBatch) {
  const int64_t run_id = begin_run();
  const auto appended = catalog().append_task_logs({{.run_id = run_id,
                                                     .task = "land",
                                                     .attempt = 1,
                                                     .seq = 0,
                                                     .level = "info",
                                                     .message = "fine"},
                                                    {.run_id = run_id,
                                                     .task = "land",
                                                     .attempt = 1,
                                                     .seq = 1,
                                                     .level = "loud",
                                                     .message = "bad"}});
  ASSERT_FALSE(appended);
  EXPECT_EQ(appended.error().code, ErrorCode::invalid_argument);
  EXPECT_THAT(appended.error().message, ::testing::HasSubstr("\"loud\""));
  EXPECT_TRUE(catalog().task_logs(run_id, std::nullopt).value().empty());

  // A line of a run that does not exist violates the foreign key.
  EXPECT_FALSE(catalog().append_task_logs(
      {{.run_id = run_id + 1000, .task = "x", .attempt = 1, .seq = 0, .level = "info"}}));
}

TEST_P(CatalogTest, AlertsRecordedPerRun) {
  const int64_t run_id = begin_run();
  const int64_t other_run = begin_run();
  ASSERT_TRUE(catalog().record_alert({.run_id = run_id,
                                      .channel = "webhook",
                                      .target = "http://127.0.0.1:1/hook",
                                      .state = "failed",
                                      .attempts = 3,
                                      .error = "HTTP 500"}));
  ASSERT_TRUE(catalog().record_alert({.run_id = run_id,
                                      .channel = "command",
                                      .target = "notify-send",
                                      .state = "delivered",
                                      .attempts = 1}));
  ASSERT_TRUE(catalog().record_alert({.run_id = other_run,
                                      .channel = "command",
                                      .target = "true",
                                      .state = "delivered",
                                      .attempts = 1,
                                      .sent_at = "2026-11-23T10:00:00.000Z"}));

  const auto alerts = catalog().alerts(run_id).value();
  ASSERT_EQ(alerts.size(), 2u);
  EXPECT_EQ(alerts[0].channel, "webhook");
  EXPECT_EQ(alerts[0].target, "http://127.0.0.1:1/hook");
  EXPECT_EQ(alerts[0].state, "failed");
  EXPECT_EQ(alerts[0].attempts, 3);
  EXPECT_EQ(alerts[0].error, "HTTP 500");
  EXPECT_EQ(alerts[0].run_id, run_id);
  EXPECT_TRUE(is_timestamp(alerts[0].sent_at));
  EXPECT_EQ(alerts[1].channel, "command");
  EXPECT_EQ(alerts[1].error, "");
  EXPECT_LT(alerts[0].alert_id, alerts[1].alert_id);
  const auto other = catalog().alerts(other_run).value();
  ASSERT_EQ(other.size(), 1u);
  EXPECT_EQ(other[0].sent_at, "2026-11-23T10:00:00.000Z");
  EXPECT_TRUE(catalog().alerts(other_run + 1000).value().empty());
}

TEST_P(CatalogTest, AlertsRejectUnknownChannelAndState) {
  const int64_t run_id = begin_run();
  const auto channel = catalog().record_alert(
      {.run_id = run_id, .channel = "email", .target = "x", .state = "delivered"});
  ASSERT_FALSE(channel);
  EXPECT_THAT(channel.error().message, ::testing::HasSubstr("\"email\""));
  const auto state = catalog().record_alert(
      {.run_id = run_id, .channel = "webhook", .target = "x", .state = "maybe"});
  ASSERT_FALSE(state);
  EXPECT_THAT(state.error().message, ::testing::HasSubstr("\"maybe\""));
  EXPECT_TRUE(catalog().alerts(run_id).value().empty());
}

}  // namespace
}  // namespace reelhouse::catalog
