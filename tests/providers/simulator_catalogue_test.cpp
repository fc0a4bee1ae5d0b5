// The simulator's data without HTTP: generated catalogues (determinism, size, shape), price
// epochs, the latency sampler's quantiles, fault choice and fault profiles (named and TOML).
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <ranges>
#include <set>

#include "providers/provider_json_writer.hpp"
#include "providers/simulator/fault_choice.hpp"
#include "providers/simulator/fault_profile_toml.hpp"
#include "providers/simulator/latency_sampler.hpp"
#include "providers/simulator/price_book.hpp"
#include "providers/simulator/sim_catalogue.hpp"
#include "support/test_support.hpp"
#include "util/random.hpp"

namespace reelhouse::providers::sim {
namespace {

const std::vector<std::string> k_providers = {"cinemaworld", "filmworld"};

TEST(SimulatorCatalogue, GeneratedCatalogueIsDeterministicLargeAndFast) {
  const auto started = std::chrono::steady_clock::now();
  const Catalogue first = generated_catalogue(10'000, 42, k_providers);
  const auto elapsed = std::chrono::steady_clock::now() - started;
  EXPECT_LT(elapsed, std::chrono::seconds(2));
  const Catalogue again = generated_catalogue(10'000, 42, k_providers);
  const Catalogue other = generated_catalogue(1'000, 43, k_providers);
  ASSERT_EQ(first.films.size(), 10'000u);
  int differing = 0;
  for (size_t i = 0; i < first.films.size(); ++i) {
    EXPECT_EQ(first.films[i].title, again.films[i].title);
    EXPECT_EQ(first.films[i].director, again.films[i].director);
    EXPECT_EQ(first.films[i].plot, again.films[i].plot);
    if (i < other.films.size()) differing += first.films[i].title != other.films[i].title ? 1 : 0;
  }
  EXPECT_GT(differing, 500) << "another seed gives another catalogue";
  EXPECT_EQ(first.shelves[1].films, again.shelves[1].films);
  EXPECT_EQ(first.shelves[1].initial_cents, again.shelves[1].initial_cents);
}

TEST(SimulatorCatalogue, GeneratedCatalogueLooksLikeTheProviders) {
  const Catalogue catalogue = generated_catalogue(5'000, 7, k_providers);
  std::set<std::string> numbers;
  std::map<std::string, int> films_by_director;
  for (const CatalogueFilm& film : catalogue.films) {
    EXPECT_GE(film.imdb_number.size(), 7u);
    EXPECT_TRUE(std::ranges::all_of(film.imdb_number, [](char c) { return c >= '0' && c <= '9'; }));
    numbers.insert(film.imdb_number);
    EXPECT_FALSE(film.title.empty());
    const int year = std::stoi(film.year);
    EXPECT_GE(year, 1920);
    EXPECT_LE(year, 2024);
    ++films_by_director[film.director];
  }
  EXPECT_EQ(numbers.size(), catalogue.films.size()) << "IMDb numbers are unique";
  // Directors have several films: far fewer directors than films, and some prolific ones.
  EXPECT_LT(films_by_director.size(), catalogue.films.size() / 2);
  EXPECT_GE(std::ranges::max(films_by_director | std::views::values), 5);
  for (const ProviderShelf& shelf : catalogue.shelves) {
    const double share = static_cast<double>(shelf.films.size()) / 5'000.0;
    EXPECT_GE(share, 0.88) << shelf.provider;
    EXPECT_LE(share, 0.98) << shelf.provider;
    const MovieDetail detail = catalogue.detail(shelf, 0, shelf.initial_cents[0]);
    EXPECT_EQ(detail.id, shelf.prefix + catalogue.films[shelf.films[0]].imdb_number);
    EXPECT_EQ(detail.awards.has_value(), shelf.provider == "cinemaworld");
  }
}

TEST(SimulatorCatalogue, PricesAreWrittenLikeTheProviders) {
  EXPECT_EQ(format_price(2950), "29.5");
  EXPECT_EQ(format_price(129500), "1295.0");
  EXPECT_EQ(format_price(12334350), "123343.5");
  EXPECT_EQ(format_price(1225), "12.25");
  EXPECT_EQ(format_price(50), "0.5");
}

TEST(SimulatorPrices, EachEpochChangesAboutTheConfiguredShareOfPrices) {
  const Catalogue catalogue = generated_catalogue(4'000, 11, k_providers);
  PriceBook prices(catalogue, 11);
  size_t total = 0;
  for (const auto& shelf : catalogue.shelves) total += shelf.films.size();
  for (const double rate : {0.05, 0.2}) {
    std::vector<std::vector<int64_t>> before;
    for (size_t s = 0; s < catalogue.shelves.size(); ++s) {
      before.emplace_back();
      for (uint32_t p = 0; p < catalogue.shelves[s].films.size(); ++p) {
        before[s].push_back(prices.cents(s, p));
      }
    }
    const int64_t changed = prices.advance(rate);
    int64_t observed = 0;
    for (size_t s = 0; s < catalogue.shelves.size(); ++s) {
      for (uint32_t p = 0; p < catalogue.shelves[s].films.size(); ++p) {
        observed += prices.cents(s, p) != before[s][p] ? 1 : 0;
        EXPECT_GT(prices.cents(s, p), 0);
      }
    }
    EXPECT_EQ(observed, changed) << "a change never keeps the old price";
    const double share = static_cast<double>(changed) / static_cast<double>(total);
    EXPECT_NEAR(share, rate, rate * 0.25) << "rate " << rate;
  }
  EXPECT_EQ(prices.epoch(), 2);
  // The same film never costs the same at both providers.
  std::map<uint32_t, int64_t> cinemaworld;
  for (uint32_t p = 0; p < catalogue.shelves[0].films.size(); ++p) {
    cinemaworld[catalogue.shelves[0].films[p]] = prices.cents(0, p);
  }
  for (uint32_t p = 0; p < catalogue.shelves[1].films.size(); ++p) {
    const auto found = cinemaworld.find(catalogue.shelves[1].films[p]);
    if (found != cinemaworld.end()) {
      EXPECT_NE(found->second, prices.cents(1, p));
    }
  }
}

TEST(SimulatorPrices, EpochsAreDeterministic) {
  const Catalogue catalogue = generated_catalogue(1'000, 5, k_providers);
  PriceBook first(catalogue, 5);
  PriceBook second(catalogue, 5);
  for (int epoch = 0; epoch < 3; ++epoch) {
    first.advance(0.1);
    second.advance(0.1);
  }
  for (uint32_t p = 0; p < catalogue.shelves[1].films.size(); ++p) {
    ASSERT_EQ(first.cents(1, p), second.cents(1, p));
  }
}

TEST(SimulatorLatency, RecordedProfileQuantilesMatchWhenSampled) {
  auto profile = load_fault_profile("recorded");
  ASSERT_TRUE(profile);
  const LatencyProfile& latency = profile->defaults.latency;
  const LatencySampler sampler(latency);
  util::Rng rng(3);
  std::vector<double> samples(200'000);
  for (double& sample : samples) sample = sampler.sample_ms(rng.uniform());
  std::ranges::sort(samples);
  const auto quantile = [&](double q) {
    return samples[static_cast<size_t>(q * static_cast<double>(samples.size() - 1))];
  };
  EXPECT_NEAR(quantile(0.50), latency.p50_ms, latency.p50_ms * 0.03);
  EXPECT_NEAR(quantile(0.90), latency.p90_ms, latency.p90_ms * 0.03);
  EXPECT_NEAR(quantile(0.99), latency.p99_ms, latency.p99_ms * 0.05);
  EXPECT_LE(samples.back(), latency.max_ms);
  EXPECT_GT(samples.back(), latency.p99_ms);
  EXPECT_GT(samples.front(), 0.0);
  EXPECT_EQ(LatencySampler(LatencyProfile{}).sample_ms(0.7), 0.0);
}

TEST(SimulatorFaultChoice, StackedProbabilitiesGiveEachFaultItsRate) {
  const EndpointFaults faults{.error_500 = 0.1, .error_503 = 0.1, .hang = 0.05, .reset = 0.02};
  std::map<Fault, int> counts;
  util::Rng rng(9);
  constexpr int k_draws = 100'000;
  for (int i = 0; i < k_draws; ++i) ++counts[choose_fault(faults, rng.uniform())];
  EXPECT_NEAR(counts[Fault::error_500] / double(k_draws), 0.10, 0.01);
  EXPECT_NEAR(counts[Fault::error_503] / double(k_draws), 0.10, 0.01);
  EXPECT_NEAR(counts[Fault::hang] / double(k_draws), 0.05, 0.005);
  EXPECT_NEAR(counts[Fault::reset] / double(k_draws), 0.02, 0.004);
  EXPECT_EQ(counts[Fault::truncated], 0);
  EXPECT_NEAR(counts[Fault::none] / double(k_draws), 0.73, 0.01);
}

TEST(SimulatorProfiles, NamedProfilesHaveTheDocumentedRates) {
  for (const auto& name : fault_profile_names()) {
    auto profile = load_fault_profile(name);
    ASSERT_TRUE(profile) << name;
    EXPECT_EQ(profile->name, name);
  }
  const FaultProfile recorded = *load_fault_profile("recorded");
  EXPECT_NEAR(recorded.defaults.detail.error_500 + recorded.defaults.detail.error_503, 0.096, 0.01);
  EXPECT_NEAR(recorded.defaults.detail.hang, 0.038, 0.005);
  EXPECT_GT(recorded.defaults.detail.error_500, recorded.defaults.list.error_500);
  EXPECT_EQ(recorded.defaults.latency.p50_ms, 600);
  const FaultProfile chaos = *load_fault_profile("chaos");
  EXPECT_NEAR(chaos.defaults.detail.error_500 + chaos.defaults.detail.error_503, 0.5, 1e-9);
  EXPECT_TRUE(load_fault_profile("down-cinemaworld")->faults_for("cinemaworld").down);
  EXPECT_FALSE(load_fault_profile("down-cinemaworld")->faults_for("filmworld").down);
  auto missing = load_fault_profile("does-not-exist");
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("recorded"), std::string::npos);
}

TEST(SimulatorProfiles, TomlFileWithDefaultsAndProviderOverrides) {
  reelhouse::testing::TempDir dir;
  const auto path = dir.path() / "flaky.toml";
  reelhouse::testing::write_file(path, R"(base = "recorded"
time_scale = 0.001
hang_seconds = 5
price_change_rate = 0.2
[defaults.detail]
error_500 = 0.3
rate_limited = 0.1
retry_after_seconds = 3
[providers.filmworld]
down = true
latency = { p50_ms = 10, p90_ms = 20, p99_ms = 30, max_ms = 40 }
)");
  auto profile = load_fault_profile(path.string());
  ASSERT_TRUE(profile) << profile.error().message;
  EXPECT_EQ(profile->name, "flaky");
  EXPECT_EQ(profile->time_scale, 0.001);
  EXPECT_EQ(profile->hang_seconds, 5);
  EXPECT_EQ(profile->price_change_rate, 0.2);
  EXPECT_EQ(profile->defaults.detail.error_500, 0.3);
  EXPECT_NEAR(profile->defaults.detail.error_503, 0.048, 1e-9) << "kept from the base";
  EXPECT_EQ(profile->defaults.detail.retry_after_seconds, 3);
  const ProviderFaults& filmworld = profile->faults_for("filmworld");
  EXPECT_TRUE(filmworld.down);
  EXPECT_EQ(filmworld.detail.error_500, 0.3) << "an override starts from [defaults]";
  EXPECT_EQ(filmworld.latency.p99_ms, 30);
  EXPECT_FALSE(profile->faults_for("cinemaworld").down);
}

TEST(SimulatorProfiles, TomlErrorsNameTheFileLineAndKey) {
  reelhouse::testing::TempDir dir;
  const auto check = [&](const std::string& text, const std::string& expected) {
    const auto path = dir.path() / "bad.toml";
    reelhouse::testing::write_file(path, text);
    auto profile = load_fault_profile(path.string());
    ASSERT_FALSE(profile) << text;
    EXPECT_NE(profile.error().message.find("bad.toml"), std::string::npos)
        << profile.error().message;
    EXPECT_NE(profile.error().message.find(expected), std::string::npos) << profile.error().message;
  };
  check("[defaults.list]\nerror_404 = 0.1\n", "defaults.list.error_404");
  check("\n[defaults.detail]\nhang = 1.5\n", ":3: key 'defaults.detail.hang'");
  check("[defaults.list]\nerror_500 = 0.7\nerror_503 = 0.7\n", "add up to");
  check("time_scale = \"fast\"\n", "time_scale");
  check("base = \"calm\"\n", "unknown profile 'calm'");
  check("[providers.filmworld]\ndown = 1\n", "providers.filmworld.down");
  check("[defaults\n", "TOML syntax error");
}

TEST(SimulatorJsonWriter, EscapesAndOmitsAbsentAwards) {
  MovieDetail detail{.title = "Say \"when\"\\now", .plot = "line\nbreak\x01", .price = "1.5"};
  const std::string body = render_movie_detail(detail);
  EXPECT_NE(body.find(R"("Title": "Say \"when\"\\now")"), std::string::npos);
  EXPECT_NE(body.find(R"("Plot": "line\nbreak\u0001")"), std::string::npos);
  EXPECT_EQ(body.find("Awards"), std::string::npos);
  detail.awards = "N/A";
  EXPECT_NE(
      render_movie_detail(detail).find("\"Country\": \"\",\n  \"Awards\": \"N/A\",\n  \"Poster\""),
      std::string::npos);
  EXPECT_EQ(render_movie_list({}), "{\n  \"Movies\": []\n}");
}

}  // namespace
}  // namespace reelhouse::providers::sim
