// Opening the catalog, and the lifecycle of runs and task attempts.
#include "catalog/catalog.hpp"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <climits>
#include <system_error>

#include "catalog/catalog_internal.hpp"
#include "catalog/catalog_schema.hpp"
#include "catalog/pg_catalog_database.hpp"
#include "catalog/sqlite_catalog_database.hpp"

namespace reelhouse::catalog {

namespace {

constexpr std::array k_run_states = {
    std::pair{RunState::running, std::string_view("running")},
    std::pair{RunState::succeeded, std::string_view("succeeded")},
    std::pair{RunState::failed, std::string_view("failed")},
    std::pair{RunState::cancelled, std::string_view("cancelled")},
};

constexpr std::array k_task_states = {
    std::pair{TaskState::pending, std::string_view("pending")},
    std::pair{TaskState::running, std::string_view("running")},
    std::pair{TaskState::succeeded, std::string_view("succeeded")},
    std::pair{TaskState::failed, std::string_view("failed")},
    std::pair{TaskState::skipped, std::string_view("skipped")},
};

constexpr std::string_view k_triggers[] = {"manual", "schedule", "backfill"};

constexpr std::string_view k_task_columns =
    "task_id, run_id, task, state, attempt, started_at, finished_at, rows_in, rows_out, "
    "rows_rejected, bytes, error";

std::string this_host() {
  std::array<char, HOST_NAME_MAX + 1> name{};
  if (gethostname(name.data(), name.size()) != 0) return "localhost";
  name.back() = '\0';
  return name.data();
}

Result<TaskRecord> read_task(const CatalogStatement& row) {
  const std::string state = row.column_text(3);
  const auto parsed = parse_task_state(state);
  if (!parsed)
    return make_error(ErrorCode::corrupt, "task {} has unknown state \"{}\"", row.column_int(0),
                      state);
  return TaskRecord{.task_id = row.column_int(0),
                    .run_id = row.column_int(1),
                    .task = row.column_text(2),
                    .state = *parsed,
                    .attempt = static_cast<int>(row.column_int(4)),
                    .started_at = row.column_optional_text(5),
                    .finished_at = row.column_optional_text(6),
                    .counters = {.rows_in = row.column_int(7),
                                 .rows_out = row.column_int(8),
                                 .rows_rejected = row.column_int(9),
                                 .bytes = row.column_int(10)},
                    .error = row.column_text(11)};
}

}  // namespace

// True when a process with this pid exists (possibly owned by another user).
bool process_exists(int64_t pid) {
  if (pid <= 0 || pid > INT_MAX) return false;
  return kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;
}

Result<RunRecord> read_run(const CatalogStatement& row) {
  const std::string state = row.column_text(3);
  const auto parsed = parse_run_state(state);
  if (!parsed)
    return make_error(ErrorCode::corrupt, "run {} has unknown state \"{}\"", row.column_int(0),
                      state);
  return RunRecord{.run_id = row.column_int(0),
                   .pipeline = row.column_text(1),
                   .ingest_date = row.column_text(2),
                   .state = *parsed,
                   .trigger = row.column_text(4),
                   .started_at = row.column_text(5),
                   .finished_at = row.column_optional_text(6),
                   .error = row.column_text(7),
                   .pid = row.column_int(8),
                   .host = row.column_text(9),
                   .partial = row.column_optional_text(10),
                   .scheduled_for = row.column_optional_text(11),
                   .recovered = static_cast<int>(row.column_int(12))};
}

std::string_view to_string(RunState state) {
  for (const auto& [value, name] : k_run_states) {
    if (value == state) return name;
  }
  return "unknown";
}

std::string_view to_string(TaskState state) {
  for (const auto& [value, name] : k_task_states) {
    if (value == state) return name;
  }
  return "unknown";
}

std::optional<RunState> parse_run_state(std::string_view text) {
  for (const auto& [value, name] : k_run_states) {
    if (name == text) return value;
  }
  return std::nullopt;
}

std::optional<TaskState> parse_task_state(std::string_view text) {
  for (const auto& [value, name] : k_task_states) {
    if (name == text) return value;
  }
  return std::nullopt;
}

bool catalog_exists(std::string_view location) {
  if (is_postgres_location(location)) return true;
  std::error_code error;
  return std::filesystem::exists(std::filesystem::path(location), error);
}

Result<Catalog> Catalog::open(const std::filesystem::path& location) {
  std::unique_ptr<CatalogDatabase> database;
  if (const std::string text = location.string(); is_postgres_location(text)) {
    database = TRY(PgCatalogDatabase::connect(text));
  } else {
    std::error_code error;
    if (location.has_parent_path())
      std::filesystem::create_directories(location.parent_path(), error);
    if (error) {
      return make_error(ErrorCode::io, "cannot create the directory of catalog {}: {}",
                        location.string(), error.message());
    }
    database = TRY(SqliteCatalogDatabase::open(location, k_busy_timeout));
  }
  TRY(migrate_catalog(*database, k_write_patience));
  return Catalog(std::move(database), this_host());
}

Result<int> Catalog::schema_version() const {
  return read_schema_version(*m_database);
}

Result<CatalogTransaction> Catalog::begin_write() {
  return m_database->begin_write(k_write_patience);
}

Result<CatalogTransaction> Catalog::begin_lease() {
  return m_database->begin_row_locked(k_write_patience);
}

Result<int64_t> Catalog::begin_run(std::string_view pipeline, std::string_view ingest_date,
                                   std::string_view trigger) {
  if (std::ranges::find(k_triggers, trigger) == std::end(k_triggers)) {
    return make_error(ErrorCode::invalid_argument,
                      "unknown run trigger \"{}\" (expected manual, schedule or backfill)",
                      trigger);
  }
  TRY(check_ingest_date(ingest_date));
  auto transaction = TRY(begin_write());
  auto insert = TRY(m_database->prepare(fmt::format(
      "INSERT INTO runs (pipeline, ingest_date, state, \"trigger\", started_at, pid, host) "
      "VALUES (?, ?, 'running', ?, {}, ?, ?)",
      m_database->now_sql())));
  TRY(insert.bind_all(pipeline, ingest_date, trigger, static_cast<int64_t>(getpid()), m_host));
  TRY(insert.run());
  const int64_t run_id = TRY(m_database->last_insert_id());
  TRY(transaction.commit());
  return run_id;
}

Result<> Catalog::finish_run(int64_t run_id, RunState state, std::string_view error,
                             std::optional<std::string_view> partial) {
  if (state == RunState::running) {
    return make_error(ErrorCode::invalid_argument, "run {} cannot finish in state running", run_id);
  }
  auto transaction = TRY(begin_write());
  auto update =
      TRY(m_database->prepare(fmt::format("UPDATE runs SET state = ?, finished_at = {}, error = ?, "
                                          "partial = ? WHERE run_id = ? AND state = 'running'",
                                          m_database->now_sql())));
  TRY(update.bind_all(to_string(state), optional_text(error), partial, run_id));
  TRY(update.run());
  if (m_database->changes() == 0) {
    const auto existing = TRY(run(run_id));
    if (!existing)
      return make_error(ErrorCode::not_found, "no run {} in catalog {}", run_id, path().string());
    return make_error(ErrorCode::invalid_argument, "run {} is no longer running (it is {})", run_id,
                      to_string(existing->state));
  }
  return transaction.commit();
}

Result<int64_t> Catalog::begin_task(int64_t run_id, std::string_view task, int attempt) {
  if (attempt < 0) {
    return make_error(ErrorCode::invalid_argument, "task {} attempt {} is negative", task, attempt);
  }
  auto transaction = TRY(begin_write());
  auto insert =
      TRY(m_database->prepare(fmt::format("INSERT INTO tasks (run_id, task, state, attempt, "
                                          "started_at) VALUES (?, ?, 'running', ?, {})",
                                          m_database->now_sql())));
  TRY(insert.bind_all(run_id, task, attempt));
  TRY(insert.run());
  const int64_t task_id = TRY(m_database->last_insert_id());
  TRY(transaction.commit());
  return task_id;
}

Result<> Catalog::finish_task(int64_t task_id, TaskState state, const TaskCounters& counters,
                              std::string_view error) {
  if (state == TaskState::pending || state == TaskState::running) {
    return make_error(ErrorCode::invalid_argument, "task attempt {} cannot finish in state {}",
                      task_id, to_string(state));
  }
  auto transaction = TRY(begin_write());
  auto update = TRY(m_database->prepare(
      fmt::format("UPDATE tasks SET state = ?, finished_at = {}, rows_in = ?, rows_out = ?, "
                  "rows_rejected = ?, bytes = ?, error = ? "
                  "WHERE task_id = ? AND state IN ('pending', 'running')",
                  m_database->now_sql())));
  TRY(update.bind_all(to_string(state), counters.rows_in, counters.rows_out, counters.rows_rejected,
                      counters.bytes, optional_text(error), task_id));
  TRY(update.run());
  if (m_database->changes() == 0) {
    auto lookup = TRY(m_database->prepare("SELECT state FROM tasks WHERE task_id = ?"));
    TRY(lookup.bind_all(task_id));
    if (TRY(lookup.step()) == StepResult::done) {
      return make_error(ErrorCode::not_found, "no task attempt {} in catalog {}", task_id,
                        path().string());
    }
    return make_error(ErrorCode::invalid_argument, "task attempt {} already ended ({})", task_id,
                      lookup.column_text(0));
  }
  return transaction.commit();
}

Result<std::vector<RunRecord>> Catalog::recent_runs(int limit,
                                                    std::optional<std::string_view> pipeline) {
  auto select =
      TRY(m_database->prepare(fmt::format("SELECT {} FROM runs WHERE (CAST(?1 AS TEXT) IS NULL OR "
                                          "pipeline = ?1) ORDER BY run_id DESC LIMIT ?2",
                                          k_run_columns)));
  TRY(select.bind_all(pipeline, static_cast<int64_t>(limit > 0 ? limit : INT64_MAX)));
  std::vector<RunRecord> runs;
  while (TRY(select.step()) == StepResult::row) runs.push_back(TRY(read_run(select)));
  return runs;
}

Result<std::optional<RunRecord>> Catalog::run(int64_t run_id) {
  auto select =
      TRY(m_database->prepare(fmt::format("SELECT {} FROM runs WHERE run_id = ?", k_run_columns)));
  TRY(select.bind_all(run_id));
  if (TRY(select.step()) == StepResult::done) return std::nullopt;
  return TRY(read_run(select));
}

Result<std::vector<TaskRecord>> Catalog::tasks_of_run(int64_t run_id) {
  auto select = TRY(m_database->prepare(
      fmt::format("SELECT {} FROM tasks WHERE run_id = ? ORDER BY task_id", k_task_columns)));
  TRY(select.bind_all(run_id));
  std::vector<TaskRecord> tasks;
  while (TRY(select.step()) == StepResult::row) tasks.push_back(TRY(read_task(select)));
  return tasks;
}

Result<std::vector<EtlStatusRow>> Catalog::etl_pipeline_status() {
  auto select = TRY(m_database->prepare(
      "SELECT run_id, pipeline, task, ingest_date, state, started_at, finished_at, rows_in, "
      "rows_out, rows_rejected, bytes, attempt, error FROM etl_pipeline_status "
      "ORDER BY run_id, task_id"));
  std::vector<EtlStatusRow> rows;
  while (TRY(select.step()) == StepResult::row) {
    rows.push_back({.run_id = select.column_int(0),
                    .pipeline = select.column_text(1),
                    .task = select.column_text(2),
                    .ingest_date = select.column_text(3),
                    .state = select.column_text(4),
                    .started_at = select.column_optional_text(5),
                    .finished_at = select.column_optional_text(6),
                    .rows_in = select.column_int(7),
                    .rows_out = select.column_int(8),
                    .rows_rejected = select.column_int(9),
                    .bytes = select.column_int(10),
                    .attempt = static_cast<int>(select.column_int(11)),
                    .error = select.column_text(12)});
  }
  return rows;
}

Result<int> Catalog::mark_abandoned_runs() {
  auto transaction = TRY(begin_write());
  auto running = TRY(m_database->prepare(
      "SELECT run_id, pid FROM runs WHERE state = 'running' AND host = ? ORDER BY run_id"));
  TRY(running.bind_all(m_host));
  std::vector<std::pair<int64_t, int64_t>> abandoned;  // (run_id, pid)
  while (TRY(running.step()) == StepResult::row) {
    const int64_t pid = running.column_int(1);
    if (!process_exists(pid)) abandoned.emplace_back(running.column_int(0), pid);
  }
  auto fail_run = TRY(m_database->prepare(
      fmt::format("UPDATE runs SET state = 'failed', finished_at = {}, error = ?1 "
                  "WHERE run_id = ?2 AND state = 'running'",
                  m_database->now_sql())));
  auto fail_tasks = TRY(m_database->prepare(
      fmt::format("UPDATE tasks SET state = 'failed', finished_at = {}, error = ?1 "
                  "WHERE run_id = ?2 AND state = 'running'",
                  m_database->now_sql())));
  for (const auto& [run_id, pid] : abandoned) {
    const std::string error = fmt::format("abandoned: process {} died", pid);
    for (auto* statement : {&fail_run, &fail_tasks}) {
      statement->reset();
      TRY(statement->bind_all(error, run_id));
      TRY(statement->run());
    }
  }
  TRY(transaction.commit());
  return static_cast<int>(abandoned.size());
}

}  // namespace reelhouse::catalog
