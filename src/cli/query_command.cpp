// Placeholder until the query command lands.
#include "cli/commands.hpp"

namespace reelhouse::cli {

void register_query_command(CLI::App& app, GlobalOptions&, CommandAction& action) {
  auto* command = app.add_subcommand("query", "(not yet implemented)");
  command->callback([&action] { action = [] { return 1; }; });
}

}  // namespace reelhouse::cli
