// The compatibility endpoints: POST /top_actor_actress/ and POST /etl_pipeline_status/ answer
// lists of records with exactly the fields of the warehouse tables; bad bodies → 422.
#include "server_test_support.hpp"

namespace reelhouse::testing {
namespace {

class CompatApiTest : public ServerFixture {
 protected:
  void SetUp() override {
    std::vector<std::string> statements = k_people_tables;
    statements.push_back(
        "CREATE TABLE etl_pipeline_status (run_id BIGINT, pipeline VARCHAR, task VARCHAR, "
        "ingest_date DATE, state VARCHAR, started_at TIMESTAMP, finished_at TIMESTAMP, rows_in "
        "BIGINT, rows_out BIGINT, rows_rejected BIGINT, bytes BIGINT, attempt INTEGER, error "
        "VARCHAR)");
    statements.push_back(
        "INSERT INTO etl_pipeline_status VALUES "
        "(1, 'imdb', 'fetch', '2024-01-01', 'succeeded', '2024-01-01 10:00:00', "
        "'2024-01-01 10:00:01', 0, 4, 0, 1000, 1, NULL), "
        "(1, 'imdb', 'land', '2024-01-01', 'failed', '2024-01-01 10:00:02', "
        "'2024-01-01 10:00:03', 4, 0, 0, 0, 1, 'disk full'), "
        "(2, 'imdb', 'fetch', '2024-01-02', 'succeeded', '2024-01-02 10:00:00', "
        "'2024-01-02 10:00:01', 0, 4, 0, 1000, 1, NULL)");
    publish(statements);
    start();
  }
};

const std::vector<std::string> k_people_fields = {
    "nconst",          "name", "role", "titles", "avg_rating", "weighted_rating", "votes",
    "runtime_minutes", "rank"};

template <typename JsonType>
std::vector<std::string> keys_of(const JsonType& record) {
  std::vector<std::string> keys;
  for (const auto& [key, value] : record.items()) keys.push_back(key);
  return keys;
}

TEST_F(CompatApiTest, TopActorActressAnswersPeopleRecordsOfTheRole) {
  auto answer = post("/top_actor_actress/", R"({"role": "actor"})");
  ASSERT_EQ(answer.status, 200) << answer.body;
  ASSERT_TRUE(answer.json.is_array());
  ASSERT_EQ(answer.json.size(), 3u);
  auto expected_fields = k_people_fields;
  std::ranges::sort(expected_fields);
  for (const auto& record : answer.json) {
    EXPECT_EQ(record["role"], "actor");
    auto fields = keys_of(record);
    std::ranges::sort(fields);
    EXPECT_EQ(fields, expected_fields);
  }
  EXPECT_EQ(answer.json[0]["rank"], 1);
  EXPECT_EQ(answer.json[0]["name"], "Ada Actor");

  answer = post("/top_actor_actress/", R"({"role": "both"})");
  ASSERT_EQ(answer.json.size(), 5u);
  EXPECT_EQ(answer.json[3]["role"], "actress");
  answer = post("/top_actor_actress/", R"({"role": "actress", "limit": 1})");
  ASSERT_EQ(answer.json.size(), 1u);
  EXPECT_EQ(answer.json[0]["nconst"], "nm0000004");
  // Without the trailing slash too.
  EXPECT_EQ(post("/top_actor_actress", R"({"role": "actress"})").json.size(), 2u);
}

TEST_F(CompatApiTest, EtlPipelineStatusAnswersTheRunsOfTheDate) {
  const auto answer = post("/etl_pipeline_status/", R"({"date": "2024-01-01"})");
  ASSERT_EQ(answer.status, 200) << answer.body;
  ASSERT_EQ(answer.json.size(), 2u);
  // In table order on the wire.
  EXPECT_EQ(keys_of(nlohmann::ordered_json::parse(answer.body)[0]),
            (std::vector<std::string>{"run_id", "pipeline", "task", "ingest_date", "state",
                                      "started_at", "finished_at", "rows_in", "rows_out",
                                      "rows_rejected", "bytes", "attempt", "error"}));
  EXPECT_EQ(answer.json[0]["task"], "fetch");
  EXPECT_EQ(answer.json[1]["error"], "disk full");
  EXPECT_EQ(answer.json[0]["ingest_date"], "2024-01-01");
  EXPECT_EQ(post("/etl_pipeline_status/", R"({"date": "1999-01-01"})").body, "[]");
}

TEST_F(CompatApiTest, InvalidBodiesAnswer422NamingTheField) {
  const std::vector<std::tuple<std::string, std::string, std::string>> cases = {
      {"/top_actor_actress/", R"({"role": "director"})", "role"},
      {"/top_actor_actress/", R"({"role": 1})", "role"},
      {"/top_actor_actress/", R"({})", "role"},
      {"/top_actor_actress/", R"({"role": "actor", "limit": 0})", "limit"},
      {"/top_actor_actress/", R"({"role": "actor", "limit": "5"})", "limit"},
      {"/top_actor_actress/", R"(["actor"])", "body"},
      {"/top_actor_actress/", R"({"role": "actor")", "body"},
      {"/top_actor_actress/", "", "body"},
      {"/etl_pipeline_status/", R"({"date": "2024-13-01"})", "date"},
      {"/etl_pipeline_status/", R"({"date": "01/01/2024"})", "date"},
      {"/etl_pipeline_status/", R"({"date": 20240101})", "date"},
      {"/etl_pipeline_status/", R"({})", "date"},
      {"/etl_pipeline_status/", "null", "body"},
  };
  for (const auto& [target, body, field] : cases) {
    const auto answer = post(target, body);
    EXPECT_EQ(answer.status, 422) << target << " " << body << " → " << answer.body;
    EXPECT_EQ(answer.json.value("field", ""), field) << target << " " << body;
  }
}

}  // namespace
}  // namespace reelhouse::testing
