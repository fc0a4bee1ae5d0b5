// StopSignals: blocking SIGINT/SIGTERM and waiting for them.
#include "scheduler/stop_signals.hpp"

#include <pthread.h>

#include <cerrno>
#include <ctime>

namespace reelhouse::scheduler {

StopSignals::StopSignals() {
  sigemptyset(&m_signals);
  sigaddset(&m_signals, SIGINT);
  sigaddset(&m_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &m_signals, &m_previous);
}

StopSignals::~StopSignals() {
  pthread_sigmask(SIG_SETMASK, &m_previous, nullptr);
}

std::optional<std::string> StopSignals::wait(std::atomic<bool>& stop,
                                             const std::function<bool()>& done) {
  const timespec poll{.tv_sec = 0, .tv_nsec = 200'000'000};
  while (!done()) {
    const int received = sigtimedwait(&m_signals, nullptr, &poll);
    if (received == SIGINT || received == SIGTERM) {
      stop = true;
      return received == SIGINT ? "SIGINT" : "SIGTERM";
    }
  }
  return std::nullopt;
}

}  // namespace reelhouse::scheduler
