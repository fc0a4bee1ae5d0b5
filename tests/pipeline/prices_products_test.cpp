// The prices products (sql/prices/aggregated/, doc/products.md) on hand-made raw files over
// two ingest dates: landing → products → warehouse, through the pipeline's own tasks
// (pipeline::prices_processing_tasks), checked row by row.
//
// Day 1: cinemaworld offers films 1–4 (film 3 at an outlier price), filmworld films 1–2.
// Day 2: cinemaworld film 1 and filmworld film 2 change price; cinemaworld film 2 is not
// collected (two 503s); filmworld's list was not fetched (its day-1 list still applies).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/prices_raw_files.hpp"

namespace reelhouse::pipeline {
namespace {

using testing::detail_body;
using Rows = std::vector<std::string>;

constexpr const char* k_day1 = "2026-01-01";
constexpr const char* k_day2 = "2026-01-02";

class PricesProductsTest : public ::testing::Test {
 protected:
  void offer(const std::string& provider, const std::string& date, const std::string& number,
             const std::string& title, const std::string& director, const std::string& price,
             int64_t run_id) {
    const std::string id = std::string(provider == "cinemaworld" ? "cw" : "fw") + number;
    testing::write_raw_detail(
        m_lake.lake(), provider, date, id,
        detail_body(id, title, "2001", director, price, provider == "cinemaworld"), run_id,
        std::string(date) + "T10:00:0" + number.back() + ".000Z");
  }

  void write_day1() {
    offer("cinemaworld", k_day1, "0000001", "Alpha", "Ann Lee", "10.0", 1);
    offer("cinemaworld", k_day1, "0000002", "Beta", "Ann Lee, Bo Kim", "20.5", 1);
    offer("cinemaworld", k_day1, "0000003", "Gamma", "Bo Kim", "5000", 1);
    offer("cinemaworld", k_day1, "0000004", "Delta", "Cy Park", "15", 1);
    offer("filmworld", k_day1, "0000001", "Alpha", "Ann Lee", "12", 1);
    offer("filmworld", k_day1, "0000002", "Beta", "Ann Lee, Bo Kim", "20.5", 1);
    testing::write_raw_list(m_lake.lake(), "cinemaworld", k_day1,
                            {{"cw0000001", "Alpha", "2001"},
                             {"cw0000002", "Beta", "2001"},
                             {"cw0000003", "Gamma", "2001"},
                             {"cw0000004", "Delta", "2001"}});
    testing::write_raw_list(m_lake.lake(), "filmworld", k_day1,
                            {{"fw0000001", "Alpha", "2001"}, {"fw0000002", "Beta", "2001"}});
  }

  void write_day2() {
    offer("cinemaworld", k_day2, "0000001", "Alpha", "Ann Lee", "11", 2);
    offer("cinemaworld", k_day2, "0000003", "Gamma", "Bo Kim", "5000", 2);
    offer("cinemaworld", k_day2, "0000004", "Delta", "Cy Park", "15", 2);
    offer("filmworld", k_day2, "0000001", "Alpha", "Ann Lee", "12", 2);
    offer("filmworld", k_day2, "0000002", "Beta", "Ann Lee, Bo Kim", "19", 2);
    testing::write_raw_list(m_lake.lake(), "cinemaworld", k_day2,
                            {{"cw0000001", "Alpha", "2001"},
                             {"cw0000002", "Beta", "2001"},
                             {"cw0000003", "Gamma", "2001"},
                             {"cw0000004", "Delta", "2001"}},
                            2);
    using testing::request_line;
    testing::write_request_log(
        m_lake.lake(), "cinemaworld", k_day2, 2,
        {request_line("cinemaworld", "movies", "", 1, "ok", 200, 10),
         request_line("cinemaworld", "movie", "cw0000001", 1, "ok", 200, 20),
         request_line("cinemaworld", "movie", "cw0000002", 1, "server_error", 503, 30,
                      "2026-01-02T10:00:01.000Z"),
         request_line("cinemaworld", "movie", "cw0000002", 2, "server_error", 503, 40,
                      "2026-01-02T10:00:02.000Z"),
         request_line("cinemaworld", "movie", "cw0000003", 1, "ok", 200, 50),
         request_line("cinemaworld", "movie", "cw0000004", 1, "ok", 200, 60)});
    const auto runs = m_lake.lake() / "raw" / "providers" / "_runs" / "ingest_date=2026-01-02";
    std::filesystem::create_directories(runs);
    testing::write_file(runs / "run-2.json",
                        R"({"run_id": 2, "deadline_hit": true, "requests": 6, "providers": [
          {"provider": "cinemaworld", "list_fetched": true, "list_date": "2026-01-02",
           "listed": 4, "already_stored": 0, "fetched": 3, "missing": 1, "breaker_trips": 1},
          {"provider": "filmworld", "list_fetched": false, "list_date": "2026-01-01",
           "listed": 2, "already_stored": 2, "fetched": 0, "missing": 0, "breaker_trips": 0}]})");
  }

  testing::PricesLakeFixture m_lake;
};

TEST_F(PricesProductsTest, FirstDayProducts) {
  write_day1();
  m_lake.run(k_day1);
  EXPECT_EQ(m_lake.rows("SELECT provider, movie_id, price, is_outlier FROM price_observations "
                        "WHERE is_outlier"),
            (Rows{"cinemaworld|cw0000003|5000.00|true"}));
  EXPECT_EQ(m_lake.rows("SELECT count(*) FROM price_changes"), (Rows{"0"}));
  EXPECT_EQ(m_lake.rows("SELECT count(*) FROM missing_films"), (Rows{"0"}));
  EXPECT_EQ(m_lake.rows("SELECT count(*), count(*) FILTER (WHERE is_current) FROM prices_latest"),
            (Rows{"6|6"}));
  EXPECT_EQ(
      m_lake.rows("SELECT scope, provider, movie_id, price FROM cheapest_films WHERE rank = 1 "
                  "ORDER BY scope"),
      (Rows{"all|cinemaworld|cw0000001|10.00", "cinemaworld|cinemaworld|cw0000001|10.00",
            "filmworld|filmworld|fw0000001|12.00"}));
}

TEST_F(PricesProductsTest, SecondDayKeepsLastKnownPricesAndRecordsChanges) {
  write_day1();
  m_lake.run(k_day1);
  write_day2();
  m_lake.run(k_day2);

  EXPECT_EQ(m_lake.rows("SELECT count(*), count(DISTINCT ingest_date) FROM price_observations"),
            (Rows{"11|2"}));
  EXPECT_EQ(m_lake.rows("SELECT ingest_date, movie_id FROM price_observations WHERE is_outlier "
                        "ORDER BY 1"),
            (Rows{"2026-01-01|cw0000003", "2026-01-02|cw0000003"}));
  // Never a NULL price; the film missing today keeps its day-1 price and observed_at.
  EXPECT_EQ(m_lake.rows("SELECT count(*) FROM prices_latest WHERE price IS NULL"), (Rows{"0"}));
  EXPECT_EQ(m_lake.rows("SELECT provider, movie_id, price, observed_at, ingest_date, is_current "
                        "FROM prices_latest WHERE NOT is_current"),
            (Rows{"cinemaworld|cw0000002|20.50|2026-01-01 10:00:02|2026-01-01|false"}));
  EXPECT_EQ(m_lake.rows("SELECT provider, movie_id, imdb_id, title, old_price, new_price, "
                        "previous_observed_at, changed_at FROM price_changes ORDER BY provider"),
            (Rows{"cinemaworld|cw0000001|tt0000001|Alpha|10.00|11.00|2026-01-01 "
                  "10:00:01|2026-01-02 10:00:01",
                  "filmworld|fw0000002|tt0000002|Beta|20.50|19.00|2026-01-01 "
                  "10:00:02|2026-01-02 10:00:02"}));
  EXPECT_EQ(m_lake.rows("SELECT provider, movie_id, title, last_error, last_price, "
                        "last_observed_at FROM missing_films"),
            (Rows{"cinemaworld|cw0000002|Beta|server_error (HTTP 503)|20.50|2026-01-01 "
                  "10:00:02"}));
  EXPECT_EQ(m_lake.rows("SELECT imdb_id, cinemaworld_price, filmworld_price, cheaper_provider, "
                        "difference FROM price_comparison ORDER BY imdb_id"),
            (Rows{"tt0000001|11.00|12.00|cinemaworld|1.00", "tt0000002|20.50|19.00|filmworld|1.50",
                  "tt0000003|5000.00|∅|cinemaworld|∅", "tt0000004|15.00|∅|cinemaworld|∅"}));
  EXPECT_EQ(m_lake.rows("SELECT scope, rank, movie_id, price, is_outlier FROM cheapest_films "
                        "WHERE scope = 'all' ORDER BY rank"),
            (Rows{"all|1|cw0000001|11.00|false", "all|2|fw0000001|12.00|false",
                  "all|3|cw0000004|15.00|false", "all|4|fw0000002|19.00|false",
                  "all|5|cw0000002|20.50|false", "all|6|cw0000003|5000.00|true"}));
  EXPECT_EQ(m_lake.rows("SELECT director, films, min_price, cheapest_title, total_price, outliers, "
                        "rank_by_min, rank_by_total FROM cheapest_directors WHERE scope = 'all' "
                        "ORDER BY rank_by_min"),
            (Rows{"Ann Lee|2|11.00|Alpha|30.00|0|1|2", "Cy Park|1|15.00|Delta|15.00|0|2|1",
                  "Bo Kim|2|19.00|Beta|5019.00|1|3|3"}));
  EXPECT_EQ(m_lake.rows("SELECT director, films, min_price, total_price FROM cheapest_directors "
                        "WHERE scope = 'cinemaworld' ORDER BY rank_by_min"),
            (Rows{"Ann Lee|2|11.00|31.50", "Cy Park|1|15.00|15.00", "Bo Kim|2|20.50|5020.50"}));
  EXPECT_EQ(m_lake.rows("SELECT run_id, provider, requests, successes, failures_server_error, "
                        "failures_other, retries, latency_p50_ms, breaker_trips, films_listed, "
                        "films_collected, films_missing FROM provider_health ORDER BY provider"),
            (Rows{"2|cinemaworld|6|4|2|0|1|35.0|1|4|3|1", "2|filmworld|0|0|0|0|0|∅|0|2|2|0"}));
}

TEST_F(PricesProductsTest, HistoryReadsOnlyPartitionsUpToTheRunDate) {
  write_day1();
  write_day2();
  m_lake.run(k_day1);
  m_lake.run(k_day2);
  m_lake.run(k_day1);  // a re-run of the earlier date once the later one exists
  auto database = db::DuckDatabase::open(":memory:").value();
  auto connection = db::DuckConnection::connect(database).value();
  const lake::Lake lake(m_lake.lake());
  const auto count = [&](const char* date) {
    return connection
        .query_int(fmt::format("SELECT count(*) FROM {}",
                               db::sql_read_parquet(lake.parquet_glob(lake::Layer::aggregated,
                                                                      "price_observations", date))))
        .value();
  };
  EXPECT_EQ(count(k_day1), 6);
  EXPECT_EQ(count(k_day2), 11);
}

TEST_F(PricesProductsTest, ProviderWithoutAnyListIsNamedInMissingFilms) {
  offer("cinemaworld", k_day1, "0000001", "Alpha", "Ann Lee", "10.0", 1);
  testing::write_raw_list(m_lake.lake(), "cinemaworld", k_day1, {{"cw0000001", "Alpha", "2001"}});
  const auto runs = m_lake.lake() / "raw" / "providers" / "_runs" / "ingest_date=2026-01-01";
  std::filesystem::create_directories(runs);
  testing::write_file(runs / "run-1.json",
                      R"({"run_id": 1, "deadline_hit": true, "requests": 3, "providers": [
        {"provider": "cinemaworld", "list_fetched": true, "list_date": "2026-01-01",
         "listed": 1, "already_stored": 0, "fetched": 1, "missing": 0, "breaker_trips": 0},
        {"provider": "filmworld", "list_fetched": false, "list_date": "",
         "listed": 0, "already_stored": 0, "fetched": 0, "missing": 0, "breaker_trips": 1}]})");
  m_lake.run(k_day1);
  EXPECT_EQ(m_lake.rows("SELECT * FROM missing_films"),
            (Rows{"filmworld|∅|∅|movie list never fetched|∅|∅"}));
}

// The real recorded responses (13 details of the public test API) as one day's raw files.
TEST_F(PricesProductsTest, RealRecordedResponsesGiveTheExpectedProducts) {
  SKIP_WITHOUT_SHARED_DATA(shared);
  const auto recorded = shared / "providers" / "recorded_details_2017.json";
  if (!std::filesystem::exists(recorded)) GTEST_SKIP() << recorded << " is absent";
  const auto records = nlohmann::ordered_json::parse(testing::read_file(recorded));
  for (const auto& record : records) {
    testing::write_raw_detail(m_lake.lake(), record["cinema"]["name"], k_day1, record["ID"],
                              record.dump(2));
  }
  m_lake.run(k_day1);
  // The outlier is kept and flagged; nothing else is.
  EXPECT_EQ(m_lake.rows("SELECT movie_id, price FROM price_observations WHERE is_outlier"),
            (Rows{"cw0120915|123343.50"}));
  EXPECT_EQ(m_lake.rows("SELECT count(*) FROM price_observations"), (Rows{"13"}));
  EXPECT_EQ(m_lake.rows("SELECT scope, movie_id, title, price FROM cheapest_films WHERE rank = 1 "
                        "ORDER BY scope"),
            (Rows{"all|cw0121765|Star Wars: Episode II - Attack of the Clones|12.50",
                  "cinemaworld|cw0121765|Star Wars: Episode II - Attack of the Clones|12.50",
                  "filmworld|fw0076759|Star Wars: Episode IV - A New Hope|29.50"}));
  // Matched across providers by IMDb number; The Force Awakens only at cinemaworld.
  EXPECT_EQ(
      m_lake.rows("SELECT imdb_id, cinemaworld_price, filmworld_price, cheaper_provider, "
                  "difference FROM price_comparison ORDER BY imdb_id"),
      (Rows{"tt0076759|123.50|29.50|filmworld|94.00", "tt0080684|13.50|1295.00|cinemaworld|1281.50",
            "tt0086190|253.50|69.50|filmworld|184.00",
            "tt0120915|123343.50|900.50|filmworld|122443.00",
            "tt0121765|12.50|1249.50|cinemaworld|1237.00",
            "tt0121766|125.50|129.90|cinemaworld|4.40", "tt2488496|129.50|∅|cinemaworld|∅"}));
  EXPECT_EQ(m_lake.rows("SELECT director, films, min_price, cheapest_title, total_price, "
                        "rank_by_min, rank_by_total FROM cheapest_directors WHERE scope = 'all' "
                        "ORDER BY rank_by_min"),
            (Rows{"George Lucas|4|12.50|Star Wars: Episode II - Attack of the Clones|1068.00|1|4",
                  "Irvin Kershner|1|13.50|Star Wars: Episode V - The Empire Strikes Back|13.50|2|1",
                  "Richard Marquand|1|69.50|Star Wars: Episode VI - Return of the Jedi|69.50|3|2",
                  "J.J. Abrams|1|129.50|Star Wars: The Force Awakens|129.50|4|3"}));
}

}  // namespace
}  // namespace reelhouse::pipeline
