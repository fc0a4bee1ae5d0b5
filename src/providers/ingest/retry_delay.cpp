#include "providers/ingest/retry_delay.hpp"

#include <algorithm>

#include "fetch/backoff.hpp"

namespace reelhouse::providers::ingest {

std::chrono::milliseconds retry_delay(int retry_index, std::chrono::milliseconds initial,
                                      std::chrono::milliseconds maximum,
                                      std::optional<std::chrono::milliseconds> retry_after,
                                      std::mt19937_64& generator) {
  const std::chrono::milliseconds jitter =
      fetch::full_jitter_delay(retry_index, initial, maximum, generator);
  return retry_after ? std::max(jitter, *retry_after) : jitter;
}

}  // namespace reelhouse::providers::ingest
