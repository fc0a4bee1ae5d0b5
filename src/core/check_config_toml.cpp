// Reading [[checks]] from reelhouse.toml (core/check_config_toml.hpp).
#include "core/check_config_toml.hpp"

#include <fmt/format.h>

#include <optional>
#include <string_view>

namespace reelhouse {

namespace {

constexpr std::string_view k_fields =
    "table, kind, columns, values, min, max, max_age_hours, level";

// A field's text value, or a problem at the field's line.
std::optional<std::string> read_string(const toml::node& node, std::string_view field,
                                       std::string& problem) {
  if (const auto text = node.value<std::string>()) return *text;
  problem = fmt::format("field \"{}\" must be a string, e.g. {} = \"people\"", field, field);
  return std::nullopt;
}

std::optional<std::vector<std::string>> read_strings(const toml::node& node, std::string_view field,
                                                     std::string& problem) {
  const auto* array = node.as_array();
  std::vector<std::string> items;
  if (array) {
    for (const auto& element : *array) {
      const auto text = element.value<std::string>();
      if (!text) {
        array = nullptr;
        break;
      }
      items.push_back(*text);
    }
  }
  if (array) return items;
  problem = fmt::format("field \"{}\" must be an array of strings, e.g. {} = [\"a\", \"b\"]", field,
                        field);
  return std::nullopt;
}

std::optional<double> read_number(const toml::node& node, std::string_view field,
                                  std::string& problem) {
  if (node.is_integer()) return static_cast<double>(*node.value<int64_t>());
  if (node.is_floating_point()) return *node.value<double>();
  problem = fmt::format("field \"{}\" must be a number", field);
  return std::nullopt;
}

// Reads one field into `check`; returns a problem message, empty when none.
std::string read_field(std::string_view field, const toml::node& node, CheckConfig& check) {
  std::string problem;
  if (field == "table") {
    if (auto text = read_string(node, field, problem)) check.table = std::move(*text);
  } else if (field == "kind") {
    if (auto text = read_string(node, field, problem)) check.kind = std::move(*text);
  } else if (field == "level") {
    if (auto text = read_string(node, field, problem)) check.level = std::move(*text);
  } else if (field == "columns") {
    if (auto items = read_strings(node, field, problem)) check.columns = std::move(*items);
  } else if (field == "values") {
    if (auto items = read_strings(node, field, problem)) check.values = std::move(*items);
  } else if (field == "min") {
    if (auto number = read_number(node, field, problem)) check.min = *number;
  } else if (field == "max") {
    if (auto number = read_number(node, field, problem)) check.max = *number;
  } else if (field == "max_age_hours") {
    if (node.is_integer()) {
      check.max_age_hours = *node.value<int64_t>();
    } else {
      problem = "field \"max_age_hours\" must be an integer number of hours";
    }
  } else {
    problem = fmt::format("unknown field \"{}\" (a check has {})", field, k_fields);
  }
  return problem;
}

// The field a validate_check message is about ("field \"min\" …"), to report its line.
std::string_view field_of(std::string_view message) {
  constexpr std::string_view k_prefix = "field \"";
  if (!message.starts_with(k_prefix)) return {};
  message.remove_prefix(k_prefix.size());
  return message.substr(0, message.find('"'));
}

}  // namespace

std::vector<CheckConfig> parse_checks(const toml::node& node, std::vector<CheckProblem>& problems) {
  std::vector<CheckConfig> checks;
  const auto* entries = node.as_array();
  if (!entries) {
    problems.push_back({node.source().begin.line, node.source().begin.column,
                        "\"checks\" must be a list of [[checks]] tables (or checks = [] for no "
                        "checks at all)"});
    return checks;
  }
  for (size_t index = 0; index < entries->size(); ++index) {
    const auto& entry = *entries->get(index);
    const auto& where = entry.source().begin;
    const std::string label = fmt::format("[[checks]] #{}", index + 1);
    const auto* table = entry.as_table();
    if (!table) {
      problems.push_back({where.line, where.column,
                          fmt::format("{}: each check must be a table ([[checks]] with "
                                      "table = …, kind = …)",
                                      label)});
      continue;
    }
    CheckConfig check;
    bool readable = true;
    for (const auto& [key, value] : *table) {
      if (auto problem = read_field(key.str(), value, check); !problem.empty()) {
        problems.push_back({key.source().begin.line, key.source().begin.column,
                            fmt::format("{}: {}", label, problem)});
        readable = false;
      }
    }
    if (!readable) continue;
    if (auto valid = validate_check(check); !valid) {
      const auto& message = valid.error().message;
      auto position = where;
      if (const auto* field = table->get(field_of(message))) position = field->source().begin;
      const std::string name = check.table.empty() ? label : label + " (" + check_name(check) + ")";
      problems.push_back({position.line, position.column, fmt::format("{}: {}", name, message)});
      continue;
    }
    checks.push_back(std::move(check));
  }
  return checks;
}

}  // namespace reelhouse
