// Graceful stop of a foreground command (run, backfill): the first SIGINT or SIGTERM sets a
// flag the command's runs watch (no new task starts, running ones finish, the run ends
// "interrupted" and is resumed later); the handler then resets itself, so a second signal
// ends the process the usual way.
#pragma once

#include <atomic>

namespace reelhouse::cli {

// Installs the handlers (once) and returns the flag they set.
const std::atomic<bool>& stop_on_first_signal();

}  // namespace reelhouse::cli
