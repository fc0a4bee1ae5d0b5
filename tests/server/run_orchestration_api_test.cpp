// The orchestration parts of the runs API, from a real catalog: a run's recorded graph
// (tasks[].depends_on, graph), its check results, alert deliveries, scheduled_for,
// recovered and lease; /api/v1/runs/{id}/logs with its task and attempt filters and paging;
// /api/v1/schedule with the configured schedules and the leases held.
#include <chrono>
#include <thread>

#include "catalog/catalog.hpp"
#include "server_test_support.hpp"

namespace reelhouse::testing {
namespace {

using namespace std::chrono_literals;

class RunOrchestrationApiTest : public ServerFixture {
 protected:
  // A prices run: fetch (failed once, then succeeded) → land → check_prices_latest → publish
  // (never started), with checks, alerts, logs, a schedule interval and a recovery.
  int64_t record_run() {
    auto catalog = catalog::Catalog::open(catalog_path());
    EXPECT_TRUE(catalog.has_value()) << catalog.error().message;
    const int64_t run_id = *catalog->begin_run("prices", "2026-11-23", "schedule");
    EXPECT_TRUE(catalog->record_run_dag(
        run_id, {{.task = "fetch_prices", .depends_on = {}},
                 {.task = "land_prices", .depends_on = {"fetch_prices"}},
                 {.task = "check_prices_latest", .depends_on = {"land_prices"}},
                 {.task = "publish", .depends_on = {"check_prices_latest", "land_prices"}}}));
    EXPECT_TRUE(catalog->set_run_scheduled_for(run_id, "2026-11-23T10:00:00.000Z"));
    const int64_t first = *catalog->begin_task(run_id, "fetch_prices", 1);
    EXPECT_TRUE(catalog->finish_task(first, catalog::TaskState::failed, {}, "connection reset"));
    const int64_t second = *catalog->begin_task(run_id, "fetch_prices", 2);
    EXPECT_TRUE(catalog->finish_task(second, catalog::TaskState::succeeded, {.rows_out = 40}, ""));
    const int64_t land = *catalog->begin_task(run_id, "land_prices", 1);
    EXPECT_TRUE(catalog->finish_task(land, catalog::TaskState::succeeded, {.rows_out = 38}, ""));
    const int64_t check = *catalog->begin_task(run_id, "check_prices_latest", 1);
    EXPECT_TRUE(catalog->record_check_result({.run_id = run_id,
                                              .check_name = "prices_latest.not_null(price)",
                                              .table_name = "prices_latest",
                                              .kind = "not_null",
                                              .level = "error",
                                              .passed = false,
                                              .observed = "2 rows with NULL price",
                                              .message = "fix the provider data"}));
    EXPECT_TRUE(catalog->record_check_result({.run_id = run_id,
                                              .check_name = "prices_latest.row_count_change",
                                              .table_name = "prices_latest",
                                              .kind = "row_count_change",
                                              .level = "warning",
                                              .passed = true,
                                              .observed = "+2%"}));
    EXPECT_TRUE(catalog->finish_task(check, catalog::TaskState::failed, {}, "1 check failed"));
    std::vector<catalog::TaskLogLine> lines;
    for (int seq = 0; seq < 5; ++seq) {
      lines.push_back({.run_id = run_id,
                       .task = "fetch_prices",
                       .attempt = 1,
                       .seq = seq,
                       .level = "info",
                       .message = fmt::format("first attempt line {}", seq)});
    }
    lines.push_back({.run_id = run_id,
                     .task = "fetch_prices",
                     .attempt = 2,
                     .seq = 0,
                     .level = "warning",
                     .message = "second attempt"});
    lines.push_back(
        {.run_id = run_id, .task = "land_prices", .attempt = 1, .level = "info", .message = "38"});
    EXPECT_TRUE(catalog->append_task_logs(lines));
    EXPECT_TRUE(catalog->adopt_run(run_id, "abandoned: process 1 on elsewhere died"));
    EXPECT_TRUE(catalog->finish_run(run_id, catalog::RunState::failed, "check failed"));
    EXPECT_TRUE(catalog->record_alert({.run_id = run_id,
                                       .channel = "webhook",
                                       .target = "http://127.0.0.1:9/hook",
                                       .state = "failed",
                                       .attempts = 3,
                                       .error = "connection refused"}));
    return run_id;
  }
};

TEST_F(RunOrchestrationApiTest, RunDetailHasGraphChecksAlertsAndRecovery) {
  const int64_t run_id = record_run();
  start();
  const auto answer = get(fmt::format("/api/v1/runs/{}", run_id));
  ASSERT_EQ(answer.status, 200) << answer.body;
  const auto& body = answer.json;
  EXPECT_EQ(body["scheduled_for"], "2026-11-23T10:00:00.000Z");
  EXPECT_EQ(body["recovered"], 1);
  EXPECT_TRUE(body["lease"].is_null());
  ASSERT_EQ(body["graph"].size(), 4u);
  EXPECT_EQ(body["graph"][3]["task"], "publish");
  EXPECT_EQ(body["graph"][3]["depends_on"], nlohmann::json({"check_prices_latest", "land_prices"}));
  ASSERT_EQ(body["tasks"].size(), 4u) << "every attempt; publish never started";
  EXPECT_EQ(body["tasks"][0]["task"], "fetch_prices");
  EXPECT_EQ(body["tasks"][0]["attempt"], 1);
  EXPECT_EQ(body["tasks"][0]["error"], "connection reset");
  EXPECT_EQ(body["tasks"][0]["depends_on"], nlohmann::json::array());
  EXPECT_EQ(body["tasks"][2]["depends_on"], nlohmann::json({"fetch_prices"}));
  ASSERT_EQ(body["checks"].size(), 2u);
  const auto& failed = body["checks"][0]["passed"] == false ? body["checks"][0] : body["checks"][1];
  EXPECT_EQ(failed["check"], "prices_latest.not_null(price)");
  EXPECT_EQ(failed["level"], "error");
  EXPECT_EQ(failed["observed"], "2 rows with NULL price");
  EXPECT_EQ(failed["message"], "fix the provider data");
  ASSERT_EQ(body["alerts"].size(), 1u);
  EXPECT_EQ(body["alerts"][0]["channel"], "webhook");
  EXPECT_EQ(body["alerts"][0]["state"], "failed");
  EXPECT_EQ(body["alerts"][0]["attempts"], 3);
  EXPECT_EQ(body["alerts"][0]["error"], "connection refused");

  // The list shows the new run fields too.
  const auto list = get("/api/v1/runs");
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(list.json["items"][0]["recovered"], 1);
  EXPECT_EQ(list.json["items"][0]["scheduled_for"], "2026-11-23T10:00:00.000Z");
}

TEST_F(RunOrchestrationApiTest, RunWithoutRecordedGraphHasNullDependencies) {
  int64_t run_id = 0;
  {
    auto catalog = catalog::Catalog::open(catalog_path());
    ASSERT_TRUE(catalog.has_value()) << catalog.error().message;
    run_id = *catalog->begin_run("imdb", "2026-11-23", "manual");
    const int64_t task = *catalog->begin_task(run_id, "fetch_imdb", 1);
    ASSERT_TRUE(catalog->finish_task(task, catalog::TaskState::succeeded, {}, ""));
  }
  start();
  const auto answer = get(fmt::format("/api/v1/runs/{}", run_id));
  ASSERT_EQ(answer.status, 200) << answer.body;
  EXPECT_TRUE(answer.json["tasks"][0]["depends_on"].is_null());
  EXPECT_EQ(answer.json["graph"], nlohmann::json::array());
  EXPECT_EQ(answer.json["checks"], nlohmann::json::array());
  EXPECT_EQ(answer.json["alerts"], nlohmann::json::array());
  EXPECT_EQ(answer.json["recovered"], 0);
  EXPECT_TRUE(answer.json["scheduled_for"].is_null());
}

TEST_F(RunOrchestrationApiTest, LogsByTaskAndAttemptWithPaging) {
  const int64_t run_id = record_run();
  start();
  auto answer = get(fmt::format("/api/v1/runs/{}/logs", run_id));
  ASSERT_EQ(answer.status, 200) << answer.body;
  EXPECT_EQ(answer.json["total"], 7);
  EXPECT_TRUE(answer.json["task"].is_null());

  answer = get(fmt::format("/api/v1/runs/{}/logs?task=fetch_prices", run_id));
  ASSERT_EQ(answer.status, 200) << answer.body;
  EXPECT_EQ(answer.json["total"], 6);
  EXPECT_EQ(answer.json["items"][0]["message"], "first attempt line 0");
  EXPECT_EQ(answer.json["items"][5]["message"], "second attempt");

  answer = get(fmt::format("/api/v1/runs/{}/logs?task=fetch_prices&attempt=2", run_id));
  ASSERT_EQ(answer.json["total"], 1);
  EXPECT_EQ(answer.json["items"][0]["level"], "warning");
  EXPECT_EQ(answer.json["items"][0]["attempt"], 2);
  EXPECT_FALSE(answer.json["items"][0]["logged_at"].get<std::string>().empty());

  answer =
      get(fmt::format("/api/v1/runs/{}/logs?task=fetch_prices&attempt=1&limit=2&offset=3", run_id));
  EXPECT_EQ(answer.json["total"], 5);
  ASSERT_EQ(answer.json["items"].size(), 2u);
  EXPECT_EQ(answer.json["items"][0]["seq"], 3);

  // A task of the graph that never ran has no lines; an unknown task or run is a 404.
  answer = get(fmt::format("/api/v1/runs/{}/logs?task=publish", run_id));
  ASSERT_EQ(answer.status, 200) << answer.body;
  EXPECT_EQ(answer.json["total"], 0);
  answer = get(fmt::format("/api/v1/runs/{}/logs?task=nope", run_id));
  EXPECT_EQ(answer.status, 404);
  EXPECT_NE(answer.body.find("no task nope"), std::string::npos) << answer.body;
  EXPECT_EQ(get("/api/v1/runs/999/logs").status, 404);
  EXPECT_EQ(get(fmt::format("/api/v1/runs/{}/logs?attempt=x", run_id)).json["field"], "attempt");
  EXPECT_EQ(get(fmt::format("/api/v1/runs/{}/logs?limit=0", run_id)).json["field"], "limit");
  EXPECT_EQ(get(fmt::format("/api/v1/runs/{}/logs?level=info", run_id)).status, 422);
}

TEST_F(RunOrchestrationApiTest, ScheduleShowsEachPipelineAndTheLiveLease) {
  int64_t run_id = 0;
  {
    auto catalog = catalog::Catalog::open(catalog_path());
    ASSERT_TRUE(catalog.has_value()) << catalog.error().message;
    run_id = *catalog->begin_run("prices", "2026-11-23", "schedule");
    ASSERT_TRUE(catalog->try_acquire_lease("pipeline:prices", "host:1:abc", 60s)->acquired);
    ASSERT_TRUE(catalog->set_lease_run("pipeline:prices", "host:1:abc", run_id));
    ASSERT_TRUE(catalog->try_acquire_lease("pipeline:movies", "host:2:def", 1ms)->acquired);
    ASSERT_TRUE(*catalog->claim_schedule_fire("prices", "2026-11-23T09:00:00Z", "skipped", "h"));
    ASSERT_TRUE(*catalog->claim_schedule_fire("prices", "2026-11-23T10:00:00Z", "run", "h"));
    ASSERT_TRUE(catalog->set_schedule_fire_run("prices", "2026-11-23T10:00:00Z", run_id));
  }
  std::this_thread::sleep_for(20ms);  // the movies lease expires
  auto options = this->options();
  options.schedule.movies.cron = "";
  options.schedule.prices.timezone = "Europe/Paris";
  start(options);
  const auto answer = get("/api/v1/schedule");
  ASSERT_EQ(answer.status, 200) << answer.body;
  const auto& items = answer.json["items"];
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items[0]["pipeline"], "imdb");
  EXPECT_EQ(items[0]["cron"], "0 3 * * *");
  EXPECT_EQ(items[0]["catch_up"], "skip");
  EXPECT_TRUE(items[0]["lease"].is_null());
  EXPECT_TRUE(items[0]["last_fire"].is_null());
  ASSERT_TRUE(items[0]["next_fire"].is_string()) << items[0];
  EXPECT_TRUE(items[0]["next_fire"].get<std::string>().ends_with("T03:00:00Z")) << items[0];
  EXPECT_GT(items[0]["next_fire"].get<std::string>(), answer.json["now"].get<std::string>());
  EXPECT_TRUE(items[1]["next_fire"].is_null());
  EXPECT_EQ(items[2]["last_fire"]["fire_time"], "2026-11-23T10:00:00Z");
  EXPECT_EQ(items[2]["last_fire"]["outcome"], "run");
  EXPECT_EQ(items[2]["last_fire"]["run_id"], run_id);
  EXPECT_TRUE(items[1]["cron"].is_null()) << "movies is not scheduled";
  EXPECT_TRUE(items[1]["lease"].is_null()) << "an expired lease is not shown";
  EXPECT_EQ(items[2]["timezone"], "Europe/Paris");
  ASSERT_FALSE(items[2]["lease"].is_null());
  EXPECT_EQ(items[2]["lease"]["holder"], "host:1:abc");
  EXPECT_EQ(items[2]["lease"]["run_id"], run_id);

  // The running run shows the lease it holds.
  const auto run = get(fmt::format("/api/v1/runs/{}", run_id));
  ASSERT_EQ(run.status, 200) << run.body;
  EXPECT_EQ(run.json["lease"]["holder"], "host:1:abc");
  EXPECT_EQ(get("/api/v1/schedule?x=1").status, 422);
}

}  // namespace
}  // namespace reelhouse::testing
