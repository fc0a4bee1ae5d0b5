// Fault profiles written as TOML files (`--profile my-profile.toml`).
//
//   name = "flaky-detail"          # optional; default: the file's stem
//   base = "recorded"              # optional: start from a named profile (default "none")
//   time_scale = 0.001
//   hang_seconds = 100
//   price_change_rate = 0.05
//   [defaults]                     # every provider
//   down = false
//   latency = { p50_ms = 600, p90_ms = 2710, p99_ms = 7480, max_ms = 31900 }
//   [defaults.list]                # GET /movies; same keys in [defaults.detail]
//   error_500 = 0.05               # also error_503, hang, truncated, invalid_json,
//   retry_after_seconds = 2        #   rate_limited, reset (probabilities 0..1)
//   [providers.filmworld]          # an override: starts from [defaults], same keys
//   down = true
//
// Unknown keys, wrong types and out-of-range values are errors naming the file, line and key.
#pragma once

#include <filesystem>
#include <optional>
#include <string_view>

#include "providers/simulator/provider_simulator.hpp"

namespace reelhouse::providers::sim {

// The built-in profile called `name`, if any (see fault_profile_names()).
std::optional<FaultProfile> named_fault_profile(std::string_view name);

// Parses a profile from TOML text; `display_path` names the source in errors.
Result<FaultProfile> parse_fault_profile_toml(std::string_view text, std::string_view display_path);

// Reads and parses a profile file.
Result<FaultProfile> read_fault_profile_file(const std::filesystem::path& path);

}  // namespace reelhouse::providers::sim
