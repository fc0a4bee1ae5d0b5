// Loading the configuration in layers (defaults < file < environment < --set), every layer
// driven by the key registry of config_keys.cpp.
#include "core/config.hpp"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <ranges>
#include <sstream>
#include <system_error>
#include <tuple>

#include "core/check_config_toml.hpp"
#include "core/config_keys.hpp"
#include "core/config_value.hpp"

extern char** environ;

namespace reelhouse {

namespace {

constexpr std::string_view k_config_file_name = "reelhouse.toml";
constexpr std::string_view k_environment_prefix = "REELHOUSE_";
// Variables with the prefix that are not keys (they are read before the configuration).
constexpr std::string_view k_non_key_variables[] = {"REELHOUSE_HOME"};

// One problem found in the file, kept with its position so all are reported in file order.
struct FileProblem {
  uint32_t line = 0;
  uint32_t column = 0;
  std::string message;
};

std::string did_you_mean_key(std::string_view name) {
  const std::string_view closest = closest_config_key_name(name);
  return closest.empty() ? std::string{} : fmt::format(" (did you mean \"{}\"?)", closest);
}

// REELHOUSE_SOURCES__IMDB__ULR -> sources.imdb.ulr, for hints.
std::string dotted_name_of_variable(std::string_view variable) {
  variable.remove_prefix(k_environment_prefix.size());
  std::string name;
  for (size_t index = 0; index < variable.size(); ++index) {
    if (variable.substr(index).starts_with("__")) {
      name += '.';
      ++index;
    } else {
      name += static_cast<char>(std::tolower(static_cast<unsigned char>(variable[index])));
    }
  }
  return name;
}

std::string did_you_mean_variable(std::string_view variable) {
  const std::string_view closest = closest_config_key_name(dotted_name_of_variable(variable));
  if (closest.empty()) return {};
  return fmt::format(" (did you mean {}?)", environment_variable_of(*find_config_key(closest)));
}

// Applies every key of `table` (whose dotted path is `prefix`) to `config`, collecting
// unknown keys and invalid values into `problems`.
void apply_table(const toml::table& table, const std::string& prefix, Config& config,
                 std::vector<FileProblem>& problems) {
  for (const auto& [key, node] : table) {
    const std::string name =
        prefix.empty() ? std::string(key.str()) : prefix + "." + std::string(key.str());
    const auto& position = key.source().begin;
    if (name == "checks") {
      // [[checks]]: a list of tables, not a key; the file's list replaces the defaults.
      std::vector<CheckProblem> check_problems;
      config.checks = parse_checks(node, check_problems);
      for (auto& problem : check_problems) {
        problems.push_back({problem.line, problem.column, std::move(problem.message)});
      }
      continue;
    }
    if (const ConfigKey* config_key = find_config_key(name)) {
      if (auto assigned = assign_from_toml(*config_key, node, config); !assigned) {
        problems.push_back({position.line, position.column, assigned.error().message});
      }
      continue;
    }
    if (const auto* subtable = node.as_table()) {
      // Under an unknown section every leaf is unknown: report it by its full name.
      if (!subtable->empty()) {
        apply_table(*subtable, name, config, problems);
        continue;
      }
      problems.push_back(
          {position.line, position.column, fmt::format("unknown section [{}]", name)});
      continue;
    }
    problems.push_back({position.line, position.column,
                        fmt::format("unknown key \"{}\"{}", name, did_you_mean_key(name))});
  }
}

Result<> apply_file(const std::filesystem::path& file, Config& config) {
  std::ifstream input(file, std::ios::binary);
  std::stringstream content;
  content << input.rdbuf();
  if (!input) {
    return make_error(ErrorCode::io, "cannot read {}: {}", file.string(),
                      std::error_code(errno, std::generic_category()).message());
  }
  const std::string display_path = file.string();
  toml::table table;
  try {
    table = toml::parse(content.str(), std::string_view(display_path));
  } catch (const toml::parse_error& error) {
    return make_error(ErrorCode::config, "{}:{}:{}: TOML syntax error: {}", display_path,
                      error.source().begin.line, error.source().begin.column, error.description());
  }
  std::vector<FileProblem> problems;
  apply_table(table, "", config, problems);
  if (problems.empty()) return {};
  std::ranges::stable_sort(problems, [](const FileProblem& left, const FileProblem& right) {
    return std::tie(left.line, left.column) < std::tie(right.line, right.column);
  });
  std::string message;
  for (const auto& problem : problems) {
    if (!message.empty()) message += "\n";
    message += fmt::format("{}:{}: {}", display_path, problem.line, problem.message);
  }
  return std::unexpected(Error{ErrorCode::config, std::move(message)});
}

Result<> apply_environment(const std::map<std::string, std::string>& environment, Config& config) {
  for (const auto& [variable, value] : environment) {
    if (!variable.starts_with(k_environment_prefix)) continue;
    if (std::ranges::find(k_non_key_variables, variable) != std::end(k_non_key_variables)) {
      continue;
    }
    const ConfigKey* key = find_config_key_by_variable(variable);
    if (!key) {
      return make_error(ErrorCode::config,
                        "unknown environment variable {}: it names no configuration key{}",
                        variable, did_you_mean_variable(variable));
    }
    if (auto assigned = assign_from_text(*key, value, config); !assigned) {
      return std::unexpected(
          assigned.error().with_context(fmt::format("environment variable {}", variable)));
    }
  }
  return {};
}

Result<> apply_set_overrides(const std::vector<std::string>& set_overrides, Config& config) {
  for (const auto& assignment : set_overrides) {
    const size_t equals = assignment.find('=');
    if (equals == std::string::npos) {
      return make_error(ErrorCode::config, "--set {}: expected section.key=value",
                        toml_quote(assignment));
    }
    std::string name = assignment.substr(0, equals);
    std::erase_if(
        name, [](char character) { return std::isspace(static_cast<unsigned char>(character)); });
    const ConfigKey* key = find_config_key(name);
    if (!key) {
      return make_error(ErrorCode::config, "--set {}: unknown key \"{}\"{}", assignment, name,
                        did_you_mean_key(name));
    }
    if (auto assigned =
            assign_from_text(*key, std::string_view(assignment).substr(equals + 1), config);
        !assigned) {
      return std::unexpected(assigned.error().with_context(fmt::format("--set {}", assignment)));
    }
  }
  return {};
}

// A setting relative to home, unless absolute or a URL (s3://bucket/prefix).
std::filesystem::path resolve_against_home(const std::filesystem::path& home,
                                           const std::string& setting) {
  if (setting.find("://") != std::string::npos) return setting;
  const std::filesystem::path path(setting);
  return path.is_absolute() ? path : home / path;
}

// The [[checks]] part of the default file: how to declare checks, and the default checks,
// commented out (uncommenting any [[checks]] replaces all the defaults).
std::string default_checks_text() {
  std::string text =
      "\n# Data-quality checks, run as tasks after a pipeline builds its products and before\n"
      "# it publishes. An error-level failure blocks the publish (the previous warehouse keeps\n"
      "# serving); a warning is recorded only. Results: reelhouse status <pipeline>.\n"
      "#   kind = \"not_null\"          columns = [...]: no NULL in any of them\n"
      "#   kind = \"unique\"            columns = [...]: no two rows share these values\n"
      "#   kind = \"accepted_values\"   columns = [one], values = [...]\n"
      "#   kind = \"range\"             columns = [one], min and/or max (inclusive)\n"
      "#   kind = \"row_count_change\"  min and/or max ratio of rows to the previous snapshot\n"
      "#   kind = \"freshness\"         columns = [a timestamp], max_age_hours: newest value\n"
      "#   level = \"error\" (default) or \"warning\"\n"
      "# Without any [[checks]] in this file the checks below apply; declaring one replaces\n"
      "# them all (write checks = [] for none). The defaults:\n";
  for (const auto& line : std::views::split(checks_as_toml(default_checks()), '\n')) {
    const std::string_view text_line(line.begin(), line.end());
    if (text_line.empty()) continue;
    if (text_line == "[[checks]]") text += "#\n";
    text += fmt::format("# {}\n", text_line);
  }
  return text;
}

}  // namespace

std::filesystem::path Config::lake_root() const {
  return resolve_against_home(home, lake.root);
}

std::filesystem::path Config::catalog_path() const {
  return resolve_against_home(home, catalog.path);
}

std::filesystem::path Config::warehouse_path() const {
  return resolve_against_home(home, warehouse.path);
}

std::string Config::catalog_location() const {
  return catalog_in_postgres() ? catalog.url : catalog_path().string();
}

Result<Config> load_config(const std::filesystem::path& home,
                           const std::vector<std::string>& set_overrides,
                           const std::map<std::string, std::string>& environment) {
  Config config;
  std::error_code error;
  config.home = std::filesystem::absolute(home, error).lexically_normal();
  if (error) {
    return make_error(ErrorCode::io, "cannot resolve home directory {}: {}", home.string(),
                      error.message());
  }
  const std::filesystem::path file = config.home / k_config_file_name;
  if (std::filesystem::exists(file, error)) TRY(apply_file(file, config));
  TRY(apply_environment(environment, config));
  TRY(apply_set_overrides(set_overrides, config));
  return config;
}

std::map<std::string, std::string> process_environment() {
  std::map<std::string, std::string> environment;
  for (char** entry = environ; entry && *entry; ++entry) {
    const std::string_view text(*entry);
    const size_t equals = text.find('=');
    if (equals == std::string_view::npos) continue;
    environment.emplace(text.substr(0, equals), text.substr(equals + 1));
  }
  return environment;
}

std::string default_config_text() {
  Config defaults;
  std::string text =
      "# reelhouse configuration, written by `reelhouse init`.\n"
      "#\n"
      "# Every key is shown with its default value. Later sources override earlier ones:\n"
      "# these defaults < this file < environment variables < --set on the command line.\n"
      "# A key's environment variable is REELHOUSE_ and its dotted name in upper case with\n"
      "# \".\" written \"__\":\n"
      "#   REELHOUSE_FETCH__MAX_ATTEMPTS=8 reelhouse run imdb\n"
      "#   reelhouse --set fetch.max_attempts=8 run imdb\n"
      "# Lists take either form there: [\"movie\", \"tvMovie\"] or movie,tvMovie.\n"
      "# Relative paths are relative to the home directory, where this file lives.\n";
  // Keys without a section must precede every [section] header in TOML.
  for (const auto& key : config_keys()) {
    if (!key.section().empty()) continue;
    text +=
        fmt::format("\n# {}\n{} = {}\n", key.comment, key.name, format_toml_value(key, defaults));
  }
  std::string_view current_section;
  for (const auto& key : config_keys()) {
    if (key.section().empty()) continue;
    if (key.section() != current_section) {
      current_section = key.section();
      text += "\n";
      if (const auto comment = config_section_comment(current_section); !comment.empty()) {
        text += fmt::format("# {}\n", comment);
      }
      text += fmt::format("[{}]\n", current_section);
    }
    text +=
        fmt::format("# {}\n{} = {}\n", key.comment, key.leaf(), format_toml_value(key, defaults));
  }
  text += default_checks_text();
  return text;
}

}  // namespace reelhouse
