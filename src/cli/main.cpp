// Entry point of the reelhouse binary: parses global options and dispatches to a subcommand.
#include <cstdlib>
#include <exception>
#include <iostream>

#include "cli/commands.hpp"

int main(int argc, char** argv) {
  using namespace reelhouse::cli;
  CLI::App app{"reelhouse: a movie-data lakehouse in one program"};
  app.require_subcommand(1);
  app.set_help_all_flag("--help-all", "Show help for every subcommand");

  GlobalOptions global;
  const char* env_home = std::getenv("REELHOUSE_HOME");
  global.home = env_home && *env_home ? env_home : "reelhouse-home";
  app.add_option("--home", global.home,
                 "Directory holding reelhouse.toml, the lake, the catalog and the warehouse "
                 "(default: $REELHOUSE_HOME or ./reelhouse-home)");
  app.add_option("--set", global.set_overrides,
                 "Override a config key, e.g. --set products.people.min_titles=5 (repeatable)");

  CommandAction action;
  register_init_command(app, global, action);
  register_generate_command(app, global, action);
  register_run_command(app, global, action);
  register_backfill_command(app, global, action);
  register_query_command(app, global, action);
  register_status_command(app, global, action);
  register_schedule_command(app, global, action);
  register_serve_command(app, global, action);
  register_simulate_command(app, global, action);
  register_logs_command(app, global, action);
  register_warehouse_command(app, global, action);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return app.exit(error);
  }
  try {
    return action ? action() : 1;
  } catch (const std::exception& error) {
    std::cerr << "reelhouse: fatal: " << error.what() << "\n";
    return 2;
  }
}
