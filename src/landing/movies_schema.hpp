// The five tables of The Movies Dataset zip, as data: their member names, upstream columns
// with landing types, and the key column used to find duplicate records.
//
// Landing keeps the upstream column names and order (docs: ../shared/DESIGN.md §4 and the
// issue-3 contract): an empty CSV field becomes NULL, numbers become numbers, and the
// Python-literal columns (genres, cast, …) become canonical JSON text (python_literal.hpp).
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string_view>

namespace reelhouse::landing {

enum class MoviesTable { metadata, links, credits, keywords, ratings };

// How a column is validated and what it lands as.
enum class MoviesColumnType {
  bigint,          // BIGINT: an integer, or an integral decimal such as "5415.0"
  real,            // DOUBLE: a finite decimal number
  text,            // VARCHAR: any valid UTF-8
  boolean,         // BOOLEAN: True/False (also true/false)
  date,            // DATE: YYYY-MM-DD, a real calendar date
  python_literal,  // VARCHAR holding the canonical JSON of a Python literal
};

struct MoviesColumn {
  std::string_view name;
  MoviesColumnType type = MoviesColumnType::text;
};

struct MoviesTableSpec {
  MoviesTable table = MoviesTable::metadata;
  std::string_view table_name;   // landing table: "movies_metadata", …
  std::string_view member_name;  // zip member: "movies_metadata.csv", …
  std::span<const MoviesColumn> columns;
  // Index of the integer key column (first record per key is kept); nullopt for ratings.
  std::optional<size_t> key_column;
};

const MoviesTableSpec& movies_table_spec(MoviesTable table);

// All five tables, in landing order.
std::span<const MoviesTable> all_movies_tables();

// Parses a landing table name ("movies_links"); nullopt when unknown.
std::optional<MoviesTable> parse_movies_table_name(std::string_view name);

}  // namespace reelhouse::landing
