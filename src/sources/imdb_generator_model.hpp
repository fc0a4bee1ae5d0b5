// The statistical model behind `reelhouse generate imdb`: how many titles and people a
// scale means, and every attribute of a title or a person as a pure function of
// (seed, index).
//
// Because each entity's attributes come from its own random stream (util::stream_seed),
// the four files can be written by independent threads that agree on everything they
// share — a title's type and year in title.basics, its votes in title.ratings, its cast in
// title.principals — without holding any table in memory.
//
// The shape follows the real dumps (~12M titles, ~95M principals, ~14M names, ~1.6M
// ratings at scale 1): mostly TV episodes; ≈13% of titles rated, movies far more often
// than episodes; Pareto-tailed vote counts; people drawn from role pools with a power-law
// skew (a few people appear in thousands of titles, most in one or two), stronger for the
// casts of popular titles so that actor rankings have stars.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

#include "util/random.hpp"

namespace reelhouse::sources::imdb {

// The row counts of a full IMDb dump (scale 1).
inline constexpr double k_full_titles = 12'000'000;
inline constexpr double k_full_people = 14'000'000;

enum class TitleType : uint8_t {
  movie,
  short_film,
  tv_series,
  tv_episode,
  tv_movie,
  tv_mini_series,
  tv_special,
  video,
  video_game,
  tv_short,
  tv_pilot,
};
inline constexpr size_t k_title_type_count = 11;

// The upstream spelling (`tvEpisode`, `short`, …).
std::string_view title_type_name(TitleType type);

// The 13 categories of title.principals.
enum class Category : uint8_t {
  actor,
  actress,
  self,
  director,
  producer,
  writer,
  composer,
  cinematographer,
  editor,
  production_designer,
  archive_footage,
  archive_sound,
  casting_director,
};
inline constexpr size_t k_category_count = 13;

std::string_view category_name(Category category);

// The role pools people are drawn from: each person belongs to exactly one, which decides
// their main profession (and, for actors and actresses, the category they are billed as).
enum class PersonPool : uint8_t {
  actor,
  actress,
  self,
  director,
  writer,
  producer,
  composer,
  cinematographer,
  editor,
  production_designer,
  casting_director,
};
inline constexpr size_t k_person_pool_count = 11;

// Everything about a title that more than one file needs.
struct TitleFacts {
  uint64_t index = 0;
  TitleType type = TitleType::movie;
  int start_year = 0;  // 0 = unknown (\N)
  bool adult = false;
  bool rated = false;
  uint32_t votes = 0;          // when rated
  uint32_t rating_tenths = 0;  // when rated: 10..100 (1.0 .. 10.0)
  uint32_t principal_count = 0;
  bool self_format = false;  // talk show, news, reality: the cast appear as themselves
};

// One line of title.principals before it is written out.
struct Principal {
  Category category = Category::actor;
  uint64_t person_index = 0;
};

inline constexpr size_t k_max_principals = 16;

struct PrincipalList {
  std::array<Principal, k_max_principals> items{};
  size_t count = 0;
};

class ImdbModel {
 public:
  // REQUIRES: scale > 0.
  ImdbModel(uint64_t seed, double scale);

  uint64_t seed() const { return m_seed; }
  uint64_t title_count() const { return m_title_count; }
  uint64_t person_count() const { return m_person_count; }

  // Expected (not exact) row counts, to spread injected defects through a file.
  uint64_t expected_rating_count() const;
  uint64_t expected_principal_count() const;

  // The numbers behind `tt…` and `nm…`: strictly increasing in the index, with gaps as
  // upstream has.
  static uint64_t title_number(uint64_t title_index) { return title_index + title_index / 10 + 1; }
  static uint64_t person_number(uint64_t person_index) {
    return person_index + person_index / 9 + 1;
  }

  TitleFacts title_facts(uint64_t title_index) const;

  // The principals of a title, in billing order (ordering = position + 1).
  PrincipalList principals(const TitleFacts& title) const;

  PersonPool pool_of(uint64_t person_index) const;

  // False for the ~0.8% of people that principals reference but name.basics lacks.
  bool is_listed(uint64_t person_index) const;

 private:
  uint64_t draw_person(PersonPool pool, const util::PowerLawSampler& skew, util::Rng& rng) const;
  uint64_t person_at(PersonPool pool, uint64_t rank) const;

  uint64_t m_seed;
  uint64_t m_title_count;
  uint64_t m_person_count;
  // Pool p owns the ranks [m_pool_start[p], m_pool_start[p + 1]); a rank maps to a person
  // index by the bijection index = (rank * m_multiplier + m_offset) mod person_count, so
  // pool members are scattered over the nconst range.
  std::array<uint64_t, k_person_pool_count + 1> m_pool_start{};
  uint64_t m_multiplier = 1;
  uint64_t m_inverse_multiplier = 1;
  uint64_t m_offset = 0;
  util::PowerLawSampler m_common_skew;
  util::PowerLawSampler m_star_skew;
};

// Random-stream identifiers: each (stream, index) pair gets independent randomness.
enum class Stream : uint64_t {
  title_facts = 1,
  title_text = 2,
  principals = 3,
  principal_text = 4,
  person = 5,
  person_listed = 6,
  defects = 7,
};

inline util::Rng make_rng(uint64_t seed, Stream stream, uint64_t index) {
  return util::Rng(util::stream_seed(seed, static_cast<uint64_t>(stream), index));
}

}  // namespace reelhouse::sources::imdb
