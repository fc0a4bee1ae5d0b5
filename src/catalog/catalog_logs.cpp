// The catalog's record of what each task attempt logged (table task_logs): lines captured by
// pipeline/task_log_capture while the attempt ran, appended once the attempt ends.
#include <algorithm>

#include "catalog/catalog.hpp"
#include "catalog/catalog_internal.hpp"
#include "catalog/catalog_schema.hpp"

namespace reelhouse::catalog {

namespace {

constexpr std::string_view k_levels[] = {"trace", "debug", "info", "warning", "error", "critical"};

Result<> check_log_line(const TaskLogLine& line) {
  if (std::ranges::find(k_levels, line.level) == std::end(k_levels)) {
    return make_error(ErrorCode::invalid_argument,
                      "log line {} of run {} task \"{}\" attempt {} has unknown level \"{}\" "
                      "(expected trace, debug, info, warning, error or critical)",
                      line.seq, line.run_id, line.task, line.attempt, line.level);
  }
  if (line.attempt < 0 || line.seq < 0) {
    return make_error(ErrorCode::invalid_argument,
                      "log line of run {} task \"{}\" has a negative attempt ({}) or seq ({})",
                      line.run_id, line.task, line.attempt, line.seq);
  }
  return {};
}

}  // namespace

Result<> Catalog::append_task_logs(const std::vector<TaskLogLine>& lines) {
  if (lines.empty()) return {};
  for (const auto& line : lines) TRY(check_log_line(line));
  auto transaction = TRY(begin_write());
  // A line without a time gets the catalog's "now"; appending the same (run, task, attempt,
  // seq) again replaces the line, so flushing an attempt twice does not fail.
  auto insert = TRY(m_database->prepare(
      fmt::format("INSERT INTO task_logs (run_id, task, attempt, seq, logged_at, level, message) "
                  "VALUES (?1, ?2, ?3, ?4, coalesce(?5, {}), ?6, ?7) "
                  "ON CONFLICT (run_id, task, attempt, seq) DO UPDATE SET "
                  "logged_at = excluded.logged_at, level = excluded.level, "
                  "message = excluded.message",
                  m_database->now_sql())));
  for (const auto& line : lines) {
    TRY(insert.bind_all(line.run_id, line.task, line.attempt, line.seq,
                        optional_text(line.logged_at), line.level, line.message));
    TRY(insert.run());
    insert.reset();
  }
  return transaction.commit();
}

Result<std::vector<TaskLogLine>> Catalog::task_logs(int64_t run_id,
                                                    std::optional<std::string_view> task) {
  auto select = TRY(m_database->prepare(
      "SELECT run_id, task, attempt, seq, logged_at, level, message FROM task_logs "
      "WHERE run_id = ?1 AND (CAST(?2 AS TEXT) IS NULL OR task = ?2) ORDER BY task, attempt, seq"));
  TRY(select.bind_all(run_id, task));
  std::vector<TaskLogLine> lines;
  while (TRY(select.step()) == StepResult::row) {
    lines.push_back({.run_id = select.column_int(0),
                     .task = select.column_text(1),
                     .attempt = static_cast<int>(select.column_int(2)),
                     .seq = select.column_int(3),
                     .logged_at = select.column_text(4),
                     .level = select.column_text(5),
                     .message = select.column_text(6)});
  }
  return lines;
}

}  // namespace reelhouse::catalog
