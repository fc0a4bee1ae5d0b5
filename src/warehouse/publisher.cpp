#include "warehouse/publisher.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <map>

#include "db/duckdb.hpp"
#include "transform/model_runner.hpp"
#include "warehouse/postgres_publisher.hpp"
#include "warehouse/warehouse_rollback.hpp"

namespace reelhouse::warehouse {

namespace fs = std::filesystem;

namespace {

// "2026-11-23T10:00:00.123Z" -> "2026-11-23 10:00:00.123" (UTC), as DuckDB TIMESTAMP text.
db::SqlParam timestamp_param(const std::optional<std::string>& text) {
  if (!text || text->empty()) return std::monostate{};
  std::string value = *text;
  if (value.ends_with('Z')) value.pop_back();
  if (value.size() > 10 && value[10] == 'T') value[10] = ' ';
  return value;
}

db::SqlParam text_param(const std::string& text) {
  if (text.empty()) return std::monostate{};
  return text;
}

Result<int64_t> load_pipeline_status(db::DuckConnection& connection, catalog::Catalog& catalog) {
  TRY(connection.execute(
      "CREATE TABLE etl_pipeline_status (run_id BIGINT, pipeline VARCHAR, task VARCHAR, "
      "ingest_date DATE, state VARCHAR, started_at TIMESTAMP, finished_at TIMESTAMP, "
      "rows_in BIGINT, rows_out BIGINT, rows_rejected BIGINT, bytes BIGINT, attempt INTEGER, "
      "error VARCHAR)"));
  const auto rows = TRY(catalog.etl_pipeline_status());
  TRY(connection.execute("BEGIN TRANSACTION"));
  for (const auto& row : rows) {
    TRY(connection.query_text(
        "INSERT INTO etl_pipeline_status VALUES (?, ?, ?, CAST(? AS DATE), ?, "
        "CAST(? AS TIMESTAMP), CAST(? AS TIMESTAMP), ?, ?, ?, ?, ?, ?)",
        {row.run_id, row.pipeline, row.task, row.ingest_date, row.state,
         timestamp_param(row.started_at), timestamp_param(row.finished_at), row.rows_in,
         row.rows_out, row.rows_rejected, row.bytes, static_cast<int64_t>(row.attempt),
         text_param(row.error)}));
  }
  TRY(connection.execute("COMMIT"));
  return static_cast<int64_t>(rows.size());
}

Result<> rename_durably(const fs::path& from, const fs::path& to) {
  const int fd = ::open(from.c_str(), O_RDONLY);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
  if (::rename(from.c_str(), to.c_str()) != 0) {
    return make_error(ErrorCode::io, "cannot publish {}: {}", to.string(), strerror(errno));
  }
  const int dir_fd = ::open(to.parent_path().c_str(), O_RDONLY | O_DIRECTORY);
  if (dir_fd >= 0) {
    ::fsync(dir_fd);
    ::close(dir_fd);
  }
  return {};
}

}  // namespace

Result<PublishedWarehouse> publish_warehouse(const Config& config, catalog::Catalog& catalog,
                                             int64_t run_id) {
  if (config.warehouse_in_postgres()) {
    const auto published =
        TRY(publish_postgres_warehouse(config, catalog, run_id, config.warehouse.url));
    return PublishedWarehouse{
        .location = published.location, .tables = published.tables, .rows = published.rows};
  }
  const fs::path target = config.warehouse_path();
  fs::create_directories(target.parent_path());
  const fs::path temporary =
      target.parent_path() / fmt::format(".{}.tmp-{}", target.filename().string(), getpid());
  fs::remove(temporary);
  fs::remove(fs::path(temporary.string() + ".wal"));

  PublishedWarehouse published{.path = target, .location = target.string()};
  {
    auto database = TRY(db::DuckDatabase::open(
        temporary.string(), db::DuckOptions{.threads = static_cast<int>(config.runtime.threads),
                                            .memory_limit = config.runtime.memory_limit}));
    auto connection = TRY(db::DuckConnection::connect(database));

    // Newest snapshot of every table of the aggregated and cleansed layers.
    std::map<std::string, catalog::SnapshotRecord> products;
    std::map<std::string, catalog::SnapshotRecord> star_schema;
    for (const auto& snapshot : TRY(catalog.snapshots_as_of("9999-12-31"))) {
      if (snapshot.layer == "aggregated") {
        products[snapshot.table_name] = snapshot;
      } else if (snapshot.layer == "cleansed") {
        star_schema[snapshot.table_name] = snapshot;
      }
    }
    for (const auto& [table, snapshot] : products) {
      TRY(connection.execute(fmt::format("CREATE TABLE {} AS SELECT * FROM {}",
                                         db::sql_identifier(table),
                                         TRY(transform::partition_relation(snapshot.location)))));
      published.rows += TRY(
          connection.query_int(fmt::format("SELECT count(*) FROM {}", db::sql_identifier(table))));
      ++published.tables;
    }
    for (const auto& [table, snapshot] : star_schema) {
      if (products.contains(table)) continue;
      TRY(connection.execute(fmt::format("CREATE VIEW {} AS SELECT * FROM {}",
                                         db::sql_identifier(table),
                                         TRY(transform::partition_relation(snapshot.location)))));
      ++published.tables;
    }
    published.rows += TRY(load_pipeline_status(connection, catalog));
    ++published.tables;
    TRY(connection.execute("CHECKPOINT"));
  }
  TRY(keep_previous_warehouse(target));
  TRY(rename_durably(temporary, target));
  std::error_code ignored;
  published.bytes = static_cast<int64_t>(fs::file_size(target, ignored));
  TRY(catalog.record_publication(run_id, target.string()));
  return published;
}

}  // namespace reelhouse::warehouse
