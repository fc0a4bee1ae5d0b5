// `reelhouse schedule [--once] [--pipelines imdb,prices]`
//
// Runs the configured schedules ([schedule.<pipeline>]) in the foreground until SIGINT or
// SIGTERM: running tasks then finish, the run ends interrupted and the next scheduler resumes
// it. --once runs what is due now (catching up per policy) and exits.
#include <iostream>
#include <thread>

#include "cli/commands.hpp"
#include "scheduler/scheduler.hpp"
#include "scheduler/stop_signals.hpp"

namespace reelhouse::cli {

namespace {

struct ScheduleOptions {
  bool once = false;
  std::vector<std::string> pipelines;
};

void print_report(const scheduler::SchedulerReport& report) {
  for (const auto& run : report.runs) {
    std::cout << fmt::format("{} {} (interval {}): run {} {}{}\n", run.pipeline, run.ingest_date,
                             run.fire_time, run.run_id, run.state,
                             run.error.empty() ? "" : ": " + run.error);
  }
  std::cout << fmt::format("{} run(s), {} interval(s) skipped, {} abandoned run(s) recovered\n",
                           report.runs.size(), report.skipped, report.recovered);
}

int schedule(const GlobalOptions& global, const ScheduleOptions& flags) {
  auto config = load_cli_config(global);
  if (!config) return report_error(config.error());
  auto schedules = scheduler::schedules_from_config(*config, flags.pipelines);
  if (!schedules) return report_error(schedules.error());

  scheduler::StopSignals signals;  // before the scheduler's threads start
  std::atomic<bool> stop{false};
  std::atomic<bool> finished{false};
  Result<scheduler::SchedulerReport> report =
      make_error(ErrorCode::internal, "the scheduler did not run");
  std::thread worker([&] {
    report = scheduler::run_scheduler(
        *config, scheduler::SchedulerOptions{.schedules = std::move(*schedules),
                                             .stop = &stop,
                                             .stopped_by = "the scheduler (SIGTERM/SIGINT)",
                                             .once = flags.once});
    finished = true;
  });
  if (!flags.once) {
    std::cout << "reelhouse schedule: running; SIGINT or SIGTERM stops it gracefully" << std::endl;
  }
  if (const auto received = signals.wait(stop, [&] { return finished.load(); })) {
    std::cerr << fmt::format("reelhouse schedule: {} received; letting running tasks finish\n",
                             *received);
  }
  worker.join();
  if (!report) return report_error(report.error());
  print_report(*report);
  return 0;
}

}  // namespace

void register_schedule_command(CLI::App& app, GlobalOptions& global, CommandAction& action) {
  auto flags = std::make_shared<ScheduleOptions>();
  auto* command = app.add_subcommand(
      "schedule", "Run the pipelines on their schedules ([schedule.<pipeline>]) until stopped");
  command->add_flag("--once", flags->once, "Run what is due now, then exit");
  command
      ->add_option("--pipelines", flags->pipelines,
                   "Only these pipelines (comma-separated; default: every scheduled one)")
      ->delimiter(',');
  command->callback([flags, &global, &action] {
    action = [flags, &global] { return schedule(global, *flags); };
  });
}

}  // namespace reelhouse::cli
