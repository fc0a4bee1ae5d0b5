// The task model. A pipeline is a list of named tasks over one run context; each task
// declares the tasks it depends on, and the executor runs them in dependency order, in
// parallel within a bound, timing, logging, retrying and recording each attempt by name.
// A task is idempotent for its partition (pipeline, ingest date): running it twice gives the
// same result, which is what makes retries and re-runs safe.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "catalog/catalog.hpp"
#include "core/error.hpp"

namespace reelhouse::pipeline {

class RunContext;

// What a task reports about its work (rows in/out/rejected, bytes); stored per attempt.
using TaskCounters = catalog::TaskCounters;

struct Task {
  std::string name{};
  std::vector<std::string> depends_on{};
  std::function<Result<TaskCounters>(RunContext&)> run{};
  // Attempts on transient errors; 0 = runtime.task_max_attempts. Permanent errors never retry.
  int max_attempts = 0;
  // Lake tables (of the aggregated layer) this task writes, for the quality checks.
  std::vector<std::string> produces{};
};

}  // namespace reelhouse::pipeline
