// Graceful stop on SIGINT/SIGTERM for the scheduler's foreground processes, without signal
// handlers: the signals are blocked (before any thread starts, so every thread inherits the
// mask) and one thread waits for them with sigtimedwait, then sets a stop flag that the
// scheduler and the running pipeline's executor watch.
#pragma once

#include <signal.h>

#include <atomic>
#include <functional>
#include <optional>
#include <string>

namespace reelhouse::scheduler {

class StopSignals {
 public:
  // Blocks SIGINT and SIGTERM in the calling thread. REQUIRES: no other thread started yet
  // (threads started before keep receiving them).
  StopSignals();
  // Restores the calling thread's signal mask.
  ~StopSignals();
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;

  // Waits until a stop signal arrives — then sets `stop` and returns the signal's name
  // ("SIGTERM") — or until `done()` is true (checked every 200 ms), returning nullopt.
  std::optional<std::string> wait(std::atomic<bool>& stop, const std::function<bool()>& done);

 private:
  sigset_t m_signals{};
  sigset_t m_previous{};
};

}  // namespace reelhouse::scheduler
