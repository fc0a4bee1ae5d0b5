// `reelhouse simulate-providers`: serves a flaky cinemaworld/filmworld price API on loopback
// (providers/simulator/provider_simulator.hpp) until SIGINT or SIGTERM.
#include <fmt/format.h>
#include <pthread.h>

#include <csignal>
#include <memory>
#include <optional>
#include <string>

#include "cli/commands.hpp"
#include "providers/simulator/provider_simulator.hpp"

namespace reelhouse::cli {

namespace {

struct SimulateArguments {
  providers::sim::SimulatorOptions options{};
  std::string profile = "none";
  std::optional<double> time_scale{};
};

int run_simulate(const SimulateArguments& arguments) {
  providers::sim::SimulatorOptions options = arguments.options;
  auto profile = providers::sim::load_fault_profile(arguments.profile);
  if (!profile) return report_error(profile.error());
  if (arguments.time_scale) profile->time_scale = *arguments.time_scale;
  options.profile = std::move(*profile);

  // Block the stop signals in every thread (the server's threads inherit the mask), then
  // wait for one of them here.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  auto simulator = providers::sim::ProviderSimulator::start(options);
  if (!simulator) return report_error(simulator.error());
  std::string names;
  for (const auto& provider : options.providers) names += (names.empty() ? "" : "/") + provider;
  fmt::print("{} simulator on {} (profile {}, time scale {}, {} films, token {})\n", names,
             (*simulator)->base_url(), options.profile.name, options.profile.time_scale,
             (*simulator)->movie_count(), options.token);
  std::fflush(stdout);

  int received = 0;
  sigwait(&stop_signals, &received);
  (*simulator)->stop();
  fmt::print("stopped ({})\n", received == SIGINT ? "SIGINT" : "SIGTERM");
  return 0;
}

}  // namespace

void register_simulate_command(CLI::App& app, GlobalOptions&, CommandAction& action) {
  auto arguments = std::make_shared<SimulateArguments>();
  CLI::App* command = app.add_subcommand(
      "simulate-providers",
      "Serve a flaky simulation of the cinemaworld/filmworld price API (GET "
      "/api/{provider}/movies, /api/{provider}/movie/{ID}) until SIGINT/SIGTERM");
  auto& options = arguments->options;
  command->add_option("--port", options.port, "Port to listen on (0: any free port)")
      ->capture_default_str();
  command->add_option("--bind", options.bind, "Address to listen on")->capture_default_str();
  command
      ->add_option("--movies", options.movies,
                   "0: the built-in catalogue (13 films); N: a generated catalogue of N films")
      ->capture_default_str();
  command
      ->add_option("--profile", arguments->profile,
                   "Fault profile: none, recorded, chaos, down-cinemaworld, down-filmworld, or "
                   "a TOML file")
      ->capture_default_str();
  command->add_option("--time-scale", arguments->time_scale,
                      "Multiply every latency and hang by this (0.001: seconds become ms)");
  command->add_option("--seed", options.seed, "Seed of the catalogue, prices and faults")
      ->capture_default_str();
  command->add_option("--token", options.token, "The x-access-token clients must send")
      ->capture_default_str();
  command->add_option("--threads", options.threads, "Worker threads (each hung request holds one)")
      ->capture_default_str();
  command->add_option("--providers", options.providers, "Provider names to serve")
      ->capture_default_str();
  command->callback(
      [arguments, &action] { action = [arguments] { return run_simulate(*arguments); }; });
}

}  // namespace reelhouse::cli
