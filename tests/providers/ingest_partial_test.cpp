// Acceptance: a provider that stays down, and a provider that refuses the token. The run ends
// within its deadline, the healthy provider is complete, and the report names every film the
// failing provider could not give, using the newest earlier list.
#include <gtest/gtest.h>

#include "providers/ingest_test_support.hpp"

namespace reelhouse::providers::ingest {
namespace {

using namespace test;

const ProviderReport& report_of(const IngestReport& report, const std::string& provider) {
  for (const auto& entry : report.providers) {
    if (entry.provider == provider) return entry;
  }
  throw std::runtime_error("no report for " + provider);
}

TEST(IngestPartial, ProviderDownNamesTheMissingFilmsFromTheLastList) {
  auto simulator = start_simulator(named_profile("none", 0.001), 40);
  ASSERT_TRUE(simulator);
  testing::TempDir lake;
  const auto first = ingest_providers(request_for(*simulator, lake.path(), "2026-11-22", 1));
  ASSERT_TRUE(first) << first.error().message;
  for (const auto& provider : first->providers) EXPECT_TRUE(provider.missing.empty());
  const auto offered = offered_prices(*simulator);

  simulator->set_profile(named_profile("down-filmworld", 0.001));
  IngestRequest request = request_for(*simulator, lake.path(), "2026-11-23", 2);
  request.limits.max_attempts = 2;
  request.limits.deadline = std::chrono::seconds{5};
  const auto started = std::chrono::steady_clock::now();
  const auto second = ingest_providers(request);
  ASSERT_TRUE(second) << second.error().message;
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds{6});

  const ProviderReport& healthy = report_of(*second, "cinemaworld");
  EXPECT_TRUE(healthy.missing.empty());
  EXPECT_EQ(healthy.fetched, static_cast<int64_t>(offered.at("cinemaworld").size()));

  const ProviderReport& down = report_of(*second, "filmworld");
  EXPECT_FALSE(down.list_fetched);
  EXPECT_EQ(down.list_date, "2026-11-22") << "the newest earlier list says which films exist";
  EXPECT_FALSE(down.list_error.empty());
  EXPECT_EQ(down.fetched, 0);
  EXPECT_EQ(down.listed, static_cast<int64_t>(offered.at("filmworld").size()));
  ASSERT_EQ(down.missing.size(), offered.at("filmworld").size());
  std::set<std::string> missing_ids;
  for (const MissingFilm& film : down.missing) {
    missing_ids.insert(film.movie_id);
    EXPECT_EQ(film.provider, "filmworld");
    EXPECT_FALSE(film.title.empty()) << film.movie_id;
    EXPECT_FALSE(film.last_error.empty()) << film.movie_id;
  }
  for (const auto& [id, price] : offered.at("filmworld")) EXPECT_TRUE(missing_ids.contains(id));
  // Nothing half-stored for the down provider on the new date.
  const auto directory = provider_date_directory(lake.path(), "filmworld", "2026-11-23");
  EXPECT_FALSE(std::filesystem::exists(list_body_path(directory)));
  EXPECT_TRUE(file_names(directory / "movie").empty());
  EXPECT_FALSE(read_request_log(directory / "requests" / "run-2.jsonl").empty());
}

TEST(IngestPartial, ProviderDownWithoutAnyEarlierListReportsTheListError) {
  auto simulator = start_simulator(named_profile("down-cinemaworld", 0.001), 0);
  ASSERT_TRUE(simulator);
  testing::TempDir lake;
  IngestRequest request = request_for(*simulator, lake.path(), "2026-11-23", 1);
  request.limits.max_attempts = 3;
  const auto report = ingest_providers(request);
  ASSERT_TRUE(report) << report.error().message;
  const ProviderReport& down = report_of(*report, "cinemaworld");
  EXPECT_FALSE(down.list_fetched);
  EXPECT_EQ(down.list_date, "");
  EXPECT_NE(down.list_error.find("gave up after 3 attempts"), std::string::npos) << down.list_error;
  EXPECT_EQ(down.requests, 3);
  EXPECT_TRUE(report_of(*report, "filmworld").missing.empty());
  EXPECT_GT(report_of(*report, "filmworld").fetched, 0);
}

TEST(IngestPartial, WrongTokenStopsTheProviderAfterOneRequest) {
  auto simulator = start_simulator(named_profile("none", 0.001), 0);
  ASSERT_TRUE(simulator);
  testing::TempDir lake;
  IngestRequest request = request_for(*simulator, lake.path(), "2026-11-23", 1);
  request.token = "wrong";
  const auto report = ingest_providers(request);
  ASSERT_TRUE(report) << report.error().message;
  for (const ProviderReport& provider : report->providers) {
    EXPECT_EQ(provider.requests, 1) << provider.provider;
    EXPECT_NE(provider.list_error.find("providers.token"), std::string::npos)
        << provider.list_error;
    EXPECT_NE(provider.list_error.find("401"), std::string::npos) << provider.list_error;
  }
  EXPECT_EQ(list_requests(*simulator), 2);
  EXPECT_EQ(detail_requests(*simulator), 0);
}

TEST(IngestPartial, DeadlineStopsHangingRequestsAndNamesWhatIsLeft) {
  sim::FaultProfile profile = named_profile("none", 1.0);
  profile.defaults.detail.hang = 1.0;  // every detail request hangs
  profile.hang_seconds = 30;
  auto simulator = start_simulator(profile, 0);
  ASSERT_TRUE(simulator);
  testing::TempDir lake;
  IngestRequest request = request_for(*simulator, lake.path(), "2026-11-23", 1);
  request.limits.request_timeout = std::chrono::seconds{20};
  request.limits.deadline = std::chrono::seconds{1};
  const auto started = std::chrono::steady_clock::now();
  const auto report = ingest_providers(request);
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::milliseconds{1800});
  EXPECT_TRUE(report->deadline_hit);
  for (const ProviderReport& provider : report->providers) {
    EXPECT_TRUE(provider.list_fetched);
    EXPECT_EQ(provider.fetched, 0);
    EXPECT_EQ(static_cast<int64_t>(provider.missing.size()), provider.listed);
    const auto lines =
        read_request_log(provider_date_directory(lake.path(), provider.provider, "2026-11-23") /
                         "requests" / "run-1.jsonl");
    int deadline_lines = 0;
    for (const auto& line : lines) deadline_lines += line.at("outcome") == "deadline";
    EXPECT_EQ(deadline_lines, std::min<int64_t>(provider.listed, request.limits.concurrency));
  }
}

}  // namespace
}  // namespace reelhouse::providers::ingest
