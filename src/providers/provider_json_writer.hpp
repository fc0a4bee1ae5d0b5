// Renders provider responses exactly as the real cinemaworld/filmworld API does: pretty-printed
// JSON (two-space indent), every value a string, fields in the upstream order.
//
// Used by the simulator; the ingestion parses these bodies back with provider_json.hpp.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "providers/provider_film.hpp"

namespace reelhouse::providers {

// {"Movies": [{"Title","Year","ID","Type","Poster"}, …]}.
std::string render_movie_list(std::span<const ListedMovie> movies);

// The detail object: Title, Year, Rated, Released, Runtime, Genre, Director, Writer, Actors,
// Plot, Language, Country, Awards (only when present: cinemaworld), Poster, Metascore, Rating,
// Votes, ID, Type, Price — 20 fields with Awards, 19 without.
std::string render_movie_detail(const MovieDetail& movie);

// Appends `text` as a JSON string literal (quotes, escapes; UTF-8 passed through).
void append_json_string(std::string_view text, std::string& out);

}  // namespace reelhouse::providers
