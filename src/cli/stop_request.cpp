#include "cli/stop_request.hpp"

#include <csignal>

namespace reelhouse::cli {

namespace {

std::atomic<bool> g_stop_requested{false};

extern "C" void request_stop_on_signal(int /*signal*/) {
  g_stop_requested.store(true);
}

}  // namespace

const std::atomic<bool>& stop_on_first_signal() {
  struct sigaction action {};
  action.sa_handler = request_stop_on_signal;
  action.sa_flags = SA_RESETHAND;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
  return g_stop_requested;
}

}  // namespace reelhouse::cli
