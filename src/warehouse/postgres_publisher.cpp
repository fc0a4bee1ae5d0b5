#include "warehouse/postgres_publisher.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>
#include <vector>

#include "db/duckdb.hpp"
#include "postgres/copy_text.hpp"
#include "postgres/pg_connection.hpp"
#include "transform/model_runner.hpp"
#include "warehouse/duck_to_postgres.hpp"

namespace reelhouse::warehouse {

namespace {

using postgres::pg_identifier;
using postgres::PgConnection;

// Serialises publications and rollbacks of one database (pg_advisory_xact_lock's key).
constexpr int64_t k_publish_lock_key = 0x7265656c686f7573;  // "reelhous"
// How long the swap waits for readers of the schema it drops (then fails as busy), unless the
// server configures a lock_timeout for the role or database.
constexpr std::string_view k_swap_lock_timeout = "60s";

// Keys and indexes of the published tables (doc/products.md: "one row per …").
struct TableKeys {
  std::string_view table;
  std::vector<std::string_view> primary_key;
  std::vector<std::vector<std::string_view>> indexes;
};

const std::vector<TableKeys>& table_keys() {
  static const std::vector<TableKeys> k_keys = {
      {.table = "people", .primary_key = {"nconst", "role"}, .indexes = {{"role"}}},
      {.table = "etl_pipeline_status", .primary_key = {}, .indexes = {{"ingest_date"}}},
      {.table = "price_observations",
       .primary_key = {"provider", "movie_id", "ingest_date"},
       .indexes = {}},
      {.table = "price_comparison", .primary_key = {"imdb_id"}, .indexes = {}},
      {.table = "provider_health", .primary_key = {"run_id", "provider"}, .indexes = {}},
  };
  return k_keys;
}

std::string column_list(const std::vector<std::string_view>& columns) {
  std::string list;
  for (const auto& column : columns) {
    if (!list.empty()) list += ", ";
    list += pg_identifier(column);
  }
  return list;
}

// Adds the table's keys and indexes (after the load: building them once is faster than
// maintaining them row by row). A key column the table lacks is logged and the key skipped.
Result<> create_keys(PgConnection& connection, std::string_view schema, std::string_view table,
                     const std::vector<std::string>& column_names) {
  const auto keys = std::find_if(table_keys().begin(), table_keys().end(),
                                 [&](const TableKeys& keys) { return keys.table == table; });
  if (keys == table_keys().end()) return {};
  const auto has_columns = [&](const std::vector<std::string_view>& columns) {
    for (const auto& column : columns) {
      if (std::find(column_names.begin(), column_names.end(), column) == column_names.end()) {
        spdlog::warn(
            "PostgreSQL warehouse: table {} has no column {}: its key or index on it "
            "is not created",
            table, column);
        return false;
      }
    }
    return true;
  };
  const std::string qualified = pg_identifier(schema) + "." + pg_identifier(table);
  if (!keys->primary_key.empty() && has_columns(keys->primary_key)) {
    TRY(connection.execute(fmt::format("ALTER TABLE {} ADD PRIMARY KEY ({})", qualified,
                                       column_list(keys->primary_key))));
  }
  for (const auto& index : keys->indexes) {
    if (!has_columns(index)) continue;
    std::string name(table);
    for (const auto& column : index) name += fmt::format("_{}", column);
    TRY(connection.execute(fmt::format("CREATE INDEX {} ON {} ({})", pg_identifier(name + "_idx"),
                                       qualified, column_list(index))));
  }
  return {};
}

// Loads one product snapshot into `schema`.`table`; returns its rows.
Result<int64_t> load_product(PgConnection& connection, db::DuckConnection& duck,
                             std::string_view schema, const std::string& table,
                             const catalog::SnapshotRecord& snapshot) {
  const std::string relation = TRY(transform::partition_relation(snapshot.location));
  const auto columns = TRY(map_columns(duck, relation));
  const std::string qualified = pg_identifier(schema) + "." + pg_identifier(table);
  TRY(connection.execute(create_table_sql(qualified, columns)));

  std::vector<std::string> names;
  for (const auto& column : columns) names.push_back(pg_identifier(column.name));
  auto copy = TRY(connection.copy_in(
      fmt::format("COPY {} ({}) FROM STDIN", qualified, fmt::join(names, ", "))));
  const int64_t sent = TRY(stream_as_copy_text(duck, relation, columns, copy));
  const int64_t stored = TRY(copy.finish());
  if (stored != sent) {
    return make_error(ErrorCode::internal, "COPY into {} stored {} rows of the {} sent", qualified,
                      stored, sent);
  }
  names.clear();
  for (const auto& column : columns) names.push_back(column.name);
  TRY(create_keys(connection, schema, table, names));
  return stored;
}

// "2026-11-23T10:00:00.123Z" -> "2026-11-23 10:00:00.123" (UTC), as the DuckDB warehouse
// stores it; empty stays empty (NULL).
std::string timestamp_text(const std::optional<std::string>& text) {
  if (!text) return {};
  std::string value = *text;
  if (value.ends_with('Z')) value.pop_back();
  if (value.size() > 10 && value[10] == 'T') value[10] = ' ';
  return value;
}

// The catalog's task attempts as `schema`.etl_pipeline_status; returns its rows.
Result<int64_t> load_pipeline_status(PgConnection& connection, catalog::Catalog& catalog,
                                     std::string_view schema) {
  const std::string qualified = pg_identifier(schema) + ".etl_pipeline_status";
  TRY(connection.execute(fmt::format(
      "CREATE TABLE {} (run_id BIGINT, pipeline TEXT, task TEXT, ingest_date DATE, state TEXT, "
      "started_at TIMESTAMP, finished_at TIMESTAMP, rows_in BIGINT, rows_out BIGINT, "
      "rows_rejected BIGINT, bytes BIGINT, attempt INTEGER, error TEXT)",
      qualified)));
  const auto rows = TRY(catalog.etl_pipeline_status());
  auto copy = TRY(connection.copy_in(fmt::format("COPY {} FROM STDIN", qualified)));
  std::string data;
  const auto field = [&](std::string_view value) {
    if (value.empty()) {
      postgres::append_copy_text_null(data);
    } else {
      postgres::append_copy_text_value(data, value);
    }
    data += '\t';
  };
  for (const auto& row : rows) {
    data += fmt::format("{}\t", row.run_id);
    field(row.pipeline);
    field(row.task);
    field(row.ingest_date);
    field(row.state);
    field(timestamp_text(row.started_at));
    field(timestamp_text(row.finished_at));
    data += fmt::format("{}\t{}\t{}\t{}\t{}\t", row.rows_in, row.rows_out, row.rows_rejected,
                        row.bytes, row.attempt);
    field(row.error);
    data.back() = '\n';
  }
  TRY(copy.write(data));
  const int64_t stored = TRY(copy.finish());
  TRY(create_keys(connection, schema, "etl_pipeline_status", {"ingest_date"}));
  return stored;
}

Result<bool> schema_exists(PgConnection& connection, std::string_view schema) {
  return TRY(connection.query_int("SELECT count(*) FROM pg_namespace WHERE nspname = $1",
                                  {std::string(schema)})) > 0;
}

// Loads every product into `load_schema`; returns the publication's counts.
Result<PostgresPublication> load_schema(const Config& config, catalog::Catalog& catalog,
                                        PgConnection& connection, std::string_view load_schema) {
  TRY(connection.execute(fmt::format("CREATE SCHEMA {}", pg_identifier(load_schema))));
  auto database = TRY(db::DuckDatabase::open(
      "", db::DuckOptions{.threads = static_cast<int>(config.runtime.threads),
                          .memory_limit = config.runtime.memory_limit}));
  auto duck = TRY(db::DuckConnection::connect(database));

  // Newest snapshot of every table of the aggregated layer, as publish_warehouse picks them.
  std::map<std::string, catalog::SnapshotRecord> products;
  for (const auto& snapshot : TRY(catalog.snapshots_as_of("9999-12-31"))) {
    if (snapshot.layer == "aggregated") products[snapshot.table_name] = snapshot;
  }
  PostgresPublication publication;
  for (const auto& [table, snapshot] : products) {
    auto rows = load_product(connection, duck, load_schema, table, snapshot);
    if (!rows) {
      return std::unexpected(rows.error().with_context(
          fmt::format("loading product {} ({}) into PostgreSQL", table, snapshot.location)));
    }
    publication.rows += *rows;
    ++publication.tables;
  }
  auto status_rows = load_pipeline_status(connection, catalog, load_schema);
  if (!status_rows) {
    return std::unexpected(
        status_rows.error().with_context("loading etl_pipeline_status into PostgreSQL"));
  }
  publication.rows += *status_rows;
  ++publication.tables;
  // Fresh statistics, so the first queries on the new tables get sensible plans.
  for (const auto& [table, snapshot] : products) {
    TRY(connection.execute(
        fmt::format("ANALYZE {}.{}", pg_identifier(load_schema), pg_identifier(table))));
  }
  TRY(connection.execute(
      fmt::format("ANALYZE {}.etl_pipeline_status", pg_identifier(load_schema))));
  return publication;
}

// Takes the publication lock and bounds the swap's waits for locks: by the lock_timeout the
// server sets for this role or database, else by k_swap_lock_timeout.
Result<> prepare_swap(PgConnection& connection) {
  TRY(connection.query("SELECT pg_advisory_xact_lock($1)", {std::to_string(k_publish_lock_key)}));
  const auto configured = TRY(connection.query("SELECT current_setting('lock_timeout')"));
  if (configured.rows() == 1 && configured.text(0, 0) == "0") {
    TRY(connection.execute(fmt::format("SET LOCAL lock_timeout = '{}'", k_swap_lock_timeout)));
  }
  return {};
}

Result<> rename_schema(PgConnection& connection, std::string_view from, std::string_view to) {
  return connection.execute(
      fmt::format("ALTER SCHEMA {} RENAME TO {}", pg_identifier(from), pg_identifier(to)));
}

// The one transaction that retires `reelhouse` and puts `load_schema` in its place.
Result<> swap_in(PgConnection& connection, std::string_view load_schema) {
  auto transaction = TRY(postgres::PgTransaction::begin(connection));
  TRY(prepare_swap(connection));
  TRY(connection.execute(
      fmt::format("DROP SCHEMA IF EXISTS {} CASCADE", pg_identifier(k_postgres_previous_schema))));
  if (TRY(schema_exists(connection, k_postgres_schema))) {
    TRY(rename_schema(connection, k_postgres_schema, k_postgres_previous_schema));
  }
  TRY(rename_schema(connection, load_schema, k_postgres_schema));
  TRY(transaction.commit());
  return {};
}

}  // namespace

Result<PostgresPublication> publish_postgres_warehouse(const Config& config,
                                                       catalog::Catalog& catalog, int64_t run_id,
                                                       std::string_view url) {
  auto connection = TRY(PgConnection::connect(url));
  const std::string load = fmt::format("{}_load_{}", k_postgres_schema, run_id);
  // A load schema of this run left by an attempt that died is stale: start again.
  TRY(connection.execute(fmt::format("DROP SCHEMA IF EXISTS {} CASCADE", pg_identifier(load))));

  auto publication = load_schema(config, catalog, connection, load);
  if (publication) {
    auto swapped = swap_in(connection, load);
    if (!swapped) publication = std::unexpected(swapped.error());
  }
  if (!publication) {
    // Best effort: the load schema is useless now (the next attempt drops it anyway).
    (void)connection.execute(fmt::format("DROP SCHEMA IF EXISTS {} CASCADE", pg_identifier(load)));
    return std::unexpected(publication.error());
  }
  publication->location =
      fmt::format("postgresql://{} schema {}", connection.describe(), k_postgres_schema);
  TRY(catalog.record_publication(run_id, publication->location));
  return publication;
}

Result<> rollback_postgres_warehouse(std::string_view url) {
  auto connection = TRY(PgConnection::connect(url));
  auto transaction = TRY(postgres::PgTransaction::begin(connection));
  TRY(prepare_swap(connection));
  if (!TRY(schema_exists(connection, k_postgres_previous_schema))) {
    return make_error(ErrorCode::not_found,
                      "PostgreSQL {}: no previous warehouse to roll back to (schema {} does not "
                      "exist: nothing was published twice, or it was rolled back and published "
                      "over)",
                      connection.describe(), k_postgres_previous_schema);
  }
  constexpr std::string_view k_parking = "reelhouse_rolling_back";
  const bool has_current = TRY(schema_exists(connection, k_postgres_schema));
  if (has_current) TRY(rename_schema(connection, k_postgres_schema, k_parking));
  TRY(rename_schema(connection, k_postgres_previous_schema, k_postgres_schema));
  if (has_current) TRY(rename_schema(connection, k_parking, k_postgres_previous_schema));
  TRY(transaction.commit());
  return {};
}

}  // namespace reelhouse::warehouse
