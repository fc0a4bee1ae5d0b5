// The films of the synthetic Movies Dataset, and how the Wikipedia dump relates to them.
//
// `build_movies_model` decides everything that more than one output file must agree on: each
// film's TMDB/IMDb/MovieLens ids, titles, release date, country, genres, director and stars,
// money and popularity, its place in movies_metadata.csv (including exact and differing
// duplicate records and the records broken over two lines), and its Wikipedia page (which
// title, which relation, infobox residue or prose) together with the same-title pages about
// other things. The writers (movies_generator_csv, _wiki, _truth) only render this model;
// the details of a record that only one file needs (overview, cast, keywords…) they draw
// from a per-film random stream, so the same film renders to the same bytes every time.
//
// Statistics follow the real dataset (45,466 records, ~45.4k distinct ids): ~80% budget 0,
// ~83% revenue 0, release years skewed to recent decades, ~0.2% without a release date,
// ~17% in a collection, long-tailed popularity; a few revenues above 2^31. Pages: ~8% of
// films have none; the rest are `Title`, `Title (film)`, `Title (YEAR film)` or
// `Title (YEAR Adjective film)`, with same-title novels/albums/places/decoy films beside them.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "util/random.hpp"

namespace reelhouse::sources::movies {

// How a film's Wikipedia page is titled (no_page: the film has none).
enum class PageRelation : uint8_t {
  no_page,
  exact_title,                // "Toy Story"
  film_suffix,                // "Heat (film)"
  year_film_suffix,           // "King Kong (1933 film)"
  year_adjective_film_suffix  // "Hamlet (1996 British film)"
};

// What a same-title page that is not the film's own is about.
enum class OtherPageKind : uint8_t {
  novel,
  album,
  song,
  band,
  television_series,
  village,
  play,
  other_film,  // a film of the same title that is not in the dataset: "Heat (1972 film)"
};

// Independent random streams (util::stream_seed's `stream`), one per concern.
enum class Stream : uint64_t {
  films = 1,
  metadata_record,
  credits,
  keywords,
  ratings,
  person,
  company,
  pages,
  filler,
  layout,
};

inline util::Rng make_rng(uint64_t seed, Stream stream, uint64_t index) {
  return util::Rng(util::stream_seed(seed, static_cast<uint64_t>(stream), index));
}

struct Film {
  uint32_t index = 0;  // position in MoviesModel::films; the per-film random streams' index
  uint64_t tmdb_id = 0;
  uint32_t imdb_number = 0;  // tt%07d; 0 when imdb_id is empty
  uint32_t movielens_id = 0;
  std::string title;           // TMDB (English) title
  std::string original_title;  // title in the original language
  uint8_t country = 0;         // index into k_countries: the first production country
  uint8_t language = 0;        // index into k_languages: original_language
  int year = 0;                // 0 when release_date is empty
  int month = 0;
  int day = 0;
  std::array<uint8_t, 3> genres{};  // indices into k_genres
  uint8_t genre_count = 0;
  uint32_t director = 0;            // person id
  std::array<uint32_t, 3> stars{};  // person ids
  int64_t budget = 0;
  int64_t revenue = 0;
  double popularity = 0;
  int32_t collection = -1;  // index into MoviesModel::collections, -1 for none
  bool broken = false;      // written as the two-line broken record; never lands
  // Wikipedia.
  PageRelation relation = PageRelation::no_page;
  bool shared_title = false;     // another film of the dataset has the same (normalised) title
  bool infobox_residue = false;  // its page's abstract is infobox residue ("| director = …")
  std::string page_title;        // without "Wikipedia: "; empty for no_page
};

struct Collection {
  uint32_t id = 0;
  std::string name;  // "Toy Story Collection"
  bool has_poster = true;
  bool has_backdrop = true;
};

// A page whose title is (or starts with) a film's title but that is about something else.
struct OtherPage {
  std::string title;
  OtherPageKind kind = OtherPageKind::novel;
  int year = 0;       // a year its abstract mentions (never within 1 of the film's year)
  uint32_t film = 0;  // the film whose title it shares
};

enum class RecordKind : uint8_t { first, exact_duplicate, differing_duplicate };

// One record of movies_metadata.csv, in file order.
struct MetadataRecord {
  uint32_t film = 0;
  RecordKind kind = RecordKind::first;
};

struct MoviesModel {
  uint64_t seed = 0;
  double scale = 0;
  std::vector<Film> films;  // every film with a record, in order of its first record
  std::vector<MetadataRecord> records;
  std::vector<Collection> collections;
  std::vector<OtherPage> other_pages;
  uint32_t person_count = 0;        // person ids are 1..person_count
  uint32_t tail_company_count = 0;  // synthetic companies beyond k_head_companies
  uint64_t broken_records = 0;
  uint64_t exact_duplicates = 0;
  uint64_t differing_duplicates = 0;
};

// Builds the model for (seed, scale): about 45,400 × scale films (at least 20), at least one
// broken record (3 at scale 1), at least one exact and one differing duplicate.
// REQUIRES: scale > 0.
MoviesModel build_movies_model(uint64_t seed, double scale);

// Appends the name of person `person_id` (the same name for the same id, in every file).
void append_person_name(uint64_t seed, uint32_t person_id, std::string& out);

// The name and TMDB id of the company at popularity rank `rank` (0 = most frequent).
struct CompanyName {
  std::string name;
  int id = 0;
};
CompanyName company_at_rank(uint64_t seed, uint32_t rank);

// Draws a company rank from the long-tailed distribution over `model`'s companies.
uint32_t draw_company_rank(const MoviesModel& model, util::Rng& rng);

// The generator's own title key, equal to landing::normalize_title (which it calls): used
// to keep distinct films' titles distinct and filler pages off film titles.
std::string title_key(std::string_view title);

}  // namespace reelhouse::sources::movies
