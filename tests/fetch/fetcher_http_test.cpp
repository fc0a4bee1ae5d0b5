// fetch_file over real HTTP on 127.0.0.1: retries, backoff, Retry-After, resume, timeouts.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <mutex>
#include <nlohmann/json.hpp>

#include "fetch/fetcher.hpp"
#include "fetch/loopback_http_server.hpp"
#include "fetch/sha256.hpp"
#include "support/test_support.hpp"

namespace reelhouse::fetch {
namespace {

using reelhouse::testing::LoopbackHttpServer;
using reelhouse::testing::read_file;
using reelhouse::testing::RecordedRequest;
using reelhouse::testing::ScriptedReply;
using reelhouse::testing::TempDir;
using std::chrono::milliseconds;

constexpr char k_etag[] = "\"v1\"";

// 300 KB of varied bytes, so a truncated or shifted copy cannot hash the same.
std::string sample_body() {
  std::string body;
  for (int line = 0; body.size() < 300'000; ++line) {
    body += "tt" + std::to_string(line * 7919) + "\t" + std::to_string(line % 97) + "\n";
  }
  return body;
}

// A well-behaved reply to `request` for `body`: 206 for "Range: bytes=N-", else 200.
ScriptedReply serve(const std::string& body, const RecordedRequest& request) {
  ScriptedReply reply;
  reply.headers = {{"ETag", k_etag}, {"Accept-Ranges", "bytes"}};
  const auto range = request.header("range");
  if (range && range->starts_with("bytes=")) {
    const size_t first = std::stoul(range->substr(6));
    reply.status = 206;
    reply.headers.emplace_back("Content-Range", "bytes " + std::to_string(first) + "-" +
                                                    std::to_string(body.size() - 1) + "/" +
                                                    std::to_string(body.size()));
    reply.body = body.substr(first);
    return reply;
  }
  reply.body = body;
  return reply;
}

ScriptedReply status_reply(int status,
                           std::vector<std::pair<std::string, std::string>> headers = {}) {
  ScriptedReply reply;
  reply.status = status;
  reply.headers = std::move(headers);
  reply.body = "status " + std::to_string(status);
  return reply;
}

// The first answer dies after half the body (announcing the full length).
ScriptedReply cut_in_half(const std::string& body,
                          std::vector<std::pair<std::string, std::string>> headers) {
  ScriptedReply reply;
  reply.headers = std::move(headers);
  reply.body = body;
  reply.cut_after = body.size() / 2;
  return reply;
}

struct HttpFetchTest : ::testing::Test {
  TempDir temp;
  std::filesystem::path target_dir = temp.path() / "raw/imdb/title.basics/ingest_date=2025-01-31";
  std::string body = sample_body();
  std::mutex sleeps_mutex;
  std::vector<milliseconds> sleeps;
  FetchPolicy policy;

  HttpFetchTest() {
    policy.connect_timeout = std::chrono::seconds{5};
    policy.total_timeout = std::chrono::seconds{20};
    policy.backoff_initial = milliseconds{100};
    policy.backoff_max = milliseconds{1000};
    policy.sleep = [this](milliseconds delay) {
      std::lock_guard lock(sleeps_mutex);
      sleeps.push_back(delay);
    };
  }

  Result<FetchedFile> fetch(const LoopbackHttpServer& server, Refresh refresh = Refresh::no) {
    return fetch_file(server.url("/title.basics.tsv.gz"), target_dir, "title.basics.tsv.gz", policy,
                      refresh, Progress::off);
  }

  void expect_complete_copy(const Result<FetchedFile>& fetched) {
    ASSERT_TRUE(fetched) << fetched.error().message;
    EXPECT_EQ(fetched->bytes, body.size());
    EXPECT_EQ(fetched->sha256, sha256_hex(body));
    EXPECT_EQ(read_file(target_dir / "title.basics.tsv.gz"), body);
    EXPECT_FALSE(std::filesystem::exists(target_dir / "title.basics.tsv.gz.part"));
    const auto verified = verify_fetched_file(target_dir);
    EXPECT_TRUE(verified) << verified.error().message;
  }

  nlohmann::json meta() { return nlohmann::json::parse(read_file(target_dir / "_meta.json")); }
};

TEST_F(HttpFetchTest, DownloadsAndRecordsTheValidators) {
  LoopbackHttpServer server([&](const RecordedRequest& request) {
    ScriptedReply reply = serve(body, request);
    reply.headers.emplace_back("Last-Modified", "Wed, 21 Oct 2015 07:28:00 GMT");
    return reply;
  });
  const auto fetched = fetch(server);
  expect_complete_copy(fetched);
  EXPECT_EQ(fetched->attempts, 1);
  EXPECT_EQ(server.request_count(), 1u);
  EXPECT_EQ(server.requests()[0].method, "GET");
  EXPECT_FALSE(server.requests()[0].header("range"));
  EXPECT_EQ(meta().at("etag"), k_etag);
  EXPECT_EQ(meta().at("last_modified"), "Wed, 21 Oct 2015 07:28:00 GMT");
  EXPECT_EQ(meta().at("url"), server.url("/title.basics.tsv.gz"));
  EXPECT_TRUE(sleeps.empty());
}

TEST_F(HttpFetchTest, ReusesTheCommittedCopyWithoutARequest) {
  LoopbackHttpServer server([&](const RecordedRequest& request) { return serve(body, request); });
  ASSERT_TRUE(fetch(server));
  const auto again = fetch(server);
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_TRUE(again->reused);
  EXPECT_EQ(server.request_count(), 1u);
  const auto refreshed = fetch(server, Refresh::yes);
  expect_complete_copy(refreshed);
  EXPECT_FALSE(refreshed->reused);
  EXPECT_EQ(server.request_count(), 2u);
}

TEST_F(HttpFetchTest, FollowsRedirects) {
  LoopbackHttpServer server([&](const RecordedRequest& request) {
    if (request.target == "/title.basics.tsv.gz") {
      return status_reply(302, {{"Location", "/mirror/title.basics.tsv.gz"}});
    }
    return serve(body, request);
  });
  expect_complete_copy(fetch(server));
  EXPECT_EQ(server.request_count(), 2u);
}

TEST_F(HttpFetchTest, RetriesServiceUnavailableThenSucceeds) {
  int hits = 0;
  LoopbackHttpServer flaky([&](const RecordedRequest& request) {
    return ++hits <= 2 ? status_reply(503) : serve(body, request);
  });
  const auto fetched = fetch(flaky);
  expect_complete_copy(fetched);
  EXPECT_EQ(fetched->attempts, 3);
  EXPECT_EQ(meta().at("attempts"), 3);
  EXPECT_EQ(flaky.request_count(), 3u);
  ASSERT_EQ(sleeps.size(), 2u);
  // Full jitter: retry n waits at most min(max, initial · 2^n).
  EXPECT_LE(sleeps[0], milliseconds{100});
  EXPECT_LE(sleeps[1], milliseconds{200});
}

TEST_F(HttpFetchTest, GivesUpAfterMaxAttemptsAndSaysSo) {
  policy.max_attempts = 3;
  LoopbackHttpServer server([&](const RecordedRequest&) { return status_reply(500); });
  const auto fetched = fetch(server);
  ASSERT_FALSE(fetched);
  EXPECT_EQ(fetched.error().code, ErrorCode::server_error);
  EXPECT_NE(fetched.error().message.find("3 attempts"), std::string::npos)
      << fetched.error().message;
  EXPECT_EQ(server.request_count(), 3u);
  EXPECT_EQ(sleeps.size(), 2u);
  EXPECT_FALSE(std::filesystem::exists(target_dir / "title.basics.tsv.gz"));
  EXPECT_FALSE(std::filesystem::exists(target_dir / "title.basics.tsv.gz.part"));
  EXPECT_FALSE(std::filesystem::exists(target_dir / "_meta.json"));
}

TEST_F(HttpFetchTest, PermanentErrorsAreNotRetried) {
  const struct {
    int status;
    ErrorCode code;
  } cases[] = {{404, ErrorCode::not_found},
               {410, ErrorCode::not_found},
               {401, ErrorCode::http},
               {403, ErrorCode::http}};
  for (const auto& test_case : cases) {
    sleeps.clear();
    LoopbackHttpServer server(
        [&](const RecordedRequest&) { return status_reply(test_case.status); });
    const auto fetched = fetch(server);
    ASSERT_FALSE(fetched) << test_case.status;
    EXPECT_EQ(fetched.error().code, test_case.code) << test_case.status;
    EXPECT_NE(fetched.error().message.find(server.url("/title.basics.tsv.gz")), std::string::npos)
        << fetched.error().message;
    EXPECT_EQ(server.request_count(), 1u) << test_case.status;
    EXPECT_TRUE(sleeps.empty());
    EXPECT_FALSE(std::filesystem::exists(target_dir / "title.basics.tsv.gz.part"));
  }
}

TEST_F(HttpFetchTest, RateLimitHonoursRetryAfter) {
  int hits = 0;
  LoopbackHttpServer server([&](const RecordedRequest& request) {
    return ++hits == 1 ? status_reply(429, {{"Retry-After", "7"}}) : serve(body, request);
  });
  const auto fetched = fetch(server);
  expect_complete_copy(fetched);
  EXPECT_EQ(fetched->attempts, 2);
  ASSERT_EQ(sleeps.size(), 1u);
  EXPECT_GE(sleeps[0], milliseconds{7000});
}

TEST_F(HttpFetchTest, RetryAfterBeyondTheLimitFailsAtOnce) {
  policy.max_retry_after = std::chrono::seconds{60};
  LoopbackHttpServer server([&](const RecordedRequest&) {
    return status_reply(429, {{"Retry-After", "86400"}});
  });
  const auto fetched = fetch(server);
  ASSERT_FALSE(fetched);
  EXPECT_EQ(fetched.error().code, ErrorCode::rate_limited);
  EXPECT_NE(fetched.error().message.find("86400"), std::string::npos) << fetched.error().message;
  EXPECT_EQ(server.request_count(), 1u);
  EXPECT_TRUE(sleeps.empty());
}

TEST_F(HttpFetchTest, InterruptedBodyResumesWithARangeRequest) {
  int hits = 0;
  LoopbackHttpServer server([&](const RecordedRequest& request) {
    return ++hits == 1 ? cut_in_half(body, {{"ETag", k_etag}}) : serve(body, request);
  });
  const auto fetched = fetch(server);
  expect_complete_copy(fetched);
  EXPECT_EQ(fetched->attempts, 2);
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_FALSE(requests[0].header("range"));
  EXPECT_EQ(requests[1].header("range"), "bytes=" + std::to_string(body.size() / 2) + "-");
  EXPECT_EQ(requests[1].header("if-range"), k_etag);
}

TEST_F(HttpFetchTest, ResumesRepeatedlyUntilComplete) {
  const size_t third = body.size() / 3;
  int hits = 0;
  LoopbackHttpServer server([&](const RecordedRequest& request) {
    ScriptedReply reply = serve(body, request);
    if (++hits < 3) reply.cut_after = third;  // each of the first two answers stops early
    return reply;
  });
  const auto fetched = fetch(server);
  expect_complete_copy(fetched);
  EXPECT_EQ(fetched->attempts, 3);
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(requests[1].header("range"), "bytes=" + std::to_string(third) + "-");
  EXPECT_EQ(requests[2].header("range"), "bytes=" + std::to_string(2 * third) + "-");
}

TEST_F(HttpFetchTest, StalledBodyIsAbortedAndResumed) {
  policy.low_speed_time = std::chrono::seconds{1};
  int hits = 0;
  LoopbackHttpServer server([&](const RecordedRequest& request) {
    ScriptedReply reply = serve(body, request);
    if (++hits == 1) {
      reply.cut_after = 1000;
      reply.stall_after_cut = true;
    }
    return reply;
  });
  const auto started = std::chrono::steady_clock::now();
  const auto fetched = fetch(server);
  expect_complete_copy(fetched);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds{10});
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[1].header("range"), "bytes=1000-");
}

TEST_F(HttpFetchTest, RangeAnsweredFromTheWrongOffsetRestartsFromZero) {
  int hits = 0;
  LoopbackHttpServer server([&](const RecordedRequest& request) {
    ++hits;
    if (hits == 1) return cut_in_half(body, {{"ETag", k_etag}});
    if (hits == 2) {
      ScriptedReply wrong = serve(body, RecordedRequest{});  // the whole body …
      wrong.status = 206;  // … labelled as a range starting at 0
      wrong.headers.emplace_back("Content-Range", "bytes 0-" + std::to_string(body.size() - 1) +
                                                      "/" + std::to_string(body.size()));
      return wrong;
    }
    return serve(body, request);
  });
  const auto fetched = fetch(server);
  expect_complete_copy(fetched);
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_TRUE(requests[1].header("range"));
  EXPECT_FALSE(requests[2].header("range"));
}

TEST_F(HttpFetchTest, ServerIgnoringRangeMakesTheDownloadRestart) {
  int hits = 0;
  LoopbackHttpServer server([&](const RecordedRequest&) {
    ScriptedReply full;
    full.headers = {{"Last-Modified", "Wed, 21 Oct 2015 07:28:00 GMT"}};
    full.body = body;
    return ++hits == 1 ? cut_in_half(body, full.headers) : full;  // always 200, whole body
  });
  const auto fetched = fetch(server);
  expect_complete_copy(fetched);
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[1].header("range"), "bytes=" + std::to_string(body.size() / 2) + "-");
  EXPECT_EQ(requests[1].header("if-range"), "Wed, 21 Oct 2015 07:28:00 GMT");
}

TEST_F(HttpFetchTest, RangeNotSatisfiableMakesTheDownloadRestart) {
  int hits = 0;
  LoopbackHttpServer server([&](const RecordedRequest& request) {
    ++hits;
    if (hits == 1) return cut_in_half(body, {{"ETag", k_etag}, {"Accept-Ranges", "bytes"}});
    if (hits == 2) return status_reply(416);
    return serve(body, request);
  });
  const auto fetched = fetch(server);
  expect_complete_copy(fetched);
  EXPECT_EQ(fetched->attempts, 3);
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_TRUE(requests[1].header("range"));
  EXPECT_FALSE(requests[2].header("range"));
}

TEST_F(HttpFetchTest, WithoutValidatorsABrokenBodyIsFetchedAgainFromZero) {
  int hits = 0;
  LoopbackHttpServer server([&](const RecordedRequest&) {
    ScriptedReply full;
    full.body = body;
    return ++hits == 1 ? cut_in_half(body, {}) : full;
  });
  const auto fetched = fetch(server);
  expect_complete_copy(fetched);
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_FALSE(requests[1].header("range"));
  EXPECT_EQ(meta().at("etag"), nullptr);
}

TEST_F(HttpFetchTest, ServerThatNeverAnswersTimesOut) {
  policy.total_timeout = std::chrono::seconds{1};
  policy.max_attempts = 2;
  LoopbackHttpServer server([&](const RecordedRequest&) {
    ScriptedReply silent;
    silent.never_answer = true;
    return silent;
  });
  const auto started = std::chrono::steady_clock::now();
  const auto fetched = fetch(server);
  const auto elapsed = std::chrono::steady_clock::now() - started;
  ASSERT_FALSE(fetched);
  EXPECT_EQ(fetched.error().code, ErrorCode::timeout);
  EXPECT_NE(fetched.error().message.find("2 attempts"), std::string::npos)
      << fetched.error().message;
  EXPECT_LT(elapsed, std::chrono::seconds{10});
  EXPECT_EQ(sleeps.size(), 1u);
}

TEST_F(HttpFetchTest, RefusedConnectionIsATransientConnectionError) {
  // A port that was free a moment ago: bind, read the port, close.
  const int probe = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(probe, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  socklen_t length = sizeof address;
  ::getsockname(probe, reinterpret_cast<sockaddr*>(&address), &length);
  ::close(probe);
  policy.max_attempts = 2;
  const std::string url =
      "http://127.0.0.1:" + std::to_string(ntohs(address.sin_port)) + "/title.basics.tsv.gz";
  const auto fetched =
      fetch_file(url, target_dir, "title.basics.tsv.gz", policy, Refresh::no, Progress::off);
  ASSERT_FALSE(fetched);
  EXPECT_EQ(fetched.error().code, ErrorCode::connection);
  EXPECT_TRUE(fetched.error().is_transient());
  EXPECT_EQ(sleeps.size(), 1u);
}

TEST_F(HttpFetchTest, UrlExistsAsksWithHead) {
  LoopbackHttpServer server([&](const RecordedRequest& request) {
    return request.target == "/present" ? serve(body, request) : status_reply(404);
  });
  EXPECT_EQ(url_exists(server.url("/present"), policy), true);
  EXPECT_EQ(url_exists(server.url("/absent"), policy), false);
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].method, "HEAD");
}

}  // namespace
}  // namespace reelhouse::fetch
