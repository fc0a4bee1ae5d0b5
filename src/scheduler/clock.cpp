// RealClock and FakeClock.
#include "scheduler/clock.hpp"

#include <algorithm>
#include <thread>

namespace reelhouse::scheduler {

namespace {
constexpr std::chrono::milliseconds k_stop_check{200};
}

TimePoint RealClock::now() const {
  return std::chrono::floor<std::chrono::milliseconds>(std::chrono::system_clock::now());
}

bool RealClock::sleep_until(TimePoint deadline, const std::atomic<bool>* stop) {
  while (true) {
    if (stop != nullptr && stop->load()) return false;
    const auto remaining = deadline - now();
    if (remaining <= std::chrono::milliseconds{0}) return true;
    std::this_thread::sleep_for(std::min<std::chrono::milliseconds>(remaining, k_stop_check));
  }
}

TimePoint FakeClock::now() const {
  std::lock_guard lock(m_mutex);
  return m_now;
}

bool FakeClock::sleep_until(TimePoint deadline, const std::atomic<bool>* stop) {
  if (stop != nullptr && stop->load()) return false;
  std::lock_guard lock(m_mutex);
  m_now = std::max(m_now, deadline);
  return true;
}

void FakeClock::set(TimePoint time) {
  std::lock_guard lock(m_mutex);
  m_now = time;
}

void FakeClock::advance(std::chrono::milliseconds step) {
  std::lock_guard lock(m_mutex);
  m_now += step;
}

}  // namespace reelhouse::scheduler
