#include "sources/movies_generator_page_plan.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <unordered_set>

#include "sources/movies_generator_words.hpp"

namespace reelhouse::sources::movies {

namespace {

using util::Rng;

constexpr int k_latest_year = 2017;
constexpr double k_no_page_rate = 0.08;

template <typename Array>
const auto& pick(const Array& items, Rng& rng) {
  return items[rng.below(items.size())];
}

// A spelling of `title` that a title normaliser must equate with it (case, punctuation,
// accents), or `title` itself when the variant would not normalise equal.
std::string typographic_variant(const std::string& title, Rng& rng) {
  std::string variant = title;
  switch (rng.below(4)) {
    case 0: {  // Title Case for every word: "Lord of the Rings" → "Lord Of The Rings"
      bool word_start = true;
      for (char& character : variant) {
        if (word_start && character >= 'a' && character <= 'z')
          character = static_cast<char>(character - 32);
        word_start = character == ' ';
      }
      break;
    }
    case 1: {  // "Mr. Smith" → "Mr Smith"
      for (const std::string_view honorific : {"Mr.", "Dr.", "St."}) {
        if (const size_t at = variant.find(honorific); at != std::string::npos)
          variant.erase(at + 2, 1);
      }
      break;
    }
    case 2: {  // "X: Y" → "X – Y"
      if (const size_t at = variant.find(": "); at != std::string::npos)
        variant.replace(at, 1, " \u2013");
      break;
    }
    default: {  // accents dropped: "Amélie" → "Amelie"
      constexpr std::array<std::pair<std::string_view, std::string_view>, 10> k_folds{{{"é", "e"},
                                                                                       {"è", "e"},
                                                                                       {"ë", "e"},
                                                                                       {"ø", "o"},
                                                                                       {"ö", "o"},
                                                                                       {"ü", "u"},
                                                                                       {"á", "a"},
                                                                                       {"í", "i"},
                                                                                       {"ç", "c"},
                                                                                       {"ñ", "n"}}};
      for (const auto& [accented, plain] : k_folds) {
        for (size_t at = variant.find(accented); at != std::string::npos;
             at = variant.find(accented, at)) {
          variant.replace(at, accented.size(), plain);
        }
      }
      break;
    }
  }
  if (variant == title || title_key(variant) != title_key(title)) return title;
  return variant;
}

// A year an unrelated page may mention: at least 2 away from the film's year.
int unrelated_year(int film_year, Rng& rng) {
  while (true) {
    const int year = static_cast<int>(rng.between(1850, k_latest_year));
    if (film_year == 0 || std::abs(year - film_year) >= 2) return year;
  }
}

std::string_view other_qualifier(OtherPageKind kind) {
  switch (kind) {
    case OtherPageKind::novel:
      return "novel";
    case OtherPageKind::album:
      return "album";
    case OtherPageKind::song:
      return "song";
    case OtherPageKind::band:
      return "band";
    case OtherPageKind::television_series:
      return "TV series";
    case OtherPageKind::village:
      return "village";
    case OtherPageKind::play:
      return "play";
    case OtherPageKind::other_film:
      return "film";
  }
  return "novel";
}

class PagePlanner {
 public:
  PagePlanner(MoviesModel& model, Rng& rng) : m_model(model), m_rng(rng) {}

  void plan_single(Film& film) {
    if (film.broken) return;
    const double draw = m_rng.uniform();
    if (draw < k_no_page_rate) {
      film.relation = PageRelation::no_page;
      if (m_rng.chance(0.35)) add_plain_other(film);
      return;
    }
    if (film.year == 0) {
      set_page(film, m_rng.chance(0.7) ? PageRelation::exact_title : PageRelation::film_suffix);
      if (film.relation == PageRelation::film_suffix) add_plain_other(film);
      return;
    }
    const double relation_draw = m_rng.uniform();
    if (relation_draw < 0.60) {
      set_page(film, PageRelation::exact_title);
      if (m_rng.chance(0.10)) add_qualified_other(film);
    } else if (relation_draw < 0.78) {
      set_page(film, PageRelation::film_suffix);
      if (m_rng.chance(0.85)) add_plain_other(film);
      if (m_rng.chance(0.20)) add_qualified_other(film);
    } else if (relation_draw < 0.92) {
      set_page(film, PageRelation::year_film_suffix);
      if (m_rng.chance(0.70)) add_plain_other(film);
      if (m_rng.chance(0.35)) add_decoy_film(film);
    } else {
      set_page(film, PageRelation::year_adjective_film_suffix);
      if (m_rng.chance(0.50)) add_plain_other(film);
      if (m_rng.chance(0.40)) add_decoy_film(film);
    }
  }

  // Films of one title (remakes): each gets a year-qualified page; the plain title is the
  // oldest film's page, a page about something else, or absent.
  void plan_shared(std::vector<Film*> group) {
    std::ranges::sort(group,
                      [](const Film* left, const Film* right) { return left->year < right->year; });
    const double plain_draw = m_rng.uniform();
    const bool oldest_is_plain = plain_draw < 0.4;
    if (!oldest_is_plain && plain_draw < 0.9) add_plain_other(*group.front());
    for (size_t member_idx = 0; member_idx < group.size(); ++member_idx) {
      Film& film = *group[member_idx];
      film.shared_title = true;
      if (member_idx == 0 && oldest_is_plain) {
        set_page(film, PageRelation::exact_title);
      } else if (member_idx > 0 && m_rng.chance(0.05)) {
        film.relation = PageRelation::no_page;
      } else {
        set_page(film, m_rng.chance(0.8) ? PageRelation::year_film_suffix
                                         : PageRelation::year_adjective_film_suffix);
      }
    }
  }

 private:
  void set_page(Film& film, PageRelation relation) {
    film.relation = relation;
    std::string base = film.title;
    if (m_rng.chance(0.04)) base = typographic_variant(film.title, m_rng);
    switch (relation) {
      case PageRelation::no_page:
        return;
      case PageRelation::exact_title:
        film.page_title = base;
        break;
      case PageRelation::film_suffix:
        film.page_title = base + " (film)";
        break;
      case PageRelation::year_film_suffix:
        film.page_title = fmt::format("{} ({} film)", base, film.year);
        break;
      case PageRelation::year_adjective_film_suffix:
        film.page_title =
            fmt::format("{} ({} {} film)", base, film.year, k_countries[film.country].adjective);
        break;
    }
    // Residue-only plain-title pages cannot be confirmed by a matcher: keep them rare.
    film.infobox_residue = m_rng.chance(relation == PageRelation::exact_title ? 0.015 : 0.25);
  }

  OtherPageKind draw_kind() {
    constexpr std::array<OtherPageKind, 7> k_kinds{OtherPageKind::novel,
                                                   OtherPageKind::album,
                                                   OtherPageKind::song,
                                                   OtherPageKind::band,
                                                   OtherPageKind::television_series,
                                                   OtherPageKind::village,
                                                   OtherPageKind::play};
    return pick(k_kinds, m_rng);
  }

  void add_plain_other(const Film& film) {
    m_model.other_pages.push_back(
        OtherPage{film.title, draw_kind(), unrelated_year(film.year, m_rng), film.index});
  }

  void add_qualified_other(const Film& film) {
    OtherPageKind kind = draw_kind();
    if (kind == OtherPageKind::village) kind = OtherPageKind::novel;
    m_model.other_pages.push_back(
        OtherPage{fmt::format("{} ({})", film.title, other_qualifier(kind)), kind,
                  unrelated_year(film.year, m_rng), film.index});
  }

  void add_decoy_film(const Film& film) {
    const int year = unrelated_year(film.year, m_rng);
    m_model.other_pages.push_back(OtherPage{fmt::format("{} ({} film)", film.title, year),
                                            OtherPageKind::other_film, year, film.index});
  }

  MoviesModel& m_model;
  Rng& m_rng;
};

}  // namespace

void plan_pages(MoviesModel& model,
                const std::unordered_map<std::string, std::vector<uint32_t>>& films_by_key) {
  Rng rng = make_rng(model.seed, Stream::pages, 0);
  PagePlanner planner(model, rng);
  std::unordered_set<std::string> planned;
  for (Film& film : model.films) {
    const std::string key = title_key(film.title);
    if (!planned.insert(key).second) continue;
    const std::vector<uint32_t>& group = films_by_key.at(key);
    if (group.size() == 1) {
      planner.plan_single(film);
    } else {
      std::vector<Film*> members;
      for (const uint32_t member : group) members.push_back(&model.films[member]);
      planner.plan_shared(std::move(members));
    }
  }
}

}  // namespace reelhouse::sources::movies
