// Acceptance: every pipeline (imdb, movies, prices) with the lake in an S3-compatible store
// (s3rver; lake.url / lake.endpoint in the home's reelhouse.toml, credentials from AWS_*). Every
// catalog snapshot's location is an s3:// partition whose manifest lists objects that exist with
// the listed sizes; the raw layer is in the store too; the products equal those of an embedded
// (local lake) run; and with the local working copy deleted, `reelhouse query --as-of` still
// answers, from the store. Skipped, with a message, without node/s3rver.
#include <gtest/gtest.h>

#include <cstdlib>

#include "catalog/catalog.hpp"
#include "db/duckdb.hpp"
#include "lake/remote_lake.hpp"
#include "support/every_pipeline_home.hpp"
#include "support/s3rver_lake.hpp"

namespace reelhouse::pipeline {
namespace {

namespace fs = std::filesystem;

constexpr char k_prefix[] = "pipelines";

// Rows of `table` in one warehouse and not the other (both ways), over the columns that do
// not depend on when or in which run the data was collected (timestamps, run ids, measured
// latencies, and attempt counts, which hedged requests of a slow moment add to).
int64_t differing_rows(db::DuckConnection& connection, const std::string& table) {
  const auto columns = connection.query_text(fmt::format(
      "SELECT column_name FROM (DESCRIBE embedded.{}) WHERE column_type NOT LIKE 'TIMESTAMP%' "
      "AND column_name NOT LIKE '%run_id%' AND column_name NOT LIKE '%_at' "
      "AND column_name NOT LIKE '%latency%' AND column_name NOT IN ('requests', 'retries') "
      "AND column_name NOT IN ('source_file', 'location')",
      db::sql_identifier(table)));
  EXPECT_TRUE(columns) << columns.error().message;
  if (!columns) return -1;
  std::string list;
  for (const auto& row : columns->rows) {
    list += (list.empty() ? "" : ", ") + db::sql_identifier(*row[0]);
  }
  const auto count = connection.query_int(fmt::format(
      "SELECT (SELECT count(*) FROM (SELECT {0} FROM embedded.{1} EXCEPT ALL "
      "SELECT {0} FROM s3.{1})) + (SELECT count(*) FROM (SELECT {0} FROM s3.{1} EXCEPT ALL "
      "SELECT {0} FROM embedded.{1}))",
      list, db::sql_identifier(table)));
  EXPECT_TRUE(count) << count.error().message;
  if (count && *count != 0) {
    // Name a few differing rows, to say what differs.
    for (const auto& [from, to] : {std::pair{"embedded", "s3"}, std::pair{"s3", "embedded"}}) {
      const auto rows = connection.query_text(
          fmt::format("SELECT {0} FROM {2}.{1} EXCEPT ALL SELECT {0} FROM {3}.{1} LIMIT 3", list,
                      db::sql_identifier(table), from, to));
      for (const auto& row : rows ? rows->rows : decltype(rows->rows){}) {
        std::string text;
        for (const auto& cell : row) text += cell.value_or("NULL") + " | ";
        ADD_FAILURE() << table << ": only in " << from << ": " << text;
      }
    }
  }
  return count.value_or(-1);
}

TEST(S3LakePipelinesTest, EveryPipelineRunsWithTheLakeInAnObjectStore) {
  SKIP_WITHOUT_S3RVER(server);
  const auto started = std::chrono::steady_clock::now();
  testing::ScopedEnvironment access_key("AWS_ACCESS_KEY_ID", testing::k_s3rver_access_key);
  testing::ScopedEnvironment secret_key("AWS_SECRET_ACCESS_KEY", testing::k_s3rver_secret_key);

  testing::ReelhouseHome embedded_home;
  Config embedded_config;
  testing::run_every_pipeline(embedded_home, embedded_config);
  if (HasFatalFailure()) return;
  testing::ReelhouseHome s3_home;
  // The home's configuration file puts its lake in the store, for the binary and in process.
  testing::write_file(s3_home.path() / "reelhouse.toml",
                      fmt::format("[lake]\nurl = \"s3://{}/{}\"\nendpoint = \"{}\"\n",
                                  testing::k_lake_bucket, k_prefix, server->endpoint()));
  Config s3_config;
  testing::run_every_pipeline(s3_home, s3_config);
  if (HasFatalFailure()) return;

  // Every snapshot is an s3:// partition whose manifest names existing objects.
  auto store = testing::make_lake_store(testing::lake_store_options(*server, k_prefix));
  const lake::RemoteLake remote(store, fmt::format("s3://{}/{}", testing::k_lake_bucket, k_prefix));
  auto catalog = catalog::Catalog::open(s3_config.catalog_location());
  ASSERT_TRUE(catalog) << catalog.error().message;
  const auto snapshots = catalog->snapshots_as_of("2024-01-02");
  ASSERT_TRUE(snapshots) << snapshots.error().message;
  ASSERT_GE(snapshots->size(), 20u);
  for (const auto& snapshot : *snapshots) {
    SCOPED_TRACE(snapshot.location);
    const auto key = remote.key_of_location(snapshot.location);
    ASSERT_TRUE(key) << "not a partition of " << remote.url();
    const auto manifest = remote.read_manifest(*key);
    ASSERT_TRUE(manifest && *manifest) << "no manifest";
    EXPECT_FALSE((*manifest)->files.empty());
    for (const auto& file : (*manifest)->files) {
      const auto object =
          store->head(fmt::format("{}{}/{}", *key, (*manifest)->generation, file.name));
      ASSERT_TRUE(object) << file.name << ": " << object.error().message;
      EXPECT_EQ(object->size, file.size) << file.name;
    }
  }
  // The raw layer is in the store as committed partitions too.
  for (const std::string raw : {"raw/imdb/", "raw/movies/", "raw/providers/"}) {
    const auto objects = store->list_all(raw);
    ASSERT_TRUE(objects);
    EXPECT_TRUE(
        std::any_of(objects->begin(), objects->end(),
                    [](const auto& object) { return object.key.ends_with("/_manifest.json"); }))
        << raw << " has no committed partition";
  }

  // The products equal the embedded run's.
  auto database = db::DuckDatabase::open("");
  ASSERT_TRUE(database);
  auto connection = db::DuckConnection::connect(*database);
  ASSERT_TRUE(connection);
  ASSERT_TRUE(connection->execute(
      fmt::format("ATTACH {} AS embedded (READ_ONLY); ATTACH {} AS s3 (READ_ONLY)",
                  db::sql_quote(embedded_config.warehouse_path().string()),
                  db::sql_quote(s3_config.warehouse_path().string()))));
  const auto tables = connection->query_text(
      "SELECT table_name FROM information_schema.tables WHERE table_catalog = 'embedded' AND "
      "table_type = 'BASE TABLE' AND table_name <> 'etl_pipeline_status' ORDER BY table_name");
  ASSERT_TRUE(tables) << tables.error().message;
  ASSERT_GE(tables->rows.size(), 15u);
  for (const auto& row : tables->rows) {
    EXPECT_EQ(differing_rows(*connection, *row[0]), 0) << *row[0];
  }

  // Without the local working copy, time travel reads the lake from the store.
  const std::string sql = "SELECT count(*) FROM people";
  const int64_t expected = embedded_home.query_count_as_of("2024-01-02", sql);
  ASSERT_GT(expected, 0);
  fs::remove_all(s3_home.lake());
  const auto queried = s3_home.run({"query", "--as-of", "2024-01-02", "--format", "csv", sql});
  ASSERT_EQ(queried.exit_code, 0) << queried.output;
  EXPECT_NE(queried.output.find(fmt::format("\n{}\n", expected)), std::string::npos)
      << queried.output;
  EXPECT_TRUE(fs::exists(s3_home.lake() / "aggregated" / "people" / "ingest_date=2024-01-01"));
  std::cout << "[ timing   ] every pipeline, embedded and on S3: "
            << std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() -
                                                                started)
                   .count()
            << " s\n";
}

}  // namespace
}  // namespace reelhouse::pipeline
