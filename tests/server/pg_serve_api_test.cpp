// The API answers the same from PostgreSQL as from DuckDB (team mode, issue 7).
//
// One home where imdb, movies and prices ran is published twice, by the same catalog state: to
// its DuckDB warehouse file (warehouse::publish_warehouse) and to a real PostgreSQL
// (publish_postgres_warehouse). Two API servers on 127.0.0.1 serve it, one per backend, and
// every request below must get the same status and the same body, byte for byte: every product
// route × default, limit edges, deep offsets, sorts ascending and descending on every column
// (text, numbers, nullable ones), every filter kind, invalid parameters; the product list, the
// OpenAPI document, the runs, the compatibility endpoints. The only fields allowed to differ
// name the backend or the snapshot: see k_backend_fields.
#include <gtest/gtest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>
#include <set>

#include "catalog/catalog.hpp"
#include "postgres/pg_connection.hpp"
#include "server/api_server.hpp"
#include "server/product_catalog.hpp"
#include "support/every_pipeline_home.hpp"
#include "support/postgres_server.hpp"
#include "warehouse/postgres_publisher.hpp"
#include "warehouse/publisher.hpp"

namespace reelhouse::server {
namespace {

// /healthz fields that name the backend or the opened snapshot (everything else must match).
// "tables" counts every relation of the warehouse: the DuckDB file also holds the cleansed star
// schema's views, which PostgreSQL does not get (warehouse/postgres_publisher.hpp).
const std::set<std::string> k_backend_fields = {"warehouse_backend", "warehouse_location",
                                                "warehouse_generation", "warehouse_opened_at",
                                                "tables"};

struct Answer {
  int status = 0;
  std::string body;
};

Answer get(httplib::Client& client, const std::string& target) {
  auto result = client.Get(target);
  if (!result) return {};
  return {result->status, result->body};
}

Answer post(httplib::Client& client, const std::string& target, const std::string& body) {
  auto result = client.Post(target, body, "application/json");
  if (!result) return {};
  return {result->status, result->body};
}

std::string encode(const std::string& value) {
  return httplib::detail::encode_query_param(value);
}

// The queries of `spec` to compare, derived from the columns and first row the DuckDB server
// answers (so they select real values).
std::vector<std::string> queries_for(const ProductSpec& spec, const nlohmann::ordered_json& first,
                                     const nlohmann::ordered_json& all_items) {
  std::vector<std::string> queries = {
      "",          "limit=1",  "limit=1000",  "limit=0",        "limit=1001",        "limit=x",
      "offset=1",  "offset=7", "offset=1000", "offset=1000000", "limit=3&offset=11", "offset=-1",
      "sort=nope", "sort=-",   "sort=a,,b",   "unknown=1",      "limit=1&limit=2"};
  if (spec.supports_as_of) {
    queries.push_back("as_of=not-a-date");
    queries.push_back("as_of=2024-01-01&limit=5");
  } else {
    queries.push_back("as_of=2024-01-01");
  }
  std::vector<std::string> columns;
  for (const auto& [name, value] : first.items()) columns.push_back(name);
  for (const auto& column : columns) {
    queries.push_back("sort=" + column);
    queries.push_back("sort=-" + column);
    queries.push_back("sort=-" + column + "&limit=7&offset=3");
  }
  if (columns.size() >= 2) {
    queries.push_back(fmt::format("sort={},-{}", columns[1], columns[0]));
  }
  // A value of `column` present in the data (from any row), as text.
  auto sample = [&](const std::string& column) -> std::optional<std::string> {
    for (const auto& item : all_items) {
      const auto found = item.find(column);
      if (found == item.end() || found->is_null()) continue;
      return found->is_string() ? found->get<std::string>() : found->dump();
    }
    return std::nullopt;
  };
  for (const auto& filter : spec.filters) {
    const std::string& param = filter.param;
    const std::string column = filter.columns.empty() ? "" : filter.columns[0];
    switch (filter.kind) {
      case FilterKind::int_min:
      case FilterKind::int_max:
      case FilterKind::int_exact:
        for (const std::string value : {"1990", "2000", "1", "0", "-5", "999999999999", "x"}) {
          queries.push_back(param + "=" + value);
        }
        if (auto value = sample(column)) queries.push_back(param + "=" + *value);
        break;
      case FilterKind::date_exact:
        for (const std::string value : {"2024-01-01", "2024-01-02", "2024-13-01", "x"}) {
          queries.push_back(param + "=" + value);
        }
        break;
      case FilterKind::bool_exact:
        for (const std::string value : {"true", "false", "maybe"}) {
          queries.push_back(param + "=" + value);
        }
        break;
      case FilterKind::enum_text:
        for (const auto& value : filter.allowed) queries.push_back(param + "=" + encode(value));
        queries.push_back(param + "=nope");
        break;
      case FilterKind::provider:
        for (const std::string value : {"cinemaworld", "filmworld", "nope"}) {
          queries.push_back(param + "=" + value);
        }
        break;
      case FilterKind::exact_text:
        queries.push_back(param + "=no%20such%20value");
        queries.push_back(param + "=");
        if (auto value = sample(column)) queries.push_back(param + "=" + encode(*value));
        break;
      case FilterKind::search: {
        for (const std::string value : {"a", "THE", "É", "é", "zzzzzz", "%25", "_", "'"}) {
          queries.push_back(param + "=" + encode(value));
        }
        if (auto value = sample(column); value && value->size() >= 4) {
          std::string part = value->substr(1, 3);
          for (auto& character : part) {
            character = static_cast<char>(std::toupper(static_cast<unsigned char>(character)));
          }
          queries.push_back(param + "=" + encode(part));
          queries.push_back(param + "=" + encode(part) + "&sort=-" + column + "&limit=5");
        }
        break;
      }
      case FilterKind::list_member:
        queries.push_back(param + "=Drama");
        queries.push_back(param + "=nope");
        if (auto value = sample(column)) {
          queries.push_back(param + "=" + encode(value->substr(0, value->find(", "))));
        }
        break;
    }
  }
  return queries;
}

TEST(PgServeApiTest, TheApiAnswersTheSameFromPostgresAsFromDuckDb) {
  SKIP_WITHOUT_POSTGRES(postgres);
  const auto began = std::chrono::steady_clock::now();
  testing::ReelhouseHome home;
  Config config;
  testing::run_every_pipeline(home, config);
  if (HasFatalFailure()) return;

  // Both warehouses published from the same catalog state.
  auto catalog = catalog::Catalog::open(config.catalog_location());
  ASSERT_TRUE(catalog) << catalog.error().message;
  const auto runs = catalog->recent_runs(1, std::nullopt);
  ASSERT_TRUE(runs && !runs->empty());
  const int64_t run_id = runs->front().run_id;
  const auto duck_published = warehouse::publish_warehouse(config, *catalog, run_id);
  ASSERT_TRUE(duck_published) << duck_published.error().message;

  ServerOptions duck_options = server_options_from_config(config);
  duck_options.bind = "127.0.0.1";
  duck_options.port = 0;
  duck_options.threads = 2;
  auto duck_server = ApiServer::start(duck_options);
  ASSERT_TRUE(duck_server) << duck_server.error().message;
  httplib::Client duck("127.0.0.1", (*duck_server)->port());
  duck.set_keep_alive(true);

  // Two databases: the test server's default (locale C, where lower() folds ASCII only) and
  // one with ICU's root collation (text does not sort byte-wise unless told to).
  auto admin = postgres::PgConnection::connect(postgres->url());
  ASSERT_TRUE(admin) << admin.error().message;
  ASSERT_TRUE(admin->execute("DROP DATABASE IF EXISTS pg_serve_api_icu"));
  const auto icu = admin->execute(
      "CREATE DATABASE pg_serve_api_icu TEMPLATE template0 ENCODING 'UTF8' LOCALE_PROVIDER icu "
      "ICU_LOCALE 'und'");
  std::vector<std::string> databases = {"pg_serve_api_test"};
  postgres->create_database("pg_serve_api_test");
  if (icu) {
    databases.push_back("pg_serve_api_icu");
  } else {
    std::cout << "[          ] no ICU database (" << icu.error().message << ")\n";
  }

  int compared = 0;
  int differences = 0;
  for (const auto& database : databases) {
    SCOPED_TRACE(database);
    const std::string url = postgres->url(database);
    const auto pg_published = warehouse::publish_postgres_warehouse(config, *catalog, run_id, url);
    ASSERT_TRUE(pg_published) << pg_published.error().message;
    ServerOptions pg_options = duck_options;
    pg_options.warehouse_url = url;
    pg_options.warehouse_pool_size = 2;
    auto pg_server = ApiServer::start(pg_options);
    ASSERT_TRUE(pg_server) << pg_server.error().message;
    httplib::Client pg("127.0.0.1", (*pg_server)->port());
    pg.set_keep_alive(true);

    auto compare = [&](const std::string& what, const Answer& expected, const Answer& actual) {
      ++compared;
      if (expected.status == actual.status && expected.body == actual.body) return;
      if (++differences > 10) return;
      ADD_FAILURE() << what << "\n  DuckDB     " << expected.status << " "
                    << expected.body.substr(0, 600) << "\n  PostgreSQL " << actual.status << " "
                    << actual.body.substr(0, 600);
    };
    auto compare_get = [&](const std::string& target) {
      compare("GET " + target, get(duck, target), get(pg, target));
    };

    int non_empty = 0;
    for (const auto& spec : product_specs()) {
      const std::string path = "/api/v1/" + spec.name;
      const Answer everything = get(duck, path + "?limit=1000");
      ASSERT_EQ(everything.status, 200) << path << ": " << everything.body;
      const auto all = nlohmann::ordered_json::parse(everything.body);
      const auto& items = all["items"];
      if (!items.empty()) ++non_empty;
      const auto first = items.empty() ? nlohmann::ordered_json::object() : items[0];
      for (const auto& query : queries_for(spec, first, items)) {
        compare_get(query.empty() ? path : path + "?" + query);
      }
    }
    EXPECT_GE(non_empty, 13) << "most products should have rows to compare";

    // (/api/v1/schedule does not read the warehouse and carries the time of the request.)
    for (const std::string target : {"/api/v1/products", "/api/openapi.json", "/api/v1/runs",
                                     "/api/v1/runs?limit=2", "/api/v1/nope"}) {
      compare_get(target);
    }
    for (const std::string body : {R"({"role": "both"})", R"({"role": "actor", "limit": 3})",
                                   R"({"role": "actress"})", R"({"role": "both", "limit": 10000})",
                                   R"({"role": "nobody"})", R"({"limit": 3})", "not json"}) {
      compare("POST /top_actor_actress/ " + body, post(duck, "/top_actor_actress/", body),
              post(pg, "/top_actor_actress/", body));
    }
    for (const std::string body : {R"({"date": "2024-01-01"})", R"({"date": "2024-01-02"})",
                                   R"({"date": "2023-01-01"})", R"({"date": "2024-02-30"})"}) {
      compare("POST /etl_pipeline_status/ " + body, post(duck, "/etl_pipeline_status/", body),
              post(pg, "/etl_pipeline_status/", body));
    }

    // /healthz: equal but for the fields naming the backend.
    auto duck_health = nlohmann::ordered_json::parse(get(duck, "/healthz").body);
    auto pg_health = nlohmann::ordered_json::parse(get(pg, "/healthz").body);
    EXPECT_EQ(duck_health["warehouse_backend"], "duckdb");
    EXPECT_EQ(pg_health["warehouse_backend"], "postgresql");
    EXPECT_EQ(pg_health["warehouse"], "published");
    EXPECT_EQ(pg_health["warehouse_location"],
              fmt::format("postgres@127.0.0.1:{}/{}", postgres->port(), database));
    for (const auto& field : k_backend_fields) {
      duck_health.erase(field);
      pg_health.erase(field);
    }
    EXPECT_EQ(duck_health.dump(), pg_health.dump());
  }
  EXPECT_EQ(differences, 0) << differences << " of " << compared << " answers differ";
  std::cout << "[          ] compared " << compared << " answers in "
            << std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count()
            << " s (set-up included)\n";
}

}  // namespace
}  // namespace reelhouse::server
