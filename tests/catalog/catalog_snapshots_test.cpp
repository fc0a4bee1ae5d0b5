#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "catalog/catalog.hpp"
#include "catalog/catalog_test_support.hpp"

namespace reelhouse::catalog {
namespace {

TEST_P(CatalogTest, LatestSnapshotSelection) {
  const int64_t run_id = begin_run();
  for (const char* date : {"2026-01-01", "2026-01-05", "2026-01-10"}) {
    ASSERT_TRUE(catalog().record_snapshot({.table_name = "title_basics",
                                           .ingest_date = date,
                                           .layer = "landing",
                                           .location = fmt::format("/lake/landing/{}", date),
                                           .rows = 100,
                                           .run_id = run_id}));
  }
  ASSERT_TRUE(catalog().record_snapshot({.table_name = "title_basics",
                                         .ingest_date = "2026-01-20",
                                         .layer = "cleansed",
                                         .location = "/lake/cleansed/x",
                                         .rows = 1,
                                         .run_id = run_id}));
  using Date = std::optional<std::string_view>;
  struct Case {
    Date at_or_before;
    Date strictly_before;
    std::optional<std::string> expected;
  };
  const Case cases[] = {
      {std::nullopt, std::nullopt, "2026-01-10"}, {"2026-01-05", std::nullopt, "2026-01-05"},
      {"2026-01-07", std::nullopt, "2026-01-05"}, {std::nullopt, "2026-01-05", "2026-01-01"},
      {std::nullopt, "2026-01-11", "2026-01-10"}, {"2026-01-10", "2026-01-10", "2026-01-05"},
      {"2025-12-31", std::nullopt, std::nullopt}, {std::nullopt, "2026-01-01", std::nullopt},
  };
  for (const auto& test_case : cases) {
    const auto snapshot = catalog()
                              .latest_snapshot("landing", "title_basics", test_case.at_or_before,
                                               test_case.strictly_before)
                              .value();
    const auto date = snapshot ? std::optional(snapshot->ingest_date) : std::nullopt;
    EXPECT_EQ(date, test_case.expected)
        << test_case.at_or_before.value_or("-") << " " << test_case.strictly_before.value_or("-");
  }
  EXPECT_FALSE(catalog().latest_snapshot("landing", "name_basics", {}, {}).value());

  // Recording the same partition again replaces it.
  ASSERT_TRUE(catalog().record_snapshot({.table_name = "title_basics",
                                         .ingest_date = "2026-01-10",
                                         .layer = "landing",
                                         .location = "/lake/landing/rerun",
                                         .rows = 120,
                                         .run_id = run_id}));
  const auto replaced = catalog().latest_snapshot("landing", "title_basics", {}, {}).value();
  ASSERT_TRUE(replaced);
  EXPECT_EQ(replaced->location, "/lake/landing/rerun");
  EXPECT_EQ(replaced->rows, 120);
  EXPECT_TRUE(is_timestamp(replaced->created_at));
  EXPECT_EQ(catalog().snapshots_as_of("9999-12-31").value().size(), 2u);

  const auto bad_layer = catalog().record_snapshot(
      {.table_name = "t", .ingest_date = "2026-01-01", .layer = "gold", .run_id = run_id});
  ASSERT_FALSE(bad_layer);
  EXPECT_EQ(bad_layer.error().code, ErrorCode::invalid_argument);
}

TEST_P(CatalogTest, SnapshotsAsOfPickNewestPerTable) {
  const int64_t run_id = begin_run();
  struct Recorded {
    const char* layer;
    const char* table;
    const char* date;
  };
  const Recorded recorded[] = {
      {"landing", "title_basics", "2026-01-01"}, {"landing", "title_basics", "2026-01-08"},
      {"landing", "name_basics", "2026-01-03"},  {"aggregated", "people", "2026-01-08"},
      {"aggregated", "people", "2026-01-02"},
  };
  for (const auto& snapshot : recorded) {
    ASSERT_TRUE(catalog().record_snapshot({.table_name = snapshot.table,
                                           .ingest_date = snapshot.date,
                                           .layer = snapshot.layer,
                                           .location = "/lake",
                                           .rows = 1,
                                           .run_id = run_id}));
  }
  struct Case {
    std::string_view date;
    std::vector<std::string> expected;  // layer/table@date, ordered by layer then table
  };
  const Case cases[] = {
      {"2025-12-31", {}},
      {"2026-01-01", {"landing/title_basics@2026-01-01"}},
      {"2026-01-05",
       {"aggregated/people@2026-01-02", "landing/name_basics@2026-01-03",
        "landing/title_basics@2026-01-01"}},
      {"2026-01-08",
       {"aggregated/people@2026-01-08", "landing/name_basics@2026-01-03",
        "landing/title_basics@2026-01-08"}},
  };
  for (const auto& test_case : cases) {
    std::vector<std::string> found;
    const auto snapshots = catalog().snapshots_as_of(test_case.date).value();
    for (const auto& snapshot : snapshots) {
      found.push_back(
          fmt::format("{}/{}@{}", snapshot.layer, snapshot.table_name, snapshot.ingest_date));
    }
    EXPECT_EQ(found, test_case.expected) << test_case.date;
  }
}

TEST_P(CatalogTest, TableChangesPerRun) {
  const int64_t first = begin_run("imdb", "2026-01-01");
  const int64_t second = begin_run("imdb", "2026-01-08");
  ASSERT_TRUE(catalog().record_table_change({.run_id = first,
                                             .table_name = "title_basics",
                                             .ingest_date = "2026-01-01",
                                             .inserted = 10}));
  ASSERT_TRUE(catalog().record_table_change({.run_id = second,
                                             .table_name = "title_basics",
                                             .ingest_date = "2026-01-08",
                                             .previous_ingest_date = "2026-01-01",
                                             .inserted = 1,
                                             .updated = 2,
                                             .deleted = 3}));
  ASSERT_TRUE(catalog().record_table_change({.run_id = second,
                                             .table_name = "name_basics",
                                             .ingest_date = "2026-01-08",
                                             .previous_ingest_date = "2026-01-01",
                                             .inserted = 5}));
  // A retried task records its change again: the record is replaced, not duplicated.
  ASSERT_TRUE(catalog().record_table_change({.run_id = second,
                                             .table_name = "name_basics",
                                             .ingest_date = "2026-01-08",
                                             .previous_ingest_date = "2026-01-01",
                                             .inserted = 6}));

  const auto first_changes = catalog().table_changes(first).value();
  ASSERT_EQ(first_changes.size(), 1u);
  EXPECT_FALSE(first_changes[0].previous_ingest_date);
  EXPECT_EQ(first_changes[0].inserted, 10);

  const auto second_changes = catalog().table_changes(second).value();
  ASSERT_EQ(second_changes.size(), 2u);
  EXPECT_EQ(second_changes[0].table_name, "name_basics");
  EXPECT_EQ(second_changes[0].inserted, 6);
  EXPECT_EQ(second_changes[1].table_name, "title_basics");
  EXPECT_EQ(second_changes[1].previous_ingest_date, "2026-01-01");
  EXPECT_EQ(second_changes[1].updated, 2);
  EXPECT_EQ(second_changes[1].deleted, 3);
  EXPECT_TRUE(catalog().table_changes(999).value().empty());
}

TEST_P(CatalogTest, RunMetricsAreUpsertedPerTaskAndName) {
  const int64_t run_id = begin_run();
  ASSERT_TRUE(catalog().record_run_metrics(run_id, "match_wikipedia",
                                           {{"year_film", 12}, {"film", 3}, {"unmatched", 1}}));
  ASSERT_TRUE(catalog().record_run_metrics(run_id, "match_wikipedia", {{"film", 4}}));
  ASSERT_TRUE(catalog().record_run_metrics(run_id, "land_movies", {{"collapsed", 2}}));
  const auto metrics = catalog().run_metrics(run_id);
  ASSERT_TRUE(metrics) << metrics.error().message;
  std::vector<std::string> rendered;
  for (const auto& metric : *metrics) {
    rendered.push_back(fmt::format("{}.{}={}", metric.task, metric.metric, metric.value));
  }
  EXPECT_THAT(rendered, ::testing::ElementsAre("land_movies.collapsed=2", "match_wikipedia.film=4",
                                               "match_wikipedia.unmatched=1",
                                               "match_wikipedia.year_film=12"));
  EXPECT_TRUE(catalog().run_metrics(run_id + 1)->empty());
}

TEST_P(CatalogTest, Publications) {
  EXPECT_FALSE(catalog().latest_publication().value());
  const int64_t run_id = begin_run();
  ASSERT_TRUE(catalog().record_publication(run_id, "/home/warehouse.duckdb"));
  ASSERT_TRUE(catalog().record_publication(run_id, "/home/warehouse2.duckdb"));
  const auto latest = catalog().latest_publication().value();
  ASSERT_TRUE(latest);
  EXPECT_EQ(latest->run_id, run_id);
  EXPECT_EQ(latest->location, "/home/warehouse2.duckdb");
  EXPECT_TRUE(is_timestamp(latest->published_at));
}

}  // namespace
}  // namespace reelhouse::catalog
