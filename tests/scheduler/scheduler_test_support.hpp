// Shared by the scheduler tests: a synthetic pipeline registered in the pipeline registry
// (three tasks; the middle one sleeps, long in child processes so they can be killed or
// stopped mid-run), a configuration for a temporary home, and catalog helpers.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "catalog/catalog.hpp"
#include "pipeline/pipeline_registry.hpp"
#include "pipeline/run_context.hpp"
#include "scheduler/schedule_plan.hpp"

namespace reelhouse::scheduler::test {

inline constexpr std::string_view k_pipeline = "scheduler_synthetic";
// How long the "slow" task sleeps, in ms (set in child processes).
inline constexpr const char* k_slow_task_ms = "REELHOUSE_SCHEDULER_TEST_SLOW_MS";

inline void register_synthetic_pipeline() {
  pipeline::register_pipeline(std::string(k_pipeline), [] {
    const auto task = [](std::string name, std::vector<std::string> depends_on) {
      return pipeline::Task{.name = name,
                            .depends_on = std::move(depends_on),
                            .run = [name](pipeline::RunContext&) -> Result<pipeline::TaskCounters> {
                              if (name == "slow") {
                                const char* slow = std::getenv(k_slow_task_ms);
                                std::this_thread::sleep_for(std::chrono::milliseconds(
                                    slow != nullptr ? std::atoi(slow) : 20));
                              }
                              return pipeline::TaskCounters{.rows_out = 1};
                            }};
    };
    return std::vector<pipeline::Task>{task("extract", {}), task("slow", {"extract"}),
                                       task("finish", {"slow"})};
  });
}

inline Config test_config(const std::filesystem::path& home) {
  Config config;
  config.home = home;
  config.runtime.threads = 2;
  config.runtime.task_backoff_initial_ms = 1;
  config.runtime.task_backoff_max_ms = 5;
  config.runtime.lease_seconds = 3;
  return config;
}

inline PipelineSchedule synthetic_schedule(std::string cron = "0 * * * *",
                                           std::string catch_up = "skip") {
  auto made = make_schedule(
      k_pipeline, PipelineScheduleConfig{.cron = cron, .timezone = "UTC", .catch_up = catch_up},
      "schedule.test");
  EXPECT_TRUE(made) << made.error().message;
  return std::move(*made);
}

inline catalog::Catalog open_catalog(const Config& config) {
  auto catalog = catalog::Catalog::open(config.catalog_path());
  EXPECT_TRUE(catalog) << catalog.error().message;
  return std::move(*catalog);
}

inline TimePoint at(std::string_view text) {
  auto parsed = parse_fire_time(text);
  EXPECT_TRUE(parsed) << parsed.error().message;
  return parsed.value_or(TimePoint{});
}

// The runs of the synthetic pipeline, oldest first.
inline std::vector<catalog::RunRecord> synthetic_runs(catalog::Catalog& catalog) {
  auto runs = catalog.recent_runs(0, k_pipeline);
  EXPECT_TRUE(runs) << runs.error().message;
  std::vector<catalog::RunRecord> oldest_first(runs->rbegin(), runs->rend());
  return oldest_first;
}

// Task attempts left in state running across all runs.
inline int running_attempts(catalog::Catalog& catalog) {
  int running = 0;
  for (const auto& run : synthetic_runs(catalog)) {
    const auto task_list = catalog.tasks_of_run(run.run_id).value();
    for (const auto& task : task_list) {
      if (task.state == catalog::TaskState::running) ++running;
    }
  }
  return running;
}

}  // namespace reelhouse::scheduler::test
