// Catalogue lookups and the rendering of one shelf entry (see sim_catalogue.hpp).
#include "providers/simulator/sim_catalogue.hpp"

#include <fmt/format.h>

namespace reelhouse::providers::sim {

void ProviderShelf::add(uint32_t film, std::string_view imdb_number, int64_t cents) {
  position_by_id.emplace(prefix + std::string(imdb_number), static_cast<uint32_t>(films.size()));
  films.push_back(film);
  initial_cents.push_back(cents);
}

const ProviderShelf* Catalogue::shelf(std::string_view provider) const {
  for (const ProviderShelf& shelf : shelves) {
    if (shelf.provider == provider) return &shelf;
  }
  return nullptr;
}

namespace {

// filmworld's real posters are corrupted: "cw" replaced by "fw" inside the image hashes.
std::string poster_for(const ProviderShelf& shelf, const CatalogueFilm& film) {
  if (shelf.provider != "filmworld") return film.poster;
  std::string poster = film.poster;
  for (size_t at = poster.find("cw"); at != std::string::npos; at = poster.find("cw", at + 2)) {
    poster.replace(at, 2, "fw");
  }
  return poster;
}

}  // namespace

ListedMovie Catalogue::listed(const ProviderShelf& shelf, uint32_t position) const {
  const CatalogueFilm& film = films[shelf.films[position]];
  return ListedMovie{.title = film.title,
                     .year = film.year,
                     .id = shelf.prefix + film.imdb_number,
                     .type = "movie",
                     .poster = poster_for(shelf, film)};
}

MovieDetail Catalogue::detail(const ProviderShelf& shelf, uint32_t position, int64_t cents) const {
  const CatalogueFilm& film = films[shelf.films[position]];
  MovieDetail detail{.title = film.title,
                     .year = film.year,
                     .rated = film.rated,
                     .released = film.released,
                     .runtime = film.runtime,
                     .genre = film.genre,
                     .director = film.director,
                     .writer = film.writer,
                     .actors = film.actors,
                     .plot = film.plot,
                     .language = film.language,
                     .country = film.country,
                     .awards = std::nullopt,
                     .poster = poster_for(shelf, film),
                     .metascore = film.metascore,
                     .rating = film.rating,
                     .votes = film.votes,
                     .id = shelf.prefix + film.imdb_number,
                     .type = "movie",
                     .price = format_price(cents)};
  // filmworld has no Awards field; every other provider behaves like cinemaworld.
  if (shelf.provider != "filmworld") detail.awards = film.awards;
  return detail;
}

std::string format_price(int64_t cents) {
  const int64_t units = cents / 100;
  const int64_t fraction = cents % 100;
  if (fraction % 10 == 0) return fmt::format("{}.{}", units, fraction / 10);
  return fmt::format("{}.{:02}", units, fraction);
}

}  // namespace reelhouse::providers::sim
