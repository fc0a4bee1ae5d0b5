// The pipelines this process knows, by name: the built-in ones (imdb, movies, prices) and any
// a program registers (tests register small synthetic pipelines to exercise the scheduler,
// backfills and recovery). The runner, the scheduler and backfills look pipelines up here.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/config.hpp"
#include "pipeline/task.hpp"

namespace reelhouse::pipeline {

// Builds a fresh task list for one run.
using PipelineFactory = std::function<std::vector<Task>()>;

// Adds (or replaces) a pipeline. Thread-safe.
void register_pipeline(std::string name, PipelineFactory factory);

// Names of the known pipelines, sorted.
std::vector<std::string> known_pipelines();

// The tasks of `pipeline` for a run under `config`: the pipeline's own tasks plus the
// data-quality check tasks the configuration declares for the tables it produces, which
// its publish task then waits for. Errors: invalid_argument naming the known pipelines.
Result<std::vector<Task>> pipeline_tasks(std::string_view pipeline, const Config& config);

}  // namespace reelhouse::pipeline
