// The subcommands of the `reelhouse` binary, in the style of git. Each lives in its own
// `<name>_command.cpp` and registers itself on the root CLI11 app; `main` only wires them.
#pragma once

#include <CLI/CLI.hpp>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace reelhouse::cli {

// Options every subcommand shares (set on the root app, before the subcommand).
struct GlobalOptions {
  std::filesystem::path home{};              // --home, else $REELHOUSE_HOME, else ./reelhouse-home
  std::vector<std::string> set_overrides{};  // repeated --set section.key=value
};

// What a subcommand runs after parsing: returns the process exit code.
using CommandAction = std::function<int()>;

// Each registers a subcommand on `app` and stores its action in `action` when selected.
void register_init_command(CLI::App& app, GlobalOptions& global, CommandAction& action);
void register_generate_command(CLI::App& app, GlobalOptions& global, CommandAction& action);
void register_run_command(CLI::App& app, GlobalOptions& global, CommandAction& action);
void register_backfill_command(CLI::App& app, GlobalOptions& global, CommandAction& action);
void register_query_command(CLI::App& app, GlobalOptions& global, CommandAction& action);
void register_status_command(CLI::App& app, GlobalOptions& global, CommandAction& action);
void register_schedule_command(CLI::App& app, GlobalOptions& global, CommandAction& action);
void register_serve_command(CLI::App& app, GlobalOptions& global, CommandAction& action);
void register_simulate_command(CLI::App& app, GlobalOptions& global, CommandAction& action);
void register_logs_command(CLI::App& app, GlobalOptions& global, CommandAction& action);
void register_warehouse_command(CLI::App& app, GlobalOptions& global, CommandAction& action);

// Prints an error for the user on stderr ("reelhouse: error: …") and returns exit code 1.
int report_error(const Error& error);

}  // namespace reelhouse::cli

#include "core/config.hpp"

namespace reelhouse::cli {

// Loads the configuration of the home in `global` (file, environment, --set).
Result<Config> load_cli_config(const GlobalOptions& global);

// Sends logs to stderr: human-readable lines, timestamps only when not a terminal.
void configure_logging();

}  // namespace reelhouse::cli
