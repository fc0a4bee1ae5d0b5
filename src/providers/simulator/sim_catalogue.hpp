// The films the simulator serves and which provider carries which film at what initial price.
//
// A film is described once (CatalogueFilm); each provider has a shelf listing the films it
// carries, in list order, with their epoch-0 prices in cents. Movie IDs are the provider's
// prefix + the film's IMDb number, so the same film shares its number across providers.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "providers/provider_film.hpp"

namespace reelhouse::providers::sim {

struct CatalogueFilm {
  std::string imdb_number{};  // digits, at least 7, zero-padded: "0076759"
  std::string title{};
  std::string year{};
  std::string rated{};
  std::string released{};
  std::string runtime{};
  std::string genre{};
  std::string director{};
  std::string writer{};
  std::string actors{};
  std::string plot{};
  std::string language{};
  std::string country{};
  std::string awards{};
  std::string poster{};  // as cinemaworld serves it
  std::string metascore{};
  std::string rating{};
  std::string votes{};
};

struct ProviderShelf {
  std::string provider{};
  std::string prefix{};                  // "cw", "fw", …
  std::vector<uint32_t> films{};         // indices into Catalogue::films, in list order
  std::vector<int64_t> initial_cents{};  // epoch-0 price of films[i]
  std::unordered_map<std::string, uint32_t> position_by_id{};  // movie ID → index in films

  void add(uint32_t film, std::string_view imdb_number, int64_t cents);
};

struct Catalogue {
  std::vector<CatalogueFilm> films{};
  std::vector<ProviderShelf> shelves{};  // one per provider, in the order asked for

  const ProviderShelf* shelf(std::string_view provider) const;
  // The listed and detailed forms of shelf position `position` at price `cents`.
  ListedMovie listed(const ProviderShelf& shelf, uint32_t position) const;
  MovieDetail detail(const ProviderShelf& shelf, uint32_t position, int64_t cents) const;
};

// The hand-written catalogue: 13 films with text of our own; cinemaworld carries all of them,
// filmworld lacks two; other provider names carry all. Includes outlier prices (123343.5).
Catalogue builtin_catalogue(const std::vector<std::string>& providers);

// `movies` films generated deterministically from `seed`: realistic titles, directors with
// several films, 7+ digit IMDb numbers; each provider carries 90–97% of them.
Catalogue generated_catalogue(int64_t movies, uint64_t seed,
                              const std::vector<std::string>& providers);

// Prices as the providers write them: at least one decimal ("29.5", "1295.0", "12.25").
std::string format_price(int64_t cents);

}  // namespace reelhouse::providers::sim
