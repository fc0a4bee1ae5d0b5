#include "providers/ingest/circuit_breaker.hpp"

#include <utility>

namespace reelhouse::providers::ingest {

std::string_view to_string(BreakerState state) {
  switch (state) {
    case BreakerState::closed:
      return "closed";
    case BreakerState::open:
      return "open";
    case BreakerState::half_open:
      return "half_open";
  }
  return "unknown";
}

CircuitBreaker::CircuitBreaker(int failure_threshold, std::chrono::milliseconds open_duration,
                               SteadyClock clock, double failure_rate)
    : m_failure_threshold(failure_threshold < 1 ? 1 : failure_threshold),
      m_open_duration(open_duration),
      m_clock(std::move(clock)),
      m_failure_rate(failure_rate > 0 && failure_rate <= 1 ? failure_rate
                                                           : k_default_failure_rate) {
  m_window.reserve(static_cast<size_t>(m_failure_threshold) * k_window_per_threshold);
}

void CircuitBreaker::remember(bool failure) {
  const size_t capacity = static_cast<size_t>(m_failure_threshold) * k_window_per_threshold;
  if (m_window.size() < capacity) {
    m_window.push_back(failure);
  } else {
    m_window_failures -= m_window[m_window_next] ? 1 : 0;
    m_window[m_window_next] = failure;
  }
  m_window_failures += failure ? 1 : 0;
  m_window_next = (m_window_next + 1) % capacity;
}

bool CircuitBreaker::try_acquire() {
  switch (m_state) {
    case BreakerState::closed:
      return true;
    case BreakerState::open:
      if (m_clock() < reopens_at()) return false;
      m_state = BreakerState::half_open;
      m_trial_in_flight = true;
      return true;
    case BreakerState::half_open:
      if (m_trial_in_flight) return false;
      m_trial_in_flight = true;
      return true;
  }
  return false;
}

void CircuitBreaker::record_success() {
  if (m_state == BreakerState::open) return;  // a straggler from before the breaker opened
  if (m_state == BreakerState::closed) remember(false);
  m_state = BreakerState::closed;
  m_consecutive_failures = 0;
  m_trial_in_flight = false;
}

void CircuitBreaker::record_failure() {
  switch (m_state) {
    case BreakerState::closed:
      remember(true);
      if (++m_consecutive_failures >= m_failure_threshold &&
          static_cast<double>(m_window_failures) >=
              m_failure_rate * static_cast<double>(m_window.size())) {
        open();
      }
      return;
    case BreakerState::open:
      return;  // a straggler: the breaker already knows
    case BreakerState::half_open:
      open();
      return;
  }
}

void CircuitBreaker::record_neutral() {
  if (m_state == BreakerState::half_open) m_trial_in_flight = false;
}

void CircuitBreaker::open() {
  m_state = BreakerState::open;
  m_opened_at = m_clock();
  m_trial_in_flight = false;
  m_consecutive_failures = 0;
  // A provider that just failed its trial (or tripped) starts the next closed period afresh.
  m_window.clear();
  m_window_next = 0;
  m_window_failures = 0;
  ++m_trips;
}

}  // namespace reelhouse::providers::ingest
