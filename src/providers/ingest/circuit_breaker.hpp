// CircuitBreaker: stops hammering a provider that keeps failing, and probes it for recovery.
//
// The classic three states (Nygard, "Release It!"):
//
//   closed    — requests flow; the breaker opens when BOTH hold: the last `failure_threshold`
//               results were failures, and at least `failure_rate` (default 75%) of the last
//               `4 × failure_threshold` results were failures (fewer when fewer are known).
//   open      — no request starts until `open_duration` has passed since it opened; results of
//               requests that were already in flight are ignored (they say nothing new).
//   half_open — exactly one trial request may start; its success closes the breaker, its
//               failure opens it again for another `open_duration`.
//
// Why the rate window: a healthy-but-flaky provider (the recorded API fails ≈10% of requests,
// the bench 30%) produces runs of consecutive failures by chance — with 30% failures and 64
// requests in flight, a run of 8 happens every few thousand requests — and each trip stops a
// provider that is in fact answering 70% of the time (the bench saw 12–26 trips per run).
// Given such a run, the rest of a 32-result window holds ~7 failures: a 50% rule would still
// trip about half the time, a 75% rule (24 of 32) practically never. A provider that is down
// fails everything, so both conditions hold after `failure_threshold` failures, exactly as
// before; one failing three requests in four is stopped too; a flaky one keeps going.
//
// The clock is injected so tests drive time by hand; the ingestion passes steady_clock. Not
// thread-safe: the ingestion's single event loop owns one breaker per provider.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

namespace reelhouse::providers::ingest {

using SteadyTime = std::chrono::steady_clock::time_point;
using SteadyClock = std::function<SteadyTime()>;

enum class BreakerState { closed, open, half_open };

std::string_view to_string(BreakerState state);

class CircuitBreaker {
 public:
  static constexpr double k_default_failure_rate = 0.75;
  static constexpr int k_window_per_threshold = 4;

  // REQUIRES: failure_threshold ≥ 1, open_duration ≥ 0, 0 < failure_rate ≤ 1.
  CircuitBreaker(int failure_threshold, std::chrono::milliseconds open_duration, SteadyClock clock,
                 double failure_rate = k_default_failure_rate);

  // Asks to start one request now. Closed: yes. Open: no, unless open_duration has passed, in
  // which case the breaker turns half-open and this request is the trial. Half-open: yes only
  // when no trial is in flight. A caller told yes must later report the request's result.
  bool try_acquire();

  // The request succeeded (the provider answered with something usable).
  void record_success();

  // The request failed in a way that says the provider is unhealthy (5xx, timeout, reset).
  void record_failure();

  // A request that was allowed ended without telling anything about the provider's health
  // (cancelled at the deadline, a 404): releases a half-open trial without changing state.
  void record_neutral();

  BreakerState state() const { return m_state; }
  // When an open breaker will let a trial through (meaningful in the open state only).
  SteadyTime reopens_at() const { return m_opened_at + m_open_duration; }
  // How many times the breaker went from closed or half-open to open.
  int64_t trips() const { return m_trips; }
  int consecutive_failures() const { return m_consecutive_failures; }
  // Failures among the results in the window (the latest 4 × failure_threshold).
  int window_failures() const { return m_window_failures; }

 private:
  void open();
  void remember(bool failure);  // adds a result to the window (closed state only)

  int m_failure_threshold;
  std::chrono::milliseconds m_open_duration;
  SteadyClock m_clock;
  BreakerState m_state = BreakerState::closed;
  int m_consecutive_failures = 0;
  double m_failure_rate;
  std::vector<bool> m_window;  // ring of the latest results, true = failure
  size_t m_window_next = 0;
  int m_window_failures = 0;
  bool m_trial_in_flight = false;
  SteadyTime m_opened_at{};
  int64_t m_trips = 0;
};

}  // namespace reelhouse::providers::ingest
