// The scheduler's sense of time, behind an interface so tests can run a schedule through
// days of fire times in milliseconds: RealClock reads the system clock and sleeps; FakeClock
// holds a settable time, and its "sleep" moves the time forward at once.
#pragma once

#include <atomic>
#include <chrono>
#include <mutex>

namespace reelhouse::scheduler {

using TimePoint = std::chrono::sys_time<std::chrono::milliseconds>;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint now() const = 0;
  // Waits until `deadline` or until `*stop` becomes true (checked at least every 200 ms of
  // real time). Returns false when stopped early.
  virtual bool sleep_until(TimePoint deadline, const std::atomic<bool>* stop) = 0;
};

class RealClock final : public Clock {
 public:
  TimePoint now() const override;
  bool sleep_until(TimePoint deadline, const std::atomic<bool>* stop) override;
};

// Thread-safe: several scheduler threads may share one FakeClock.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(TimePoint start) : m_now(start) {}
  TimePoint now() const override;
  // Moves the time to `deadline` (when later) and returns at once, unless stopped.
  bool sleep_until(TimePoint deadline, const std::atomic<bool>* stop) override;
  void set(TimePoint time);
  void advance(std::chrono::milliseconds step);

 private:
  mutable std::mutex m_mutex;
  TimePoint m_now;
};

}  // namespace reelhouse::scheduler
