// Security of the API: lake paths confined to the lake root (.., encoded, absolute, symlinks
// out), injection strings in every parameter (answered as data or 422, never executed, the
// warehouse intact), oversized bodies (413), and the bearer token.
#include "server/product_catalog.hpp"
#include "server_test_support.hpp"

namespace reelhouse::testing {
namespace {

const std::vector<std::string> k_injections = {
    "' OR '1'='1",
    "actor'; DROP TABLE people; --",
    "\"; DROP TABLE people; --",
    "1; SELECT * FROM duckdb_settings()",
    "') UNION SELECT * FROM people --",
    "%' OR 1=1 --",
    "$1",
    "?",
    "read_csv('/etc/passwd')",
    "../../etc/passwd",
    "<script>alert(1)</script>",
};

class SecurityTest : public ServerFixture {
 protected:
  void SetUp() override {
    publish(k_people_tables);
    std::filesystem::create_directories(lake_root() / "raw" / "imdb");
    write_file(lake_root() / "raw" / "imdb" / "title.tsv", "tconst\ttitle\n");
    write_file(home() / "secret.txt", "top secret");
    std::filesystem::create_directory_symlink(home(), lake_root() / "escape");
    std::filesystem::create_symlink(home() / "secret.txt", lake_root() / "secret-link.txt");
    std::filesystem::create_symlink(lake_root() / "raw" / "imdb" / "title.tsv",
                                    lake_root() / "inside-link.tsv");
  }
};

TEST_F(SecurityTest, LakePathsOutsideTheRootAreRefused) {
  start();
  const std::vector<std::pair<std::string, int>> cases = {
      {"..", 403},
      {"../secret.txt", 403},
      {"raw/../../secret.txt", 403},
      {"raw/imdb/../../..", 403},
      {"%2e%2e/secret.txt", 403},  // decoded once by the server: ../secret.txt
      {"%2e%2e%2fsecret.txt", 403},
      {"%252e%252e/secret.txt", 404},  // decoded once: a file literally named %2e%2e
      {"/etc/passwd", 403},
      {"%2fetc%2fpasswd", 403},
      {"escape/secret.txt", 403},  // a symlinked directory pointing out
      {"escape", 403},
      {"secret-link.txt", 403},  // a symlinked file pointing out
      {"raw%00/imdb", 422},
      {"raw\\..\\..\\secret.txt", 422},
      {"no/such/dir", 404},
  };
  for (const auto& [path, status] : cases) {
    for (const std::string route : {"/api/v1/lake?path=", "/api/v1/lake/download?path="}) {
      const auto answer = get(route + path);
      EXPECT_EQ(answer.status, status) << route << path << " → " << answer.body;
      EXPECT_EQ(answer.body.find("top secret"), std::string::npos) << route << path;
      EXPECT_EQ(answer.json.value("field", ""), "path") << route << path;
    }
  }
  // Inside the root, also through a symlink that stays inside.
  auto answer = get("/api/v1/lake/download?path=inside-link.tsv");
  EXPECT_EQ(answer.status, 200);
  EXPECT_EQ(answer.body, "tconst\ttitle\n");
  answer = get("/api/v1/lake?path=");
  ASSERT_EQ(answer.status, 200);
  for (const auto& entry : answer.json["entries"]) {
    EXPECT_NE(entry["name"], "escape") << "a symlink out must not be listed";
    EXPECT_NE(entry["name"], "secret-link.txt");
  }
}

TEST_F(SecurityTest, InjectionStringsInEveryParameterAreDataNeverSql) {
  start();
  for (const auto& spec : server::product_specs()) {
    std::vector<std::string> params = {"limit", "offset", "sort", "as_of"};
    for (const auto& filter : spec.filters) params.push_back(filter.param);
    for (const auto& param : params) {
      for (const auto& injection : k_injections) {
        const std::string target =
            "/api/v1/" + spec.name + "?" + param + "=" + url_encode(injection);
        const auto answer = get(target);
        EXPECT_TRUE(answer.status == 200 || answer.status == 422) << target << " → " << answer.body;
        if (answer.status == 200) {
          EXPECT_EQ(answer.json["total"], 0) << target << " matched rows: " << answer.body;
        } else {
          EXPECT_EQ(answer.json["field"], param) << target;
        }
      }
    }
  }
  for (const auto& injection : k_injections) {
    EXPECT_EQ(post("/top_actor_actress/", nlohmann::json{{"role", injection}}.dump()).status, 422);
    EXPECT_EQ(post("/etl_pipeline_status/", nlohmann::json{{"date", injection}}.dump()).status,
              422);
    EXPECT_EQ(get("/api/v1/runs?pipeline=" + url_encode(injection)).json["total"], 0);
    EXPECT_NE(get("/api/v1/runs/" + url_encode(injection)).status, 200);
  }
  // The warehouse is intact.
  EXPECT_EQ(get("/api/v1/people").json["total"], 5);
}

TEST_F(SecurityTest, OversizedBodiesAnswer413) {
  start();  // max_body_bytes = 4096 in the fixture
  const std::string big = R"({"role": "actor", "pad": ")" + std::string(10000, 'x') + R"("})";
  auto answer = post("/top_actor_actress/", big);
  EXPECT_EQ(answer.status, 413) << answer.body;
  EXPECT_EQ(answer.json["status"], 413);
  answer = post("/etl_pipeline_status/", big);
  EXPECT_EQ(answer.status, 413);
  // Just under the limit is fine.
  const std::string fits = R"({"role": "actor", "pad": ")" + std::string(3000, 'x') + R"("})";
  EXPECT_EQ(post("/top_actor_actress/", fits).status, 200);
}

TEST_F(SecurityTest, TokenRequiredOnEveryApiRouteWhenConfigured) {
  auto with_token = options();
  with_token.token = "s3cret-token";
  start(with_token);
  const std::vector<std::string> protected_targets = {
      "/api/v1/people",     "/api/v1/products",
      "/api/v1/runs",       "/api/v1/runs/1",
      "/api/v1/lake?path=", "/api/v1/lake/download?path=inside-link.tsv",
      "/metrics",           "/api/gateway/cinemaworld/movies"};
  for (const auto& target : protected_targets) {
    EXPECT_EQ(get(target).status, 401) << target << " without a token";
    EXPECT_EQ(get(target, {{"Authorization", "Bearer wrong-token"}}).status, 401) << target;
    EXPECT_EQ(get(target, {{"Authorization", "Bearer s3cret-token-longer"}}).status, 401) << target;
    EXPECT_EQ(get(target, {{"Authorization", "s3cret-token"}}).status, 401) << target;
  }
  auto answer = post("/top_actor_actress/", R"({"role": "actor"})");
  EXPECT_EQ(answer.status, 401);
  EXPECT_FALSE(answer.json.value("error", "").empty());
  const httplib::Headers good = {{"Authorization", "Bearer s3cret-token"}};
  EXPECT_EQ(get("/api/v1/people", good).status, 200);
  EXPECT_EQ(post("/top_actor_actress/", R"({"role": "actor"})", good).status, 200);
  EXPECT_EQ(get("/metrics", good).status, 200);
  // Health, docs and the static index stay public.
  EXPECT_EQ(get("/healthz").status, 200);
  EXPECT_EQ(get("/api/openapi.json").status, 200);
  EXPECT_EQ(get("/").status, 200);
}

}  // namespace
}  // namespace reelhouse::testing
