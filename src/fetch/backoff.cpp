#include "fetch/backoff.hpp"

#include <algorithm>

namespace reelhouse::fetch {

std::chrono::milliseconds backoff_ceiling(int retry_index, std::chrono::milliseconds initial,
                                          std::chrono::milliseconds maximum) {
  if (initial.count() <= 0 || maximum.count() <= 0) return std::chrono::milliseconds{0};
  std::chrono::milliseconds ceiling = std::min(initial, maximum);
  // Double step by step and stop at the maximum: no shift can overflow.
  for (int doubling = 0; doubling < retry_index && ceiling < maximum; ++doubling) {
    ceiling = ceiling > maximum / 2 ? maximum : ceiling * 2;
  }
  return ceiling;
}

std::chrono::milliseconds full_jitter_delay(int retry_index, std::chrono::milliseconds initial,
                                            std::chrono::milliseconds maximum,
                                            std::mt19937_64& generator) {
  const std::chrono::milliseconds ceiling = backoff_ceiling(retry_index, initial, maximum);
  std::uniform_int_distribution<int64_t> distribution(0, ceiling.count());
  return std::chrono::milliseconds{distribution(generator)};
}

}  // namespace reelhouse::fetch
