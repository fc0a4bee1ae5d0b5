// Alerts at the end of a run (pipeline/run_alerts): the webhook and the command get the run
// summary, failures are retried and recorded, and alerting never fails the run.
#include "pipeline/run_alerts.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <mutex>
#include <thread>

#include "pipeline/pipeline_registry.hpp"
#include "pipeline/pipeline_runner.hpp"
#include "support/test_support.hpp"

namespace reelhouse::pipeline {
namespace {

using ::testing::HasSubstr;

// A webhook on 127.0.0.1 that keeps what it is sent. It answers `failures` 500s first; with
// `stop_after`, it stops listening after that many requests (later ones are refused).
class WebhookServer {
 public:
  explicit WebhookServer(int failures = 0, int stop_after = 0) {
    m_server.Post("/hook", [this, failures, stop_after](const httplib::Request& request,
                                                        httplib::Response& response) {
      int hit = 0;
      {
        std::lock_guard lock(m_mutex);
        m_bodies.push_back(request.body);
        m_content_types.push_back(request.get_header_value("Content-Type"));
        hit = static_cast<int>(m_bodies.size());
      }
      if (stop_after > 0 && hit >= stop_after) m_server.stop();
      if (hit <= failures) {
        response.status = 500;
        response.set_content("overloaded", "text/plain");
        return;
      }
      response.set_content("ok", "text/plain");
    });
    m_port = m_server.bind_to_any_port("127.0.0.1");
    m_thread = std::thread([this] { m_server.listen_after_bind(); });
  }
  ~WebhookServer() {
    m_server.stop();
    m_thread.join();
  }
  std::string url() const { return fmt::format("http://127.0.0.1:{}/hook", m_port); }
  std::vector<std::string> bodies() {
    std::lock_guard lock(m_mutex);
    return m_bodies;
  }
  std::vector<std::string> content_types() {
    std::lock_guard lock(m_mutex);
    return m_content_types;
  }

 private:
  httplib::Server m_server;
  std::thread m_thread;
  int m_port = 0;
  std::mutex m_mutex;
  std::vector<std::string> m_bodies;
  std::vector<std::string> m_content_types;
};

// Synthetic pipelines: one that succeeds (two tasks), one whose second task fails for good.
void register_alert_pipelines() {
  static std::once_flag once;
  std::call_once(once, [] {
    register_pipeline("alerts_ok", [] {
      return std::vector<Task>{
          {.name = "extract",
           .run = [](RunContext&) -> Result<TaskCounters> { return TaskCounters{.rows_out = 3}; }},
          {.name = "load",
           .depends_on = {"extract"},
           .run = [](RunContext&) -> Result<TaskCounters> { return TaskCounters{.rows_in = 3}; }},
      };
    });
    register_pipeline("alerts_fail", [] {
      return std::vector<Task>{
          {.name = "extract",
           .run = [](RunContext&) -> Result<TaskCounters> { return TaskCounters{}; }},
          {.name = "load",
           .depends_on = {"extract"},
           .run = [](RunContext&) -> Result<TaskCounters> {
             return make_error(ErrorCode::parse, "row 7 of films.csv has 3 fields, expected 4");
           }},
      };
    });
  });
}

class RunAlertsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    register_alert_pipelines();
    m_config.home = m_dir.path();
    m_config.runtime.task_max_attempts = 1;
    m_config.alerts.max_attempts = 3;
    m_config.alerts.timeout_ms = 5'000;
    m_config.alerts.backoff_initial_ms = 1;
    m_config.checks.clear();
  }

  RunOutcome run(const std::string& pipeline) {
    auto outcome = run_pipeline(m_config, {.pipeline = pipeline, .ingest_date = "2026-01-05"});
    EXPECT_TRUE(outcome) << outcome.error().message;
    return outcome.value_or(RunOutcome{});
  }

  std::vector<catalog::AlertRecord> alerts(int64_t run_id) {
    auto catalog = catalog::Catalog::open(m_config.catalog_location()).value();
    return catalog.alerts(run_id).value();
  }

  ::reelhouse::testing::TempDir m_dir;
  Config m_config;
};

TEST_F(RunAlertsTest, WebhookReceivesTheRunSummary) {
  WebhookServer webhook;
  m_config.alerts.on = "always";
  m_config.alerts.webhook_url = webhook.url();
  const auto outcome = run("alerts_ok");
  ASSERT_TRUE(outcome.summary.succeeded());

  const auto bodies = webhook.bodies();
  ASSERT_EQ(bodies.size(), 1u);
  EXPECT_EQ(webhook.content_types()[0], "application/json");
  const auto summary = nlohmann::json::parse(bodies[0]);
  EXPECT_EQ(summary["run"]["id"], outcome.run_id);
  EXPECT_EQ(summary["run"]["pipeline"], "alerts_ok");
  EXPECT_EQ(summary["run"]["ingest_date"], "2026-01-05");
  EXPECT_EQ(summary["run"]["trigger"], "manual");
  EXPECT_EQ(summary["run"]["state"], "succeeded");
  EXPECT_EQ(summary["state"], "succeeded");
  EXPECT_TRUE(summary["error"].is_null());
  EXPECT_TRUE(summary["partial"].is_null());
  EXPECT_TRUE(summary["run"]["finished_at"].is_string());
  ASSERT_EQ(summary["tasks"].size(), 2u);
  EXPECT_EQ(summary["tasks"][0]["task"], "extract");
  EXPECT_EQ(summary["tasks"][0]["state"], "succeeded");
  EXPECT_EQ(summary["tasks"][0]["attempts"], 1);
  EXPECT_EQ(summary["tasks"][0]["rows_out"], 3);
  EXPECT_EQ(summary["tasks"][1]["task"], "load");
  EXPECT_TRUE(summary["checks"].is_array());
  EXPECT_THAT(summary["summary"].get<std::string>(), HasSubstr("alerts_ok"));

  const auto recorded = alerts(outcome.run_id);
  ASSERT_EQ(recorded.size(), 1u);
  EXPECT_EQ(recorded[0].channel, "webhook");
  EXPECT_EQ(recorded[0].target, webhook.url());
  EXPECT_EQ(recorded[0].state, "delivered");
  EXPECT_EQ(recorded[0].attempts, 1);
  EXPECT_EQ(recorded[0].error, "");
}

TEST_F(RunAlertsTest, FailingWebhookIsRetriedRecordedAndDoesNotFailTheRun) {
  // Two 500s, then the server goes away: attempts 3 and 4 are refused.
  WebhookServer webhook(/*failures=*/100, /*stop_after=*/2);
  m_config.alerts.on = "always";
  m_config.alerts.webhook_url = webhook.url();
  m_config.alerts.max_attempts = 4;
  const auto started = std::chrono::steady_clock::now();
  const auto outcome = run("alerts_ok");
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
  ASSERT_TRUE(outcome.summary.succeeded());
  EXPECT_EQ(webhook.bodies().size(), 2u);

  const auto recorded = alerts(outcome.run_id);
  ASSERT_EQ(recorded.size(), 1u);
  EXPECT_EQ(recorded[0].state, "failed");
  EXPECT_EQ(recorded[0].attempts, 4);
  EXPECT_THAT(recorded[0].error, HasSubstr(webhook.url()));
  auto catalog = catalog::Catalog::open(m_config.catalog_location()).value();
  EXPECT_EQ(catalog.run(outcome.run_id).value()->state, catalog::RunState::succeeded);
}

TEST_F(RunAlertsTest, ServerErrorsAloneAreRetriedUpToMaxAttempts) {
  WebhookServer webhook(/*failures=*/100);
  m_config.alerts.on = "failure";
  m_config.alerts.webhook_url = webhook.url();
  const auto outcome = run("alerts_fail");
  EXPECT_FALSE(outcome.summary.succeeded());
  EXPECT_EQ(webhook.bodies().size(), 3u);
  const auto recorded = alerts(outcome.run_id);
  ASSERT_EQ(recorded.size(), 1u);
  EXPECT_EQ(recorded[0].state, "failed");
  EXPECT_EQ(recorded[0].attempts, 3);
  EXPECT_THAT(recorded[0].error, HasSubstr("500"));
  EXPECT_THAT(recorded[0].error, HasSubstr("overloaded"));
}

TEST_F(RunAlertsTest, OnFailureSendsNothingForASucceededRun) {
  WebhookServer webhook;
  m_config.alerts.on = "failure";
  m_config.alerts.webhook_url = webhook.url();
  const auto succeeded = run("alerts_ok");
  ASSERT_TRUE(succeeded.summary.succeeded());
  EXPECT_TRUE(webhook.bodies().empty());
  EXPECT_TRUE(alerts(succeeded.run_id).empty());

  const auto failed = run("alerts_fail");
  ASSERT_FALSE(failed.summary.succeeded());
  const auto bodies = webhook.bodies();
  ASSERT_EQ(bodies.size(), 1u);
  const auto summary = nlohmann::json::parse(bodies[0]);
  EXPECT_EQ(summary["run"]["id"], failed.run_id);
  EXPECT_EQ(summary["state"], "failed");
  EXPECT_THAT(summary["error"].get<std::string>(), HasSubstr("row 7 of films.csv"));
  ASSERT_EQ(summary["tasks"].size(), 2u);
  EXPECT_EQ(summary["tasks"][1]["state"], "failed");
  EXPECT_THAT(summary["tasks"][1]["error"].get<std::string>(), HasSubstr("expected 4"));
  EXPECT_EQ(alerts(failed.run_id).at(0).state, "delivered");

  m_config.alerts.on = "never";
  const auto quiet = run("alerts_fail");
  EXPECT_EQ(webhook.bodies().size(), 1u);
  EXPECT_TRUE(alerts(quiet.run_id).empty());
}

TEST_F(RunAlertsTest, CommandGetsTheSummaryOnStdin) {
  const auto received = m_dir.path() / "received.json";
  const auto environment = m_dir.path() / "environment.txt";
  m_config.alerts.on = "always";
  m_config.alerts.command =
      fmt::format("cat > '{}' && echo \"$REELHOUSE_RUN_ID $REELHOUSE_RUN_STATE\" > '{}'",
                  received.string(), environment.string());
  const auto outcome = run("alerts_fail");
  ASSERT_FALSE(outcome.summary.succeeded());

  const auto summary = nlohmann::json::parse(::reelhouse::testing::read_file(received));
  EXPECT_EQ(summary["run"]["id"], outcome.run_id);
  EXPECT_EQ(summary["state"], "failed");
  EXPECT_EQ(::reelhouse::testing::read_file(environment),
            fmt::format("{} failed\n", outcome.run_id));
  const auto recorded = alerts(outcome.run_id);
  ASSERT_EQ(recorded.size(), 1u);
  EXPECT_EQ(recorded[0].channel, "command");
  EXPECT_EQ(recorded[0].target, m_config.alerts.command);
  EXPECT_EQ(recorded[0].state, "delivered");
  EXPECT_EQ(recorded[0].attempts, 1);
}

TEST_F(RunAlertsTest, FailingAndHangingCommandsAreRecordedFailed) {
  m_config.alerts.max_attempts = 2;
  m_config.alerts.command = "echo 'no mail server' >&2; exit 3";
  const auto failing = run_alert_command(m_config.alerts, "{}");
  EXPECT_FALSE(failing.delivered);
  EXPECT_EQ(failing.attempts, 2);
  EXPECT_THAT(failing.error, HasSubstr("status 3"));
  EXPECT_THAT(failing.error, HasSubstr("no mail server"));

  // A command that ignores its stdin is fine when it exits 0.
  m_config.alerts.command = "true";
  const std::string big(1 << 20, 'x');
  EXPECT_TRUE(run_alert_command(m_config.alerts, big).delivered);

  m_config.alerts.max_attempts = 1;
  m_config.alerts.timeout_ms = 300;
  m_config.alerts.command = "sleep 30";
  const auto started = std::chrono::steady_clock::now();
  const auto hanging = run_alert_command(m_config.alerts, "{}");
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
  EXPECT_FALSE(hanging.delivered);
  EXPECT_THAT(hanging.error, HasSubstr("did not finish within 300 ms"));
}

TEST_F(RunAlertsTest, InvalidSettingsNameTheKeyAndAreRecorded) {
  AlertsConfig settings;
  settings.on = "sometimes";
  const auto on = validate_alerts_config(settings);
  ASSERT_FALSE(on);
  EXPECT_THAT(on.error().message, HasSubstr("alerts.on"));
  EXPECT_THAT(on.error().message, HasSubstr("sometimes"));
  settings.on = "always";
  settings.webhook_url = "ftp://example.org/hook";
  const auto url = validate_alerts_config(settings);
  ASSERT_FALSE(url);
  EXPECT_THAT(url.error().message, HasSubstr("alerts.webhook_url"));
  settings.webhook_url = "https://example.org/hook";
  EXPECT_TRUE(validate_alerts_config(settings));

  // At the end of a run, a bad setting is recorded as a failed delivery; the run is unharmed.
  m_config.alerts.on = "sometimes";
  m_config.alerts.webhook_url = "http://127.0.0.1:9/hook";
  const auto outcome = run("alerts_ok");
  EXPECT_TRUE(outcome.summary.succeeded());
  const auto recorded = alerts(outcome.run_id);
  ASSERT_EQ(recorded.size(), 1u);
  EXPECT_EQ(recorded[0].state, "failed");
  EXPECT_EQ(recorded[0].attempts, 0);
  EXPECT_THAT(recorded[0].error, HasSubstr("alerts.on"));
}

TEST(RunNeedsAlertTest, FollowsAlertsOn) {
  using catalog::RunState;
  AlertsConfig alerts;
  const auto run = [](RunState state, std::string error = "",
                      std::optional<std::string> partial = std::nullopt) {
    return catalog::RunRecord{.state = state, .error = std::move(error), .partial = partial};
  };
  alerts.on = "failure";
  EXPECT_TRUE(run_needs_alert(alerts, run(RunState::failed, "task x: boom")));
  EXPECT_FALSE(run_needs_alert(alerts, run(RunState::succeeded)));
  EXPECT_TRUE(run_needs_alert(alerts, run(RunState::succeeded, "", "prices of 2 providers")));
  EXPECT_FALSE(run_needs_alert(alerts, run(RunState::cancelled, "interrupted: scheduler stopped")));
  EXPECT_TRUE(run_needs_alert(alerts, run(RunState::cancelled, "cancelled by user")));
  alerts.on = "always";
  EXPECT_TRUE(run_needs_alert(alerts, run(RunState::succeeded)));
  alerts.on = "never";
  EXPECT_FALSE(run_needs_alert(alerts, run(RunState::failed, "boom")));
}

}  // namespace
}  // namespace reelhouse::pipeline
