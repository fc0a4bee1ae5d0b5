// Data-quality checks declared per table in reelhouse.toml as [[checks]] entries, run as tasks
// before a pipeline publishes (pipeline/quality_checks). An error-level failure blocks the
// publish; a warning is recorded and the run goes on.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace reelhouse {

struct CheckConfig {
  std::string table{};  // a product table of the aggregated layer, e.g. "people"
  // not_null | unique | accepted_values | range | row_count_change | freshness
  std::string kind{};
  // not_null: one or more (each checked); unique: one or more (together the key);
  // accepted_values, range, freshness: exactly one; row_count_change: none.
  std::vector<std::string> columns{};
  std::vector<std::string> values{};  // accepted_values
  std::optional<double> min{};        // range; row_count_change: smallest ratio new/previous
  std::optional<double> max{};        // range; row_count_change: largest ratio new/previous
  int64_t max_age_hours = 0;          // freshness: newest value of the column at most this old
  std::string level = "error";        // error (blocks publish) | warning
};

// The kinds and levels a check may have, in the order documented.
inline constexpr std::string_view k_check_kinds[] = {
    "not_null", "unique", "accepted_values", "range", "row_count_change", "freshness"};
inline constexpr std::string_view k_check_levels[] = {"error", "warning"};

// Whether `check` is complete and consistent for its kind: a known kind and level, the number
// of columns the kind needs, values only for accepted_values, min/max only for range and
// row_count_change (at least one of them, min <= max, ratios >= 0), max_age_hours > 0 only
// for freshness. Errors: config, naming the field ("kind", "columns", …) and what to write.
Result<> validate_check(const CheckConfig& check);

// A readable name for the check, as recorded in the catalog: "people.unique(nconst,role)",
// "people.row_count_change", "prices_latest.range(price)".
std::string check_name(const CheckConfig& check);

// The checks used when the configuration declares none: the invariants of the real products
// (people, top_films, movie_report, the prices tables) documented in doc/products.md.
std::vector<CheckConfig> default_checks();

// The [[checks]] entries of `checks` as TOML text (for the commented default file).
std::string checks_as_toml(const std::vector<CheckConfig>& checks);

}  // namespace reelhouse
