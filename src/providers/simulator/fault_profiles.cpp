// The named fault profiles of the simulator and load_fault_profile (names or TOML files).
#include <filesystem>

#include "providers/simulator/fault_profile_toml.hpp"
#include "providers/simulator/provider_simulator.hpp"

namespace reelhouse::providers::sim {

namespace {

// Latency to headers measured on the live API (../shared/data/README.md).
constexpr LatencyProfile k_recorded_latency{
    .p50_ms = 600, .p90_ms = 2710, .p99_ms = 7480, .max_ms = 31900};

FaultProfile recorded_profile() {
  FaultProfile profile{.name = "recorded"};
  // Live traffic: ≈9.6% 5xx split evenly between 500 and 503, ≈3.8% never answered; detail
  // calls (the vast majority of requests) fail slightly more often than list calls.
  profile.defaults.list = {.error_500 = 0.040, .error_503 = 0.040, .hang = 0.032};
  profile.defaults.detail = {.error_500 = 0.048, .error_503 = 0.048, .hang = 0.038};
  profile.defaults.latency = k_recorded_latency;
  return profile;
}

FaultProfile chaos_profile() {
  FaultProfile profile{.name = "chaos"};
  const EndpointFaults faults{.error_500 = 0.25,
                              .error_503 = 0.25,
                              .hang = 0.10,
                              .truncated = 0.05,
                              .invalid_json = 0.02,
                              .rate_limited = 0.05,
                              .reset = 0.02};
  profile.defaults.list = faults;
  profile.defaults.detail = faults;
  profile.defaults.latency = k_recorded_latency;
  return profile;
}

// No faults, except `provider` answers nothing useful at all.
FaultProfile down_profile(const std::string& provider) {
  FaultProfile profile{.name = "down-" + provider};
  profile.per_provider[provider] = ProviderFaults{.down = true};
  return profile;
}

}  // namespace

const ProviderFaults& FaultProfile::faults_for(std::string_view provider) const {
  const auto found = per_provider.find(std::string(provider));
  return found == per_provider.end() ? defaults : found->second;
}

std::vector<std::string> fault_profile_names() {
  return {"none", "recorded", "chaos", "down-cinemaworld", "down-filmworld"};
}

std::optional<FaultProfile> named_fault_profile(std::string_view name) {
  if (name == "none") return FaultProfile{.name = "none"};
  if (name == "recorded") return recorded_profile();
  if (name == "chaos") return chaos_profile();
  if (name == "down-cinemaworld") return down_profile("cinemaworld");
  if (name == "down-filmworld") return down_profile("filmworld");
  return std::nullopt;
}

Result<FaultProfile> load_fault_profile(std::string_view name_or_path) {
  if (auto named = named_fault_profile(name_or_path)) return *named;
  const std::filesystem::path path(name_or_path);
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error)) {
    std::string names;
    for (const auto& name : fault_profile_names()) names += (names.empty() ? "" : ", ") + name;
    return make_error(ErrorCode::not_found,
                      "fault profile '{}' is neither a known name ({}) nor a readable TOML file",
                      name_or_path, names);
  }
  return read_fault_profile_file(path);
}

}  // namespace reelhouse::providers::sim
