// The catalog: reelhouse's record of what ran and what it produced (doc/catalog.md).
//
// A SQLite file in WAL mode, or in team mode a PostgreSQL database (catalog.url), holding the
// runs of every pipeline, every attempt of every task with its counters and error, the lake
// snapshots each run committed, the inserted/updated/deleted counts between consecutive
// snapshots of a table, and the warehouse publications. Everything a task needs to know about
// earlier work lives here and in the lake, never in process memory, so several reelhouse
// processes (on several machines, with PostgreSQL) can share one catalog: writes take the
// catalog's write lock up front (SQLite: BEGIN IMMEDIATE; PostgreSQL: an advisory lock) and
// wait for a busy catalog instead of failing at once. The logic below is written once against
// CatalogDatabase (catalog_database.hpp), which both backends implement.
//
// A `Catalog` is one connection: use it from one thread at a time (or open one per thread).
// Timestamps are UTC ISO-8601 text with milliseconds ("2026-11-23T10:00:00.123Z"), set by the
// catalog itself; ingest dates are YYYY-MM-DD text, so they order as text.
//
// Errors: ErrorCode::busy (transient: the catalog stayed locked by another process),
// ErrorCode::connection (transient: PostgreSQL unreachable), ErrorCode::sql (permanent), each
// message naming the catalog (file, or user@host:port/db) and the database's message;
// invalid_argument for a bad state, trigger, layer or date; not_found for an unknown run or
// task id.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/catalog_database.hpp"
#include "core/error.hpp"

namespace reelhouse::catalog {

enum class RunState { running, succeeded, failed, cancelled };
enum class TaskState { pending, running, succeeded, failed, skipped };

std::string_view to_string(RunState state);
std::string_view to_string(TaskState state);
std::optional<RunState> parse_run_state(std::string_view text);
std::optional<TaskState> parse_task_state(std::string_view text);

struct TaskCounters {
  int64_t rows_in = 0;
  int64_t rows_out = 0;
  int64_t rows_rejected = 0;
  int64_t bytes = 0;
};

// The records below give every member a default (`{}` at least), so that designated
// initializers may omit members without -Wmissing-field-initializers warnings.

struct RunRecord {
  int64_t run_id = 0;
  std::string pipeline{};
  std::string ingest_date{};  // YYYY-MM-DD
  RunState state = RunState::running;
  std::string trigger{};  // manual | schedule | backfill
  std::string started_at{};
  std::optional<std::string> finished_at{};  // absent while running
  std::string error{};                       // empty when none
  int64_t pid = 0;                           // of the process that ran it, on `host`
  std::string host{};
  // Set when the run succeeded without all it should have collected: what is missing.
  std::optional<std::string> partial{};
  // The interval a scheduled run was started for (UTC ISO-8601), absent for other triggers.
  std::optional<std::string> scheduled_for{};
  int recovered = 0;  // how many times the run was resumed after its process died
};

// One attempt of one task of a run.
struct TaskRecord {
  int64_t task_id = 0;
  int64_t run_id = 0;
  std::string task{};
  TaskState state = TaskState::pending;
  int attempt = 0;  // 1, 2, … (0 for a task skipped without running)
  std::optional<std::string> started_at{};
  std::optional<std::string> finished_at{};
  TaskCounters counters{};
  std::string error{};  // empty when none
};

// A committed partition of a lake table. (layer, table_name, ingest_date) is unique: a
// re-run of the same date replaces the record.
struct SnapshotRecord {
  std::string table_name{};
  std::string ingest_date{};  // YYYY-MM-DD
  std::string layer{};        // raw | landing | quarantine | cleansed | aggregated
  std::string location{};     // the partition directory
  int64_t rows = 0;
  int64_t run_id = 0;        // the run that wrote it
  std::string created_at{};  // set by the catalog; ignored by record_snapshot
};

// How a table changed from its previous snapshot (none for a first snapshot) to this one.
struct TableChange {
  int64_t run_id = 0;
  std::string table_name{};
  std::string ingest_date{};
  std::optional<std::string> previous_ingest_date{};
  int64_t inserted = 0;
  int64_t updated = 0;
  int64_t deleted = 0;
};

// One task attempt joined with its run: a row of the etl_pipeline_status product.
struct EtlStatusRow {
  int64_t run_id = 0;
  std::string pipeline{};
  std::string task{};
  std::string ingest_date{};
  std::string state{};  // the task attempt's state, as text
  std::optional<std::string> started_at{};
  std::optional<std::string> finished_at{};
  int64_t rows_in = 0;
  int64_t rows_out = 0;
  int64_t rows_rejected = 0;
  int64_t bytes = 0;
  int attempt = 0;
  std::string error{};  // empty when none
};

// A named figure a task of a run reported (e.g. "matched_year_film" = 812).
struct RunMetric {
  int64_t run_id = 0;
  std::string task{};
  std::string metric{};
  int64_t value = 0;
};

struct PublicationRecord {
  int64_t publication_id = 0;
  int64_t run_id = 0;
  std::string location{};
  std::string published_at{};
};

// A task of a run's graph as declared when the run began (catalog_dag.cpp).
struct RunTaskDeclaration {
  std::string task{};
  std::vector<std::string> depends_on{};
};

// A named lease (one per pipeline: "pipeline:<name>") that keeps two runs from overlapping.
struct LeaseRecord {
  std::string name{};
  std::string holder{};  // "<host>:<pid>:<nonce>" of the holding process
  std::string acquired_at{};
  std::string heartbeat_at{};
  std::string expires_at{};
  std::optional<int64_t> run_id{};  // the run the holder is executing, when known
};

struct LeaseAttempt {
  bool acquired = false;
  LeaseRecord lease{};  // ours when acquired, otherwise the current holder's
};

// One interval of a pipeline's schedule that a scheduler claimed (catalog_schedule.cpp).
struct ScheduleFire {
  std::string pipeline{};
  std::string fire_time{};  // UTC ISO-8601 of the scheduled instant
  std::string outcome{};    // run | skipped
  std::optional<int64_t> run_id{};
  std::string holder{};
  std::string recorded_at{};
};

// The outcome of one data-quality check in one run (catalog_checks.cpp).
struct CheckResultRecord {
  int64_t run_id = 0;
  std::string check_name{};  // unique within the run, e.g. "people.unique(nconst,role)"
  std::string table_name{};
  std::string kind{};
  std::string level{};  // error | warning
  bool passed = false;
  std::string observed{};  // what was measured, e.g. "3 rows with NULL nconst"
  std::string message{};   // what it means and what to do; "" when passed
  std::string checked_at{};
};

// One captured log line of a task attempt (catalog_logs.cpp). task "" = the run itself.
struct TaskLogLine {
  int64_t run_id = 0;
  std::string task{};
  int attempt = 0;
  int64_t seq = 0;  // order within (run, task, attempt)
  std::string logged_at{};
  std::string level{};  // trace | debug | info | warning | error | critical
  std::string message{};
};

// One alert delivery (or failed delivery) for a run (catalog_alerts.cpp).
struct AlertRecord {
  int64_t alert_id = 0;
  int64_t run_id = 0;
  std::string channel{};  // command | webhook
  std::string target{};   // the command line or the URL
  std::string state{};    // delivered | failed
  int attempts = 0;
  std::string error{};  // the last attempt's error; "" when delivered
  std::string sent_at{};
};

// Now in the catalog's timestamp format ("2026-11-23T10:00:00.123Z", UTC), e.g. to tell a
// live lease (expires_at after now) from an expired one, which stays until taken or released.
std::string timestamp_now();

// True when a catalog is there to be read at `location`: always for a PostgreSQL URL (its
// schema is created on open), otherwise when the SQLite file exists. Readers that must not
// create an empty catalog (the API, `status`) check this before Catalog::open.
bool catalog_exists(std::string_view location);

class Catalog {
 public:
  // Opens the catalog at `location` and applies missing migrations. A location starting with
  // postgresql:// or postgres:// is a PostgreSQL database (team mode; the password only from
  // PGPASSWORD or ~/.pgpass; migrations under an advisory lock); anything else is the SQLite
  // file, created (with its directory) when missing, with WAL, the busy timeout and foreign
  // keys enabled.
  // Errors: sql (not a SQLite file, newer schema, cannot create), busy, io (directory);
  // config/connection for PostgreSQL (bad URL, password in it, server unreachable).
  static Result<Catalog> open(const std::filesystem::path& location);

  Catalog(Catalog&&) noexcept = default;
  Catalog& operator=(Catalog&&) noexcept = default;
  Catalog(const Catalog&) = delete;
  Catalog& operator=(const Catalog&) = delete;

  // The catalog's location for messages: the SQLite file, or user@host:port/db for
  // PostgreSQL (never a password). path() is the same as a path, for older callers.
  const std::filesystem::path& path() const { return m_location; }
  std::string location() const { return m_location.string(); }
  CatalogDialect dialect() const { return m_database->dialect(); }

  // The applied schema version (see catalog_schema.hpp).
  Result<int> schema_version() const;

  // --- Runs and tasks -----------------------------------------------------------------------

  // Records a new run in state running, owned by this process (pid, host). Returns its id.
  // `trigger` is manual, schedule or backfill; `ingest_date` is YYYY-MM-DD.
  Result<int64_t> begin_run(std::string_view pipeline, std::string_view ingest_date,
                            std::string_view trigger);

  // Ends a running run. `error` is stored when not empty; `partial` (what a succeeded run
  // could not collect) when given.
  // Errors: invalid_argument (state running, or the run is no longer running), not_found.
  Result<> finish_run(int64_t run_id, RunState state, std::string_view error,
                      std::optional<std::string_view> partial = std::nullopt);

  // Records one attempt of `task` in state running. Returns the attempt's task id.
  // Errors: sql (unknown run_id), invalid_argument (attempt < 0).
  Result<int64_t> begin_task(int64_t run_id, std::string_view task, int attempt);

  // Ends a task attempt with its final state, counters and error (stored when not empty).
  // Errors: invalid_argument (state pending/running, or the attempt already ended), not_found.
  Result<> finish_task(int64_t task_id, TaskState state, const TaskCounters& counters,
                       std::string_view error);

  // The newest `limit` runs (all when limit <= 0), newest first, of one pipeline or all.
  Result<std::vector<RunRecord>> recent_runs(int limit, std::optional<std::string_view> pipeline);

  Result<std::optional<RunRecord>> run(int64_t run_id);

  // Every attempt of every task of the run, in the order they began.
  Result<std::vector<TaskRecord>> tasks_of_run(int64_t run_id);

  // Every task attempt joined with its run, ordered by run and attempt start.
  Result<std::vector<EtlStatusRow>> etl_pipeline_status();

  // Runs left running on this host by a process that no longer exists (a crash or kill -9)
  // become failed with error "abandoned: process <pid> died"; their running tasks become
  // failed too. Runs of other hosts are left alone. Returns how many runs were marked.
  Result<int> mark_abandoned_runs();

  // --- Snapshots, changes, publications (catalog_snapshots.cpp) -----------------------------

  // Records (or, for the same layer, table and date, replaces) a committed partition.
  // Errors: invalid_argument (unknown layer, bad date), sql (unknown run_id).
  Result<> record_snapshot(const SnapshotRecord& snapshot);

  // The newest snapshot of `table` in `layer` whose date is <= at_or_before_date and
  // < strictly_before_date (each bound only when given), or nullopt. Here and in
  // snapshots_as_of, a snapshot whose run failed an error-level check on its table is
  // withheld (check_results): readers fall back to the newest good one.
  Result<std::optional<SnapshotRecord>> latest_snapshot(
      std::string_view layer, std::string_view table,
      std::optional<std::string_view> at_or_before_date,
      std::optional<std::string_view> strictly_before_date);

  // For every (layer, table), its newest snapshot dated <= `date`: the lake as of that date.
  // Ordered by layer then table.
  Result<std::vector<SnapshotRecord>> snapshots_as_of(std::string_view date);

  // Records (or replaces, for the same run, table and date) a table change.
  Result<> record_table_change(const TableChange& change);

  // The table changes a run recorded, by table name.
  Result<std::vector<TableChange>> table_changes(int64_t run_id);

  // Records (or replaces, for the same run, task and name) the task's named figures.
  Result<> record_run_metrics(int64_t run_id, std::string_view task,
                              const std::map<std::string, int64_t>& metrics);

  // The figures a run recorded, by task then metric name.
  Result<std::vector<RunMetric>> run_metrics(int64_t run_id);

  // Records that `run_id` published the warehouse at `location`.
  Result<> record_publication(int64_t run_id, std::string_view location);

  // The most recent publication, or nullopt when nothing was published yet.
  Result<std::optional<PublicationRecord>> latest_publication();

  // --- Orchestration (schema v4) -------------------------------------------------------------
  // Each group is implemented in its own file, named in the comment.

  // The run's task graph, recorded once when it begins (catalog_dag.cpp). Replaces any
  // earlier record for the run (a resumed run records the same graph again).
  Result<> record_run_dag(int64_t run_id, const std::vector<RunTaskDeclaration>& tasks);
  // The run's task graph in declaration order; empty for runs recorded before schema v4.
  Result<std::vector<RunTaskDeclaration>> run_dag(int64_t run_id);

  // Runs that need recovery, oldest first (catalog_dag.cpp): runs left `running` by a
  // process that is gone (on this host, a pid that no longer exists; on another host, no
  // unexpired "pipeline:<p>" lease held by that host and pid), and runs stopped gracefully
  // (state cancelled, error "interrupted: …") that are still the newest run of their
  // pipeline and date.
  Result<std::vector<RunRecord>> abandoned_runs();
  // Takes an abandoned or interrupted run over for this process: its running (or pending)
  // task attempts become failed with `reason`, the run's pid/host become this process's,
  // `recovered` grows by one and the run is (again) running with no error nor finish time
  // (catalog_dag.cpp). Errors: not_found, invalid_argument (neither running nor interrupted).
  Result<> adopt_run(int64_t run_id, std::string_view reason);
  // Ends a running run of a dead process as failed with `error`, its running task attempts
  // too; `recovered` is left alone (catalog_dag.cpp). Errors: not_found, invalid_argument
  // (the run is no longer running).
  Result<> fail_abandoned_run(int64_t run_id, std::string_view error);
  // Records the interval a scheduled run was started for.
  Result<> set_run_scheduled_for(int64_t run_id, std::string_view fire_time);

  // For every date in [from, to] that has runs of `pipeline`, the newest of them (by run
  // id), keyed by date (catalog_dag.cpp).
  Result<std::map<std::string, RunRecord>> latest_runs_by_date(std::string_view pipeline,
                                                               std::string_view from,
                                                               std::string_view to);

  // Leases (catalog_leases.cpp). `ttl` counts from now on the catalog's clock.
  // Takes `name` for `holder` when nobody holds it, when it has expired, or when `holder`
  // already holds it (then it is renewed).
  Result<LeaseAttempt> try_acquire_lease(std::string_view name, std::string_view holder,
                                         std::chrono::milliseconds ttl);
  // Extends the holder's lease; false when it is no longer the holder (expired and taken).
  Result<bool> renew_lease(std::string_view name, std::string_view holder,
                           std::chrono::milliseconds ttl);
  // Gives the lease up; nothing happens when `holder` does not hold it.
  Result<> release_lease(std::string_view name, std::string_view holder);
  Result<> set_lease_run(std::string_view name, std::string_view holder, int64_t run_id);
  Result<std::optional<LeaseRecord>> lease(std::string_view name);
  Result<std::vector<LeaseRecord>> leases();

  // Schedule intervals (catalog_schedule.cpp).
  // Claims (pipeline, fire_time) with `outcome`; false when it was claimed already.
  Result<bool> claim_schedule_fire(std::string_view pipeline, std::string_view fire_time,
                                   std::string_view outcome, std::string_view holder);
  Result<> set_schedule_fire_run(std::string_view pipeline, std::string_view fire_time,
                                 int64_t run_id);
  // The newest claimed fire time of the pipeline, or nullopt.
  Result<std::optional<std::string>> last_schedule_fire(std::string_view pipeline);
  // The newest `limit` claimed intervals of a pipeline (all pipelines when nullopt).
  Result<std::vector<ScheduleFire>> schedule_fires(std::optional<std::string_view> pipeline,
                                                   int limit);

  // Data-quality check results (catalog_checks.cpp); recording the same name again replaces.
  Result<> record_check_result(const CheckResultRecord& result);
  Result<std::vector<CheckResultRecord>> check_results(int64_t run_id);

  // Task logs (catalog_logs.cpp). Lines are appended in one transaction.
  Result<> append_task_logs(const std::vector<TaskLogLine>& lines);
  // Ordered by task attempt then seq; one task's when `task` is given.
  Result<std::vector<TaskLogLine>> task_logs(int64_t run_id, std::optional<std::string_view> task);

  // Alert deliveries (catalog_alerts.cpp).
  Result<> record_alert(const AlertRecord& alert);
  Result<std::vector<AlertRecord>> alerts(int64_t run_id);

 private:
  Catalog(std::unique_ptr<CatalogDatabase> database, std::string host)
      : m_location(database->describe()),
        m_database(std::move(database)),
        m_host(std::move(host)) {}

  // A catalog-wide serialised write transaction (see catalog_database.hpp).
  Result<CatalogTransaction> begin_write();
  // A transaction for leases: row locks only on PostgreSQL, a write transaction on SQLite.
  Result<CatalogTransaction> begin_lease();
  // try_acquire_lease on PostgreSQL: FOR UPDATE SKIP LOCKED (catalog_leases.cpp).
  Result<LeaseAttempt> try_acquire_lease_row_locked(std::string_view name, std::string_view holder,
                                                    std::chrono::milliseconds ttl);

  std::filesystem::path m_location;
  std::unique_ptr<CatalogDatabase> m_database;
  std::string m_host;
};

}  // namespace reelhouse::catalog
