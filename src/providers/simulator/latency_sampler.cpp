// Piecewise log-linear latency quantiles (see latency_sampler.hpp).
#include "providers/simulator/latency_sampler.hpp"

#include <algorithm>
#include <cmath>

namespace reelhouse::providers::sim {

LatencySampler::LatencySampler(const LatencyProfile& profile) {
  if (profile.p50_ms <= 0) return;  // no latency configured
  m_enabled = true;
  // Repair an incomplete profile into a non-decreasing one.
  const double p50 = profile.p50_ms;
  const double p90 = std::max(profile.p90_ms, p50);
  const double p99 = std::max(profile.p99_ms, p90);
  const double max = std::max(profile.max_ms, p99);
  const double values[k_points] = {p50 / 4.0, p50, p90, p99, max};
  for (int i = 0; i < k_points; ++i) m_log_ms[i] = std::log(values[i]);
}

double LatencySampler::sample_ms(double uniform) const {
  if (!m_enabled) return 0.0;
  const double q = std::clamp(uniform, 0.0, 1.0);
  int segment = 0;
  while (segment < k_points - 2 && q > m_quantiles[segment + 1]) ++segment;
  const double low = m_quantiles[segment];
  const double high = m_quantiles[segment + 1];
  const double t = (q - low) / (high - low);
  return std::exp(m_log_ms[segment] + t * (m_log_ms[segment + 1] - m_log_ms[segment]));
}

}  // namespace reelhouse::providers::sim
