// Tests of the price landings (landing/land_prices.hpp): the real recorded provider responses
// land exactly; what cannot be trusted is quarantined naming the file and the field; lists,
// request logs and run reports land with their rows accounted for.
#include "landing/land_prices.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/prices_raw_files.hpp"
#include "support/test_support.hpp"

namespace reelhouse::landing {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;

constexpr const char* k_date = "2026-01-01";

class LandPricesTest : public ::testing::Test {
 protected:
  fs::path lake() const { return m_dir.path() / "lake"; }

  // Lands with `land` into fresh staging dirs; returns the stats.
  PricesLandStats land(Result<PricesLandStats> (*land)(const PricesLandRequest&)) {
    fs::remove_all(staging());
    fs::remove_all(quarantine());
    fs::create_directories(staging());
    fs::create_directories(quarantine());
    auto stats = land(PricesLandRequest{.providers_root = lake() / "raw" / "providers",
                                        .ingest_date = k_date,
                                        .staging_dir = staging(),
                                        .quarantine_staging_dir = quarantine()});
    EXPECT_TRUE(stats.has_value()) << stats.error().message;
    return stats.value_or(PricesLandStats{});
  }

  // Rows of `sql` where {landed} and {rejects} name the staged files; values joined by '|'.
  std::vector<std::string> rows(const std::string& select_from) {
    auto database = db::DuckDatabase::open(":memory:").value();
    auto connection = db::DuckConnection::connect(database).value();
    std::string sql = select_from;
    auto replace = [&](const std::string& name, const fs::path& file) {
      for (size_t at = sql.find(name); at != std::string::npos; at = sql.find(name)) {
        sql.replace(at, name.size(), db::sql_read_parquet(file.string()));
      }
    };
    replace("{landed}", staging() / "part-0.parquet");
    replace("{rejects}", quarantine() / "rejects.parquet");
    auto result = connection.query_text(sql);
    EXPECT_TRUE(result.has_value()) << (result ? "" : result.error().message);
    std::vector<std::string> lines;
    if (!result) return lines;
    for (const auto& row : result->rows) {
      std::string line;
      for (size_t column_idx = 0; column_idx < row.size(); ++column_idx) {
        if (column_idx > 0) line += '|';
        line += row[column_idx].value_or("∅");
      }
      lines.push_back(line);
    }
    return lines;
  }

  fs::path staging() const { return m_dir.path() / "staging"; }
  fs::path quarantine() const { return m_dir.path() / "quarantine"; }

  TempDir m_dir;
};

TEST_F(LandPricesTest, RealRecordedResponsesLandExactly) {
  SKIP_WITHOUT_SHARED_DATA(shared);
  const fs::path recorded = shared / "providers" / "recorded_details_2017.json";
  if (!fs::exists(recorded)) GTEST_SKIP() << recorded << " is absent: skipping real-data test";
  // Each recorded response becomes the raw file the ingestion would have stored.
  const auto records = nlohmann::ordered_json::parse(testing::read_file(recorded));
  ASSERT_EQ(records.size(), 13u);
  for (const auto& record : records) {
    const std::string provider = record["cinema"]["name"];
    testing::write_raw_detail(lake(), provider, k_date, record["ID"], record.dump(2), 7,
                              "2026-01-01T10:00:00.250Z");
  }
  const auto stats = land(land_price_observations);
  EXPECT_EQ(stats.rows_in, 13);
  EXPECT_EQ(stats.rows_out, 13);
  EXPECT_EQ(stats.rows_rejected, 0);

  EXPECT_EQ(rows("SELECT provider, count(*), count(awards) FROM {landed} GROUP BY ALL ORDER BY 1"),
            (std::vector<std::string>{"cinemaworld|7|7", "filmworld|6|0"}));
  // Prices are exact decimals: the outlier and the one-decimal prices as sent.
  EXPECT_EQ(rows("SELECT movie_id, imdb_id, year, price, price_text, typeof(price) FROM {landed} "
                 "WHERE movie_id IN ('cw0120915', 'fw0080684', 'fw0121766') ORDER BY 1"),
            (std::vector<std::string>{"cw0120915|tt0120915|1999|123343.50|123343.5|DECIMAL(18,2)",
                                      "fw0080684|tt0080684|1980|1295.00|1295.0|DECIMAL(18,2)",
                                      "fw0121766|tt0121766|2005|129.90|129.9|DECIMAL(18,2)"}));
  EXPECT_EQ(rows("SELECT sum(price) FROM {landed}"), (std::vector<std::string>{"127675.40"}));
  EXPECT_EQ(rows("SELECT DISTINCT observed_at, run_id FROM {landed}"),
            (std::vector<std::string>{"2026-01-01 10:00:00.25|7"}));
  EXPECT_EQ(rows("SELECT title, director, awards FROM {landed} WHERE movie_id = 'cw0076759'"),
            (std::vector<std::string>{"Star Wars: Episode IV - A New Hope|George Lucas|Won 6 "
                                      "Oscars. Another 48 wins & 28 nominations."}));
  EXPECT_EQ(rows("SELECT count(*) FROM {rejects}"), (std::vector<std::string>{"0"}));
}

TEST_F(LandPricesTest, QuarantinesUntrustedBodiesNamingFileAndField) {
  using testing::detail_body;
  testing::write_raw_detail(lake(), "cinemaworld", k_date, "cw0000001",
                            detail_body("cw0000001", "Good", "2001", "Ann Lee", "29.5"));
  testing::write_raw_detail(lake(), "cinemaworld", k_date, "cw0000002",
                            detail_body("cw0000002", "Bad price", "2002", "Ann Lee", "N/A"));
  testing::write_raw_detail(lake(), "cinemaworld", k_date, "cw0000003", "{\"Title\": \"Trunc");
  testing::write_raw_detail(lake(), "cinemaworld", k_date, "cw0000004",
                            detail_body("cw0000005", "Wrong ID", "2004", "Ann Lee", "1"));
  // A body without its sidecar is not trusted; a sidecar without its body never completed.
  const auto dir = testing::provider_raw_dir(lake(), "filmworld", k_date) / "movie";
  fs::create_directories(dir);
  testing::write_file(dir / "fw0000006.json",
                      detail_body("fw0000006", "No sidecar", "2006", "Bo", "3", false));
  testing::write_sidecar(dir / "fw0000007.json", "2026-01-01T10:00:00Z", 1, "");
  // Not a year: lands with year NULL and the text kept.
  testing::write_raw_detail(lake(), "filmworld", k_date, "fw0000008",
                            detail_body("fw0000008", "Series", "2015–", "Bo", "4.25", false));

  const auto stats = land(land_price_observations);
  EXPECT_EQ(stats.rows_in, 6);
  EXPECT_EQ(stats.rows_out, 2);
  EXPECT_EQ(stats.rows_rejected, 4);
  EXPECT_EQ(stats.rows_in, stats.rows_out + stats.rows_rejected);
  EXPECT_EQ(rows("SELECT movie_id, year, year_text, price FROM {landed} ORDER BY 1"),
            (std::vector<std::string>{"cw0000001|2001|2001|29.50", "fw0000008|∅|2015–|4.25"}));
  const auto rejects = rows(
      "SELECT regexp_extract(source_file, '[a-z]+/[^/]+$'), field, reason, line IS NULL, "
      "length(raw) > 0 FROM {rejects} ORDER BY 1");
  ASSERT_EQ(rejects.size(), 4u);
  EXPECT_EQ(rejects[0], "movie/cw0000002.json|Price|invalid_body|true|true");
  EXPECT_EQ(rejects[1], "movie/cw0000003.json|∅|invalid_body|true|true");
  EXPECT_EQ(rejects[2], "movie/cw0000004.json|∅|invalid_body|true|true");
  EXPECT_EQ(rejects[3], "movie/fw0000006.json|∅|missing_sidecar|true|true");
  EXPECT_EQ(rows("SELECT count(*) FROM {rejects} WHERE detail LIKE '%cw0000005%'"),
            (std::vector<std::string>{"1"}));
}

TEST_F(LandPricesTest, ListingsKeepTheProvidersOrder) {
  testing::write_raw_list(lake(), "filmworld", k_date,
                          {{"fw0000002", "Second", "1999"}, {"fw0000001", "First", "N/A"}}, 3);
  // A list that does not parse is one quarantined row, not a failure.
  const auto path = testing::provider_raw_dir(lake(), "cinemaworld", k_date) / "movies.json";
  fs::create_directories(path.parent_path());
  testing::write_sidecar(path, "2026-01-01T10:00:00Z", 3, "x");
  testing::write_file(path, "{\"Movies\": [{\"Title\": 5}]}");
  const auto stats = land(land_provider_listings);
  EXPECT_EQ(stats.rows_out, 2);
  EXPECT_EQ(stats.rows_rejected, 1);
  EXPECT_EQ(
      rows("SELECT provider, position, movie_id, imdb_id, year, year_text, listed_at, "
           "run_id FROM {landed} ORDER BY position"),
      (std::vector<std::string>{"filmworld|1|fw0000002|tt0000002|1999|1999|2026-01-01 09:59:00|3",
                                "filmworld|2|fw0000001|tt0000001|∅|N/A|2026-01-01 09:59:00|3"}));
  EXPECT_EQ(rows("SELECT field, reason FROM {rejects}"),
            (std::vector<std::string>{"Title|invalid_body"}));
}

TEST_F(LandPricesTest, RequestLogsLandEveryAttemptAndQuarantineBadLines) {
  using testing::request_line;
  testing::write_request_log(
      lake(), "cinemaworld", k_date, 12,
      {request_line("cinemaworld", "movies", "", 1, "ok", 200, 4.5),
       request_line("cinemaworld", "movie", "cw1", 1, "server_error", 503, 10),
       "{\"provider\": \"cinemaworld\", \"endpoint\": \"movie\"",
       request_line("cinemaworld", "movie", "cw1", 2, "ok", 200, 7.25),
       request_line("cinemaworld", "movie", "cw2", 1, "timeout", 0, 30000),
       nlohmann::json{{"provider", "cinemaworld"},
                      {"endpoint", "movie"},
                      {"movie_id", "cw3"},
                      {"attempt", 1},
                      {"started_at", "2026-01-01T10:00:00Z"},
                      {"latency_ms", "fast"},
                      {"status", 200},
                      {"outcome", "ok"},
                      {"retry_after_ms", nullptr}}
           .dump()});
  const auto stats = land(land_provider_requests);
  EXPECT_EQ(stats.rows_in, 6);
  EXPECT_EQ(stats.rows_out, 4);
  EXPECT_EQ(stats.rows_rejected, 2);
  EXPECT_EQ(rows("SELECT run_id, endpoint, movie_id, attempt, status, outcome, latency_ms, "
                 "retry_after_ms, line FROM {landed} ORDER BY line"),
            (std::vector<std::string>{
                "12|movies||1|200|ok|4.5|∅|1", "12|movie|cw1|1|503|server_error|10.0|∅|2",
                "12|movie|cw1|2|200|ok|7.25|∅|4", "12|movie|cw2|1|0|timeout|30000.0|∅|5"}));
  EXPECT_EQ(rows("SELECT line, field, reason FROM {rejects} ORDER BY line"),
            (std::vector<std::string>{"3|∅|invalid_line", "6|latency_ms|invalid_line"}));
}

TEST_F(LandPricesTest, RunReportsLandOneRowPerProvider) {
  const auto dir = provider_runs_dir(lake() / "raw" / "providers", k_date);
  fs::create_directories(dir);
  testing::write_file(dir / "run-4.json",
                      R"({"run_id": 4, "deadline_hit": true, "requests": 9, "providers": [
           {"provider": "cinemaworld", "list_fetched": true, "list_date": "2026-01-01",
            "listed": 3, "already_stored": 1, "fetched": 2, "missing": 0, "breaker_trips": 0},
           {"provider": "filmworld", "list_fetched": false, "list_date": "",
            "listed": 0, "already_stored": 0, "fetched": 0, "missing": 0, "breaker_trips": 2}]})");
  const auto stats = land(land_provider_runs);
  EXPECT_EQ(stats.rows_out, 2);
  EXPECT_EQ(rows("SELECT run_id, provider, list_fetched, list_date, listed, already_stored, "
                 "fetched, missing, breaker_trips, deadline_hit FROM {landed} ORDER BY provider"),
            (std::vector<std::string>{"4|cinemaworld|true|2026-01-01|3|1|2|0|0|true",
                                      "4|filmworld|false|∅|0|0|0|0|2|true"}));
}

TEST_F(LandPricesTest, EmptyRawPartitionLandsEmptyTablesWithTheirSchema) {
  fs::create_directories(lake() / "raw" / "providers");
  const auto stats = land(land_price_observations);
  EXPECT_EQ(stats.rows_out, 0);
  EXPECT_EQ(rows("SELECT count(*) FROM {landed}"), (std::vector<std::string>{"0"}));
  EXPECT_EQ(rows("SELECT column_type FROM (DESCRIBE SELECT * FROM {landed}) "
                 "WHERE column_name IN ('price', 'observed_at') ORDER BY column_name"),
            (std::vector<std::string>{"TIMESTAMP", "DECIMAL(18,2)"}));
}

}  // namespace
}  // namespace reelhouse::landing
