// Placeholder until the generate command lands; replaced by its owner.
#include "cli/commands.hpp"

namespace reelhouse::cli {

void register_generate_command(CLI::App& app, GlobalOptions&, CommandAction& action) {
  auto* command = app.add_subcommand("generate", "(not yet implemented)");
  command->callback([&action] { action = [] { return 1; }; });
}

}  // namespace reelhouse::cli
