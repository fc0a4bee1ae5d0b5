// The pages of the synthetic Wikipedia dump, one `<doc>` at a time (used by
// movies_generator_wiki.cpp, which lays them out and compresses them).
//
// `append_doc` renders one page in upstream's layout. `append_film_page` and
// `append_other_page` render the model's pages: film abstracts in the style of real ones
// ("Toy Story is a 1995 American computer-animated film directed by …"), or infobox residue
// ("| director = …"); other pages about novels, albums, bands, villages… that never say
// "film" and mention only years away from the film's. `FillerPages` writes the bulk of the
// dump: pages about people, places, species, seasons, schools, disambiguation pages and
// infobox residue, built from syllable words so their text varies like real text (and
// compresses about as well), never titled like a film of the model.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "sources/movies_generator_model.hpp"

namespace reelhouse::sources::movies {

// Appends one `<doc>…</doc>` (each element on its own line, ending with a line feed).
// `title` without the "Wikipedia: " prefix; all text raw (escaped here).
void append_doc(std::string_view title, std::string_view abstract,
                std::span<const std::string_view> anchors, std::string& out);

// Appends the page of `film`. REQUIRES: film.relation != no_page.
void append_film_page(const MoviesModel& model, const Film& film, std::string& out);

// Appends `page`, a same-title page about something else.
void append_other_page(const MoviesModel& model, const OtherPage& page, std::string& out);

class FillerPages {
 public:
  // `seed` picks the pages; `film_keys` are the normalised titles filler titles must avoid.
  FillerPages(uint64_t seed, const std::unordered_set<std::string>& film_keys);

  // Appends the next filler page.
  void append_page(std::string& out);

 private:
  void draw_title_and_abstract();
  void draw_anchors();
  void append_word(std::string& out);
  void append_sentences(uint64_t count);

  util::Rng m_rng;
  const std::unordered_set<std::string>* m_film_keys;
  std::string m_title;
  std::string m_abstract;
  std::string m_key;
  std::vector<std::string_view> m_anchors;
  std::vector<std::string> m_generated_anchors;
};

}  // namespace reelhouse::sources::movies
