// The words of the synthetic IMDb: titles, genres, names, characters, jobs, professions.
//
// Texts are assembled from small word lists, with the variety the real dumps have and a
// loader must survive: accented Latin, Cyrillic, CJK and Devanagari titles whose
// originalTitle differs from the English primaryTitle, apostrophes and literal double
// quotes (the format has no quoting), "Episode #2.7" episode names. Every text is valid
// UTF-8 without tab, CR or LF, so only injected defects break the format.
//
// Each function appends to `out` and draws from `rng`, so callers control the streams.
#pragma once

#include <string>

#include "sources/imdb_generator_model.hpp"
#include "util/random.hpp"

namespace reelhouse::sources::imdb {

// Appends primaryTitle, a tab, and originalTitle.
void append_titles(const TitleFacts& title, util::Rng& rng, std::string& out);

// Appends a comma list of up to three genres in alphabetical order, or \N.
void append_genres(const TitleFacts& title, util::Rng& rng, std::string& out);

// Appends runtimeMinutes, or \N.
void append_runtime(const TitleFacts& title, util::Rng& rng, std::string& out);

// Appends a person's name; actresses get female first names, actors male ones.
void append_person_name(PersonPool pool, util::Rng& rng, std::string& out);

// Appends primaryProfession: the pool's profession first, then up to two others (or \N).
void append_professions(PersonPool pool, util::Rng& rng, std::string& out);

// Appends the `job` column of title.principals (mostly \N).
void append_job(Category category, util::Rng& rng, std::string& out);

// Appends the `characters` column: JSON array text such as ["Maya"], or \N for crew.
void append_characters(Category category, util::Rng& rng, std::string& out);

// Appends the decimal form of `value`.
void append_number(uint64_t value, std::string& out);

// Appends `prefix` and `number` zero-padded to at least 7 digits: tt0000001, nm0123456.
void append_identifier(std::string_view prefix, uint64_t number, std::string& out);

// The null marker of the format.
inline constexpr std::string_view k_null = "\\N";

}  // namespace reelhouse::sources::imdb
