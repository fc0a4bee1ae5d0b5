// Data-quality checks declared per table in reelhouse.toml as [[checks]] entries, run as tasks
// before a pipeline publishes (pipeline/quality_checks). An error-level failure blocks the
// publish; a warning is recorded and the run goes on.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace reelhouse {

struct CheckConfig {
  std::string table{};  // a product table of the aggregated layer, e.g. "people"
  // not_null | unique | accepted_values | range | row_count_change | freshness
  std::string kind{};
  std::vector<std::string> columns{};  // not_null, unique (together), accepted_values/range (one)
  std::vector<std::string> values{};   // accepted_values
  std::optional<double> min{};         // range; row_count_change: smallest ratio new/previous
  std::optional<double> max{};         // range; row_count_change: largest ratio new/previous
  int64_t max_age_hours = 0;           // freshness
  std::string level = "error";         // error (blocks publish) | warning
};

// The checks used when the configuration declares none.
std::vector<CheckConfig> default_checks();

}  // namespace reelhouse
