// The scheduler's claimed intervals: one row per (pipeline, fire time) that a scheduler decided
// about — ran it, or skipped it under the `skip` catch-up policy. The primary key makes a
// claim succeed exactly once, whichever scheduler asks first; the newest claim is where every
// scheduler resumes counting missed intervals after a restart.
#include <fmt/format.h>

#include "catalog/catalog.hpp"
#include "catalog/catalog_internal.hpp"
#include "catalog/catalog_schema.hpp"

namespace reelhouse::catalog {

namespace {

constexpr std::string_view k_fire_columns =
    "pipeline, fire_time, outcome, run_id, holder, recorded_at";

}  // namespace

Result<bool> Catalog::claim_schedule_fire(std::string_view pipeline, std::string_view fire_time,
                                          std::string_view outcome, std::string_view holder) {
  if (outcome != "run" && outcome != "skipped") {
    return make_error(ErrorCode::invalid_argument,
                      "unknown schedule outcome \"{}\" (expected run or skipped)", outcome);
  }
  if (pipeline.empty() || fire_time.empty()) {
    return make_error(ErrorCode::invalid_argument, "a schedule claim needs a pipeline and a time");
  }
  auto transaction = TRY(begin_write());
  auto insert = TRY(m_database->prepare(
      fmt::format("INSERT INTO schedule_fires (pipeline, fire_time, outcome, holder, recorded_at) "
                  "VALUES (?, ?, ?, ?, {}) ON CONFLICT (pipeline, fire_time) DO NOTHING",
                  m_database->now_sql())));
  TRY(insert.bind_all(pipeline, fire_time, outcome, holder));
  TRY(insert.run());
  const bool claimed = m_database->changes() > 0;
  TRY(transaction.commit());
  return claimed;
}

Result<> Catalog::set_schedule_fire_run(std::string_view pipeline, std::string_view fire_time,
                                        int64_t run_id) {
  auto transaction = TRY(begin_write());
  auto update = TRY(m_database->prepare(
      "UPDATE schedule_fires SET run_id = ? WHERE pipeline = ? AND fire_time = ?"));
  TRY(update.bind_all(run_id, pipeline, fire_time));
  TRY(update.run());
  if (m_database->changes() == 0) {
    return make_error(ErrorCode::not_found, "no claimed interval {} of pipeline {} in catalog {}",
                      fire_time, pipeline, path().string());
  }
  return transaction.commit();
}

Result<std::optional<std::string>> Catalog::last_schedule_fire(std::string_view pipeline) {
  auto select =
      TRY(m_database->prepare("SELECT max(fire_time) FROM schedule_fires WHERE pipeline = ?"));
  TRY(select.bind_all(pipeline));
  if (TRY(select.step()) == StepResult::done) return std::nullopt;
  return select.column_optional_text(0);
}

Result<std::vector<ScheduleFire>> Catalog::schedule_fires(std::optional<std::string_view> pipeline,
                                                          int limit) {
  auto select = TRY(m_database->prepare(
      fmt::format("SELECT {} FROM schedule_fires WHERE (CAST(?1 AS TEXT) IS NULL OR pipeline = ?1) "
                  "ORDER BY fire_time DESC, pipeline LIMIT ?2",
                  k_fire_columns)));
  TRY(select.bind_all(pipeline, static_cast<int64_t>(limit > 0 ? limit : INT64_MAX)));
  std::vector<ScheduleFire> fires;
  while (TRY(select.step()) == StepResult::row) {
    fires.push_back({.pipeline = select.column_text(0),
                     .fire_time = select.column_text(1),
                     .outcome = select.column_text(2),
                     .run_id = select.column_optional_int(3),
                     .holder = select.column_text(4),
                     .recorded_at = select.column_text(5)});
  }
  return fires;
}

}  // namespace reelhouse::catalog
