// API v1 products over real DuckDB warehouses: happy paths, filters, sorting, paging edges,
// validation errors (422 naming the field) and products whose table does not exist.
#include "server/product_catalog.hpp"
#include "server_test_support.hpp"

namespace reelhouse::testing {
namespace {

class ProductApiTest : public ServerFixture {
 protected:
  void SetUp() override {
    publish(k_people_tables);
    start();
  }

  std::vector<std::string> nconsts(const ApiAnswer& answer) {
    std::vector<std::string> ids;
    for (const auto& item : answer.json["items"]) ids.push_back(item["nconst"]);
    return ids;
  }
};

TEST_F(ProductApiTest, PeopleOfARoleInRankOrderWithTotalAndTypedValues) {
  const auto answer = get("/api/v1/people?role=actor&limit=50");
  ASSERT_EQ(answer.status, 200) << answer.body;
  EXPECT_EQ(answer.content_type, "application/json");
  EXPECT_EQ(answer.json["product"], "people");
  EXPECT_EQ(answer.json["total"], 3);
  EXPECT_EQ(answer.json["limit"], 50);
  EXPECT_EQ(answer.json["offset"], 0);
  EXPECT_EQ(nconsts(answer), (std::vector<std::string>{"nm0000001", "nm0000002", "nm0000003"}));
  const auto& first = answer.json["items"][0];
  EXPECT_EQ(first["name"], "Ada Actor");
  EXPECT_EQ(first["titles"], 5);
  EXPECT_DOUBLE_EQ(first["avg_rating"].get<double>(), 8.5);
  EXPECT_EQ(first["votes"], 12000);
  EXPECT_TRUE(answer.json["items"][1]["runtime_minutes"].is_null());
  // Columns in table order on the wire.
  const auto ordered = nlohmann::ordered_json::parse(answer.body)["items"][0];
  std::vector<std::string> keys;
  for (const auto& [key, value] : ordered.items()) keys.push_back(key);
  EXPECT_EQ(keys,
            (std::vector<std::string>{"nconst", "name", "role", "titles", "avg_rating",
                                      "weighted_rating", "votes", "runtime_minutes", "rank"}));
}

TEST_F(ProductApiTest, SearchSortAndThresholdFilters) {
  auto answer = get("/api/v1/people?q=" + url_encode("o'brien"));
  ASSERT_EQ(answer.status, 200) << answer.body;
  EXPECT_EQ(nconsts(answer), std::vector<std::string>{"nm0000002"});
  answer = get("/api/v1/people?q=" + url_encode("ÉMILE"));  // case folding beyond ASCII
  EXPECT_EQ(nconsts(answer), std::vector<std::string>{"nm0000005"}) << answer.body;
  answer = get("/api/v1/people?q=" + url_encode("émile"));
  EXPECT_EQ(nconsts(answer), std::vector<std::string>{"nm0000005"});
  answer = get("/api/v1/people?sort=-votes");
  EXPECT_EQ(nconsts(answer), (std::vector<std::string>{"nm0000004", "nm0000001", "nm0000002",
                                                       "nm0000003", "nm0000005"}));
  answer = get("/api/v1/people?sort=role,-avg_rating&min_titles=4");
  EXPECT_EQ(nconsts(answer), (std::vector<std::string>{"nm0000001", "nm0000003", "nm0000004"}));
  answer = get("/api/v1/people?min_votes=5000&role=actress");
  EXPECT_EQ(nconsts(answer), std::vector<std::string>{"nm0000004"});
}

TEST_F(ProductApiTest, PagingEdgesAreStableAndComplete) {
  std::vector<std::string> paged;
  for (int offset = 0; offset < 5; offset += 2) {
    const auto answer = get(fmt::format("/api/v1/people?limit=2&offset={}", offset));
    ASSERT_EQ(answer.status, 200);
    EXPECT_EQ(answer.json["total"], 5);
    for (const auto& id : nconsts(answer)) paged.push_back(id);
  }
  EXPECT_EQ(paged, nconsts(get("/api/v1/people?limit=1000")));
  EXPECT_EQ(paged.size(), 5u);
  // Past the end: empty page, total still right.
  auto answer = get("/api/v1/people?offset=5");
  EXPECT_EQ(answer.status, 200);
  EXPECT_TRUE(answer.json["items"].empty());
  EXPECT_EQ(answer.json["total"], 5);
  answer = get("/api/v1/people?offset=1000000000&limit=1000");
  EXPECT_EQ(answer.status, 200);
  EXPECT_TRUE(answer.json["items"].empty());
  // The last row alone.
  answer = get("/api/v1/people?offset=4&limit=1");
  EXPECT_EQ(nconsts(answer), std::vector<std::string>{paged.back()});
}

TEST_F(ProductApiTest, InvalidParametersAnswer422NamingTheField) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"/api/v1/people?limit=0", "limit"},
      {"/api/v1/people?limit=1001", "limit"},
      {"/api/v1/people?limit=ten", "limit"},
      {"/api/v1/people?limit=5&limit=6", "limit"},
      {"/api/v1/people?offset=-1", "offset"},
      {"/api/v1/people?offset=1000000001", "offset"},
      {"/api/v1/people?role=director", "role"},
      {"/api/v1/people?sort=shoe_size", "sort"},
      {"/api/v1/people?sort=" + url_encode("name;DROP TABLE people"), "sort"},
      {"/api/v1/people?min_votes=many", "min_votes"},
      {"/api/v1/people?as_of=2024-02-30", "as_of"},
      {"/api/v1/people?colour=red", "colour"},
      {"/api/v1/people?q=", "q"},
      {"/api/v1/people?q=" + std::string(300, 'a'), "q"},
      {"/api/v1/people?q=%01", "q"},
      {"/api/v1/people?q=%ff%fe", "q"},
      {"/api/v1/prices_latest?provider=amazon", "provider"},
      {"/api/v1/top_films?year_from=nineteen", "year_from"},
      {"/api/v1/etl_pipeline_status?date=yesterday", "date"},
      {"/api/v1/etl_pipeline_status?as_of=2024-01-01", "as_of"},
  };
  for (const auto& [target, field] : cases) {
    const auto answer = get(target);
    EXPECT_EQ(answer.status, 422) << target << " → " << answer.body;
    EXPECT_EQ(answer.json.value("field", ""), field) << target << " → " << answer.body;
    EXPECT_FALSE(answer.json.value("error", "").empty()) << target;
  }
}

TEST_F(ProductApiTest, EveryProductOfTheTableAnswersEmptyWhenItsTableIsAbsent) {
  for (const auto& spec : server::product_specs()) {
    if (spec.table == "people") continue;
    const auto answer = get("/api/v1/" + spec.name + "?limit=10");
    ASSERT_EQ(answer.status, 200) << spec.name << ": " << answer.body;
    EXPECT_EQ(answer.json["product"], spec.name);
    EXPECT_EQ(answer.json["total"], 0);
    EXPECT_TRUE(answer.json["items"].is_array() && answer.json["items"].empty());
  }
  const auto products = get("/api/v1/products");
  ASSERT_EQ(products.status, 200);
  EXPECT_EQ(products.json["products"].size(), server::product_specs().size());
  for (const auto& product : products.json["products"]) {
    EXPECT_EQ(product["available"], product["name"] == "people") << product.dump();
  }
}

TEST_F(ProductApiTest, UnknownProductAndUnknownPathAnswer404Json) {
  auto answer = get("/api/v1/shoes");
  EXPECT_EQ(answer.status, 404);
  EXPECT_FALSE(answer.json.is_discarded()) << answer.body;
  answer = get("/no/such/path");
  EXPECT_EQ(answer.status, 404);
  EXPECT_EQ(answer.json["status"], 404);
}

// Every product with rows: the movies and prices tables as the contract defines them.
class AllProductsApiTest : public ServerFixture {};

TEST_F(AllProductsApiTest, EveryProductServesItsRowsWithFilters) {
  std::vector<std::string> statements = k_people_tables;
  const std::vector<std::string> more = {
      "CREATE TABLE top_films AS SELECT 1 AS rank, 10 AS film_id, 'tt0000010' AS imdb_id, "
      "'Rocky' AS title, 1976 AS year, 1000000 AS budget, 117000000 AS revenue, 117.0 AS ratio, "
      "8.1 AS vote_average, 'Drama, Action' AS genres, 'United Artists' AS companies, "
      "'https://en.wikipedia.org/wiki/Rocky' AS wikipedia_url, 'A boxer.' AS abstract "
      "UNION ALL SELECT 2, 11, 'tt0000011', 'Clerks', 1994, 27575, 3151130, 114.3, 7.4, "
      "'Comedy', 'View Askew', NULL, NULL",
      "CREATE TABLE movie_report AS SELECT 10 AS film_id, 'tt0000010' AS imdb_id, 'Rocky' AS "
      "title, 'Rocky' AS original_title, 1976 AS year, DATE '1976-11-21' AS release_date, "
      "1000000 AS budget, 117000000 AS revenue, 12.5 AS popularity, 8.1 AS vote_average, 900 AS "
      "vote_count, 'Rocky' AS wikipedia_title, 'https://en.wikipedia.org/wiki/Rocky' AS "
      "wikipedia_url, 'A boxer.' AS abstract, 'title' AS match_method",
      "CREATE TABLE genre_year AS SELECT 'Drama' AS genre, 1976 AS year, 1000000 AS budget, "
      "117000000 AS revenue, 116000000 AS profit, 1 AS releases, 12.5 AS avg_popularity",
      "CREATE TABLE company_year AS SELECT 'United Artists' AS company, 1976 AS year, 1000000 AS "
      "budget, 117000000 AS revenue, 116000000 AS profit, 1 AS releases, 12.5 AS avg_popularity",
      "CREATE TABLE company_genre_year AS SELECT 1976 AS year, 'United Artists' AS company, "
      "'Drama' AS genre, 1 AS releases",
      "CREATE TABLE most_popular_genre AS SELECT 1976 AS year, 'Drama' AS genre, 12.5 AS "
      "avg_popularity, 3 AS releases",
      "CREATE TABLE prices_latest AS SELECT 'cinemaworld' AS provider, 'cw0076759' AS movie_id, "
      "'tt0076759' AS imdb_id, 'Star Wars' AS title, 1977 AS year, 123.5::DECIMAL(18,2) AS price, "
      "TIMESTAMP '2024-01-01 10:00:00' AS observed_at, DATE '2024-01-01' AS ingest_date, TRUE AS "
      "is_current UNION ALL SELECT 'filmworld', 'fw0076759', 'tt0076759', 'Star Wars', 1977, "
      "29.5, TIMESTAMP '2023-12-31 10:00:00', DATE '2023-12-31', FALSE",
      "CREATE TABLE price_observations AS SELECT *, 'Lucas' AS director FROM prices_latest",
      "CREATE TABLE price_changes AS SELECT 'cinemaworld' AS provider, 'cw0076759' AS movie_id, "
      "'tt0076759' AS imdb_id, 'Star Wars' AS title, 100.0::DECIMAL(18,2) AS old_price, "
      "123.5::DECIMAL(18,2) AS new_price, TIMESTAMP '2023-12-31 10:00:00' AS previous_observed_at, "
      "TIMESTAMP '2024-01-01 10:00:00' AS changed_at",
      "CREATE TABLE cheapest_films AS SELECT 'all' AS scope, 1 AS rank, 'filmworld' AS provider, "
      "'fw0076759' AS movie_id, 'tt0076759' AS imdb_id, 'Star Wars' AS title, 1977 AS year, "
      "29.5::DECIMAL(18,2) AS price, FALSE AS is_outlier",
      "CREATE TABLE cheapest_directors AS SELECT 'all' AS scope, 'George Lucas' AS director, 1 "
      "AS films, 29.5 AS min_price, 'Star Wars' AS cheapest_title, 29.5 AS total_price, 1 AS "
      "rank_by_min, 1 AS rank_by_total",
      "CREATE TABLE price_comparison AS SELECT 'tt0076759' AS imdb_id, 'Star Wars' AS title, "
      "1977 AS year, 123.5 AS cinemaworld_price, 29.5 AS filmworld_price, 'filmworld' AS "
      "cheaper_provider, 94.0 AS difference",
      "CREATE TABLE provider_health AS SELECT 7 AS run_id, 'cinemaworld' AS provider, 100 AS "
      "requests, 90 AS successes, 5 AS failures_server_error, 2 AS failures_timeout, 0 AS "
      "failures_connection, 1 AS failures_rate_limited, 1 AS failures_invalid_body, 1 AS "
      "failures_not_found, 0 AS failures_other, 10 AS retries, 0 AS breaker_trips, 600.0 AS "
      "latency_p50_ms, 2700.0 AS latency_p90_ms, 7500.0 AS latency_p99_ms, 50 AS films_listed, "
      "49 AS films_collected, 1 AS films_missing",
      "CREATE TABLE missing_films AS SELECT 'filmworld' AS provider, 'fw0080684' AS movie_id, "
      "'Empire' AS title, 'HTTP 503' AS last_error, 25.0 AS last_price, TIMESTAMP "
      "'2023-12-30 10:00:00' AS last_observed_at",
      "CREATE TABLE etl_pipeline_status (run_id BIGINT, pipeline VARCHAR, task VARCHAR, "
      "ingest_date DATE, state VARCHAR, started_at TIMESTAMP, finished_at TIMESTAMP, rows_in "
      "BIGINT, rows_out BIGINT, rows_rejected BIGINT, bytes BIGINT, attempt INTEGER, error "
      "VARCHAR)",
      "INSERT INTO etl_pipeline_status VALUES (1, 'imdb', 'land', '2024-01-01', 'succeeded', "
      "'2024-01-01 10:00:00', '2024-01-01 10:00:05', 10, 9, 1, 100, 1, NULL)"};
  statements.insert(statements.end(), more.begin(), more.end());
  publish(statements);
  start();
  const std::vector<std::pair<std::string, int>> cases = {
      {"/api/v1/top_films", 2},
      {"/api/v1/top_films?genre=Action", 1},
      {"/api/v1/top_films?genre=Act", 0},  // a whole list element, not a substring
      {"/api/v1/top_films?company=" + url_encode("View Askew") + "&year_from=1990", 1},
      {"/api/v1/top_films?year_to=1980&q=rock", 1},
      {"/api/v1/movie_report?match_method=title", 1},
      {"/api/v1/genre_year?genre=Drama&year_from=1976&year_to=1976", 1},
      {"/api/v1/company_year?q=united", 1},
      {"/api/v1/company_genre_year?company=" + url_encode("United Artists") + "&genre=Drama", 1},
      {"/api/v1/most_popular_genre?year_from=1977", 0},
      {"/api/v1/prices_latest?provider=filmworld", 1},
      {"/api/v1/prices_latest?is_current=true", 1},
      {"/api/v1/price_observations?imdb_id=tt0076759", 2},
      {"/api/v1/price_changes?provider=cinemaworld", 1},
      {"/api/v1/cheapest_films?scope=all", 1},
      {"/api/v1/cheapest_directors?q=lucas", 1},
      {"/api/v1/price_comparison?year_from=1977", 1},
      {"/api/v1/provider_health?run_id=7&provider=cinemaworld", 1},
      {"/api/v1/missing_films?provider=filmworld", 1},
      {"/api/v1/etl_pipeline_status?date=2024-01-01&state=succeeded", 1},
  };
  for (const auto& [target, total] : cases) {
    const auto answer = get(target);
    ASSERT_EQ(answer.status, 200) << target << ": " << answer.body;
    EXPECT_EQ(answer.json["total"], total) << target << ": " << answer.body;
    EXPECT_EQ(answer.json["items"].size(), static_cast<size_t>(total)) << target;
  }
  const auto latest = get("/api/v1/prices_latest?sort=-price");
  EXPECT_DOUBLE_EQ(latest.json["items"][0]["price"].get<double>(), 123.5);
  EXPECT_EQ(latest.json["items"][0]["observed_at"], "2024-01-01 10:00:00");
  EXPECT_EQ(latest.json["items"][0]["is_current"], true);
}

}  // namespace
}  // namespace reelhouse::testing
