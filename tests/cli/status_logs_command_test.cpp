// `reelhouse status <pipeline> [--run ID]` and `reelhouse logs <run> [<task>] [--attempt N]`,
// run as a user would (the real binary) over a catalog holding a run with a recorded graph,
// a retried task, a task that never started, check results, an alert, log lines and a lease.
#include <gtest/gtest.h>

#include <chrono>
#include <nlohmann/json.hpp>

#include "catalog/catalog.hpp"
#include "support/reelhouse_home.hpp"

namespace reelhouse::testing {
namespace {

using namespace std::chrono_literals;

class StatusLogsCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto catalog = catalog::Catalog::open(m_home.path() / "catalog.sqlite");
    ASSERT_TRUE(catalog.has_value()) << catalog.error().message;
    m_old_run = *catalog->begin_run("prices", "2026-11-22", "manual");
    ASSERT_TRUE(catalog->finish_run(m_old_run, catalog::RunState::succeeded, ""));
    m_run = *catalog->begin_run("prices", "2026-11-23", "schedule");
    ASSERT_TRUE(catalog->record_run_dag(
        m_run, {{.task = "fetch_prices"},
                {.task = "land_prices", .depends_on = {"fetch_prices"}},
                {.task = "check_prices_latest", .depends_on = {"land_prices"}},
                {.task = "publish", .depends_on = {"check_prices_latest"}}}));
    ASSERT_TRUE(catalog->set_run_scheduled_for(m_run, "2026-11-23T10:00:00.000Z"));
    const int64_t first = *catalog->begin_task(m_run, "fetch_prices", 1);
    ASSERT_TRUE(catalog->finish_task(first, catalog::TaskState::failed, {}, "connection reset"));
    const int64_t second = *catalog->begin_task(m_run, "fetch_prices", 2);
    ASSERT_TRUE(
        catalog->finish_task(second, catalog::TaskState::succeeded, {.rows_out = 1234}, ""));
    const int64_t land = *catalog->begin_task(m_run, "land_prices", 1);
    ASSERT_TRUE(catalog->finish_task(land, catalog::TaskState::succeeded, {.rows_out = 40}, ""));
    const int64_t check = *catalog->begin_task(m_run, "check_prices_latest", 1);
    ASSERT_TRUE(catalog->record_check_result({.run_id = m_run,
                                              .check_name = "prices_latest.not_null(price)",
                                              .table_name = "prices_latest",
                                              .kind = "not_null",
                                              .level = "error",
                                              .passed = false,
                                              .observed = "2 rows with NULL price",
                                              .message = "fix the provider data"}));
    ASSERT_TRUE(catalog->finish_task(check, catalog::TaskState::failed, {}, "1 check failed"));
    ASSERT_TRUE(catalog->append_task_logs({{.run_id = m_run,
                                            .task = "fetch_prices",
                                            .attempt = 1,
                                            .seq = 0,
                                            .level = "error",
                                            .message = "first try failed"},
                                           {.run_id = m_run,
                                            .task = "fetch_prices",
                                            .attempt = 2,
                                            .seq = 0,
                                            .level = "info",
                                            .message = "fetched 1234 offers"},
                                           {.run_id = m_run,
                                            .task = "land_prices",
                                            .attempt = 1,
                                            .seq = 0,
                                            .level = "info",
                                            .message = "landed 40 rows"}}));
    ASSERT_TRUE(catalog->record_alert({.run_id = m_run,
                                       .channel = "command",
                                       .target = "notify-team",
                                       .state = "delivered",
                                       .attempts = 1}));
    ASSERT_TRUE(catalog->try_acquire_lease("pipeline:prices", "otherhost:77:abc", 60s)->acquired);
    ASSERT_TRUE(catalog->set_lease_run("pipeline:prices", "otherhost:77:abc", m_run));
  }

  ReelhouseHome m_home;
  int64_t m_run = 0;
  int64_t m_old_run = 0;
};

TEST_F(StatusLogsCommandTest, StatusShowsTheTaskGraphChecksAlertsAndLease) {
  const auto result = m_home.run({"status", "prices"});
  ASSERT_EQ(result.exit_code, 0) << result.output;
  const auto& text = result.output;
  for (const auto* expected :
       {"task graph:", "fetch_prices", "check_prices_latest", "connection reset",
        "prices_latest.not_null(price)", "FAILED", "2 rows with NULL price", "notify-team",
        "scheduled for 2026-11-23T10:00:00.000Z", "held by otherhost:77:abc", "1,234"}) {
    EXPECT_NE(text.find(expected), std::string::npos) << expected << "\n" << text;
  }
  // publish never started: pending, 0 attempts, on the 4th step after check_prices_latest.
  const auto publish = text.find("4     publish");
  ASSERT_NE(publish, std::string::npos) << text;
  const auto publish_line = text.substr(publish, text.find('\n', publish) - publish);
  EXPECT_NE(publish_line.find("pending"), std::string::npos) << publish_line;
  EXPECT_NE(publish_line.find("check_prices_latest"), std::string::npos) << publish_line;

  const auto json_result = m_home.run({"status", "prices", "--json"});
  ASSERT_EQ(json_result.exit_code, 0) << json_result.output;
  const auto json = nlohmann::json::parse(json_result.output);
  EXPECT_EQ(json["runs"].size(), 2u);
  const auto& run = json["run"];
  EXPECT_EQ(run["run_id"], m_run);
  ASSERT_EQ(run["graph"].size(), 4u);
  EXPECT_EQ(run["graph"][0]["task"], "fetch_prices");
  EXPECT_EQ(run["graph"][0]["attempts"], 2);
  EXPECT_EQ(run["graph"][0]["state"], "succeeded");
  EXPECT_EQ(run["graph"][0]["history"][0]["error"], "connection reset");
  EXPECT_EQ(run["graph"][3]["step"], 4);
  EXPECT_EQ(run["graph"][3]["state"], "pending");
  EXPECT_EQ(run["checks"][0]["passed"], false);
  EXPECT_EQ(run["alerts"][0]["state"], "delivered");
  EXPECT_EQ(run["lease"]["holder"], "otherhost:77:abc");
  EXPECT_EQ(json["latest_run_tasks"].size(), 4u);
}

TEST_F(StatusLogsCommandTest, StatusOfAnOlderRunAndWithoutPipelineShowsLeases) {
  auto result = m_home.run({"status", "prices", "--run", std::to_string(m_old_run), "--json"});
  ASSERT_EQ(result.exit_code, 0) << result.output;
  auto json = nlohmann::json::parse(result.output);
  EXPECT_EQ(json["run"]["run_id"], m_old_run);
  EXPECT_EQ(json["run"]["graph"], nlohmann::json::array()) << "no graph recorded";

  result = m_home.run({"status", "imdb", "--run", std::to_string(m_run)});
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.output.find("is a run of prices, not imdb"), std::string::npos) << result.output;
  result = m_home.run({"status", "--run", "999"});
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.output.find("no run 999"), std::string::npos) << result.output;

  result = m_home.run({"status"});
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_NE(result.output.find("leases held:"), std::string::npos) << result.output;
  EXPECT_NE(result.output.find("schedules:"), std::string::npos) << result.output;
  EXPECT_NE(result.output.find("0 * * * *"), std::string::npos) << result.output;
  EXPECT_NE(result.output.find("pipeline:prices"), std::string::npos) << result.output;
}

TEST_F(StatusLogsCommandTest, LogsByRunTaskAndAttempt) {
  const auto run = std::to_string(m_run);
  auto result = m_home.run({"logs", run});
  ASSERT_EQ(result.exit_code, 0) << result.output;
  const auto first = result.output.find("first try failed");
  const auto second = result.output.find("fetched 1234 offers");
  const auto landed = result.output.find("landed 40 rows");
  ASSERT_NE(first, std::string::npos) << result.output;
  ASSERT_NE(landed, std::string::npos) << result.output;
  EXPECT_LT(first, second);
  EXPECT_LT(second, landed) << "tasks in the order of the graph";
  EXPECT_NE(result.output.find("== fetch_prices · attempt 2 =="), std::string::npos)
      << result.output;

  result = m_home.run({"logs", run, "fetch_prices", "--attempt", "2"});
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_NE(result.output.find("fetched 1234 offers"), std::string::npos) << result.output;
  EXPECT_EQ(result.output.find("first try failed"), std::string::npos) << result.output;

  result = m_home.run({"logs", run, "land_prices", "--json"});
  ASSERT_EQ(result.exit_code, 0) << result.output;
  const auto json = nlohmann::json::parse(result.output);
  ASSERT_EQ(json["lines"].size(), 1u);
  EXPECT_EQ(json["lines"][0]["message"], "landed 40 rows");

  result = m_home.run({"logs", run, "publish"});
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_NE(result.output.find("no log lines captured for run"), std::string::npos)
      << result.output;

  result = m_home.run({"logs", run, "nope"});
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.output.find("has no task nope; its tasks: fetch_prices, land_prices"),
            std::string::npos)
      << result.output;
  result = m_home.run({"logs", "999"});
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.output.find("no run 999"), std::string::npos) << result.output;
}

}  // namespace
}  // namespace reelhouse::testing
