#include "providers/ingest/hedge_delay.hpp"

#include <algorithm>
#include <cmath>

namespace reelhouse::providers::ingest {

namespace {

using std::chrono::milliseconds;

// The quantile moves slowly; recomputing it on every sample would sort the window thousands
// of times a second for nothing.
constexpr size_t k_recompute_every = 16;

}  // namespace

HedgePolicy hedge_policy_for(milliseconds request_timeout) {
  const milliseconds floor = std::max(milliseconds{1}, request_timeout / 100);
  return HedgePolicy{.initial = std::max(floor, request_timeout / 10),
                     .floor = floor,
                     .ceiling = std::max(floor, request_timeout / 2)};
}

int extra_hedge_slots(int concurrency) {
  return std::max(1, concurrency / 4);
}

HedgeDelay::HedgeDelay(HedgePolicy policy) : m_policy(policy) {
  m_policy.window = std::max<size_t>(1, m_policy.window);
  m_policy.min_samples = std::clamp<size_t>(m_policy.min_samples, 1, m_policy.window);
  m_policy.quantile = std::clamp(m_policy.quantile, 0.0, 1.0);
  m_policy.ceiling = std::max(m_policy.ceiling, m_policy.floor);
  m_ring.reserve(m_policy.window);
}

void HedgeDelay::record_success(milliseconds latency) {
  const int64_t value = std::max<int64_t>(0, latency.count());
  if (m_ring.size() < m_policy.window) {
    m_ring.push_back(value);
  } else {
    m_ring[m_next] = value;
  }
  m_next = (m_next + 1) % m_policy.window;
  ++m_count;
}

milliseconds HedgeDelay::delay() const {
  if (m_count < m_policy.min_samples) {
    return std::clamp(m_policy.initial, m_policy.floor, m_policy.ceiling);
  }
  if (m_cached_ms < 0 || m_count - m_cached_at >= k_recompute_every) {
    std::vector<int64_t> sorted = m_ring;
    // Nearest rank: the smallest value with at least `quantile` of the samples at or below it.
    const auto rank =
        static_cast<size_t>(std::ceil(m_policy.quantile * static_cast<double>(sorted.size())));
    const size_t index = rank == 0 ? 0 : std::min(rank, sorted.size()) - 1;
    std::nth_element(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(index),
                     sorted.end());
    m_cached_ms = sorted[index];
    m_cached_at = m_count;
  }
  return std::clamp(milliseconds{m_cached_ms}, m_policy.floor, m_policy.ceiling);
}

}  // namespace reelhouse::providers::ingest
