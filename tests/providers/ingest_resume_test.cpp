// Acceptance: an ingestion killed with SIGKILL mid-run, then run again for the same date,
// fetches only what the killed run had not stored — checked with the simulator's request
// counts — and ends with every film stored intact.
//
// The killed ingestion runs in a separate process: this test binary re-executed
// (/proc/self/exe) with --gtest_filter=IngestResumeChild.* and the request in environment
// variables, so the child is a fresh process (no fork of a multi-threaded one).
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <thread>

#include "providers/ingest_test_support.hpp"
#include "support/test_support.hpp"

namespace reelhouse::providers::ingest {
namespace {

using namespace test;

constexpr const char* k_child_url = "REELHOUSE_INGEST_CHILD_URL";
constexpr const char* k_child_lake = "REELHOUSE_INGEST_CHILD_LAKE";
constexpr const char* k_date = "2026-11-23";

IngestRequest slow_request(std::string url, std::filesystem::path lake, int64_t run_id) {
  IngestRequest request{.base_url = std::move(url),
                        .providers = {"cinemaworld", "filmworld"},
                        .token = k_token,
                        .lake_root = std::move(lake),
                        .ingest_date = k_date,
                        .run_id = run_id,
                        .limits = fast_limits(),
                        .seed = 7};
  request.limits.concurrency = 2;
  return request;
}

// The child: runs the ingestion until killed. Skipped unless started by the parent test.
TEST(IngestResumeChild, RunsAnIngestionUntilKilled) {
  const char* url = std::getenv(k_child_url);
  const char* lake = std::getenv(k_child_lake);
  if (url == nullptr || lake == nullptr) GTEST_SKIP() << "only run as the child of IngestResume";
  const auto report = ingest_providers(slow_request(url, lake, 1));
  ASSERT_TRUE(report) << report.error().message;
}

int count_intact_details(const std::filesystem::path& lake) {
  int intact = 0;
  for (const char* provider : {"cinemaworld", "filmworld"}) {
    const auto directory = provider_date_directory(lake, provider, k_date);
    for (const auto& name : file_names(directory / "movie")) {
      if (name.ends_with(".json") && is_stored_intact(directory / "movie" / name)) ++intact;
    }
  }
  return intact;
}

TEST(IngestResume, KilledRunResumesFetchingOnlyWhatIsMissing) {
  sim::FaultProfile profile = named_profile("none", 1.0);
  profile.defaults.latency = {.p50_ms = 15, .p90_ms = 20, .p99_ms = 25, .max_ms = 30};
  auto simulator = start_simulator(profile, 150);
  ASSERT_TRUE(simulator);
  testing::TempDir lake;
  const auto offered = offered_prices(*simulator);
  int64_t total = 0;
  for (const auto& [provider, prices] : offered) total += static_cast<int64_t>(prices.size());

  const pid_t child = testing::spawn_test_child(
      "IngestResumeChild.*", {fmt::format("{}={}", k_child_url, simulator->base_url()),
                              fmt::format("{}={}", k_child_lake, lake.path().string())});
  ASSERT_GE(child, 0);
  // Kill it once a fair part (but not all) of the details is stored.
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds{20};
  while (count_intact_details(lake.path()) < total / 3 &&
         std::chrono::steady_clock::now() < give_up) {
    std::this_thread::sleep_for(std::chrono::milliseconds{5});
  }
  ASSERT_EQ(::kill(child, SIGKILL), 0);
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFSIGNALED(status)) << "the child finished before it could be killed";

  // Requests of the killed child still inside the simulator (sleeping their latency) are
  // counted when they finish: let them drain before taking the counts.
  for (int64_t previous = -1; previous != detail_requests(*simulator);) {
    previous = detail_requests(*simulator);
    std::this_thread::sleep_for(std::chrono::milliseconds{100});
  }
  const int stored_before = count_intact_details(lake.path());
  ASSERT_GT(stored_before, 0);
  ASSERT_LT(stored_before, total);
  const int64_t list_requests_before = list_requests(*simulator);
  const int64_t detail_requests_before = detail_requests(*simulator);
  EXPECT_EQ(list_requests_before, 2);

  const auto report = ingest_providers(slow_request(simulator->base_url(), lake.path(), 2));
  ASSERT_TRUE(report) << report.error().message;
  // Only the missing films were requested (the profile has no faults: one request each, plus
  // the hedged duplicates of the slowest few), and the lists were not fetched again.
  int64_t already = 0;
  int64_t fetched = 0;
  int64_t hedges = 0;
  for (const ProviderReport& provider : report->providers) {
    EXPECT_TRUE(provider.list_fetched);
    EXPECT_TRUE(provider.missing.empty()) << provider.provider;
    already += provider.already_stored;
    fetched += provider.fetched;
    hedges += provider.hedges;
  }
  EXPECT_EQ(list_requests(*simulator), list_requests_before);
  EXPECT_EQ(detail_requests(*simulator) - detail_requests_before, total - stored_before + hedges);
  EXPECT_EQ(already, stored_before);
  EXPECT_EQ(fetched, total - stored_before);
  EXPECT_EQ(count_intact_details(lake.path()), total);
  // No temporary file of the killed run is left, and the second run's log has one ok per film
  // it had to fetch, none for a film the killed run had stored.
  int64_t requested_in_second_run = 0;
  for (const char* provider : {"cinemaworld", "filmworld"}) {
    const auto directory = provider_date_directory(lake.path(), provider, k_date);
    for (const auto& name : file_names(directory / "movie")) {
      EXPECT_TRUE(name.ends_with(".json") || name.ends_with(".json.meta")) << name;
    }
    const auto lines = read_request_log(directory / "requests" / "run-2.jsonl");
    std::set<std::string> requested;
    for (const auto& line : lines) {
      if (line.at("outcome") == "cancelled") continue;  // the slower twin of a hedged pair
      EXPECT_EQ(line.at("outcome"), "ok");
      EXPECT_TRUE(requested.insert(line.at("movie_id").get<std::string>()).second);
    }
    requested_in_second_run += static_cast<int64_t>(requested.size());
  }
  EXPECT_EQ(requested_in_second_run, total - stored_before);
}

}  // namespace
}  // namespace reelhouse::providers::ingest
