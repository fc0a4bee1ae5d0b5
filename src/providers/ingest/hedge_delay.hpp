// HedgeDelay: how long an attempt may stay in flight before the ingestion starts one duplicate
// of it (a hedged request, Dean & Barroso, "The Tail at Scale", CACM 2013).
//
// A provider's answers are fast (recorded: p50 0.6 s) but a few never come (≈4% hang until
// the request timeout, 30 s). Waiting for the timeout holds a concurrency slot ~50× longer
// than a normal answer. Instead, once an attempt is older than a high quantile of the
// provider's recent successful latencies, a second identical request starts; the first valid
// answer wins and the other transfer is cancelled. Hedging at the p95 sends ≈5% more requests
// on a healthy provider and hides nearly all of the tail.
//
// The delay, per provider:
//   - fewer than `min_samples` successful latencies seen: `initial` (nothing is known yet);
//   - otherwise the `quantile` of the last `window` successful latencies (nearest rank),
//   - clamped to [floor, ceiling] — the floor keeps a burst of very fast answers from turning
//     every attempt into two; the ceiling keeps the hedge well before the request timeout.
// Only successful attempts are samples: failures and timeouts say nothing about how long a
// good answer takes (and a timeout would drag the quantile towards the timeout itself).
//
// Not thread-safe: the ingestion's single event loop owns one per provider.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace reelhouse::providers::ingest {

struct HedgePolicy {
  double quantile = 0.95;
  size_t min_samples = 32;  // successful latencies before the quantile is trusted
  size_t window = 512;      // the latest successful latencies the quantile is taken over
  std::chrono::milliseconds initial{3000};
  std::chrono::milliseconds floor{300};
  std::chrono::milliseconds ceiling{15000};
};

// The policy the ingestion uses for a given per-attempt timeout: initial = timeout / 10,
// floor = timeout / 100 (at least 1 ms), ceiling = timeout / 2 (at least the floor). With the
// default 30 s timeout: 3 s before samples (≈ the recorded p90), never below 300 ms, never
// after 15 s. Everything scales with the timeout, so a time-scaled run hedges alike.
HedgePolicy hedge_policy_for(std::chrono::milliseconds request_timeout);

// The slots a provider has for hedges beyond its `concurrency`: max(1, c / 4). The engine
// lets fresh attempts (not hedges) hold at most `concurrency` transfers and all transfers
// together at most concurrency + extra_hedge_slots: a hedge uses any free slot (and goes
// before a new film), a hedged pair holds one fresh slot. Were hedges inside `concurrency`,
// a provider whose every slot holds a request that will never answer could not start the
// hedge that frees one, and would stall until the timeouts (seen with 4 slots and 10% hangs:
// four hangs at once happen every few hundred requests).
int extra_hedge_slots(int concurrency);

class HedgeDelay {
 public:
  explicit HedgeDelay(HedgePolicy policy);

  // One successful attempt took `latency`.
  void record_success(std::chrono::milliseconds latency);

  // The current hedge delay (see the header comment).
  std::chrono::milliseconds delay() const;

  size_t samples() const { return m_count; }
  const HedgePolicy& policy() const { return m_policy; }

 private:
  HedgePolicy m_policy;
  std::vector<int64_t> m_ring;  // the latest `window` latencies in ms, oldest overwritten
  size_t m_next = 0;            // where the next sample goes
  size_t m_count = 0;           // samples recorded in total
  // The quantile is recomputed lazily, at most every k_recompute_every new samples.
  mutable int64_t m_cached_ms = -1;
  mutable size_t m_cached_at = 0;
};

}  // namespace reelhouse::providers::ingest
