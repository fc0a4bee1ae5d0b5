// `reelhouse init`: creates the home directory and writes `<home>/reelhouse.toml` with every
// configuration key, its default and a one-line explanation (default_config_text()).
#include <fmt/format.h>

#include <filesystem>
#include <memory>
#include <system_error>

#include "cli/commands.hpp"
#include "core/config.hpp"
#include "util/atomic_file.hpp"

namespace reelhouse::cli {

namespace {

enum class Overwrite { yes, no };

constexpr std::string_view k_config_file_name = "reelhouse.toml";

// Writes the default configuration into `home` (created if missing) and returns its path.
// The file is written to a temporary name and renamed, so it is never seen half-written.
// Errors: invalid_argument — the file exists and `overwrite` is no; io — cannot create the
// directory or write the file.
Result<std::filesystem::path> write_default_config(const std::filesystem::path& home,
                                                   Overwrite overwrite) {
  std::error_code error;
  const std::filesystem::path absolute_home = std::filesystem::absolute(home, error);
  if (error) {
    return make_error(ErrorCode::io, "cannot resolve {}: {}", home.string(), error.message());
  }
  std::filesystem::create_directories(absolute_home, error);
  if (error) {
    return make_error(ErrorCode::io, "cannot create home directory {}: {}", absolute_home.string(),
                      error.message());
  }
  const std::filesystem::path file = absolute_home.lexically_normal() / k_config_file_name;
  // Two concurrent inits could both pass this check; both then write the same defaults, and
  // the rename keeps one whole file, so the race is harmless.
  if (overwrite == Overwrite::no && std::filesystem::exists(file, error)) {
    return make_error(ErrorCode::invalid_argument,
                      "{} already exists; use `reelhouse init --force` to replace it with the "
                      "defaults",
                      file.string());
  }
  TRY(util::write_file_atomically(file, default_config_text()));
  return file;
}

}  // namespace

void register_init_command(CLI::App& app, GlobalOptions& global, CommandAction& action) {
  auto* command = app.add_subcommand(
      "init", "Create the home directory and a reelhouse.toml listing every setting");
  // CLI11 binds a flag to a plain bool, which must outlive parsing: the callbacks share it.
  auto force = std::make_shared<bool>(false);
  command->add_flag("--force", *force, "Replace an existing reelhouse.toml with the defaults");
  command->callback([&global, &action, force] {
    action = [&global, force] {
      const auto written =
          write_default_config(global.home, *force ? Overwrite::yes : Overwrite::no);
      if (!written) return report_error(written.error());
      fmt::print("Wrote {}\n", written->string());
      return 0;
    };
  });
}

}  // namespace reelhouse::cli
