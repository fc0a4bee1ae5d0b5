// The catalog's record of run graphs and of runs that need recovery: the task graph each run
// declared when it began (what `status` and the dashboard draw), the detection of runs whose
// process died or that were stopped gracefully, their adoption by the process that resumes
// them, and the newest run of each date (what backfills skip or redo).
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "catalog/catalog.hpp"
#include "catalog/catalog_internal.hpp"
#include "catalog/catalog_schema.hpp"

namespace reelhouse::catalog {

namespace {

// depends_on is stored as a JSON array of task names: ["fetch","land_people"].
std::string dependencies_json(const std::vector<std::string>& depends_on) {
  return nlohmann::json(depends_on).dump();
}

Result<std::vector<std::string>> parse_dependencies(int64_t run_id, std::string_view task,
                                                    const std::string& text) {
  const auto parsed = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!parsed.is_array()) {
    return make_error(ErrorCode::corrupt,
                      "run {} task {}: depends_on \"{}\" is not a JSON array of task names", run_id,
                      task, text);
  }
  std::vector<std::string> names;
  for (const auto& name : parsed) {
    if (!name.is_string()) {
      return make_error(ErrorCode::corrupt,
                        "run {} task {}: depends_on \"{}\" holds a value that is not a task name",
                        run_id, task, text);
    }
    names.push_back(name.get<std::string>());
  }
  return names;
}

// The prefix of every error a gracefully stopped run ends with.
constexpr std::string_view k_interrupted_prefix = "interrupted";

}  // namespace

Result<> Catalog::record_run_dag(int64_t run_id, const std::vector<RunTaskDeclaration>& tasks) {
  auto transaction = TRY(begin_write());
  auto clear = TRY(m_database->prepare("DELETE FROM run_tasks WHERE run_id = ?"));
  TRY(clear.bind_all(run_id));
  TRY(clear.run());
  auto insert = TRY(m_database->prepare(
      "INSERT INTO run_tasks (run_id, task, position, depends_on) VALUES (?, ?, ?, ?)"));
  int64_t position = 0;
  for (const auto& task : tasks) {
    insert.reset();
    TRY(insert.bind_all(run_id, task.task, position++, dependencies_json(task.depends_on)));
    if (auto inserted = insert.run(); !inserted) {
      return std::unexpected(inserted.error().with_context(
          fmt::format("recording task {} of run {}'s graph", task.task, run_id)));
    }
  }
  return transaction.commit();
}

Result<std::vector<RunTaskDeclaration>> Catalog::run_dag(int64_t run_id) {
  auto select = TRY(m_database->prepare(
      "SELECT task, depends_on FROM run_tasks WHERE run_id = ? ORDER BY position"));
  TRY(select.bind_all(run_id));
  std::vector<RunTaskDeclaration> tasks;
  while (TRY(select.step()) == StepResult::row) {
    std::string task = select.column_text(0);
    auto depends_on = TRY(parse_dependencies(run_id, task, select.column_text(1)));
    tasks.push_back({.task = std::move(task), .depends_on = std::move(depends_on)});
  }
  return tasks;
}

Result<std::vector<RunRecord>> Catalog::abandoned_runs() {
  // Candidates: every running run, and interrupted runs no later run of the same pipeline and
  // date has replaced. Whether a running run's process is gone is decided below.
  auto select = TRY(m_database->prepare(fmt::format(
      "SELECT {0} FROM runs WHERE state = 'running' "
      "OR (state = 'cancelled' AND error LIKE '{1}%' AND run_id = ("
      "  SELECT max(later.run_id) FROM runs AS later "
      "  WHERE later.pipeline = runs.pipeline AND later.ingest_date = runs.ingest_date)) "
      "ORDER BY run_id",
      k_run_columns, k_interrupted_prefix)));
  // A run of another host is alive while its process holds the pipeline's lease (holders are
  // "<host>:<pid>:<nonce>").
  auto live_lease = TRY(m_database->prepare(
      fmt::format("SELECT count(*) FROM leases WHERE name = 'pipeline:' || CAST(?1 AS TEXT) "
                  "AND substr(holder, 1, length(CAST(?2 AS TEXT))) = ?2 AND expires_at > {}",
                  m_database->now_sql())));
  std::vector<RunRecord> candidates;
  while (TRY(select.step()) == StepResult::row) candidates.push_back(TRY(read_run(select)));
  std::vector<RunRecord> abandoned;
  for (auto& run : candidates) {
    if (run.state == RunState::running) {
      if (run.host == m_host) {
        if (process_exists(run.pid)) continue;
      } else {
        live_lease.reset();
        TRY(live_lease.bind_all(run.pipeline, fmt::format("{}:{}:", run.host, run.pid)));
        TRY(live_lease.step());
        if (live_lease.column_int(0) > 0) continue;
      }
    }
    abandoned.push_back(std::move(run));
  }
  return abandoned;
}

Result<> Catalog::adopt_run(int64_t run_id, std::string_view reason) {
  auto transaction = TRY(begin_write());
  const auto existing = TRY(run(run_id));
  if (!existing) {
    return make_error(ErrorCode::not_found, "no run {} in catalog {}", run_id, path().string());
  }
  const bool interrupted =
      existing->state == RunState::cancelled && existing->error.starts_with(k_interrupted_prefix);
  if (existing->state != RunState::running && !interrupted) {
    return make_error(ErrorCode::invalid_argument,
                      "run {} cannot be resumed: it is {} (only a run left running by a dead "
                      "process or an interrupted run can be)",
                      run_id, to_string(existing->state));
  }
  auto fail_tasks = TRY(m_database->prepare(
      fmt::format("UPDATE tasks SET state = 'failed', finished_at = {}, error = ?1 "
                  "WHERE run_id = ?2 AND state IN ('pending', 'running')",
                  m_database->now_sql())));
  TRY(fail_tasks.bind_all(reason, run_id));
  TRY(fail_tasks.run());
  auto take = TRY(m_database->prepare(
      "UPDATE runs SET state = 'running', finished_at = NULL, error = NULL, pid = ?1, host = ?2, "
      "recovered = recovered + 1 WHERE run_id = ?3"));
  TRY(take.bind_all(static_cast<int64_t>(getpid()), m_host, run_id));
  TRY(take.run());
  return transaction.commit();
}

Result<> Catalog::fail_abandoned_run(int64_t run_id, std::string_view error) {
  auto transaction = TRY(begin_write());
  auto fail_run = TRY(m_database->prepare(
      fmt::format("UPDATE runs SET state = 'failed', finished_at = {}, error = ?1 "
                  "WHERE run_id = ?2 AND state = 'running'",
                  m_database->now_sql())));
  TRY(fail_run.bind_all(error, run_id));
  TRY(fail_run.run());
  if (m_database->changes() == 0) {
    const auto existing = TRY(run(run_id));
    if (!existing) {
      return make_error(ErrorCode::not_found, "no run {} in catalog {}", run_id, path().string());
    }
    return make_error(ErrorCode::invalid_argument, "run {} is no longer running (it is {})", run_id,
                      to_string(existing->state));
  }
  auto fail_tasks = TRY(m_database->prepare(
      fmt::format("UPDATE tasks SET state = 'failed', finished_at = {}, error = ?1 "
                  "WHERE run_id = ?2 AND state IN ('pending', 'running')",
                  m_database->now_sql())));
  TRY(fail_tasks.bind_all(error, run_id));
  TRY(fail_tasks.run());
  return transaction.commit();
}

Result<> Catalog::set_run_scheduled_for(int64_t run_id, std::string_view fire_time) {
  auto transaction = TRY(begin_write());
  auto update = TRY(m_database->prepare("UPDATE runs SET scheduled_for = ? WHERE run_id = ?"));
  TRY(update.bind_all(fire_time, run_id));
  TRY(update.run());
  if (m_database->changes() == 0) {
    return make_error(ErrorCode::not_found, "no run {} in catalog {}", run_id, path().string());
  }
  return transaction.commit();
}

Result<std::map<std::string, RunRecord>> Catalog::latest_runs_by_date(std::string_view pipeline,
                                                                      std::string_view from,
                                                                      std::string_view to) {
  TRY(check_ingest_date(from));
  TRY(check_ingest_date(to));
  auto select = TRY(m_database->prepare(fmt::format(
      "SELECT {} FROM runs WHERE pipeline = ?1 AND ingest_date BETWEEN ?2 AND ?3 "
      "AND run_id = (SELECT max(later.run_id) FROM runs AS later "
      "  WHERE later.pipeline = runs.pipeline AND later.ingest_date = runs.ingest_date) "
      "ORDER BY ingest_date",
      k_run_columns)));
  TRY(select.bind_all(pipeline, from, to));
  std::map<std::string, RunRecord> latest;
  while (TRY(select.step()) == StepResult::row) {
    auto run = TRY(read_run(select));
    std::string date = run.ingest_date;
    latest.emplace(std::move(date), std::move(run));
  }
  return latest;
}

}  // namespace reelhouse::catalog
