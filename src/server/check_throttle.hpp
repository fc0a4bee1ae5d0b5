// "At most every `interval`": the readers of the published warehouse (the DuckDB file's
// identity, PostgreSQL's schema oid) check for a new publication on request, but no more often
// than this. Lock-free: of the callers arriving after the interval, exactly one gets `true`.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

namespace reelhouse::server {

class CheckThrottle {
 public:
  explicit CheckThrottle(std::chrono::nanoseconds interval) : m_interval(interval.count()) {}

  // True for the one caller that should check now (the first ever call, then at most one per
  // interval).
  bool due() {
    const int64_t now = std::chrono::duration_cast<std::chrono::nanoseconds>(
                            std::chrono::steady_clock::now().time_since_epoch())
                            .count();
    int64_t next = m_next_ns.load(std::memory_order_relaxed);
    return now >= next && m_next_ns.compare_exchange_strong(next, now + m_interval);
  }

 private:
  int64_t m_interval;
  std::atomic<int64_t> m_next_ns{0};
};

}  // namespace reelhouse::server
