// Acceptance: requests that never answer (10% hangs, no other fault) cost a hedge delay, not
// a request timeout. Without hedging each hang would hold one of the 2 × 8 concurrency slots
// for the whole timeout; with it the run ends far sooner than hangs × timeout / slots, and
// still stores every film exactly once.
#include <gtest/gtest.h>

#include "providers/ingest_test_support.hpp"
#include "providers/provider_json.hpp"

namespace reelhouse::providers::ingest {
namespace {

using namespace test;
using std::chrono::milliseconds;

TEST(IngestHedging, HangsCostAHedgeDelayNotATimeoutAndEveryFilmIsStoredOnce) {
  sim::FaultProfile profile = named_profile("none", 1.0);
  profile.defaults.detail.hang = 0.10;
  profile.hang_seconds = 2.0;  // longer than the request timeout: a hang ends by the timeout
  // Enough server threads that the hung requests (each holds one) never starve the answers.
  auto started_simulator = sim::ProviderSimulator::start(sim::SimulatorOptions{
      .movies = 800, .seed = 11, .profile = profile, .token = k_token, .threads = 256});
  ASSERT_TRUE(started_simulator) << started_simulator.error().message;
  auto& simulator = **started_simulator;
  testing::TempDir lake;
  IngestRequest request = request_for(simulator, lake.path(), "2026-11-23", 1);
  request.limits.concurrency = 8;
  request.limits.request_timeout = milliseconds{1000};

  const auto started = std::chrono::steady_clock::now();
  const auto report = ingest_providers(request);
  const auto elapsed = std::chrono::steady_clock::now() - started;
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_FALSE(report->deadline_hit);

  int64_t hangs = 0;
  for (const auto& [key, entry] : simulator.stats()) {
    if (key.ends_with("/movie")) hangs += entry.faults;
  }
  // What waiting for the timeouts would cost at best: every hang holds a slot for the timeout.
  const auto slots = static_cast<int64_t>(request.providers.size()) * request.limits.concurrency;
  const milliseconds without_hedging{hangs * request.limits.request_timeout.count() / slots};
  ASSERT_GT(hangs, 40) << "the profile must produce hangs for the test to mean anything";
  // With hedging a hang costs a hedge delay (≈10 ms here); only a hang whose hedge hangs too
  // (1% of attempts) waits for the timeout, and those mostly wait side by side.
  EXPECT_LT(elapsed * 3, without_hedging)
      << "run took " << std::chrono::duration_cast<milliseconds>(elapsed).count() << " ms, "
      << hangs << " hangs would hold slots for " << without_hedging.count() << " ms";

  const auto offered = offered_prices(simulator);
  int64_t hedges = 0;
  int64_t cancelled = 0;
  for (const ProviderReport& provider : report->providers) {
    SCOPED_TRACE(provider.provider);
    const auto& prices = offered.at(provider.provider);
    EXPECT_TRUE(provider.missing.empty());
    EXPECT_EQ(provider.fetched, static_cast<int64_t>(prices.size()));
    EXPECT_LE(provider.hedges_won, provider.hedges);
    hedges += provider.hedges;
    const auto directory = provider_date_directory(lake.path(), provider.provider, "2026-11-23");
    // Exactly one body and one sidecar per film: no duplicate, no temporary.
    expect_one_body_per_film(directory / "movie", prices);
    for (const auto& [id, price] : prices) {
      const auto detail =
          parse_movie_detail(testing::read_file(detail_body_path(directory, id)), id);
      ASSERT_TRUE(detail) << detail.error().message;
      EXPECT_EQ(detail->price, price) << id;
    }
    // One "ok" per film in the log; the slower twin of every settled pair is "cancelled".
    const auto lines = read_request_log(directory / "requests" / "run-1.jsonl");
    EXPECT_EQ(static_cast<int64_t>(lines.size()), provider.requests);
    std::map<std::string, int> ok_by_film;
    std::map<std::string, std::set<int>> attempts_by_film;
    int64_t logged_hedges = 0;
    for (const auto& line : lines) {
      const std::string outcome = line.at("outcome").get<std::string>();
      const std::string id = line.at("movie_id").get<std::string>();
      EXPECT_TRUE(outcome == "ok" || outcome == "cancelled" || outcome == "timeout") << outcome;
      if (outcome == "ok") ++ok_by_film[id];
      if (outcome == "cancelled") ++cancelled;
      logged_hedges += line.at("hedge").get<bool>() ? 1 : 0;
      EXPECT_TRUE(attempts_by_film[id].insert(line.at("attempt").get<int>()).second)
          << id << " attempt " << line.at("attempt");
    }
    EXPECT_EQ(logged_hedges, provider.hedges);
    for (const auto& [id, price] : prices) EXPECT_EQ(ok_by_film[id], 1) << id;
    EXPECT_EQ(ok_by_film.size(), prices.size() + 1) << "the films and the list";
  }
  EXPECT_GE(hedges, hangs / 2) << "nearly every hang gets a hedge";
  EXPECT_GT(cancelled, 0);
}

TEST(IngestHedging, DisabledHedgingStartsNoDuplicate) {
  sim::FaultProfile profile = named_profile("none", 1.0);
  profile.defaults.latency =
      sim::LatencyProfile{.p50_ms = 2, .p90_ms = 20, .p99_ms = 40, .max_ms = 60};
  auto simulator = start_simulator(profile, 60);
  ASSERT_TRUE(simulator);
  testing::TempDir lake;
  IngestRequest request = request_for(*simulator, lake.path(), "2026-11-23", 1);
  request.limits.hedging = false;
  request.limits.request_timeout = std::chrono::seconds{5};  // no timeout under load either
  const auto report = ingest_providers(request);
  ASSERT_TRUE(report) << report.error().message;
  for (const ProviderReport& provider : report->providers) {
    SCOPED_TRACE(provider.provider);
    EXPECT_TRUE(provider.missing.empty());
    EXPECT_EQ(provider.hedges, 0);
    EXPECT_EQ(provider.hedges_won, 0);
    // Every attempt is a plain one: no hedge flag, nothing cancelled, one ok per film.
    const auto lines =
        read_request_log(provider_date_directory(lake.path(), provider.provider, "2026-11-23") /
                         "requests" / "run-1.jsonl");
    EXPECT_EQ(static_cast<int64_t>(lines.size()), provider.requests);
    std::map<std::string, int> ok_by_film;
    for (const auto& line : lines) {
      EXPECT_FALSE(line.at("hedge").get<bool>());
      EXPECT_NE(line.at("outcome"), "cancelled");
      if (line.at("outcome") == "ok") ++ok_by_film[line.at("movie_id").get<std::string>()];
    }
    EXPECT_EQ(static_cast<int64_t>(ok_by_film.size()), provider.fetched + 1);
    for (const auto& [id, count] : ok_by_film) EXPECT_EQ(count, 1) << id;
  }
}

}  // namespace
}  // namespace reelhouse::providers::ingest
