// Placeholder until the run command lands.
#include "cli/commands.hpp"

namespace reelhouse::cli {

void register_run_command(CLI::App& app, GlobalOptions&, CommandAction& action) {
  auto* command = app.add_subcommand("run", "(not yet implemented)");
  command->callback([&action] { action = [] { return 1; }; });
}

}  // namespace reelhouse::cli
