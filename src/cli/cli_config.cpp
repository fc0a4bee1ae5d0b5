#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include "cli/commands.hpp"
#include "pipeline/task_log_capture.hpp"

namespace reelhouse::cli {

Result<Config> load_cli_config(const GlobalOptions& global) {
  return load_config(global.home, global.set_overrides, process_environment());
}

void configure_logging() {
  auto logger = spdlog::stderr_color_mt("reelhouse");
  if (isatty(STDERR_FILENO)) {
    logger->set_pattern("%^%l%$ %v");
  } else {
    logger->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %l %v", spdlog::pattern_time_type::utc);
  }
  spdlog::set_default_logger(logger);
  // Task attempts' lines are also kept for `reelhouse logs`; added before any thread logs.
  pipeline::install_task_log_sink();
}

}  // namespace reelhouse::cli
