// The product table of the API (see product_catalog.hpp). Column names follow doc/products.md.
#include "server/product_catalog.hpp"

namespace reelhouse::server {

namespace {

FilterSpec year_from(std::string column = "year") {
  return {.param = "year_from",
          .kind = FilterKind::int_min,
          .columns = {column},
          .description = "Only rows whose " + column + " is at least this year."};
}
FilterSpec year_to(std::string column = "year") {
  return {.param = "year_to",
          .kind = FilterKind::int_max,
          .columns = {column},
          .description = "Only rows whose " + column + " is at most this year."};
}
FilterSpec search(std::vector<std::string> columns, std::string what) {
  return {.param = "q",
          .kind = FilterKind::search,
          .columns = std::move(columns),
          .description = "Case-insensitive search in " + what + "."};
}
FilterSpec provider(std::string column = "provider") {
  return {.param = "provider",
          .kind = FilterKind::provider,
          .columns = {column},
          .description = "One of the configured providers (providers.names)."};
}
FilterSpec text(std::string param, std::string column, std::string description) {
  return {.param = std::move(param),
          .kind = FilterKind::exact_text,
          .columns = {std::move(column)},
          .description = std::move(description)};
}
FilterSpec member(std::string param, std::string column, std::string description) {
  return {.param = std::move(param),
          .kind = FilterKind::list_member,
          .columns = {std::move(column)},
          .description = std::move(description)};
}
FilterSpec integer_min(std::string param, std::string column) {
  return {.param = std::move(param),
          .kind = FilterKind::int_min,
          .columns = {column},
          .description = "Only rows whose " + column + " is at least this."};
}
FilterSpec integer_exact(std::string param, std::string column) {
  return {.param = std::move(param),
          .kind = FilterKind::int_exact,
          .columns = {column},
          .description = "Only rows whose " + column + " equals this."};
}
FilterSpec scope() {
  return {.param = "scope",
          .kind = FilterKind::exact_text,
          .columns = {"scope"},
          .description = "A provider name, or 'all' for the cheapest across providers."};
}

std::vector<ProductSpec> build_specs() {
  return {
      // --- IMDb -------------------------------------------------------------------------------
      {.name = "people",
       .table = "people",
       .pipeline = "imdb",
       .description = "Actors and actresses ranked by the average rating of their movies.",
       .default_order = {"role", "rank", "nconst"},
       .filters = {{.param = "role",
                    .kind = FilterKind::enum_text,
                    .columns = {"role"},
                    .allowed = {"actor", "actress"},
                    .description = "actor or actress."},
                   search({"name"}, "the person's name"),
                   integer_min("min_titles", "titles"),
                   integer_min("min_votes", "votes")}},
      // --- Movies Dataset + Wikipedia ---------------------------------------------------------
      {.name = "top_films",
       .table = "top_films",
       .pipeline = "movies",
       .description = "The films with the best revenue/budget ratio.",
       .default_order = {"rank", "film_id"},
       .filters = {year_from(), year_to(), member("genre", "genres", "A genre of the film."),
                   member("company", "companies", "A production company of the film."),
                   search({"title"}, "the title")}},
      {.name = "movie_report",
       .table = "movie_report",
       .pipeline = "movies",
       .description = "Every film with its Wikipedia page and how it was matched.",
       .default_order = {"film_id"},
       .filters = {year_from(),
                   year_to(),
                   search({"title", "wikipedia_title"}, "the titles"),
                   {.param = "match_method",
                    .kind = FilterKind::enum_text,
                    .columns = {"match_method"},
                    .allowed = {"year_film", "film", "title", "none"},
                    .description = "How the film was matched to its page."}}},
      {.name = "genre_year",
       .table = "genre_year",
       .pipeline = "movies",
       .description = "Per genre per year: budget, revenue, profit, releases, popularity.",
       .default_order = {"year", "genre"},
       .filters = {year_from(), year_to(), text("genre", "genre", "One genre.")}},
      {.name = "company_year",
       .table = "company_year",
       .pipeline = "movies",
       .description = "Per production company per year: budget, revenue, profit, releases.",
       .default_order = {"year", "company"},
       .filters = {year_from(), year_to(), text("company", "company", "One company."),
                   search({"company"}, "the company name")}},
      {.name = "company_genre_year",
       .table = "company_genre_year",
       .pipeline = "movies",
       .description = "Releases per company, genre and year.",
       .default_order = {"year", "company", "genre"},
       .filters = {year_from(), year_to(), text("company", "company", "One company."),
                   text("genre", "genre", "One genre.")}},
      {.name = "most_popular_genre",
       .table = "most_popular_genre",
       .pipeline = "movies",
       .description = "The most popular genre of each year.",
       .default_order = {"year"},
       .filters = {year_from(), year_to(), text("genre", "genre", "One genre.")}},
      // --- Prices -----------------------------------------------------------------------------
      {.name = "prices_latest",
       .table = "prices_latest",
       .pipeline = "prices",
       .description = "The newest price of every film at every provider.",
       .default_order = {"provider", "movie_id"},
       .filters = {provider(),
                   year_from(),
                   year_to(),
                   search({"title"}, "the title"),
                   text("imdb_id", "imdb_id", "An IMDb id (tt…)."),
                   {.param = "is_current",
                    .kind = FilterKind::bool_exact,
                    .columns = {"is_current"},
                    .description = "Observed on the run's date."}}},
      {.name = "price_observations",
       .table = "price_observations",
       .pipeline = "prices",
       .description = "Every price observation (the price history).",
       .default_order = {"provider", "movie_id", "observed_at"},
       .filters = {provider(), year_from(), year_to(), search({"title"}, "the title"),
                   text("movie_id", "movie_id", "A provider's film id (cw…, fw…)."),
                   text("imdb_id", "imdb_id", "An IMDb id (tt…).")}},
      {.name = "price_changes",
       .table = "price_changes",
       .pipeline = "prices",
       .description = "Every change of a film's price at a provider.",
       .default_order = {"changed_at", "provider", "movie_id"},
       .filters = {provider(), search({"title"}, "the title"),
                   text("imdb_id", "imdb_id", "An IMDb id (tt…).")}},
      {.name = "cheapest_films",
       .table = "cheapest_films",
       .pipeline = "prices",
       .description = "Films ranked by price, per provider and across providers.",
       .default_order = {"scope", "rank", "provider", "movie_id"},
       .filters = {scope(), provider(), year_from(), year_to(), search({"title"}, "the title")}},
      {.name = "cheapest_directors",
       .table = "cheapest_directors",
       .pipeline = "prices",
       .description = "Directors ranked by their cheapest film and total price.",
       .default_order = {"scope", "rank_by_min", "director"},
       .filters = {scope(), search({"director"}, "the director's name")}},
      {.name = "price_comparison",
       .table = "price_comparison",
       .pipeline = "prices",
       .description = "The same film at both providers, matched by IMDb id.",
       .default_order = {"imdb_id"},
       .filters = {year_from(), year_to(), search({"title"}, "the title"),
                   text("cheaper_provider", "cheaper_provider",
                        "cinemaworld, filmworld, same, or the only provider.")}},
      {.name = "provider_health",
       .table = "provider_health",
       .pipeline = "prices",
       .description = "Per run and provider: requests, failures by kind, latency, films.",
       .default_order = {"run_id", "provider"},
       .filters = {provider(), integer_exact("run_id", "run_id")}},
      {.name = "missing_films",
       .table = "missing_films",
       .pipeline = "prices",
       .description = "Films a provider listed but that could not be collected on the run's date.",
       .default_order = {"provider", "movie_id"},
       .filters = {provider(), search({"title"}, "the title")}},
      // --- Catalog ----------------------------------------------------------------------------
      {.name = "etl_pipeline_status",
       .table = "etl_pipeline_status",
       .pipeline = "catalog",
       .description = "One row per task attempt of every run.",
       .default_order = {"run_id", "started_at", "task", "attempt"},
       .filters = {text("pipeline", "pipeline", "imdb, movies or prices."),
                   {.param = "state",
                    .kind = FilterKind::enum_text,
                    .columns = {"state"},
                    .allowed = {"running", "succeeded", "failed", "skipped"},
                    .description = "The attempt's state."},
                   {.param = "date",
                    .kind = FilterKind::date_exact,
                    .columns = {"ingest_date"},
                    .description = "The run's ingest date (YYYY-MM-DD)."},
                   integer_exact("run_id", "run_id")},
       .supports_as_of = false},
  };
}

}  // namespace

const std::vector<ProductSpec>& product_specs() {
  static const std::vector<ProductSpec> specs = build_specs();
  return specs;
}

const ProductSpec* find_product(std::string_view name) {
  for (const auto& spec : product_specs()) {
    if (spec.name == name) return &spec;
  }
  return nullptr;
}

}  // namespace reelhouse::server
