// Small, fast, reproducible pseudo-random numbers.
//
// Generators of synthetic data must give the same bytes for the same seed on every machine
// and every standard library, so nothing here uses <random>'s distributions (whose output
// is implementation-defined). `Rng` is SplitMix64 (Steele, Lea, Flood 2014): one 64-bit
// state, passes BigCrush, and cheap to create — which lets a generator derive an independent
// stream per entity with `stream_seed(seed, stream, index)` and recompute any entity's
// attributes from its index alone, in any thread and in any order.
#pragma once

#include <cmath>
#include <cstdint>

namespace reelhouse::util {

// The SplitMix64 finaliser: a bijective 64-bit mix with good avalanche.
constexpr uint64_t mix64(uint64_t value) {
  value = (value ^ (value >> 30)) * 0xbf58476d1ce4e5b9ULL;
  value = (value ^ (value >> 27)) * 0x94d049bb133111ebULL;
  return value ^ (value >> 31);
}

// The seed of the independent stream number `stream` for entity `index` under `seed`.
constexpr uint64_t stream_seed(uint64_t seed, uint64_t stream, uint64_t index) {
  return mix64(mix64(seed + 0x9e3779b97f4a7c15ULL * (stream + 1)) ^
               (index * 0xd6e8feb86659fd93ULL));
}

class Rng {
 public:
  explicit constexpr Rng(uint64_t seed) : m_state(seed) {}

  constexpr uint64_t next() {
    m_state += 0x9e3779b97f4a7c15ULL;
    return mix64(m_state);
  }

  // Uniform in [0, bound); bound > 0. Lemire's multiply-shift (bias < bound / 2^64).
  constexpr uint64_t below(uint64_t bound) {
    return static_cast<uint64_t>((static_cast<unsigned __int128>(next()) * bound) >> 64);
  }

  // Uniform integer in [low, high].
  constexpr int64_t between(int64_t low, int64_t high) {
    return low + static_cast<int64_t>(below(static_cast<uint64_t>(high - low) + 1));
  }

  // Uniform in [0, 1) with 53 random bits.
  constexpr double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

  constexpr bool chance(double probability) { return uniform() < probability; }

  // Approximately normal(mean, deviation): the sum of four uniforms (Irwin–Hall), bounded
  // to mean ± 3.46 deviations. Good enough for synthetic data, and needs no libm.
  constexpr double normal(double mean, double deviation) {
    const double sum = uniform() + uniform() + uniform() + uniform();
    constexpr double k_irwin_hall_4_deviation = 0.5773502691896258;  // sqrt(4 / 12)
    return mean + (sum - 2.0) / k_irwin_hall_4_deviation * deviation;
  }

  // Pareto(minimum, shape): heavy-tailed, P(X > x) = (minimum / x)^shape.
  double pareto(double minimum, double shape) {
    return minimum * std::pow(1.0 - uniform(), -1.0 / shape);
  }

  // Exponential with the given mean.
  double exponential(double mean) { return -mean * std::log1p(-uniform()); }

 private:
  uint64_t m_state;
};

// A continuous power law on [0, 1) with density proportional to (x + head)^-exponent:
// mapping x to a rank (x * population) gives a Zipf–Mandelbrot-like skew whose shape does
// not depend on the population size. `head` > 0 flattens the very top; exponent != 1.
class PowerLawSampler {
 public:
  PowerLawSampler(double head, double exponent)
      : m_head(head),
        m_inverse_power(1.0 / (1.0 - exponent)),
        m_low(std::pow(head, 1.0 - exponent)),
        m_span(std::pow(1.0 + head, 1.0 - exponent) - m_low) {}

  // Maps a uniform draw in [0, 1) to the power law, by inverting its distribution function.
  double sample(double uniform_draw) const {
    const double value = std::pow(m_low + uniform_draw * m_span, m_inverse_power) - m_head;
    return value < 0.0 ? 0.0 : (value >= 1.0 ? 0x1.fffffffffffffp-1 : value);
  }

 private:
  double m_head;
  double m_inverse_power;
  double m_low;
  double m_span;
};

}  // namespace reelhouse::util
