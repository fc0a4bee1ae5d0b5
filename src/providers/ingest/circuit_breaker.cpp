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
                               SteadyClock clock)
    : m_failure_threshold(failure_threshold < 1 ? 1 : failure_threshold),
      m_open_duration(open_duration),
      m_clock(std::move(clock)) {}

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
  m_state = BreakerState::closed;
  m_consecutive_failures = 0;
  m_trial_in_flight = false;
}

void CircuitBreaker::record_failure() {
  switch (m_state) {
    case BreakerState::closed:
      if (++m_consecutive_failures >= m_failure_threshold) open();
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
  ++m_trips;
}

}  // namespace reelhouse::providers::ingest
