// Validation, naming and the defaults of the data-quality checks (core/check_config.hpp).
#include "core/check_config.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <span>

namespace reelhouse {

namespace {

bool is_one_of(std::string_view text, std::span<const std::string_view> choices) {
  return std::ranges::find(choices, text) != choices.end();
}

std::string quoted_list(std::span<const std::string_view> choices) {
  std::string text;
  for (const auto choice : choices) {
    if (!text.empty()) text += ", ";
    text += fmt::format("\"{}\"", choice);
  }
  return text;
}

// How many columns a kind takes: {minimum, maximum}.
std::pair<size_t, size_t> column_count(std::string_view kind) {
  if (kind == "not_null" || kind == "unique") return {1, 64};
  if (kind == "row_count_change") return {0, 0};
  return {1, 1};
}

std::string format_number(double value) {
  return fmt::format("{}", value);
}

// A TOML float: "2.0" rather than "2", so a file read back keeps the value's type.
std::string toml_float(double value) {
  std::string text = format_number(value);
  if (text.find_first_of(".eE") == std::string::npos) text += ".0";
  return text;
}

std::string toml_string(std::string_view text) {
  std::string quoted = "\"";
  for (const char character : text) {
    if (character == '"' || character == '\\') quoted += '\\';
    quoted += character;
  }
  return quoted + "\"";
}

std::string toml_string_array(const std::vector<std::string>& items) {
  std::string text = "[";
  for (size_t index = 0; index < items.size(); ++index) {
    if (index > 0) text += ", ";
    text += toml_string(items[index]);
  }
  return text + "]";
}

CheckConfig not_null(std::string table, std::vector<std::string> columns) {
  return {.table = std::move(table), .kind = "not_null", .columns = std::move(columns)};
}

CheckConfig unique(std::string table, std::vector<std::string> columns) {
  return {.table = std::move(table), .kind = "unique", .columns = std::move(columns)};
}

CheckConfig accepted(std::string table, std::string column, std::vector<std::string> values) {
  return {.table = std::move(table),
          .kind = "accepted_values",
          .columns = {std::move(column)},
          .values = std::move(values)};
}

CheckConfig range(std::string table, std::string column, std::optional<double> min,
                  std::optional<double> max) {
  return {.table = std::move(table),
          .kind = "range",
          .columns = {std::move(column)},
          .min = min,
          .max = max};
}

}  // namespace

Result<> validate_check(const CheckConfig& check) {
  if (check.table.empty()) {
    return make_error(ErrorCode::config,
                      "field \"table\" is missing: name the product table to check, e.g. "
                      "table = \"people\"");
  }
  if (!is_one_of(check.kind, k_check_kinds)) {
    return make_error(ErrorCode::config, "field \"kind\": unknown kind \"{}\" (expected one of {})",
                      check.kind, quoted_list(k_check_kinds));
  }
  if (!is_one_of(check.level, k_check_levels)) {
    return make_error(ErrorCode::config,
                      "field \"level\": unknown level \"{}\" (expected \"error\", which blocks "
                      "the publish, or \"warning\", which is only recorded)",
                      check.level);
  }
  const auto [fewest, most] = column_count(check.kind);
  if (check.columns.size() < fewest || check.columns.size() > most) {
    if (most == 0) {
      return make_error(ErrorCode::config,
                        "field \"columns\": a {} check compares whole tables; remove \"columns\"",
                        check.kind);
    }
    return make_error(ErrorCode::config, "field \"columns\": a {} check needs {} column{}, got {}",
                      check.kind, fewest == most ? "exactly one" : "at least one",
                      fewest == most ? "" : "s", check.columns.size());
  }
  for (const auto& column : check.columns) {
    if (column.empty()) {
      return make_error(ErrorCode::config, "field \"columns\": a column name is empty");
    }
  }
  if (check.kind == "accepted_values") {
    if (check.values.empty()) {
      return make_error(ErrorCode::config,
                        "field \"values\": an accepted_values check needs the list of accepted "
                        "values, e.g. values = [\"actor\", \"actress\"]");
    }
  } else if (!check.values.empty()) {
    return make_error(ErrorCode::config,
                      "field \"values\" only applies to accepted_values checks, not {}",
                      check.kind);
  }
  const bool bounded = check.kind == "range" || check.kind == "row_count_change";
  if (bounded) {
    if (!check.min && !check.max) {
      return make_error(ErrorCode::config, "a {} check needs \"min\", \"max\" or both", check.kind);
    }
    for (const auto& [field, bound] : {std::pair{"min", check.min}, std::pair{"max", check.max}}) {
      if (bound && !std::isfinite(*bound)) {
        return make_error(ErrorCode::config, "field \"{}\" must be a finite number", field);
      }
      if (bound && check.kind == "row_count_change" && *bound < 0) {
        return make_error(ErrorCode::config,
                          "field \"{}\": {} is a ratio of row counts (new / previous) and "
                          "cannot be negative, e.g. min = 0.5, max = 2.0",
                          field, format_number(*bound));
      }
    }
    if (check.min && check.max && *check.min > *check.max) {
      return make_error(ErrorCode::config, "field \"min\" ({}) is larger than \"max\" ({})",
                        format_number(*check.min), format_number(*check.max));
    }
  } else if (check.min || check.max) {
    return make_error(ErrorCode::config,
                      "fields \"min\" and \"max\" only apply to range and row_count_change "
                      "checks, not {}",
                      check.kind);
  }
  if (check.kind == "freshness") {
    if (check.max_age_hours <= 0) {
      return make_error(ErrorCode::config,
                        "field \"max_age_hours\": a freshness check needs a positive age in "
                        "hours, e.g. max_age_hours = 48");
    }
  } else if (check.max_age_hours != 0) {
    return make_error(ErrorCode::config,
                      "field \"max_age_hours\" only applies to freshness checks, not {}",
                      check.kind);
  }
  return {};
}

std::string check_name(const CheckConfig& check) {
  if (check.columns.empty()) return fmt::format("{}.{}", check.table, check.kind);
  return fmt::format("{}.{}({})", check.table, check.kind, fmt::join(check.columns, ","));
}

std::vector<CheckConfig> default_checks() {
  std::vector<CheckConfig> checks = {
      // people: one row per (person, role), ranked within its role.
      unique("people", {"nconst", "role"}),
      not_null("people", {"nconst", "role", "titles", "avg_rating", "votes", "rank"}),
      accepted("people", "role", {"actor", "actress"}),
      range("people", "avg_rating", 1, 10),
      range("people", "titles", 1, std::nullopt),
      // IMDb moves slowly: a people table half or twice as large as the previous snapshot
      // deserves a look, but a changed threshold (products.people.*) legitimately does it.
      CheckConfig{.table = "people",
                  .kind = "row_count_change",
                  .min = 0.5,
                  .max = 2.0,
                  .level = "warning"},
      // top_films: the best revenue / budget ratios, one row per film.
      unique("top_films", {"film_id"}),
      unique("top_films", {"rank"}),
      not_null("top_films", {"film_id", "title", "budget", "revenue", "ratio", "rank"}),
      range("top_films", "budget", 1, std::nullopt),
      range("top_films", "ratio", 0, std::nullopt),
      // movie_report: every film once, with how its Wikipedia page was matched.
      unique("movie_report", {"film_id"}),
      accepted("movie_report", "match_method", {"year_film", "film", "title", "none"}),
      // prices: a price is never NULL nor negative; one latest price per provider and film.
      unique("prices_latest", {"provider", "movie_id"}),
      not_null("prices_latest", {"provider", "movie_id", "price", "observed_at"}),
      range("prices_latest", "price", 0, std::nullopt),
      not_null("price_observations", {"provider", "movie_id", "price", "observed_at"}),
      range("price_observations", "price", 0, std::nullopt),
      unique("price_comparison", {"imdb_id"}),
      // Providers that stop answering leave the last good prices in place (by design): a
      // warning says the newest price is getting old.
      CheckConfig{.table = "prices_latest",
                  .kind = "freshness",
                  .columns = {"observed_at"},
                  .max_age_hours = 48,
                  .level = "warning"},
      CheckConfig{.table = "price_observations",
                  .kind = "freshness",
                  .columns = {"observed_at"},
                  .max_age_hours = 48,
                  .level = "warning"},
  };
  return checks;
}

std::string checks_as_toml(const std::vector<CheckConfig>& checks) {
  std::string text;
  for (const auto& check : checks) {
    text += "[[checks]]\n";
    text +=
        fmt::format("table = {}\nkind = {}\n", toml_string(check.table), toml_string(check.kind));
    if (!check.columns.empty())
      text += fmt::format("columns = {}\n", toml_string_array(check.columns));
    if (!check.values.empty())
      text += fmt::format("values = {}\n", toml_string_array(check.values));
    if (check.min) text += fmt::format("min = {}\n", toml_float(*check.min));
    if (check.max) text += fmt::format("max = {}\n", toml_float(*check.max));
    if (check.max_age_hours != 0) text += fmt::format("max_age_hours = {}\n", check.max_age_hours);
    text += fmt::format("level = {}\n", toml_string(check.level));
  }
  return text;
}

}  // namespace reelhouse
