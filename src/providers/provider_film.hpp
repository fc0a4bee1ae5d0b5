// What the movie-price providers (cinemaworld, filmworld) say about a film, as upstream strings.
//
// Shared by the simulator (which renders these), the ingestion (which validates responses into
// these) and the landing of prices. Every value is the provider's text: typing (years, prices as
// decimals) happens at landing, where a bad value can be quarantined with its file and field.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace reelhouse::providers {

// One entry of `GET /api/{provider}/movies` → {"Movies": [...]}.
struct ListedMovie {
  std::string title{};
  std::string year{};
  std::string id{};  // provider prefix + IMDb number: "cw0076759"
  std::string type{};
  std::string poster{};
};

// `GET /api/{provider}/movie/{ID}`: 20 fields for cinemaworld, 19 for filmworld (no Awards).
struct MovieDetail {
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
  std::optional<std::string> awards{};  // absent for filmworld
  std::string poster{};
  std::string metascore{};
  std::string rating{};
  std::string votes{};
  std::string id{};
  std::string type{};
  std::string price{};  // "29.5": a decimal number written as a string
};

// The ID prefix a provider puts before the IMDb number: "cw" for cinemaworld, "fw" for
// filmworld, otherwise the provider name's first two characters.
inline std::string_view provider_prefix(std::string_view provider) {
  if (provider == "cinemaworld") return "cw";
  if (provider == "filmworld") return "fw";
  return provider.substr(0, 2);
}

// The IMDb number inside a provider's movie ID: the ID without its leading letters
// ("cw0076759" → "0076759").
inline std::string imdb_number_of(std::string_view movie_id) {
  size_t start = 0;
  while (start < movie_id.size() &&
         ((movie_id[start] >= 'a' && movie_id[start] <= 'z') ||
          (movie_id[start] >= 'A' && movie_id[start] <= 'Z'))) {
    ++start;
  }
  return std::string(movie_id.substr(start));
}

}  // namespace reelhouse::providers
