// Draws simulated latencies whose distribution has given quantiles (p50, p90, p99, max).
//
// The inverse distribution function is piecewise log-linear through the points
// (0, p50/4), (0.5, p50), (0.9, p90), (0.99, p99), (1, max): log-latency is interpolated
// linearly in the quantile, which reproduces the heavy right tail of real API latency and
// hits each quantile exactly.
#pragma once

#include "providers/simulator/provider_simulator.hpp"

namespace reelhouse::providers::sim {

class LatencySampler {
 public:
  explicit LatencySampler(const LatencyProfile& profile);

  // The latency in milliseconds at quantile `uniform` ∈ [0, 1); 0 when the profile is empty.
  double sample_ms(double uniform) const;

 private:
  static constexpr int k_points = 5;
  double m_quantiles[k_points] = {0.0, 0.5, 0.9, 0.99, 1.0};
  double m_log_ms[k_points] = {};
  bool m_enabled = false;
};

}  // namespace reelhouse::providers::sim
