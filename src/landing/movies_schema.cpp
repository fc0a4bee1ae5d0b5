#include "landing/movies_schema.hpp"

#include <array>

namespace reelhouse::landing {

namespace {

using Type = MoviesColumnType;

constexpr std::array k_metadata_columns = {
    MoviesColumn{"adult", Type::boolean},
    MoviesColumn{"belongs_to_collection", Type::python_literal},
    MoviesColumn{"budget", Type::bigint},
    MoviesColumn{"genres", Type::python_literal},
    MoviesColumn{"homepage", Type::text},
    MoviesColumn{"id", Type::bigint},
    MoviesColumn{"imdb_id", Type::text},
    MoviesColumn{"original_language", Type::text},
    MoviesColumn{"original_title", Type::text},
    MoviesColumn{"overview", Type::text},
    MoviesColumn{"popularity", Type::real},
    MoviesColumn{"poster_path", Type::text},
    MoviesColumn{"production_companies", Type::python_literal},
    MoviesColumn{"production_countries", Type::python_literal},
    MoviesColumn{"release_date", Type::date},
    MoviesColumn{"revenue", Type::bigint},
    MoviesColumn{"runtime", Type::real},
    MoviesColumn{"spoken_languages", Type::python_literal},
    MoviesColumn{"status", Type::text},
    MoviesColumn{"tagline", Type::text},
    MoviesColumn{"title", Type::text},
    MoviesColumn{"video", Type::boolean},
    MoviesColumn{"vote_average", Type::real},
    MoviesColumn{"vote_count", Type::bigint},
};
constexpr size_t k_metadata_key = 5;  // id

// imdbId stays text: it keeps its leading zeros ("0114709").
constexpr std::array k_links_columns = {
    MoviesColumn{"movieId", Type::bigint},
    MoviesColumn{"imdbId", Type::text},
    MoviesColumn{"tmdbId", Type::bigint},
};

constexpr std::array k_credits_columns = {
    MoviesColumn{"cast", Type::python_literal},
    MoviesColumn{"crew", Type::python_literal},
    MoviesColumn{"id", Type::bigint},
};

constexpr std::array k_keywords_columns = {
    MoviesColumn{"id", Type::bigint},
    MoviesColumn{"keywords", Type::python_literal},
};

constexpr std::array k_ratings_columns = {
    MoviesColumn{"userId", Type::bigint},
    MoviesColumn{"movieId", Type::bigint},
    MoviesColumn{"rating", Type::real},
    MoviesColumn{"timestamp", Type::bigint},
};

const std::array<MoviesTableSpec, 5> k_specs = {{
    {MoviesTable::metadata, "movies_metadata", "movies_metadata.csv", k_metadata_columns,
     k_metadata_key},
    {MoviesTable::links, "movies_links", "links.csv", k_links_columns, 0},
    {MoviesTable::credits, "movies_credits", "credits.csv", k_credits_columns, 2},
    {MoviesTable::keywords, "movies_keywords", "keywords.csv", k_keywords_columns, 0},
    {MoviesTable::ratings, "movies_ratings", "ratings.csv", k_ratings_columns, std::nullopt},
}};

constexpr std::array k_all_tables = {MoviesTable::metadata, MoviesTable::links,
                                     MoviesTable::credits, MoviesTable::keywords,
                                     MoviesTable::ratings};

}  // namespace

const MoviesTableSpec& movies_table_spec(MoviesTable table) {
  return k_specs[static_cast<size_t>(table)];
}

std::span<const MoviesTable> all_movies_tables() {
  return k_all_tables;
}

std::optional<MoviesTable> parse_movies_table_name(std::string_view name) {
  for (const MoviesTableSpec& spec : k_specs) {
    if (spec.table_name == name) return spec.table;
  }
  return std::nullopt;
}

}  // namespace reelhouse::landing
