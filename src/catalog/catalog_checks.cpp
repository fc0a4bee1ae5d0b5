// The catalog's record of data-quality checks: one row per check per run, with what was
// observed and, for a failure, what it means and what to do (pipeline/quality_checks).
#include <algorithm>

#include "catalog/catalog.hpp"
#include "catalog/catalog_internal.hpp"
#include "catalog/catalog_schema.hpp"

namespace reelhouse::catalog {

namespace {

constexpr std::string_view k_check_levels[] = {"error", "warning"};

}  // namespace

Result<> Catalog::record_check_result(const CheckResultRecord& result) {
  if (std::ranges::find(k_check_levels, result.level) == std::end(k_check_levels)) {
    return make_error(ErrorCode::invalid_argument,
                      "check \"{}\": unknown level \"{}\" (expected error or warning)",
                      result.check_name, result.level);
  }
  if (result.check_name.empty()) {
    return make_error(ErrorCode::invalid_argument, "a check result needs a check name");
  }
  auto transaction = TRY(begin_write());
  auto upsert = TRY(m_database->prepare(fmt::format(
      "INSERT INTO check_results (run_id, check_name, table_name, kind, level, passed, observed, "
      "message, checked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, {}) "
      "ON CONFLICT (run_id, check_name) DO UPDATE SET table_name = excluded.table_name, "
      "kind = excluded.kind, level = excluded.level, passed = excluded.passed, "
      "observed = excluded.observed, message = excluded.message, "
      "checked_at = excluded.checked_at",
      m_database->now_sql())));
  TRY(upsert.bind_all(result.run_id, result.check_name, result.table_name, result.kind,
                      result.level, result.passed ? 1 : 0, result.observed, result.message));
  TRY(upsert.run());
  return transaction.commit();
}

Result<std::vector<CheckResultRecord>> Catalog::check_results(int64_t run_id) {
  auto select = TRY(m_database->prepare(
      "SELECT run_id, check_name, table_name, kind, level, passed, observed, message, checked_at "
      "FROM check_results WHERE run_id = ? ORDER BY table_name, check_name"));
  TRY(select.bind_all(run_id));
  std::vector<CheckResultRecord> results;
  while (TRY(select.step()) == StepResult::row) {
    results.push_back({.run_id = select.column_int(0),
                       .check_name = select.column_text(1),
                       .table_name = select.column_text(2),
                       .kind = select.column_text(3),
                       .level = select.column_text(4),
                       .passed = select.column_int(5) != 0,
                       .observed = select.column_text(6),
                       .message = select.column_text(7),
                       .checked_at = select.column_text(8)});
  }
  return results;
}

}  // namespace reelhouse::catalog
