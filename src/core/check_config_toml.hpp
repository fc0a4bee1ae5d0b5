// Reading the [[checks]] entries of reelhouse.toml (core/check_config.hpp) from the parsed
// TOML, for config.cpp: each problem is reported with the line of the field it concerns.
#pragma once

#include <toml++/toml.h>

#include <cstdint>
#include <string>
#include <vector>

#include "core/check_config.hpp"

namespace reelhouse {

struct CheckProblem {
  uint32_t line = 0;
  uint32_t column = 0;
  std::string message{};
};

// The checks of `node` (the value of the top-level key "checks": an array of tables, or an
// empty array for no checks at all). Unknown fields, values of the wrong type and entries that
// fail validate_check are appended to `problems` (then the result is not to be used).
std::vector<CheckConfig> parse_checks(const toml::node& node, std::vector<CheckProblem>& problems);

}  // namespace reelhouse
