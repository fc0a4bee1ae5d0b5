// The products the API serves, as one table: route name → warehouse table, default order and
// the filters it accepts. Adding a product to the API is adding one entry to
// `product_specs()` (product_catalog.cpp); routes, validation, SQL, the OpenAPI document and
// the docs page are all derived from it.
//
// Every identifier used in SQL comes from here or from the warehouse's own column list, never
// from a request; request values are bound as parameters (see product_query.hpp).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace reelhouse::server {

enum class FilterKind {
  exact_text,   // column = value
  enum_text,    // column = value, value one of `allowed`
  provider,     // column = value, value one of the configured provider names
  search,       // value appears (case-insensitively) in any of the columns
  list_member,  // value is one element of a ", "-separated list column (genres, companies)
  int_min,      // column >= value
  int_max,      // column <= value
  int_exact,    // column = value
  date_exact,   // column = value (YYYY-MM-DD)
  bool_exact,   // column = value (true/false)
};

struct FilterSpec {
  std::string param{};  // query parameter name
  FilterKind kind = FilterKind::exact_text;
  std::vector<std::string> columns{};  // one column, several for `search`
  std::vector<std::string> allowed{};  // for enum_text
  std::string description{};
};

struct ProductSpec {
  std::string name{};      // GET /api/v1/<name>
  std::string table{};     // warehouse table
  std::string pipeline{};  // imdb, movies, prices, catalog
  std::string description{};
  // Columns of the stable order used when no sort is given (every other column follows as a
  // tie-breaker, so pages never overlap or skip rows).
  std::vector<std::string> default_order{};
  std::vector<FilterSpec> filters{};
  bool supports_as_of = true;  // older snapshots of the table can be read from the lake
};

const std::vector<ProductSpec>& product_specs();

// The product served at /api/v1/<name>, or nullptr.
const ProductSpec* find_product(std::string_view name);

// Query parameters every product accepts besides its filters.
inline constexpr std::string_view k_common_product_params[] = {"limit", "offset", "sort", "as_of"};

inline constexpr int k_default_limit = 50;
inline constexpr int k_max_limit = 1000;
inline constexpr int64_t k_max_offset = 1'000'000'000;

}  // namespace reelhouse::server
