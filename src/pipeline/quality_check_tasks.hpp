// Data-quality checks as tasks: for every [[checks]] entry of the configuration whose table a
// task of the pipeline produces (Task::produces), a check task that depends on that task and
// that the publish task waits for. An error-level failure fails the check task (publish is
// then skipped and the previous warehouse keeps serving); a warning is recorded only.
#pragma once

#include <vector>

#include "core/config.hpp"
#include "pipeline/task.hpp"

namespace reelhouse::pipeline {

Result<std::vector<Task>> add_quality_check_tasks(std::vector<Task> tasks, const Config& config);

}  // namespace reelhouse::pipeline
