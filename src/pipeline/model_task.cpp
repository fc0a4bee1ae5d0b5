#include "pipeline/model_task.hpp"

#include <spdlog/spdlog.h>

#include "pipeline/run_context.hpp"
#include "transform/model_runner.hpp"
#include "transform/sql_catalog.hpp"
#include "warehouse/publisher.hpp"

namespace reelhouse::pipeline {

namespace {

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
  std::string joined;
  for (size_t part_idx = 0; part_idx < parts.size(); ++part_idx) {
    if (part_idx > 0) joined += separator;
    joined += parts[part_idx];
  }
  return joined;
}

// CREATE OR REPLACE TEMP VIEW over every committed partition of the input's table dated on or
// before the run's date, each row with the `ingest_date` of its partition (InputScope::history).
// UNION ALL BY NAME lets older partitions lack a column a newer landing added (NULL there).
Result<> create_history_view(db::DuckConnection& connection, const ModelInput& input,
                             const RunContext& context) {
  const auto& lake = context.lake();
  std::vector<std::string> selects;
  for (const auto& date : TRY(lake.committed_dates(input.layer, input.table))) {
    if (date > context.ingest_date()) continue;
    selects.push_back(fmt::format("SELECT *, CAST({} AS DATE) AS ingest_date FROM {}",
                                  db::sql_quote(date),
                                  TRY(transform::partition_relation(
                                      TRY(lake.local_partition(input.layer, input.table, date))))));
  }
  if (selects.empty()) {
    return make_error(
        ErrorCode::not_found, "input \"{}\": no committed partition of {}/{} dated on or before {}",
        input.view_name, lake::layer_name(input.layer), input.table, context.ingest_date());
  }
  return connection.execute(fmt::format("CREATE OR REPLACE TEMP VIEW {} AS {}",
                                        db::sql_identifier(input.view_name),
                                        join(selects, " UNION ALL BY NAME ")));
}

Result<TaskCounters> run_model(const ModelTaskSpec& spec, RunContext& context) {
  const auto& lake = context.lake();
  auto connection = TRY(connect_work_database(context));
  std::vector<transform::PartitionView> views;
  bool reads_history = false;
  for (const auto& input : spec.inputs) {
    if (input.scope == InputScope::history) {
      TRY(create_history_view(connection, input, context));
      reads_history = true;
      continue;
    }
    views.push_back({input.view_name,
                     TRY(lake.local_partition(input.layer, input.table, context.ingest_date()))});
  }
  if (reads_history &&
      transform::materialization_of(TRY(transform::embedded_sql(spec.model_path))) ==
          transform::Materialization::view) {
    return make_error(ErrorCode::invalid_argument,
                      "model {} reads a history input and so must be materialised as a table",
                      spec.model_path);
  }
  TRY(transform::create_partition_views(connection, views));
  if (spec.set_parameters) TRY(spec.set_parameters(connection, context));

  auto staged = TRY(lake.stage(spec.layer, spec.table, context.ingest_date()));
  const int64_t rows = TRY(
      transform::materialize_model(connection, spec.model_path, views, spec.table, staged.dir()));
  TaskCounters counters{.rows_out = rows};
  std::error_code ignored;
  for (const auto& entry : std::filesystem::directory_iterator(staged.dir(), ignored)) {
    counters.bytes += static_cast<int64_t>(entry.file_size(ignored));
  }
  std::map<std::string, int64_t> metrics;
  if (spec.report_metrics) {
    metrics =
        TRY(spec.report_metrics(connection, TRY(transform::partition_relation(staged.dir()))));
  }
  TRY(staged.commit());
  TRY(context.with_catalog([&](catalog::Catalog& catalog) -> Result<> {
    if (!metrics.empty())
      TRY(catalog.record_run_metrics(context.run_id(), spec.task_name, metrics));
    return catalog.record_snapshot(catalog::SnapshotRecord{
        .table_name = spec.table,
        .ingest_date = context.ingest_date(),
        .layer = std::string(lake::layer_name(spec.layer)),
        .location = staged.location(),
        .rows = rows,
        .run_id = context.run_id(),
    });
  }));
  return counters;
}

// Compares one landing table's snapshot with the previous one by key and row hash.
Result<catalog::TableChange> compare_table(const KeyedTable& table, RunContext& context,
                                           db::DuckConnection& connection) {
  const auto& lake = context.lake();
  catalog::TableChange change{
      .run_id = context.run_id(), .table_name = table.table, .ingest_date = context.ingest_date()};
  const auto dates = TRY(lake.committed_dates(lake::Layer::landing, table.table));
  std::optional<std::string> previous;
  for (const auto& date : dates) {
    if (date < context.ingest_date()) previous = date;
  }
  // Local copies of both snapshots (downloaded in an object-store lake when missing).
  TRY(lake.local_partition(lake::Layer::landing, table.table, context.ingest_date()));
  if (previous) TRY(lake.local_partition(lake::Layer::landing, table.table, *previous));
  const std::string new_scan = db::sql_read_parquet(
      lake.parquet_glob(lake::Layer::landing, table.table, context.ingest_date()));
  if (!previous) {
    change.inserted = TRY(connection.query_int(fmt::format("SELECT count(*) FROM {}", new_scan)));
    return change;
  }
  change.previous_ingest_date = *previous;
  const std::string old_scan =
      db::sql_read_parquet(lake.parquet_glob(lake::Layer::landing, table.table, *previous));
  const std::string keys = join(table.key_columns, ", ");
  std::vector<std::string> key_matches;
  for (const auto& key : table.key_columns)
    key_matches.push_back(fmt::format("n.{0} = o.{0}", key));
  const std::string sql = fmt::format(
      "WITH n AS (SELECT {keys}, hash(*COLUMNS(*)) AS row_hash FROM {new_scan}), "
      "o AS (SELECT {keys}, hash(*COLUMNS(*)) AS row_hash FROM {old_scan}) "
      "SELECT count(*) FILTER (WHERE o.row_hash IS NULL), "
      "count(*) FILTER (WHERE n.row_hash IS NULL), "
      "count(*) FILTER (WHERE n.row_hash <> o.row_hash) "
      "FROM n FULL OUTER JOIN o ON {matches}",
      fmt::arg("keys", keys), fmt::arg("new_scan", new_scan), fmt::arg("old_scan", old_scan),
      fmt::arg("matches", join(key_matches, " AND ")));
  const auto counts = TRY(connection.query_text(sql));
  change.inserted = std::stoll(counts.rows.at(0).at(0).value_or("0"));
  change.deleted = std::stoll(counts.rows.at(0).at(1).value_or("0"));
  change.updated = std::stoll(counts.rows.at(0).at(2).value_or("0"));
  return change;
}

}  // namespace

Result<db::DuckConnection> connect_work_database(RunContext& context) {
  return db::DuckConnection::connect(*TRY(context.work_database()));
}

Task make_model_task(ModelTaskSpec spec) {
  Task task{.name = spec.task_name, .depends_on = spec.depends_on};
  // Products (the aggregated layer) are what the quality checks look at.
  if (spec.layer == lake::Layer::aggregated) task.produces = {spec.table};
  task.run = [spec = std::move(spec)](RunContext& context) { return run_model(spec, context); };
  return task;
}

Task make_compare_snapshots_task(std::string task_name, std::vector<KeyedTable> tables,
                                 std::vector<std::string> depends_on) {
  Task task{.name = std::move(task_name), .depends_on = std::move(depends_on)};
  task.run = [tables = std::move(tables)](RunContext& context) -> Result<TaskCounters> {
    auto connection = TRY(connect_work_database(context));
    TaskCounters counters;
    for (const auto& table : tables) {
      const auto change = TRY(compare_table(table, context, connection));
      spdlog::info("{}: {} inserted, {} updated, {} deleted since {}", table.table, change.inserted,
                   change.updated, change.deleted,
                   change.previous_ingest_date.value_or("(first snapshot)"));
      TRY(context.with_catalog(
          [&](catalog::Catalog& catalog) { return catalog.record_table_change(change); }));
      counters.rows_out += change.inserted + change.updated + change.deleted;
    }
    return counters;
  };
  return task;
}

Task make_publish_task(std::vector<std::string> depends_on) {
  Task task{.name = "publish", .depends_on = std::move(depends_on)};
  task.run = [](RunContext& context) -> Result<TaskCounters> {
    if (!context.publish()) {
      spdlog::info(
          "run {}: not publishing the warehouse: the run was started without "
          "publishing (a backfill publishes once, at its end)",
          context.run_id());
      return TaskCounters{};
    }
    const auto published = TRY(context.with_catalog([&](catalog::Catalog& catalog) {
      return warehouse::publish_warehouse(context.config(), catalog, context.run_id());
    }));
    return TaskCounters{.rows_out = published.rows, .bytes = published.bytes};
  };
  return task;
}

}  // namespace reelhouse::pipeline
