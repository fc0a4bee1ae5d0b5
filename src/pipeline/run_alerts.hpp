// Alerts at the end of a run: per alerts.on, runs alerts.command (/bin/sh -c, the run summary
// as JSON on stdin) and/or POSTs the summary to alerts.webhook_url, retrying each channel up
// to alerts.max_attempts with exponential backoff and full jitter, and records every
// delivery (delivered or failed, attempts, last error) in the catalog's alerts table.
// Alerting never fails the run: its problems are logged and recorded, not returned.
//
// The summary (run_summary_json) is one JSON object:
//   {"summary": "run 12 of imdb for 2026-01-05 failed: task land: …",
//    "run": {"id", "pipeline", "ingest_date", "state", "trigger", "started_at", "finished_at",
//            "host", "pid", "scheduled_for", "recovered"},
//    "state": "failed", "error": "…" | null, "partial": "…" | null,
//    "tasks": [{"task", "state", "attempts", "started_at", "finished_at", "error",
//               "rows_in", "rows_out", "rows_rejected", "bytes"}],   // last attempt per task
//    "checks": [{"name", "table", "kind", "level", "passed", "observed", "message"}]}
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "catalog/catalog.hpp"
#include "core/config.hpp"

namespace reelhouse::pipeline {

// Checks alerts.on ("failure" | "always" | "never") and alerts.webhook_url (empty, or an
// http:// or https:// URL). Errors: invalid_argument naming the key and the value.
Result<> validate_alerts_config(const AlertsConfig& alerts);

// Whether a run that ended like `run` calls for an alert under alerts.on: "always" → yes,
// "never" → no, "failure" → when the run failed, was cancelled for another reason than an
// interruption (an interrupted run is resumed later), or succeeded only partially.
bool run_needs_alert(const AlertsConfig& alerts, const catalog::RunRecord& run);

// The run summary (see the top of this file). Errors: not_found (unknown run), catalog errors.
Result<nlohmann::json> run_summary_json(catalog::Catalog& catalog, int64_t run_id);

// The result of delivering on one channel.
struct AlertDelivery {
  bool delivered = false;
  int attempts = 0;
  std::string error{};  // the last attempt's error; "" when delivered
};

// POSTs `body` (Content-Type: application/json) to alerts.webhook_url. 2xx = delivered;
// 5xx, 429, timeouts and connection failures are retried; other statuses stop at once.
AlertDelivery post_alert_webhook(const AlertsConfig& alerts, const std::string& body);

// Runs alerts.command with /bin/sh -c, `body` on its stdin and `environment` entries
// ("NAME=value") added to the inherited environment. Exit status 0 = delivered; a non-zero
// status, a signal or running past alerts.timeout_ms (the command's process group is then
// killed) is a failed attempt, retried up to alerts.max_attempts.
AlertDelivery run_alert_command(const AlertsConfig& alerts, const std::string& body,
                                const std::vector<std::string>& environment = {});

// Sends the alerts the ended run `run_id` calls for (see above) and records each delivery.
// Never fails and never throws: problems are logged and recorded as failed deliveries.
void send_run_alerts(const Config& config, catalog::Catalog& catalog, int64_t run_id);

}  // namespace reelhouse::pipeline
