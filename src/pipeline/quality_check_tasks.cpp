#include "pipeline/quality_check_tasks.hpp"

namespace reelhouse::pipeline {

Result<std::vector<Task>> add_quality_check_tasks(std::vector<Task> tasks, const Config& config) {
  (void)config;  // the check tasks come with the checks themselves (issue 6)
  return tasks;
}

}  // namespace reelhouse::pipeline
