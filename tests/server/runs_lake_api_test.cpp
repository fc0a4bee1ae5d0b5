// /api/v1/runs and /api/v1/runs/{id} from a real catalog; /api/v1/lake listing and download.
#include "catalog/catalog.hpp"
#include "server_test_support.hpp"

namespace reelhouse::testing {
namespace {

class RunsLakeApiTest : public ServerFixture {};

TEST_F(RunsLakeApiTest, RunsListAndDetailWithTasksMetricsAndErrors) {
  int64_t first_run = 0;
  int64_t second_run = 0;
  {
    auto catalog = catalog::Catalog::open(catalog_path());
    ASSERT_TRUE(catalog.has_value()) << catalog.error().message;
    first_run = *catalog->begin_run("imdb", "2024-01-01", "manual");
    const int64_t fetch = *catalog->begin_task(first_run, "fetch_imdb", 1);
    ASSERT_TRUE(
        catalog->finish_task(fetch, catalog::TaskState::succeeded,
                             {.rows_in = 0, .rows_out = 10, .rows_rejected = 0, .bytes = 512}, ""));
    const int64_t land = *catalog->begin_task(first_run, "land_titles", 1);
    ASSERT_TRUE(catalog->finish_task(land, catalog::TaskState::failed, {}, "disk full"));
    ASSERT_TRUE(catalog->record_run_metrics(first_run, "fetch_imdb", {{"files", 4}}));
    ASSERT_TRUE(catalog->finish_run(first_run, catalog::RunState::failed, "land_titles failed"));
    second_run = *catalog->begin_run("movies", "2024-01-02", "manual");
    ASSERT_TRUE(catalog->finish_run(second_run, catalog::RunState::succeeded, ""));
  }
  start();
  auto answer = get("/api/v1/runs");
  ASSERT_EQ(answer.status, 200) << answer.body;
  EXPECT_EQ(answer.json["total"], 2);
  EXPECT_EQ(answer.json["items"][0]["run_id"], second_run);  // newest first
  answer = get("/api/v1/runs?pipeline=imdb&state=failed");
  ASSERT_EQ(answer.json["total"], 1);
  EXPECT_EQ(answer.json["items"][0]["error"], "land_titles failed");
  answer = get("/api/v1/runs?limit=1&offset=1");
  ASSERT_EQ(answer.json["items"].size(), 1u);
  EXPECT_EQ(answer.json["items"][0]["run_id"], first_run);
  EXPECT_EQ(get("/api/v1/runs?state=exploded").json["field"], "state");
  EXPECT_EQ(get("/api/v1/runs?limit=0").json["field"], "limit");
  EXPECT_EQ(get("/api/v1/runs?colour=red").status, 422);

  answer = get(fmt::format("/api/v1/runs/{}", first_run));
  ASSERT_EQ(answer.status, 200) << answer.body;
  EXPECT_EQ(answer.json["pipeline"], "imdb");
  EXPECT_EQ(answer.json["state"], "failed");
  ASSERT_EQ(answer.json["tasks"].size(), 2u);
  EXPECT_EQ(answer.json["tasks"][0]["task"], "fetch_imdb");
  EXPECT_EQ(answer.json["tasks"][0]["rows_out"], 10);
  EXPECT_EQ(answer.json["tasks"][0]["bytes"], 512);
  EXPECT_FALSE(answer.json["tasks"][0]["finished_at"].is_null());
  EXPECT_EQ(answer.json["tasks"][1]["state"], "failed");
  EXPECT_EQ(answer.json["tasks"][1]["error"], "disk full");
  ASSERT_EQ(answer.json["metrics"].size(), 1u);
  EXPECT_EQ(answer.json["metrics"][0]["value"], 4);
  EXPECT_EQ(get("/api/v1/runs/999").status, 404);
  EXPECT_EQ(get("/api/v1/runs/abc").json["field"], "run_id");
  EXPECT_EQ(get("/api/v1/runs/0").status, 422);
}

TEST_F(RunsLakeApiTest, LakeListsDirectoriesAndDownloadsFiles) {
  const auto partition = lake_root() / "landing" / "titles" / "ingest_date=2024-01-01";
  std::filesystem::create_directories(partition);
  std::filesystem::create_directories(lake_root() / "raw");
  const std::string content(200000, 'z');  // several download chunks
  write_file(partition / "part-0.parquet", content);
  start();
  auto answer = get("/api/v1/lake");
  ASSERT_EQ(answer.status, 200) << answer.body;
  EXPECT_EQ(answer.json["type"], "directory");
  ASSERT_EQ(answer.json["entries"].size(), 2u);
  EXPECT_EQ(answer.json["entries"][0]["name"], "landing");
  EXPECT_EQ(answer.json["entries"][0]["type"], "directory");
  answer = get("/api/v1/lake?path=" + url_encode("landing/titles/ingest_date=2024-01-01"));
  ASSERT_EQ(answer.status, 200) << answer.body;
  ASSERT_EQ(answer.json["entries"].size(), 1u);
  EXPECT_EQ(answer.json["entries"][0]["path"],
            "landing/titles/ingest_date=2024-01-01/part-0.parquet");
  EXPECT_EQ(answer.json["entries"][0]["size"], 200000);
  answer = get("/api/v1/lake?path=" +
               url_encode("landing/titles/ingest_date=2024-01-01/part-0.parquet"));
  EXPECT_EQ(answer.json["type"], "file");
  answer = get("/api/v1/lake/download?path=" +
               url_encode("landing/titles/ingest_date=2024-01-01/part-0.parquet"));
  ASSERT_EQ(answer.status, 200);
  EXPECT_EQ(answer.body, content);
  EXPECT_EQ(get("/api/v1/lake/download?path=landing").status, 422);
  EXPECT_EQ(get("/api/v1/lake?path=landing&path=raw").status, 422);
  EXPECT_EQ(get("/api/v1/lake?path=nowhere").status, 404);
}

}  // namespace
}  // namespace reelhouse::testing
