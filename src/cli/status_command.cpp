// Placeholder until the status command lands.
#include "cli/commands.hpp"

namespace reelhouse::cli {

void register_status_command(CLI::App& app, GlobalOptions&, CommandAction& action) {
  auto* command = app.add_subcommand("status", "(not yet implemented)");
  command->callback([&action] { action = [] { return 1; }; });
}

}  // namespace reelhouse::cli
