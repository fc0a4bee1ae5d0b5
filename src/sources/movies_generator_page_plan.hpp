// Which Wikipedia pages the films of the model get (a step of build_movies_model).
//
// Each group of films with one normalised title is planned together. A film alone with its
// title has no page (~8%; some still share their title with a novel, an album…), or a page
// titled `Title` (~60% of those with a page), `Title (film)` (~18%, usually because the plain
// title is about something else), `Title (YEAR film)` (~14%, sometimes beside a decoy film of
// another year) or `Title (YEAR Adjective film)` (~8%). Films of one title (remakes) each get a
// year-qualified page, while the plain title is the oldest film's page, another meaning, or
// absent. ~4% of page titles are spelled differently from the film's title in ways a title
// normaliser absorbs (case, punctuation, accents). Infobox-residue abstracts go to ~25% of
// suffixed pages and ~1.5% of plain-title pages (a matcher cannot confirm those).
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "sources/movies_generator_model.hpp"

namespace reelhouse::sources::movies {

// Sets relation, page_title, shared_title and infobox_residue of every film and appends the
// same-title other pages to model.other_pages. `films_by_key` maps each normalised title to
// the indices of its films. Broken films get no page.
void plan_pages(MoviesModel& model,
                const std::unordered_map<std::string, std::vector<uint32_t>>& films_by_key);

}  // namespace reelhouse::sources::movies
