// How long an attempt that failed transiently waits before it is tried again.
//
// Full-jitter exponential backoff from fetch/backoff.hpp (uniform in [0, min(max, initial·2^n)]),
// and never less than what the server asked for in Retry-After: a 429 with "Retry-After: 5"
// waits at least 5 s even when the jitter drew 40 ms. Capping by the run's deadline is the
// scheduler's job (a retry due after the deadline is simply never started).
#pragma once

#include <chrono>
#include <optional>
#include <random>

namespace reelhouse::providers::ingest {

// The wait before retry number `retry_index` (0 for the first retry).
std::chrono::milliseconds retry_delay(int retry_index, std::chrono::milliseconds initial,
                                      std::chrono::milliseconds maximum,
                                      std::optional<std::chrono::milliseconds> retry_after,
                                      std::mt19937_64& generator);

}  // namespace reelhouse::providers::ingest
