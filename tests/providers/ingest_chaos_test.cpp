// Acceptance: against the simulator's chaos profile (50% 5xx, 10% hangs, 5% truncated bodies,
// 5% 429 with Retry-After, invalid JSON, resets), time-scaled to milliseconds, the ingestion
// collects every film of both providers, once, as valid JSON with the offered price.
#include <gtest/gtest.h>

#include "providers/ingest_test_support.hpp"
#include "providers/provider_json.hpp"

namespace reelhouse::providers::ingest {
namespace {

using namespace test;

TEST(IngestChaos, CollectsEveryFilmOnceAsValidJson) {
  auto simulator = start_simulator(named_profile("chaos", 0.001), 80);
  ASSERT_TRUE(simulator);
  testing::TempDir lake;
  const auto started = std::chrono::steady_clock::now();
  const auto report = ingest_providers(request_for(*simulator, lake.path(), "2026-11-23", 1));
  const auto elapsed = std::chrono::steady_clock::now() - started;
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_FALSE(report->deadline_hit);
  EXPECT_LT(elapsed, std::chrono::seconds{30});

  const auto offered = offered_prices(*simulator);
  ASSERT_EQ(report->providers.size(), 2u);
  int64_t logged = 0;
  for (const ProviderReport& provider : report->providers) {
    SCOPED_TRACE(provider.provider);
    const auto& prices = offered.at(provider.provider);
    EXPECT_TRUE(provider.list_fetched);
    EXPECT_EQ(provider.list_date, "2026-11-23");
    EXPECT_EQ(provider.listed, static_cast<int64_t>(prices.size()));
    EXPECT_EQ(provider.fetched, static_cast<int64_t>(prices.size()));
    EXPECT_EQ(provider.already_stored, 0);
    for (const MissingFilm& film : provider.missing) {
      ADD_FAILURE() << "missing " << film.movie_id << ": " << film.last_error;
    }
    const auto directory = provider_date_directory(lake.path(), provider.provider, "2026-11-23");
    // The list body is valid, sidecar beside it.
    ASSERT_TRUE(is_stored_intact(list_body_path(directory)));
    const auto listed =
        parse_movie_list(testing::read_file(list_body_path(directory)), provider.provider);
    ASSERT_TRUE(listed) << listed.error().message;
    // Exactly one body and one sidecar per offered film, nothing else (no temporaries).
    expect_one_body_per_film(directory / "movie", prices);
    for (const auto& [id, price] : prices) {
      const auto body_path = detail_body_path(directory, id);
      ASSERT_TRUE(is_stored_intact(body_path)) << id;
      const std::string body = testing::read_file(body_path);
      ASSERT_TRUE(nlohmann::json::accept(body)) << id;
      const auto detail = parse_movie_detail(body, id);
      ASSERT_TRUE(detail) << detail.error().message;
      EXPECT_EQ(detail->price, price) << id;
      const auto meta = parse_response_meta(testing::read_file(sidecar_path(body_path)), id);
      ASSERT_TRUE(meta);
      EXPECT_EQ(meta->status, 200);
      EXPECT_EQ(meta->run_id, 1);
      EXPECT_GE(meta->attempts, 1);
    }

    // The request log holds every attempt; the chaos shows in it; Retry-After was honoured.
    const auto lines = read_request_log(directory / "requests" / "run-1.jsonl");
    EXPECT_EQ(static_cast<int64_t>(lines.size()), provider.requests);
    logged += static_cast<int64_t>(lines.size());
    std::map<std::string, int> outcomes;
    std::map<std::string, std::vector<const nlohmann::json*>> attempts_by_film;
    for (const auto& line : lines) {
      outcomes[line.at("outcome").get<std::string>()]++;
      attempts_by_film[line.at("movie_id").get<std::string>()].push_back(&line);
    }
    EXPECT_EQ(outcomes["ok"], static_cast<int>(prices.size()) + 1);
    for (const char* kind : {"server_error", "rate_limited", "invalid_body", "connection"}) {
      EXPECT_GT(outcomes[kind], 0) << kind;
    }
    int honoured = 0;
    for (auto& [id, attempts] : attempts_by_film) {
      // Lines are written when attempts end, and a hedged pair can end in either order: the
      // attempt numbers of a film are 1…n, each once.
      std::sort(attempts.begin(), attempts.end(), [](const auto* left, const auto* right) {
        return left->at("attempt").template get<int>() < right->at("attempt").template get<int>();
      });
      EXPECT_EQ(attempts.front()->at("attempt").get<int>(), 1) << id;
      for (size_t index = 0; index + 1 < attempts.size(); ++index) {
        const auto& line = *attempts[index];
        EXPECT_EQ((*attempts[index + 1]).at("attempt").get<int>(),
                  line.at("attempt").get<int>() + 1);
        if (line.at("retry_after_ms").is_null()) continue;
        // A hedge may have started before this answer came; Retry-After binds new attempts.
        if ((*attempts[index + 1]).at("hedge").get<bool>()) continue;
        ASSERT_EQ(line.at("retry_after_ms"), 1000);
        // started_at + latency + Retry-After ≤ next start (timestamps have ms resolution).
        auto to_ms = [](const nlohmann::json& entry) {
          const std::string text = entry.at("started_at").get<std::string>();
          const int64_t seconds = std::stoll(text.substr(11, 2)) * 3600 +
                                  std::stoll(text.substr(14, 2)) * 60 +
                                  std::stoll(text.substr(17, 2));
          return seconds * 1000 + std::stoll(text.substr(20, 3));
        };
        EXPECT_GE(to_ms(*attempts[index + 1]),
                  to_ms(line) + line.at("latency_ms").get<int64_t>() + 1000 - 2)
            << id;
        ++honoured;
      }
    }
    EXPECT_GT(honoured, 0);
  }
  EXPECT_EQ(report->requests, logged);
}

}  // namespace
}  // namespace reelhouse::providers::ingest
