// `as_of`: a product read from its newest aggregated snapshot at or before a date, found
// through the catalog and read from the lake's Parquet, instead of the served warehouse.
#include "catalog/catalog.hpp"
#include "server_test_support.hpp"

namespace reelhouse::testing {
namespace {

class AsOfApiTest : public ServerFixture {
 protected:
  // Writes a `people` partition of `rows` actors for `date` and records it in the catalog.
  void snapshot_people(catalog::Catalog& catalog, int64_t run_id, const std::string& date,
                       int rows) {
    const auto dir = lake_root() / "aggregated" / "people" / ("ingest_date=" + date);
    std::filesystem::create_directories(dir);
    auto database = db::DuckDatabase::open("");
    auto connection = db::DuckConnection::connect(*database);
    ASSERT_TRUE(connection->execute(fmt::format(
        "COPY (SELECT printf('nm%07d', i) AS nconst, 'as of {}' AS name, 'actor' AS role, 3 AS "
        "titles, 7.5::DECIMAL(3,1) AS avg_rating, 7.0 AS weighted_rating, 1000 AS votes, 300 AS "
        "runtime_minutes, i AS rank FROM range(1, {}) t(i)) TO '{}' (FORMAT parquet)",
        date, rows + 1, (dir / "people.parquet").string())));
    ASSERT_TRUE(catalog.record_snapshot({.table_name = "people",
                                         .ingest_date = date,
                                         .layer = "aggregated",
                                         .location = dir.string(),
                                         .rows = rows,
                                         .run_id = run_id}));
  }
};

TEST_F(AsOfApiTest, ReadsTheNewestSnapshotAtOrBeforeTheDate) {
  publish(k_people_tables);
  {
    auto catalog = catalog::Catalog::open(catalog_path());
    ASSERT_TRUE(catalog.has_value()) << catalog.error().message;
    const int64_t run_id = *catalog->begin_run("imdb", "2024-01-01", "manual");
    snapshot_people(*catalog, run_id, "2024-01-01", 2);
    snapshot_people(*catalog, run_id, "2024-02-01", 3);
  }
  start();
  auto answer = get("/api/v1/people?as_of=2024-01-15");
  ASSERT_EQ(answer.status, 200) << answer.body;
  EXPECT_EQ(answer.json["total"], 2);
  EXPECT_EQ(answer.json["as_of"], "2024-01-15");
  EXPECT_EQ(answer.json["items"][0]["name"], "as of 2024-01-01");
  EXPECT_DOUBLE_EQ(answer.json["items"][0]["avg_rating"].get<double>(), 7.5);  // a number
  answer = get("/api/v1/people?as_of=2024-03-01&sort=-rank&limit=1");
  EXPECT_EQ(answer.json["total"], 3);
  EXPECT_EQ(answer.json["items"][0]["rank"], 3);
  answer = get("/api/v1/people?as_of=2023-12-31");
  EXPECT_EQ(answer.status, 200);
  EXPECT_EQ(answer.json["total"], 0);
  // Without as_of: the warehouse.
  EXPECT_EQ(get("/api/v1/people").json["total"], 5);
}

}  // namespace
}  // namespace reelhouse::testing
