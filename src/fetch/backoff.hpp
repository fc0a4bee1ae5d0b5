// Backoff: how long to wait before retrying a transient failure.
//
// Exponential backoff with "full jitter" (AWS Architecture Blog, "Exponential Backoff And
// Jitter"): before retry n (0-based) wait a uniformly random time in
// [0, min(max, initial · 2^n)]. The randomness spreads the retries of many clients that failed
// together (a provider's 503 burst) instead of having them hammer the server in lockstep.
#pragma once

#include <chrono>
#include <cstdint>
#include <random>

namespace reelhouse::fetch {

// The ceiling of the wait before retry `retry_index` (0 for the first retry):
// min(maximum, initial · 2^retry_index), without overflow for any index.
std::chrono::milliseconds backoff_ceiling(int retry_index, std::chrono::milliseconds initial,
                                          std::chrono::milliseconds maximum);

// A full-jitter wait before retry `retry_index`: uniform in [0, backoff_ceiling(...)].
std::chrono::milliseconds full_jitter_delay(int retry_index, std::chrono::milliseconds initial,
                                            std::chrono::milliseconds maximum,
                                            std::mt19937_64& generator);

}  // namespace reelhouse::fetch
