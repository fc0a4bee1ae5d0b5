// The catalog's record of alert deliveries (table alerts): one row per channel and run, saying
// whether the command ran / the webhook accepted the summary, after how many attempts, and
// the last error when it did not.
#include <algorithm>

#include "catalog/catalog.hpp"
#include "catalog/catalog_internal.hpp"
#include "catalog/catalog_schema.hpp"

namespace reelhouse::catalog {

namespace {

constexpr std::string_view k_channels[] = {"command", "webhook"};
constexpr std::string_view k_alert_states[] = {"delivered", "failed"};

Result<> check_alert(const AlertRecord& alert) {
  if (std::ranges::find(k_channels, alert.channel) == std::end(k_channels)) {
    return make_error(ErrorCode::invalid_argument,
                      "alert of run {} has unknown channel \"{}\" (expected command or webhook)",
                      alert.run_id, alert.channel);
  }
  if (std::ranges::find(k_alert_states, alert.state) == std::end(k_alert_states)) {
    return make_error(ErrorCode::invalid_argument,
                      "alert of run {} has unknown state \"{}\" (expected delivered or failed)",
                      alert.run_id, alert.state);
  }
  if (alert.attempts < 0) {
    return make_error(ErrorCode::invalid_argument, "alert of run {} has negative attempts ({})",
                      alert.run_id, alert.attempts);
  }
  return {};
}

}  // namespace

Result<> Catalog::record_alert(const AlertRecord& alert) {
  TRY(check_alert(alert));
  auto transaction = TRY(begin_write());
  // alert_id is assigned by the catalog; a record without sent_at is stamped "now".
  auto insert = TRY(m_database->prepare(
      fmt::format("INSERT INTO alerts (run_id, channel, target, state, attempts, error, sent_at) "
                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, coalesce(?7, {}))",
                  m_database->now_sql())));
  TRY(insert.bind_all(alert.run_id, alert.channel, alert.target, alert.state, alert.attempts,
                      alert.error, optional_text(alert.sent_at)));
  TRY(insert.run());
  return transaction.commit();
}

Result<std::vector<AlertRecord>> Catalog::alerts(int64_t run_id) {
  auto select = TRY(m_database->prepare(
      "SELECT alert_id, run_id, channel, target, state, attempts, error, sent_at FROM alerts "
      "WHERE run_id = ? ORDER BY alert_id"));
  TRY(select.bind_all(run_id));
  std::vector<AlertRecord> alerts;
  while (TRY(select.step()) == StepResult::row) {
    alerts.push_back({.alert_id = select.column_int(0),
                      .run_id = select.column_int(1),
                      .channel = select.column_text(2),
                      .target = select.column_text(3),
                      .state = select.column_text(4),
                      .attempts = static_cast<int>(select.column_int(5)),
                      .error = select.column_text(6),
                      .sent_at = select.column_text(7)});
  }
  return alerts;
}

}  // namespace reelhouse::catalog
