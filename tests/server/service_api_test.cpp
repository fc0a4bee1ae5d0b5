// /healthz, /metrics (Prometheus text), /api/openapi.json (OpenAPI 3 covering every product),
// /api/docs (readable, no external resources) and the static index.
#include <chrono>
#include <thread>

#include "server/product_catalog.hpp"
#include "server_test_support.hpp"

namespace reelhouse::testing {
namespace {

class ServiceApiTest : public ServerFixture {
 protected:
  void SetUp() override {
    publish(k_people_tables);
    start();
  }
};

TEST_F(ServiceApiTest, HealthzSaysWhatIsServed) {
  const auto answer = get("/healthz");
  ASSERT_EQ(answer.status, 200);
  EXPECT_EQ(answer.json["status"], "ok");
  EXPECT_EQ(answer.json["warehouse"], "published");
  EXPECT_EQ(answer.json["tables"], 1);
}

TEST_F(ServiceApiTest, MetricsCountRequestsByRoutePatternAndWarehouseRows) {
  ASSERT_EQ(get("/api/v1/people?role=actor").status, 200);
  ASSERT_EQ(get("/api/v1/people?role=nobody").status, 422);
  ASSERT_EQ(get("/nowhere/at/all").status, 404);
  // A request is counted when its answer has been written (the server's logger hook), which
  // may be a moment after the client has read it: wait, bounded, until the last one shows.
  auto answer = get("/metrics");
  for (int attempt = 0;
       attempt < 40 && answer.body.find(R"(route="unmatched")") == std::string::npos; ++attempt) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    answer = get("/metrics");
  }
  ASSERT_EQ(answer.status, 200);
  EXPECT_NE(answer.content_type.find("text/plain"), std::string::npos);
  const std::string& text = answer.body;
  EXPECT_NE(text.find("# TYPE reelhouse_http_requests_total counter"), std::string::npos) << text;
  EXPECT_NE(
      text.find(
          R"(reelhouse_http_requests_total{method="GET",route="/api/v1/{product}",status="200"} 1)"),
      std::string::npos)
      << text;
  EXPECT_NE(text.find(R"(route="/api/v1/{product}",status="422"} 1)"), std::string::npos);
  EXPECT_NE(text.find(R"(route="unmatched",status="404"} 1)"), std::string::npos);
  EXPECT_NE(text.find("reelhouse_http_request_duration_seconds_bucket"), std::string::npos);
  EXPECT_NE(text.find(R"(reelhouse_warehouse_rows{table="people"} 5)"), std::string::npos) << text;
  EXPECT_EQ(text.find("nowhere"), std::string::npos) << "raw paths must not become labels";
}

TEST_F(ServiceApiTest, OpenApiDocumentCoversEveryRouteAndTheDocsPageIsSelfContained) {
  const auto answer = get("/api/openapi.json");
  ASSERT_EQ(answer.status, 200);
  EXPECT_EQ(answer.json["openapi"], "3.0.3");
  const auto& paths = answer.json["paths"];
  for (const auto& spec : server::product_specs()) {
    ASSERT_TRUE(paths.contains("/api/v1/" + spec.name)) << spec.name;
    const auto& parameters = paths["/api/v1/" + spec.name]["get"]["parameters"];
    EXPECT_EQ(parameters.size(), 3 + (spec.supports_as_of ? 1 : 0) + spec.filters.size());
  }
  for (const std::string path :
       {"/healthz", "/metrics", "/api/v1/runs", "/api/v1/runs/{id}", "/api/v1/lake",
        "/api/v1/lake/download", "/top_actor_actress/", "/etl_pipeline_status/",
        "/api/gateway/{provider}/movies", "/api/gateway/{provider}/movie/{id}"}) {
    EXPECT_TRUE(paths.contains(path)) << path;
  }
  const auto docs = get("/api/docs");
  ASSERT_EQ(docs.status, 200);
  EXPECT_NE(docs.content_type.find("text/html"), std::string::npos);
  EXPECT_NE(docs.body.find("/api/v1/people"), std::string::npos);
  EXPECT_NE(docs.body.find("min_votes"), std::string::npos);
  EXPECT_EQ(docs.body.find("<script"), std::string::npos);
  EXPECT_EQ(docs.body.find("https://"), std::string::npos) << "no CDN";
}

TEST_F(ServiceApiTest, DashboardIsServedFromTheBinaryAndUnknownAssetsAre404) {
  auto answer = get("/");
  ASSERT_EQ(answer.status, 200);
  EXPECT_NE(answer.content_type.find("text/html"), std::string::npos);
  EXPECT_NE(answer.body.find("/assets/js/app.js"), std::string::npos);
  answer = get("/assets/js/app.js");
  ASSERT_EQ(answer.status, 200);
  EXPECT_NE(answer.content_type.find("javascript"), std::string::npos);
  answer = get("/assets/no-such-file.js");
  EXPECT_EQ(answer.status, 404);
  EXPECT_EQ(answer.json["status"], 404);
}

}  // namespace
}  // namespace reelhouse::testing
