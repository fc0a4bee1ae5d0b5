// Every fault the simulator injects is observable over real HTTP (each at rate 1.0), and a
// simulator with hung requests in flight stops promptly.
#include <curl/curl.h>
#include <gtest/gtest.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

#include "simulator_test_client.hpp"

namespace reelhouse::providers::sim {
namespace {

using testing::always;
using testing::client_of;
using testing::start_simulator;
using Clock = std::chrono::steady_clock;

std::unique_ptr<ProviderSimulator> with_profile(FaultProfile profile) {
  return start_simulator(SimulatorOptions{.profile = std::move(profile)});
}

bool is_json(const std::string& body) {
  return nlohmann::json::accept(body);
}

// What libcurl makes of one GET: its result code, the status (0 when none) and the headers.
struct CurlOutcome {
  CURLcode code = CURLE_OK;
  long status = 0;
  std::string headers;
};

CurlOutcome curl_get(const ProviderSimulator& simulator, const std::string& path) {
  CURL* curl = curl_easy_init();
  CurlOutcome outcome;
  const std::string url = fmt::format("http://127.0.0.1:{}{}", simulator.port(), path);
  curl_slist* headers = curl_slist_append(nullptr, "x-access-token: test-token");
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, 5000L);
  curl_easy_setopt(
      curl, CURLOPT_WRITEFUNCTION,
      +[](char*, size_t size, size_t count, void*) { return size * count; });
  curl_easy_setopt(
      curl, CURLOPT_HEADERFUNCTION, +[](char* data, size_t size, size_t count, void* out) {
        static_cast<std::string*>(out)->append(data, size * count);
        return size * count;
      });
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &outcome.headers);
  outcome.code = curl_easy_perform(curl);
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &outcome.status);
  curl_slist_free_all(headers);
  curl_easy_cleanup(curl);
  return outcome;
}

TEST(SimulatorFaults, Error500And503) {
  auto simulator = with_profile(always(&EndpointFaults::error_500));
  ASSERT_TRUE(simulator);
  auto client = client_of(*simulator);
  EXPECT_EQ(client->Get("/api/cinemaworld/movies")->status, 500);
  EXPECT_EQ(client->Get("/api/filmworld/movie/fw0091207")->status, 500);
  simulator->set_profile(always(&EndpointFaults::error_503));
  EXPECT_EQ(client->Get("/api/cinemaworld/movie/cw0091207")->status, 503);
  const auto stats = simulator->stats();
  EXPECT_EQ(stats.at("cinemaworld/movie").faults, 1);
  EXPECT_EQ(stats.at("cinemaworld/movies").faults, 1);
}

TEST(SimulatorFaults, TruncatedBodyIsA200WithHalfTheJson) {
  auto simulator = with_profile(always(&EndpointFaults::truncated));
  ASSERT_TRUE(simulator);
  auto client = client_of(*simulator);
  auto response = client->Get("/api/cinemaworld/movie/cw0091207");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_FALSE(is_json(response->body));
  EXPECT_TRUE(response->body.starts_with("{\n  \"Title\": \"The Lantern Keepers\""));
}

TEST(SimulatorFaults, InvalidJsonIsA200ThatDoesNotParse) {
  auto simulator = with_profile(always(&EndpointFaults::invalid_json));
  ASSERT_TRUE(simulator);
  auto client = client_of(*simulator);
  auto response = client->Get("/api/filmworld/movies");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_FALSE(response->body.empty());
  EXPECT_FALSE(is_json(response->body));
}

TEST(SimulatorFaults, RateLimitedIs429WithRetryAfter) {
  FaultProfile profile = always(&EndpointFaults::rate_limited);
  profile.defaults.detail.retry_after_seconds = 7;
  auto simulator = with_profile(profile);
  ASSERT_TRUE(simulator);
  auto client = client_of(*simulator);
  auto response = client->Get("/api/cinemaworld/movie/cw0091207");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 429);
  EXPECT_EQ(response->get_header_value("Retry-After"), "7");
  EXPECT_EQ(client->Get("/api/cinemaworld/movies")->get_header_value("Retry-After"), "1");
}

TEST(SimulatorFaults, ResetClosesTheConnectionMidBody) {
  auto simulator = with_profile(always(&EndpointFaults::reset));
  ASSERT_TRUE(simulator);
  auto client = client_of(*simulator);
  auto response = client->Get("/api/cinemaworld/movies");
  EXPECT_FALSE(response) << "a reset must not look like a complete response";
  EXPECT_EQ(response.error(), httplib::Error::Read);
}

TEST(SimulatorFaults, HangHoldsTheRequestThenDropsItWithoutAnswer) {
  FaultProfile profile = always(&EndpointFaults::hang);
  profile.hang_seconds = 100;
  profile.time_scale = 0.002;  // 200 ms
  auto simulator = with_profile(profile);
  ASSERT_TRUE(simulator);
  auto client = client_of(*simulator);
  const auto started = Clock::now();
  auto response = client->Get("/api/filmworld/movie/fw0091207");
  const auto elapsed = Clock::now() - started;
  EXPECT_FALSE(response) << "status " << (response ? response->status : 0);
  EXPECT_GE(elapsed, std::chrono::milliseconds(180));
  EXPECT_LT(elapsed, std::chrono::seconds(3));
}

TEST(SimulatorFaults, HangOutlastsAShortClientTimeout) {
  FaultProfile profile = always(&EndpointFaults::hang);
  profile.time_scale = 0.05;  // 5 s
  auto simulator = with_profile(profile);
  ASSERT_TRUE(simulator);
  auto client = client_of(*simulator);
  client->set_read_timeout(0, 200'000);
  const auto started = Clock::now();
  auto response = client->Get("/api/cinemaworld/movies");
  EXPECT_FALSE(response);
  EXPECT_LT(Clock::now() - started, std::chrono::seconds(2));
}

TEST(SimulatorFaults, HangEndsWithNoResponseHeadersAtAllAndResetWithAPartialBody) {
  FaultProfile profile = always(&EndpointFaults::hang);
  profile.time_scale = 0.0005;  // 50 ms
  auto simulator = with_profile(profile);
  ASSERT_TRUE(simulator);
  const CurlOutcome hung = curl_get(*simulator, "/api/cinemaworld/movie/cw0091207");
  EXPECT_EQ(hung.code, CURLE_GOT_NOTHING) << curl_easy_strerror(hung.code);
  EXPECT_EQ(hung.status, 0);
  EXPECT_TRUE(hung.headers.empty()) << hung.headers;
  simulator->set_profile(always(&EndpointFaults::reset));
  const CurlOutcome reset = curl_get(*simulator, "/api/cinemaworld/movie/cw0091207");
  EXPECT_EQ(reset.code, CURLE_PARTIAL_FILE) << curl_easy_strerror(reset.code);
  EXPECT_EQ(reset.status, 200);
}

TEST(SimulatorFaults, DownProviderFailsEveryRequestWhileTheOtherAnswers) {
  auto profile = load_fault_profile("down-filmworld");
  ASSERT_TRUE(profile);
  auto simulator = with_profile(*profile);
  ASSERT_TRUE(simulator);
  auto client = client_of(*simulator);
  for (int i = 0; i < 20; ++i) {
    auto response = client->Get("/api/filmworld/movie/fw0091207");
    EXPECT_TRUE(!response || response->status == 503);
    EXPECT_EQ(client->Get("/api/cinemaworld/movie/cw0091207")->status, 200);
  }
  EXPECT_EQ(simulator->stats().at("filmworld/movie").faults, 20);
  EXPECT_EQ(simulator->stats().at("filmworld/movie").ok, 0);
}

TEST(SimulatorFaults, LatencyIsScaledAndApplied) {
  FaultProfile profile{.name = "slow"};
  profile.defaults.latency = {.p50_ms = 100, .p90_ms = 100, .p99_ms = 100, .max_ms = 100};
  profile.time_scale = 1.0;
  auto simulator = with_profile(profile);
  ASSERT_TRUE(simulator);
  auto client = client_of(*simulator);
  auto started = Clock::now();
  ASSERT_EQ(client->Get("/api/cinemaworld/movies")->status, 200);
  EXPECT_GE(Clock::now() - started, std::chrono::milliseconds(95));
  profile.time_scale = 0.01;
  simulator->set_profile(profile);
  started = Clock::now();
  ASSERT_EQ(client->Get("/api/cinemaworld/movies")->status, 200);
  EXPECT_LT(Clock::now() - started, std::chrono::milliseconds(80));
}

TEST(SimulatorFaults, ChaosMixesFaultsAtRoughlyTheirRates) {
  auto profile = load_fault_profile("chaos");
  ASSERT_TRUE(profile);
  profile->time_scale = 0.0001;  // hangs 10 ms, latency sub-millisecond
  auto simulator = with_profile(*profile);
  ASSERT_TRUE(simulator);
  auto client = client_of(*simulator);
  int ok = 0;
  constexpr int k_requests = 400;
  for (int i = 0; i < k_requests; ++i) {
    auto response = client->Get("/api/cinemaworld/movie/cw0091207");
    ok += response && response->status == 200 && is_json(response->body) ? 1 : 0;
  }
  // 26% of requests get no fault; truncated and invalid JSON are 200s that do not parse.
  EXPECT_GT(ok, k_requests * 0.15);
  EXPECT_LT(ok, k_requests * 0.38);
  EXPECT_EQ(simulator->stats().at("cinemaworld/movie").requests, k_requests);
}

TEST(SimulatorFaults, StopIsPromptWithHungRequestsInFlight) {
  FaultProfile profile = always(&EndpointFaults::hang);
  profile.time_scale = 1.0;  // each request would hang 100 s
  auto simulator = with_profile(profile);
  ASSERT_TRUE(simulator);
  constexpr int k_hung = 12;
  std::vector<std::thread> clients;
  std::atomic<int> finished = 0;
  for (int i = 0; i < k_hung; ++i) {
    clients.emplace_back([&] {
      auto client = client_of(*simulator);
      client->set_read_timeout(60, 0);
      auto response = client->Get("/api/cinemaworld/movie/cw0091207");
      EXPECT_FALSE(response);
      ++finished;
    });
  }
  // Wait until every request is inside the server.
  for (int wait = 0; wait < 400; ++wait) {
    const auto stats = simulator->stats();
    const auto found = stats.find("cinemaworld/movie");
    if (found != stats.end() && found->second.requests == k_hung) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ASSERT_EQ(simulator->stats().at("cinemaworld/movie").requests, k_hung);
  const auto started = Clock::now();
  simulator->stop();
  EXPECT_LT(Clock::now() - started, std::chrono::milliseconds(1500));
  for (auto& thread : clients) thread.join();
  EXPECT_EQ(finished, k_hung);
  EXPECT_LT(Clock::now() - started, std::chrono::seconds(3));
  simulator.reset();  // the destructor after stop() is a no-op
}

TEST(SimulatorFaults, AHungRequestFreesItsWorkerWhenTheClientGivesUp) {
  FaultProfile profile{.name = "hang-filmworld", .time_scale = 1.0};  // hangs of 100 s
  profile.per_provider["filmworld"].detail.hang = 1.0;
  auto simulator = start_simulator(SimulatorOptions{.profile = profile, .threads = 2});
  ASSERT_TRUE(simulator);
  for (int i = 0; i < 4; ++i) {  // twice as many as there are workers
    auto client = client_of(*simulator);
    client->set_read_timeout(0, 150'000);
    EXPECT_FALSE(client->Get("/api/filmworld/movie/fw0091207"));
  }
  auto client = client_of(*simulator);
  client->set_read_timeout(2, 0);
  auto response = client->Get("/api/cinemaworld/movies");
  ASSERT_TRUE(response) << "no worker left: hung requests outlived their clients";
  EXPECT_EQ(response->status, 200);
}

TEST(SimulatorFaults, HungRequestsDoNotBlockOthers) {
  FaultProfile profile{.name = "half-hang", .time_scale = 1.0};
  profile.per_provider["filmworld"].detail.hang = 1.0;
  auto simulator = start_simulator(SimulatorOptions{.profile = profile, .threads = 16});
  ASSERT_TRUE(simulator);
  std::vector<std::thread> hung;
  for (int i = 0; i < 8; ++i) {
    hung.emplace_back([&] {
      auto client = client_of(*simulator);
      client->set_read_timeout(30, 0);
      (void)client->Get("/api/filmworld/movie/fw0091207");
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  auto client = client_of(*simulator);
  const auto started = Clock::now();
  for (int i = 0; i < 20; ++i) ASSERT_EQ(client->Get("/api/cinemaworld/movies")->status, 200);
  EXPECT_LT(Clock::now() - started, std::chrono::seconds(1));
  simulator->stop();
  for (auto& thread : hung) thread.join();
}

}  // namespace
}  // namespace reelhouse::providers::sim
