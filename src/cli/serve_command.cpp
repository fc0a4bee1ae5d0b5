// `reelhouse serve [--port 8080] [--bind 127.0.0.1] [--threads N] [--response-cache-mb N]
//                  [--with-scheduler]`
//
// Serves the published warehouse (switching to a newly published one without a restart), the
// JSON API and the docs until SIGINT or SIGTERM. With warehouse.url set the warehouse is read
// from PostgreSQL (a pool of warehouse.pool_size connections) instead of the DuckDB file. Flags
// override [serve] of the configuration.
// --with-scheduler also runs the pipelines on their schedules, as `reelhouse schedule` does;
// a stop signal lets the scheduled run's running tasks finish before the server stops.
#include <signal.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <iostream>
#include <thread>

#include "cli/commands.hpp"
#include "scheduler/scheduler.hpp"
#include "server/api_server.hpp"
#include "server/pg_warehouse.hpp"

namespace reelhouse::cli {

namespace {

struct ServeOptions {
  std::optional<int> port;
  std::optional<std::string> bind;
  std::optional<int> threads;
  int64_t response_cache_mb = 64;
  bool with_scheduler = false;
};

int serve(const GlobalOptions& global, const ServeOptions& flags) {
  auto config = load_cli_config(global);
  if (!config) return report_error(config.error());
  server::ServerOptions options = server::server_options_from_config(*config);
  if (flags.port) options.port = *flags.port;
  if (flags.bind) options.bind = *flags.bind;
  if (flags.threads) options.threads = *flags.threads;
  options.response_cache_bytes = flags.response_cache_mb << 20;
  std::vector<scheduler::PipelineSchedule> schedules;
  if (flags.with_scheduler) {
    auto configured = scheduler::schedules_from_config(*config, {});
    if (!configured) return report_error(configured.error());
    schedules = std::move(*configured);
  }

  // Block the stop signals before any thread starts (threads inherit the mask), then wait
  // for one here: no async-signal-safety concerns.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  auto server = server::ApiServer::start(options);
  if (!server) return report_error(server.error());
  const std::string warehouse = options.warehouse_url.empty()
                                    ? options.warehouse_path.string()
                                    : fmt::format("postgresql {} (pool of {})",
                                                  server::postgres_location(options.warehouse_url),
                                                  options.warehouse_pool_size);
  std::cout << fmt::format("reelhouse serve: http://{}:{}/ (API docs at /api/docs; warehouse {})",
                           options.bind, (*server)->port(), warehouse)
            << std::endl;
  std::atomic<bool> stop_scheduler{false};
  std::thread scheduler_thread;
  if (flags.with_scheduler) {
    scheduler_thread = std::thread([&] {
      auto report = scheduler::run_scheduler(
          *config, {.schedules = std::move(schedules),
                    .stop = &stop_scheduler,
                    .stopped_by = "the server's scheduler (SIGTERM/SIGINT)"});
      if (!report) spdlog::error("scheduler stopped: {}", report.error().message);
    });
  }
  int received = 0;
  sigwait(&stop_signals, &received);
  std::cerr << "reelhouse serve: stopping\n";
  if (scheduler_thread.joinable()) {
    stop_scheduler = true;
    scheduler_thread.join();
  }
  (*server)->stop();
  return 0;
}

}  // namespace

void register_serve_command(CLI::App& app, GlobalOptions& global, CommandAction& action) {
  auto flags = std::make_shared<ServeOptions>();
  auto* command = app.add_subcommand("serve", "Serve the JSON API over the published warehouse");
  command->add_option("--port", flags->port, "TCP port (default serve.port, 8080; 0 = any free)")
      ->check(CLI::Range(0, 65535));
  command->add_option("--bind", flags->bind,
                      "Address to listen on (default serve.bind, 127.0.0.1)");
  command->add_option("--threads", flags->threads, "Worker threads (default serve.threads)")
      ->check(CLI::Range(1, 1024));
  command
      ->add_option("--response-cache-mb", flags->response_cache_mb,
                   "Answers cached per published warehouse, in MB (0 disables; default 64)")
      ->check(CLI::Range(0, 65536));
  command->add_flag("--with-scheduler", flags->with_scheduler,
                    "Also run the pipelines on their schedules ([schedule.<pipeline>])");
  command->callback(
      [flags, &global, &action] { action = [flags, &global] { return serve(global, *flags); }; });
}

}  // namespace reelhouse::cli
