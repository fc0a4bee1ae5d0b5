// The catalog's record of the lake: snapshots, the changes between them, and publications.
#include <algorithm>

#include "catalog/catalog.hpp"
#include "catalog/catalog_internal.hpp"
#include "catalog/catalog_schema.hpp"

namespace reelhouse::catalog {

namespace {

constexpr std::string_view k_layers[] = {"raw", "landing", "quarantine", "cleansed", "aggregated"};

constexpr std::string_view k_snapshot_columns =
    "table_name, ingest_date, layer, location, \"rows\", run_id, created_at";

Result<> check_layer(std::string_view layer) {
  if (std::ranges::find(k_layers, layer) == std::end(k_layers)) {
    return make_error(ErrorCode::invalid_argument,
                      "unknown lake layer \"{}\" (expected raw, landing, quarantine, cleansed "
                      "or aggregated)",
                      layer);
  }
  return {};
}

SnapshotRecord read_snapshot(const CatalogStatement& row) {
  return SnapshotRecord{.table_name = row.column_text(0),
                        .ingest_date = row.column_text(1),
                        .layer = row.column_text(2),
                        .location = row.column_text(3),
                        .rows = row.column_int(4),
                        .run_id = row.column_int(5),
                        .created_at = row.column_text(6)};
}

}  // namespace

Result<> Catalog::record_snapshot(const SnapshotRecord& snapshot) {
  TRY(check_layer(snapshot.layer));
  TRY(check_ingest_date(snapshot.ingest_date));
  auto transaction = TRY(begin_write());
  auto upsert = TRY(m_database->prepare(fmt::format(
      "INSERT INTO snapshots (layer, table_name, ingest_date, location, \"rows\", run_id, "
      "created_at) VALUES (?, ?, ?, ?, ?, ?, {}) "
      "ON CONFLICT (layer, table_name, ingest_date) DO UPDATE SET "
      "location = excluded.location, \"rows\" = excluded.\"rows\", run_id = excluded.run_id, "
      "created_at = excluded.created_at",
      m_database->now_sql())));
  TRY(upsert.bind_all(snapshot.layer, snapshot.table_name, snapshot.ingest_date, snapshot.location,
                      snapshot.rows, snapshot.run_id));
  TRY(upsert.run());
  return transaction.commit();
}

namespace {

// The snapshots readers may use: a snapshot whose run failed an error-level data-quality
// check on its table is withheld, so neither a later publish (of any pipeline) nor a
// comparison with "the previous snapshot" picks up data a check rejected.
constexpr std::string_view k_usable_snapshots =
    "WITH usable AS (SELECT * FROM snapshots WHERE NOT EXISTS ("
    "  SELECT 1 FROM check_results AS failed WHERE failed.run_id = snapshots.run_id"
    "    AND failed.table_name = snapshots.table_name AND failed.level = 'error'"
    "    AND failed.passed = 0))";

}  // namespace

Result<std::optional<SnapshotRecord>> Catalog::latest_snapshot(
    std::string_view layer, std::string_view table,
    std::optional<std::string_view> at_or_before_date,
    std::optional<std::string_view> strictly_before_date) {
  auto select = TRY(m_database->prepare(
      fmt::format("{} SELECT {} FROM usable WHERE layer = ?1 AND table_name = ?2 "
                  "AND (CAST(?3 AS TEXT) IS NULL OR ingest_date <= ?3) AND (CAST(?4 AS TEXT) IS "
                  "NULL OR ingest_date < ?4) "
                  "ORDER BY ingest_date DESC LIMIT 1",
                  k_usable_snapshots, k_snapshot_columns)));
  TRY(select.bind_all(layer, table, at_or_before_date, strictly_before_date));
  if (TRY(select.step()) == StepResult::done) return std::nullopt;
  return read_snapshot(select);
}

Result<std::vector<SnapshotRecord>> Catalog::snapshots_as_of(std::string_view date) {
  auto select = TRY(m_database->prepare(
      fmt::format("{} SELECT {} FROM usable AS newest WHERE ingest_date = ("
                  "  SELECT max(ingest_date) FROM usable AS older"
                  "  WHERE older.layer = newest.layer AND older.table_name = newest.table_name"
                  "    AND older.ingest_date <= ?1) "
                  "ORDER BY layer, table_name",
                  k_usable_snapshots, k_snapshot_columns)));
  TRY(select.bind_all(date));
  std::vector<SnapshotRecord> snapshots;
  while (TRY(select.step()) == StepResult::row) snapshots.push_back(read_snapshot(select));
  return snapshots;
}

Result<> Catalog::record_table_change(const TableChange& change) {
  TRY(check_ingest_date(change.ingest_date));
  auto transaction = TRY(begin_write());
  auto upsert = TRY(m_database->prepare(
      "INSERT INTO table_changes (run_id, table_name, ingest_date, previous_ingest_date, "
      "inserted, updated, deleted) VALUES (?, ?, ?, ?, ?, ?, ?) "
      "ON CONFLICT (run_id, table_name, ingest_date) DO UPDATE SET "
      "previous_ingest_date = excluded.previous_ingest_date, inserted = excluded.inserted, "
      "updated = excluded.updated, deleted = excluded.deleted"));
  TRY(upsert.bind_all(change.run_id, change.table_name, change.ingest_date,
                      change.previous_ingest_date, change.inserted, change.updated,
                      change.deleted));
  TRY(upsert.run());
  return transaction.commit();
}

Result<std::vector<TableChange>> Catalog::table_changes(int64_t run_id) {
  auto select = TRY(m_database->prepare(
      "SELECT run_id, table_name, ingest_date, previous_ingest_date, inserted, updated, deleted "
      "FROM table_changes WHERE run_id = ? ORDER BY table_name, ingest_date"));
  TRY(select.bind_all(run_id));
  std::vector<TableChange> changes;
  while (TRY(select.step()) == StepResult::row) {
    changes.push_back({.run_id = select.column_int(0),
                       .table_name = select.column_text(1),
                       .ingest_date = select.column_text(2),
                       .previous_ingest_date = select.column_optional_text(3),
                       .inserted = select.column_int(4),
                       .updated = select.column_int(5),
                       .deleted = select.column_int(6)});
  }
  return changes;
}

Result<> Catalog::record_run_metrics(int64_t run_id, std::string_view task,
                                     const std::map<std::string, int64_t>& metrics) {
  auto transaction = TRY(begin_write());
  auto upsert = TRY(m_database->prepare(
      "INSERT INTO run_metrics (run_id, task, metric, value) VALUES (?, ?, ?, ?) "
      "ON CONFLICT (run_id, task, metric) DO UPDATE SET value = excluded.value"));
  for (const auto& [metric, value] : metrics) {
    TRY(upsert.bind_all(run_id, task, metric, value));
    TRY(upsert.run());
    upsert.reset();
  }
  return transaction.commit();
}

Result<std::vector<RunMetric>> Catalog::run_metrics(int64_t run_id) {
  auto select = TRY(
      m_database->prepare("SELECT run_id, task, metric, value FROM run_metrics WHERE run_id = ? "
                          "ORDER BY task, metric"));
  TRY(select.bind_all(run_id));
  std::vector<RunMetric> metrics;
  while (TRY(select.step()) == StepResult::row) {
    metrics.push_back({.run_id = select.column_int(0),
                       .task = select.column_text(1),
                       .metric = select.column_text(2),
                       .value = select.column_int(3)});
  }
  return metrics;
}

Result<> Catalog::record_publication(int64_t run_id, std::string_view location) {
  auto transaction = TRY(begin_write());
  auto insert = TRY(m_database->prepare(
      fmt::format("INSERT INTO publications (run_id, location, published_at) VALUES (?, ?, {})",
                  m_database->now_sql())));
  TRY(insert.bind_all(run_id, location));
  TRY(insert.run());
  return transaction.commit();
}

Result<std::optional<PublicationRecord>> Catalog::latest_publication() {
  auto select = TRY(
      m_database->prepare("SELECT publication_id, run_id, location, published_at FROM publications "
                          "ORDER BY publication_id DESC LIMIT 1"));
  if (TRY(select.step()) == StepResult::done) return std::nullopt;
  return PublicationRecord{.publication_id = select.column_int(0),
                           .run_id = select.column_int(1),
                           .location = select.column_text(2),
                           .published_at = select.column_text(3)};
}

}  // namespace reelhouse::catalog
