// `reelhouse warehouse rollback`: serve the publication before the last one again.
//
// The publisher keeps one previous publication (the DuckDB file's `.previous`, PostgreSQL's
// `reelhouse_previous` schema); rollback swaps it with the current one atomically, and a
// second rollback undoes the first. A running `serve` picks the change up without a restart.
#include <iostream>

#include "cli/commands.hpp"
#include "warehouse/warehouse_rollback.hpp"

namespace reelhouse::cli {

void register_warehouse_command(CLI::App& app, GlobalOptions& global, CommandAction& action) {
  auto* command = app.add_subcommand("warehouse", "Manage the published warehouse");
  command->require_subcommand(1);
  auto* rollback = command->add_subcommand(
      "rollback", "Swap the current publication with the previous one (run again to undo)");
  rollback->callback([&global, &action] {
    action = [&global] {
      auto config = load_cli_config(global);
      if (!config) return report_error(config.error());
      const auto rolled_back = warehouse::rollback_warehouse(*config);
      if (!rolled_back) return report_error(rolled_back.error());
      std::cout << "rolled back the warehouse at " << *rolled_back
                << ": the previous publication serves again (run `reelhouse warehouse "
                   "rollback` again to undo)\n";
      return 0;
    };
  });
}

}  // namespace reelhouse::cli
