// Helpers shared by the ingestion's acceptance tests: a time-scaled simulator on loopback,
// fast limits, and readers of what an ingestion left in the lake.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "providers/ingest/provider_ingest.hpp"
#include "providers/ingest/raw_store.hpp"
#include "providers/simulator/provider_simulator.hpp"
#include "support/test_support.hpp"

namespace reelhouse::providers::ingest::test {

inline constexpr const char* k_token = "ingest-test-token";

inline std::unique_ptr<sim::ProviderSimulator> start_simulator(sim::FaultProfile profile,
                                                               int64_t movies, uint64_t seed = 5) {
  auto simulator = sim::ProviderSimulator::start(sim::SimulatorOptions{
      .movies = movies, .seed = seed, .profile = std::move(profile), .token = k_token});
  if (!simulator) {
    ADD_FAILURE() << "cannot start the simulator: " << simulator.error().message;
    return nullptr;
  }
  return std::move(*simulator);
}

inline sim::FaultProfile named_profile(const std::string& name, double time_scale) {
  auto profile = sim::load_fault_profile(name);
  EXPECT_TRUE(profile) << name;
  profile->time_scale = time_scale;
  return *profile;
}

// Limits for tests: everything in milliseconds, generous attempts, a bounded deadline.
inline IngestLimits fast_limits() {
  return IngestLimits{.concurrency = 8,
                      .connect_timeout = std::chrono::milliseconds{1000},
                      .request_timeout = std::chrono::milliseconds{400},
                      .deadline = std::chrono::seconds{60},
                      .max_attempts = 60,
                      .backoff_initial = std::chrono::milliseconds{5},
                      .backoff_max = std::chrono::milliseconds{100},
                      .breaker_failures = 8,
                      .breaker_open = std::chrono::milliseconds{20}};
}

inline IngestRequest request_for(const sim::ProviderSimulator& simulator,
                                 const std::filesystem::path& lake, std::string date,
                                 int64_t run_id) {
  return IngestRequest{.base_url = simulator.base_url(),
                       .providers = {"cinemaworld", "filmworld"},
                       .token = k_token,
                       .lake_root = lake,
                       .ingest_date = std::move(date),
                       .run_id = run_id,
                       .limits = fast_limits(),
                       .seed = 99};
}

// provider → (movie id → price) of what the simulator offers now.
inline std::map<std::string, std::map<std::string, std::string>> offered_prices(
    const sim::ProviderSimulator& simulator) {
  std::map<std::string, std::map<std::string, std::string>> prices;
  for (const auto& [provider, details] : simulator.offered()) {
    for (const auto& detail : details) prices[provider][detail.id] = detail.price;
  }
  return prices;
}

// Names of the files in a directory (empty when it does not exist).
inline std::vector<std::string> file_names(const std::filesystem::path& directory) {
  std::vector<std::string> names;
  std::error_code error;
  for (std::filesystem::directory_iterator entry(directory, error), end; !error && entry != end;
       entry.increment(error)) {
    if (entry->is_regular_file()) names.push_back(entry->path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

// The lines of a request log, parsed.
inline std::vector<nlohmann::json> read_request_log(const std::filesystem::path& path) {
  std::vector<nlohmann::json> lines;
  const std::string text = testing::read_file(path);
  size_t start = 0;
  while (start < text.size()) {
    const size_t end = text.find('\n', start);
    lines.push_back(nlohmann::json::parse(text.substr(start, end - start)));
    start = end + 1;
  }
  return lines;
}

inline int64_t detail_requests(const sim::ProviderSimulator& simulator) {
  int64_t total = 0;
  for (const auto& [key, entry] : simulator.stats()) {
    if (key.ends_with("/movie")) total += entry.requests;
  }
  return total;
}

inline int64_t list_requests(const sim::ProviderSimulator& simulator) {
  int64_t total = 0;
  for (const auto& [key, entry] : simulator.stats()) {
    if (key.ends_with("/movies")) total += entry.requests;
  }
  return total;
}

// Checks that `movie_directory` holds exactly one body and one sidecar per offered film
// (`prices`: movie id -> price), and nothing else: no duplicate, no temporary.
inline void expect_one_body_per_film(const std::filesystem::path& movie_directory,
                                     const std::map<std::string, std::string>& prices) {
  std::set<std::string> expected_files;
  for (const auto& [id, price] : prices) {
    expected_files.insert(id + ".json");
    expected_files.insert(id + ".json.meta");
  }
  const auto names = file_names(movie_directory);
  EXPECT_EQ(std::set<std::string>(names.begin(), names.end()), expected_files);
  EXPECT_EQ(names.size(), expected_files.size());
}

}  // namespace reelhouse::providers::ingest::test
