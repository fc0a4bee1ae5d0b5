#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include "cli/commands.hpp"
#include "lake/lake_locations.hpp"
#include "pipeline/task_log_capture.hpp"

namespace reelhouse::cli {

Result<Config> load_cli_config(const GlobalOptions& global) {
  auto config = load_config(global.home, global.set_overrides, process_environment());
  // s3:// snapshot locations (an object-store lake) resolve through this configuration.
  if (config) lake::set_location_config(*config);
  return config;
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
