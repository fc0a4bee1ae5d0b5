// Team mode end to end (issue 7): every pipeline run with the catalog and the warehouse in a
// real PostgreSQL and the lake in a real S3-compatible store (s3rver on 127.0.0.1) gives the
// same products as the embedded run (SQLite catalog, DuckDB warehouse, local lake), row for
// row, and the API answers the same from both. Each home runs imdb and movies through the
// binary and prices in process against the provider simulator (support/every_pipeline_home).
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "catalog/catalog.hpp"
#include "server/api_server.hpp"
#include "server/product_catalog.hpp"
#include "support/every_pipeline_home.hpp"
#include "support/postgres_server.hpp"
#include "support/s3rver_lake.hpp"
#include "support/warehouse_comparison.hpp"

namespace reelhouse {
namespace {

using ::testing::HasSubstr;

struct Answer {
  int status = 0;
  std::string body;
};

Answer get(const server::ApiServer& api, const std::string& target) {
  httplib::Client client(api.base_url());
  client.set_read_timeout(30, 0);
  auto result = client.Get(target);
  if (!result) return {};
  return {result->status, result->body};
}

// The answer's JSON without the fields that depend on when or in which run the data was
// collected (testing::is_stable_column), for comparing two runs of the same data.
nlohmann::json stable_json(const std::string& body) {
  auto json = nlohmann::json::parse(body, nullptr, false);
  if (json.is_object() && json.contains("items") && json["items"].is_array()) {
    for (auto& item : json["items"]) {
      for (auto field = item.begin(); field != item.end();) {
        const bool timestamp_like = field->is_string() && field->get<std::string>().size() >= 19 &&
                                    field->get<std::string>()[10] == 'T';
        if (!testing::is_stable_column(field.key(), "") || timestamp_like) {
          field = item.erase(field);
        } else {
          ++field;
        }
      }
    }
  }
  // Rows equal in their stable fields come in the order of the others (say a timestamp):
  // compare the items as a multiset.
  if (json.is_object() && json.contains("items") && json["items"].is_array()) {
    std::sort(json["items"].begin(), json["items"].end(),
              [](const auto& a, const auto& b) { return a.dump() < b.dump(); });
  }
  return json;
}

Result<std::vector<catalog::RunRecord>> runs_of(const Config& config) {
  auto catalog = TRY(catalog::Catalog::open(config.catalog_location()));
  return catalog.recent_runs(100, std::nullopt);
}

TEST(TeamModeTest, EveryPipelineOnPostgresAndS3GivesTheEmbeddedProductsAndApi) {
  SKIP_WITHOUT_POSTGRES(postgres);
  SKIP_WITHOUT_S3RVER(s3);
  testing::ScopedEnvironment access_key("AWS_ACCESS_KEY_ID", testing::k_s3rver_access_key);
  testing::ScopedEnvironment secret_key("AWS_SECRET_ACCESS_KEY", testing::k_s3rver_secret_key);
  const std::string catalog_url = postgres->create_database("team_catalog");
  const std::string warehouse_url = postgres->create_database("team_warehouse");

  testing::ReelhouseHome embedded_home;
  Config embedded;
  testing::run_every_pipeline(embedded_home, embedded);
  if (HasFatalFailure()) return;

  testing::ReelhouseHome team_home;
  testing::write_file(
      team_home.path() / "reelhouse.toml",
      fmt::format("[catalog]\nurl = \"{}\"\n[warehouse]\nurl = \"{}\"\n"
                  "[lake]\nurl = \"s3://{}/team\"\nendpoint = \"{}\"\n",
                  catalog_url, warehouse_url, testing::k_lake_bucket, s3->endpoint()));
  Config team;
  testing::run_every_pipeline(team_home, team);
  if (HasFatalFailure()) return;
  ASSERT_TRUE(team.catalog_in_postgres() && team.warehouse_in_postgres() &&
              team.lake_in_object_store());

  // Nothing went to the embedded places of the team home.
  EXPECT_FALSE(std::filesystem::exists(team.catalog_path()));
  EXPECT_FALSE(std::filesystem::exists(team.warehouse_path()));
  // Every snapshot the catalog records is in the object store.
  auto team_catalog = catalog::Catalog::open(team.catalog_location());
  ASSERT_TRUE(team_catalog) << team_catalog.error().message;
  const auto snapshots = team_catalog->snapshots_as_of("2024-01-02");
  ASSERT_TRUE(snapshots && !snapshots->empty());
  for (const auto& snapshot : *snapshots) {
    EXPECT_TRUE(snapshot.location.starts_with("s3://")) << snapshot.location;
  }

  // The runs are in PostgreSQL, the same pipelines and dates, all succeeded.
  const auto team_runs = runs_of(team);
  const auto embedded_runs = runs_of(embedded);
  ASSERT_TRUE(team_runs && embedded_runs);
  ASSERT_EQ(team_runs->size(), embedded_runs->size());
  for (size_t index = 0; index < team_runs->size(); ++index) {
    EXPECT_EQ((*team_runs)[index].pipeline, (*embedded_runs)[index].pipeline);
    EXPECT_EQ((*team_runs)[index].ingest_date, (*embedded_runs)[index].ingest_date);
    EXPECT_EQ((*team_runs)[index].state, catalog::RunState::succeeded);
  }

  // Products row for row.
  const auto compared = testing::expect_products_equal(embedded.warehouse_path(), warehouse_url,
                                                       testing::CompareColumns::stable);
  EXPECT_GE(compared.size(), 15u);

  // The API: every product's pages answer the same (over the stable fields; the byte-for-byte
  // comparison of one publication on both backends is PgServeApiTest's).
  auto on_free_port = [](const Config& config) {
    auto options = server::server_options_from_config(config);
    options.bind = "127.0.0.1";
    options.port = 0;
    return options;
  };
  auto embedded_api = server::ApiServer::start(on_free_port(embedded));
  auto team_api = server::ApiServer::start(on_free_port(team));
  ASSERT_TRUE(embedded_api && team_api);
  int compared_answers = 0;
  for (const auto& spec : server::product_specs()) {
    if (spec.name == "etl_pipeline_status") continue;  // timestamps and durations differ
    // Every row (the products are small here) and a filter-free page; order and paging of
    // one publication on both backends are compared byte for byte by PgServeApiTest.
    for (const std::string query : {"?limit=1000"}) {
      const std::string target = "/api/v1/" + spec.name + query;
      const auto expected = get(**embedded_api, target);
      const auto actual = get(**team_api, target);
      EXPECT_EQ(actual.status, expected.status) << target;
      EXPECT_EQ(stable_json(actual.body), stable_json(expected.body)) << target;
      ++compared_answers;
    }
  }
  EXPECT_GE(compared_answers, 14);

  // status reads the PostgreSQL catalog.
  const auto status = team_home.run({"status"});
  EXPECT_EQ(status.exit_code, 0) << status.output;
  EXPECT_THAT(status.output, HasSubstr("prices"));
}

}  // namespace
}  // namespace reelhouse
