#include "pipeline/pipeline_registry.hpp"

#include <fmt/ranges.h>

#include <map>
#include <mutex>

#include "pipeline/imdb_pipeline.hpp"
#include "pipeline/movies_pipeline.hpp"
#include "pipeline/prices_pipeline.hpp"
#include "pipeline/quality_check_tasks.hpp"

namespace reelhouse::pipeline {

namespace {

struct Registry {
  std::mutex mutex;
  std::map<std::string, PipelineFactory, std::less<>> factories{
      {"imdb", imdb_pipeline_tasks},
      {"movies", movies_pipeline_tasks},
      {"prices", prices_pipeline_tasks},
  };
};

Registry& registry() {
  static Registry instance;
  return instance;
}

}  // namespace

void register_pipeline(std::string name, PipelineFactory factory) {
  auto& instance = registry();
  std::lock_guard lock(instance.mutex);
  instance.factories[std::move(name)] = std::move(factory);
}

std::vector<std::string> known_pipelines() {
  auto& instance = registry();
  std::lock_guard lock(instance.mutex);
  std::vector<std::string> names;
  for (const auto& [name, factory] : instance.factories) names.push_back(name);
  return names;
}

Result<std::vector<Task>> pipeline_tasks(std::string_view pipeline, const Config& config) {
  PipelineFactory factory;
  {
    auto& instance = registry();
    std::lock_guard lock(instance.mutex);
    const auto found = instance.factories.find(pipeline);
    if (found != instance.factories.end()) factory = found->second;
  }
  if (!factory) {
    return make_error(ErrorCode::invalid_argument, "unknown pipeline \"{}\" (known: {})", pipeline,
                      fmt::join(known_pipelines(), ", "));
  }
  return add_quality_check_tasks(factory(), config);
}

}  // namespace reelhouse::pipeline
