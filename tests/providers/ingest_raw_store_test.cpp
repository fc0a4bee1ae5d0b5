// The raw layout of provider responses: sidecar + body, the intact check used on resume, the
// fallback to an earlier list, and the request log file.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "fetch/sha256.hpp"
#include "providers/ingest/raw_store.hpp"
#include "providers/ingest/request_log.hpp"
#include "support/test_support.hpp"

namespace reelhouse::providers::ingest {
namespace {

ResponseMeta meta_for(std::string_view body) {
  return ResponseMeta{.url = "http://127.0.0.1:1/api/cinemaworld/movie/cw1",
                      .status = 200,
                      .fetched_at = "2026-11-23T17:01:02.345Z",
                      .latency_ms = 12,
                      .attempts = 3,
                      .bytes = static_cast<int64_t>(body.size()),
                      .sha256 = fetch::sha256_hex(body),
                      .run_id = 42};
}

TEST(IngestRawStore, StoresBodyAndSidecarInTheDocumentedLayout) {
  testing::TempDir lake;
  const auto directory = provider_date_directory(lake.path(), "cinemaworld", "2026-11-23");
  EXPECT_EQ(directory, lake.path() / "raw/providers/cinemaworld/ingest_date=2026-11-23");
  const auto body_path = detail_body_path(directory, "cw1");
  EXPECT_EQ(body_path, directory / "movie" / "cw1.json");
  EXPECT_EQ(sidecar_path(body_path), directory / "movie" / "cw1.json.meta");
  EXPECT_FALSE(is_stored_intact(body_path));

  const std::string body = "{\n  \"ID\": \"cw1\"\n}";
  ASSERT_TRUE(store_response(body_path, body, meta_for(body)));
  EXPECT_EQ(testing::read_file(body_path), body);
  EXPECT_TRUE(is_stored_intact(body_path));
  const auto sidecar = nlohmann::json::parse(testing::read_file(sidecar_path(body_path)));
  EXPECT_EQ(sidecar.at("url"), "http://127.0.0.1:1/api/cinemaworld/movie/cw1");
  EXPECT_EQ(sidecar.at("status"), 200);
  EXPECT_EQ(sidecar.at("attempts"), 3);
  EXPECT_EQ(sidecar.at("bytes"), body.size());
  EXPECT_EQ(sidecar.at("run_id"), 42);
  const auto parsed = parse_response_meta(testing::read_file(sidecar_path(body_path)), "meta");
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(parsed->sha256, fetch::sha256_hex(body));
  // No temporary file is left behind.
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(directory / "movie")) {
    (void)entry;
    ++files;
  }
  EXPECT_EQ(files, 2);
}

TEST(IngestRawStore, DamagedOrUncommittedBodiesAreNotTrusted) {
  testing::TempDir lake;
  const auto directory = provider_date_directory(lake.path(), "filmworld", "2026-11-23");
  const auto body_path = detail_body_path(directory, "fw1");
  const std::string body = R"({"ID":"fw1"})";
  ASSERT_TRUE(store_response(body_path, body, meta_for(body)));
  testing::write_file(body_path, R"({"ID":"fw2"})");  // same size, other bytes
  EXPECT_FALSE(is_stored_intact(body_path));
  testing::write_file(body_path, body);
  EXPECT_TRUE(is_stored_intact(body_path));
  std::filesystem::remove(sidecar_path(body_path));
  EXPECT_FALSE(is_stored_intact(body_path)) << "a body without its sidecar is not committed";
  testing::write_file(sidecar_path(body_path), "{not json");
  EXPECT_FALSE(is_stored_intact(body_path));
}

TEST(IngestRawStore, FindsTheNewestEarlierIntactList) {
  testing::TempDir lake;
  const std::string list = R"({"Movies":[]})";
  for (const std::string date : {"2026-11-01", "2026-11-20", "2026-11-23", "2026-11-25"}) {
    const auto path = list_body_path(provider_date_directory(lake.path(), "cinemaworld", date));
    ASSERT_TRUE(store_response(path, list, meta_for(list)));
  }
  // 2026-11-20's body is damaged: the one before it is used.
  testing::write_file(
      list_body_path(provider_date_directory(lake.path(), "cinemaworld", "2026-11-20")), "{}");
  EXPECT_EQ(newest_list_date_before(lake.path(), "cinemaworld", "2026-11-23"), "2026-11-01");
  EXPECT_EQ(newest_list_date_before(lake.path(), "cinemaworld", "2026-11-30"), "2026-11-25");
  EXPECT_EQ(newest_list_date_before(lake.path(), "cinemaworld", "2026-11-01"), std::nullopt);
  EXPECT_EQ(newest_list_date_before(lake.path(), "filmworld", "2026-11-30"), std::nullopt);
  EXPECT_TRUE(sync_lake(lake.path()));
}

TEST(IngestRawStore, TimestampsAreUtcWithMilliseconds) {
  const auto time =
      std::chrono::system_clock::from_time_t(1445412480) + std::chrono::milliseconds{7};
  EXPECT_EQ(utc_timestamp_ms(time), "2015-10-21T07:28:00.007Z");
}

TEST(IngestRequestLog, WritesOneJsonLinePerAttemptAndKeepsEarlierLines) {
  testing::TempDir lake;
  const auto directory = provider_date_directory(lake.path(), "cinemaworld", "2026-11-23");
  {
    RequestLog log(directory, 7);
    EXPECT_TRUE(log.flush()) << "nothing to write yet";
    EXPECT_FALSE(std::filesystem::exists(log.path()));
    log.append({.provider = "cinemaworld",
                .endpoint = "movies",
                .attempt = 1,
                .started_at = "2026-11-23T17:00:00.000Z",
                .latency_ms = 5,
                .status = 503,
                .outcome = RequestOutcome::server_error});
    log.append({.provider = "cinemaworld",
                .endpoint = "movie",
                .movie_id = "cw1",
                .attempt = 2,
                .started_at = "2026-11-23T17:00:01.000Z",
                .latency_ms = 3,
                .status = 429,
                .outcome = RequestOutcome::rate_limited,
                .retry_after_ms = 1000});
    ASSERT_TRUE(log.flush());
    EXPECT_EQ(log.path(), directory / "requests" / "run-7.jsonl");
  }
  RequestLog resumed(directory, 7);
  resumed.append({.provider = "cinemaworld",
                  .endpoint = "movie",
                  .movie_id = "cw1",
                  .attempt = 1,
                  .started_at = "2026-11-23T17:05:00.000Z",
                  .outcome = RequestOutcome::ok,
                  .hedge = true});
  ASSERT_TRUE(resumed.flush());
  const std::string text = testing::read_file(resumed.path());
  std::vector<nlohmann::json> lines;
  size_t start = 0;
  while (start < text.size()) {
    const size_t end = text.find('\n', start);
    lines.push_back(nlohmann::json::parse(text.substr(start, end - start)));
    start = end + 1;
  }
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0].at("outcome"), "server_error");
  EXPECT_EQ(lines[0].at("movie_id"), "");
  EXPECT_TRUE(lines[0].at("retry_after_ms").is_null());
  EXPECT_EQ(lines[1].at("retry_after_ms"), 1000);
  EXPECT_EQ(lines[1].at("status"), 429);
  EXPECT_EQ(lines[2].at("outcome"), "ok");
  EXPECT_EQ(lines[2].at("endpoint"), "movie");
  EXPECT_EQ(lines[1].at("hedge"), false);
  EXPECT_EQ(lines[2].at("hedge"), true);
}

}  // namespace
}  // namespace reelhouse::providers::ingest
