#include "catalog/catalog_schema.hpp"

namespace reelhouse::catalog {

namespace {

// Version 1: runs and their task attempts, snapshots, table changes, publications, and the
// etl_pipeline_status view. Column names that are SQL keywords ("trigger", "rows") are
// always quoted.
constexpr std::string_view k_initial_schema = R"sql(
CREATE TABLE runs (
  run_id      INTEGER PRIMARY KEY,
  pipeline    TEXT NOT NULL,
  ingest_date TEXT NOT NULL,
  state       TEXT NOT NULL CHECK (state IN ('running', 'succeeded', 'failed', 'cancelled')),
  "trigger"   TEXT NOT NULL CHECK ("trigger" IN ('manual', 'schedule', 'backfill')),
  started_at  TEXT NOT NULL,
  finished_at TEXT,
  error       TEXT,
  pid         INTEGER NOT NULL,
  host        TEXT NOT NULL
);
CREATE INDEX runs_by_pipeline ON runs (pipeline, run_id);
CREATE INDEX runs_by_state ON runs (state, host);

CREATE TABLE tasks (
  task_id       INTEGER PRIMARY KEY,
  run_id        INTEGER NOT NULL REFERENCES runs (run_id),
  task          TEXT NOT NULL,
  state         TEXT NOT NULL
                CHECK (state IN ('pending', 'running', 'succeeded', 'failed', 'skipped')),
  attempt       INTEGER NOT NULL CHECK (attempt >= 0),
  started_at    TEXT,
  finished_at   TEXT,
  rows_in       INTEGER NOT NULL DEFAULT 0,
  rows_out      INTEGER NOT NULL DEFAULT 0,
  rows_rejected INTEGER NOT NULL DEFAULT 0,
  bytes         INTEGER NOT NULL DEFAULT 0,
  error         TEXT
);
CREATE INDEX tasks_by_run ON tasks (run_id, task_id);

CREATE TABLE snapshots (
  layer       TEXT NOT NULL
              CHECK (layer IN ('raw', 'landing', 'quarantine', 'cleansed', 'aggregated')),
  table_name  TEXT NOT NULL,
  ingest_date TEXT NOT NULL,
  location    TEXT NOT NULL,
  "rows"      INTEGER NOT NULL,
  run_id      INTEGER NOT NULL REFERENCES runs (run_id),
  created_at  TEXT NOT NULL,
  PRIMARY KEY (layer, table_name, ingest_date)
);

CREATE TABLE table_changes (
  run_id               INTEGER NOT NULL REFERENCES runs (run_id),
  table_name           TEXT NOT NULL,
  ingest_date          TEXT NOT NULL,
  previous_ingest_date TEXT,
  inserted             INTEGER NOT NULL,
  updated              INTEGER NOT NULL,
  deleted              INTEGER NOT NULL,
  PRIMARY KEY (run_id, table_name, ingest_date)
);

CREATE TABLE publications (
  publication_id INTEGER PRIMARY KEY,
  run_id         INTEGER NOT NULL REFERENCES runs (run_id),
  location       TEXT NOT NULL,
  published_at   TEXT NOT NULL
);

CREATE VIEW etl_pipeline_status AS
SELECT tasks.run_id, runs.pipeline, tasks.task, runs.ingest_date, tasks.state,
       tasks.started_at, tasks.finished_at, tasks.rows_in, tasks.rows_out,
       tasks.rows_rejected, tasks.bytes, tasks.attempt, tasks.error, tasks.task_id
FROM tasks JOIN runs USING (run_id);
)sql";

// Named figures a task reports beyond its row counters (e.g. Wikipedia matches per tier).
constexpr std::string_view k_run_metrics = R"sql(
CREATE TABLE run_metrics (
  run_id  INTEGER NOT NULL REFERENCES runs (run_id),
  task    TEXT NOT NULL,
  metric  TEXT NOT NULL,
  value   INTEGER NOT NULL,
  PRIMARY KEY (run_id, task, metric)
);
)sql";

// A run that succeeded without everything it should have collected (a provider stayed down
// past the deadline) says what is missing; NULL for a complete run.
constexpr std::string_view k_partial_runs = R"sql(
ALTER TABLE runs ADD COLUMN partial TEXT;
)sql";

// Orchestration (issue 6): the task graph of each run, pipeline leases with heartbeats, the
// scheduler's claimed intervals, data-quality check results, task logs and alert deliveries;
// runs remember the interval they were scheduled for and how often they were resumed.
constexpr std::string_view k_orchestration = R"sql(
ALTER TABLE runs ADD COLUMN scheduled_for TEXT;
ALTER TABLE runs ADD COLUMN recovered INTEGER NOT NULL DEFAULT 0;

CREATE TABLE run_tasks (
  run_id     INTEGER NOT NULL REFERENCES runs (run_id),
  task       TEXT NOT NULL,
  position   INTEGER NOT NULL,
  depends_on TEXT NOT NULL,
  PRIMARY KEY (run_id, task)
);

CREATE TABLE leases (
  name         TEXT PRIMARY KEY,
  holder       TEXT NOT NULL,
  acquired_at  TEXT NOT NULL,
  heartbeat_at TEXT NOT NULL,
  expires_at   TEXT NOT NULL,
  run_id       INTEGER
);

CREATE TABLE schedule_fires (
  pipeline    TEXT NOT NULL,
  fire_time   TEXT NOT NULL,
  outcome     TEXT NOT NULL CHECK (outcome IN ('run', 'skipped')),
  run_id      INTEGER REFERENCES runs (run_id),
  holder      TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  PRIMARY KEY (pipeline, fire_time)
);

CREATE TABLE check_results (
  run_id     INTEGER NOT NULL REFERENCES runs (run_id),
  check_name TEXT NOT NULL,
  table_name TEXT NOT NULL,
  kind       TEXT NOT NULL,
  level      TEXT NOT NULL CHECK (level IN ('error', 'warning')),
  passed     INTEGER NOT NULL,
  observed   TEXT NOT NULL,
  message    TEXT NOT NULL,
  checked_at TEXT NOT NULL,
  PRIMARY KEY (run_id, check_name)
);

CREATE TABLE task_logs (
  run_id    INTEGER NOT NULL REFERENCES runs (run_id),
  task      TEXT NOT NULL,
  attempt   INTEGER NOT NULL,
  seq       INTEGER NOT NULL,
  logged_at TEXT NOT NULL,
  level     TEXT NOT NULL,
  message   TEXT NOT NULL,
  PRIMARY KEY (run_id, task, attempt, seq)
);

CREATE TABLE alerts (
  alert_id INTEGER PRIMARY KEY,
  run_id   INTEGER NOT NULL REFERENCES runs (run_id),
  channel  TEXT NOT NULL CHECK (channel IN ('command', 'webhook')),
  target   TEXT NOT NULL,
  state    TEXT NOT NULL CHECK (state IN ('delivered', 'failed')),
  attempts INTEGER NOT NULL,
  error    TEXT NOT NULL,
  sent_at  TEXT NOT NULL
);
)sql";

constexpr Migration k_migrations[] = {
    {1, "runs, tasks, snapshots, table_changes, publications, etl_pipeline_status",
     k_initial_schema},
    {2, "run_metrics", k_run_metrics},
    {3, "runs.partial", k_partial_runs},
    {4, "orchestration: run_tasks, leases, schedule_fires, check_results, task_logs, alerts",
     k_orchestration},
};

constexpr std::string_view k_create_schema_version = R"sql(
CREATE TABLE IF NOT EXISTS schema_version (
  version     INTEGER PRIMARY KEY,
  description TEXT NOT NULL,
  applied_at  TEXT NOT NULL
))sql";

constexpr std::string_view k_create_postgres_schema_version = R"sql(
CREATE TABLE IF NOT EXISTS schema_version (
  version     BIGINT PRIMARY KEY,
  description TEXT NOT NULL,
  applied_at  TEXT NOT NULL
))sql";

}  // namespace

std::span<const Migration> catalog_migrations() {
  return k_migrations;
}

std::span<const Migration> catalog_migrations(CatalogDialect dialect) {
  return dialect == CatalogDialect::postgres ? postgres_catalog_migrations() : catalog_migrations();
}

int newest_schema_version() {
  return k_migrations[std::size(k_migrations) - 1].version;
}

Result<int> read_schema_version(CatalogDatabase& database) {
  auto has_table = TRY(database.prepare(database.schema_version_probe_sql()));
  TRY(has_table.step());
  if (has_table.column_int(0) == 0) return 0;
  auto version = TRY(database.prepare("SELECT coalesce(max(version), 0) FROM schema_version"));
  TRY(version.step());
  return static_cast<int>(version.column_int(0));
}

Result<int> migrate_catalog(CatalogDatabase& database, std::chrono::milliseconds patience) {
  // The common case, an up-to-date catalog, needs no write lock.
  if (TRY(read_schema_version(database)) == newest_schema_version()) return 0;

  auto transaction = TRY(database.begin_write(patience));
  TRY(database.execute(database.dialect() == CatalogDialect::postgres
                           ? k_create_postgres_schema_version
                           : k_create_schema_version));
  // Read again under the lock: another process may have migrated in the meantime.
  const int current = TRY(read_schema_version(database));
  if (current > newest_schema_version()) {
    return make_error(ErrorCode::sql,
                      "catalog {} has schema version {}, newer than this reelhouse knows ({}): "
                      "upgrade reelhouse",
                      database.describe(), current, newest_schema_version());
  }
  int applied = 0;
  for (const auto& migration : catalog_migrations(database.dialect())) {
    if (migration.version <= current) continue;
    if (auto migrated = database.execute(migration.sql); !migrated) {
      return std::unexpected(migrated.error().with_context(
          fmt::format("migration {} ({})", migration.version, migration.description)));
    }
    auto record = TRY(database.prepare(fmt::format(
        "INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, {})",
        database.now_sql())));
    TRY(record.bind_all(migration.version, migration.description));
    TRY(record.run());
    ++applied;
  }
  TRY(transaction.commit());
  return applied;
}

}  // namespace reelhouse::catalog
