#include "sources/imdb_generator_model.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace reelhouse::sources::imdb {

namespace {

using util::Rng;

constexpr int k_latest_year = 2025;
constexpr int k_earliest_year = 1890;
constexpr uint64_t k_minimum_titles = 100;
constexpr uint64_t k_minimum_people = 200;
constexpr double k_max_votes = 3'000'000;
constexpr uint64_t k_unlisted_per_mille = 8;  // people missing from name.basics
// The share of each pool that makes up its "stars": the people popular titles cast.
constexpr double k_star_fraction = 0.03;

// How each title type behaves. Shares sum to 1; rated shares are tuned so that ≈13% of all
// titles carry a rating, as upstream.
struct TypeProfile {
  std::string_view name;
  double share;
  double rated_share;
  double votes_minimum;  // Pareto scale of numVotes
  double votes_shape;    // Pareto shape: smaller = heavier tail
  double rating_mean;
  uint32_t principals_min;
  uint32_t principals_max;
  int first_year;
  double adult_share;
  double self_format_share;  // talk shows, news, reality, documentaries
};

constexpr std::array<TypeProfile, k_title_type_count> k_type_profiles{{
    {"movie", 0.065, 0.45, 20, 0.70, 6.0, 6, 14, 1894, 0.015, 0.05},
    {"short", 0.100, 0.17, 5, 0.90, 6.6, 2, 8, 1890, 0.003, 0.10},
    {"tvSeries", 0.035, 0.35, 8, 0.70, 6.9, 4, 12, 1946, 0.003, 0.30},
    {"tvEpisode", 0.650, 0.065, 5, 1.10, 7.2, 4, 13, 1946, 0.003, 0.35},
    {"tvMovie", 0.025, 0.37, 8, 0.85, 6.3, 5, 12, 1946, 0.003, 0.05},
    {"tvMiniSeries", 0.015, 0.33, 8, 0.75, 7.0, 5, 12, 1946, 0.003, 0.20},
    {"tvSpecial", 0.015, 0.24, 5, 0.90, 6.8, 3, 10, 1946, 0.003, 0.60},
    {"video", 0.045, 0.18, 5, 0.90, 6.2, 3, 10, 1975, 0.060, 0.15},
    {"videoGame", 0.015, 0.40, 5, 0.80, 6.8, 3, 10, 1975, 0.000, 0.00},
    {"tvShort", 0.020, 0.10, 5, 1.00, 6.7, 2, 7, 1946, 0.003, 0.10},
    {"tvPilot", 0.015, 0.10, 5, 1.00, 6.4, 3, 10, 1946, 0.003, 0.10},
}};

constexpr std::array<std::string_view, k_category_count> k_category_names{
    "actor",
    "actress",
    "self",
    "director",
    "producer",
    "writer",
    "composer",
    "cinematographer",
    "editor",
    "production_designer",
    "archive_footage",
    "archive_sound",
    "casting_director",
};

// Fractions of all people in each pool (PersonPool order); they sum to 1.
constexpr std::array<double, k_person_pool_count> k_pool_shares{
    0.28, 0.20, 0.17, 0.07, 0.08, 0.08, 0.03, 0.03, 0.03, 0.015, 0.015,
};

// The chance of each crew role being credited, by the kind of production.
struct CrewProfile {
  double director, second_director, writer, second_writer, producer, second_producer, composer,
      cinematographer, editor, production_designer, casting_director;
};
constexpr CrewProfile k_feature_crew{0.95, 0.10, 0.80, 0.35, 0.60, 0.30,
                                     0.50, 0.50, 0.45, 0.15, 0.15};
constexpr CrewProfile k_episode_crew{0.80, 0.02, 0.60, 0.30, 0.30, 0.15,
                                     0.20, 0.20, 0.20, 0.05, 0.05};
constexpr CrewProfile k_short_crew{0.90, 0.02, 0.50, 0.10, 0.30, 0.05,
                                   0.20, 0.35, 0.20, 0.03, 0.02};
constexpr CrewProfile k_game_crew{0.40, 0.00, 0.40, 0.10, 0.30, 0.10, 0.40, 0.00, 0.00, 0.00, 0.10};

const CrewProfile& crew_profile(TitleType type) {
  switch (type) {
    case TitleType::movie:
    case TitleType::tv_movie:
    case TitleType::video:
    case TitleType::tv_mini_series:
      return k_feature_crew;
    case TitleType::short_film:
    case TitleType::tv_short:
      return k_short_crew;
    case TitleType::video_game:
      return k_game_crew;
    default:
      return k_episode_crew;
  }
}

const TypeProfile& profile_of(TitleType type) {
  return k_type_profiles[static_cast<size_t>(type)];
}

TitleType draw_title_type(Rng& rng) {
  double draw = rng.uniform();
  for (size_t type_idx = 0; type_idx < k_title_type_count; ++type_idx) {
    draw -= k_type_profiles[type_idx].share;
    if (draw < 0) return static_cast<TitleType>(type_idx);
  }
  return TitleType::tv_episode;
}

// Most titles are recent (the number made per year keeps growing), a few are early.
int draw_start_year(const TypeProfile& profile, Rng& rng) {
  const double unknown_share = 0.04;
  if (rng.chance(unknown_share)) return 0;
  constexpr int k_early_era_end = 1960;
  constexpr int k_cinema_start = 1900;  // only films and shorts reach back that far
  if (rng.chance(0.04) && profile.first_year < k_cinema_start) {
    return static_cast<int>(
        rng.between(std::max(profile.first_year, k_earliest_year), k_early_era_end));
  }
  const int year = k_latest_year - static_cast<int>(rng.exponential(15.0));
  if (year < profile.first_year) {
    return static_cast<int>(rng.between(profile.first_year, k_latest_year));
  }
  return year;
}

// The inverse of `value` modulo `modulus` (extended Euclid). REQUIRES: gcd(value, modulus) = 1.
uint64_t modular_inverse(uint64_t value, uint64_t modulus) {
  __int128 previous_remainder = value, remainder = modulus;
  __int128 previous_coefficient = 1, coefficient = 0;
  while (remainder != 0) {
    const __int128 quotient = previous_remainder / remainder;
    const __int128 next_remainder = previous_remainder - quotient * remainder;
    previous_remainder = remainder;
    remainder = next_remainder;
    const __int128 next_coefficient = previous_coefficient - quotient * coefficient;
    previous_coefficient = coefficient;
    coefficient = next_coefficient;
  }
  __int128 inverse = previous_coefficient % static_cast<__int128>(modulus);
  if (inverse < 0) inverse += modulus;
  return static_cast<uint64_t>(inverse);
}

uint64_t scaled_count(double full, double scale, uint64_t minimum) {
  return std::max<uint64_t>(minimum, static_cast<uint64_t>(std::llround(full * scale)));
}

}  // namespace

std::string_view title_type_name(TitleType type) {
  return profile_of(type).name;
}

std::string_view category_name(Category category) {
  return k_category_names[static_cast<size_t>(category)];
}

ImdbModel::ImdbModel(uint64_t seed, double scale)
    : m_seed(seed),
      m_title_count(scaled_count(k_full_titles, scale, k_minimum_titles)),
      m_person_count(scaled_count(k_full_people, scale, k_minimum_people)),
      // The top 1% of a pool get about a quarter of its credits, the top 10% two thirds.
      m_common_skew(/*head=*/0.01, /*exponent=*/1.3),
      // Within the star share of a pool the skew is milder: many stars, not a handful.
      m_star_skew(/*head=*/0.05, /*exponent=*/1.5) {
  double cumulative = 0;
  m_pool_start[0] = 0;
  for (size_t pool_idx = 0; pool_idx < k_person_pool_count; ++pool_idx) {
    cumulative += k_pool_shares[pool_idx];
    const uint64_t end = pool_idx + 1 == k_person_pool_count
                             ? m_person_count
                             : static_cast<uint64_t>(cumulative * m_person_count);
    m_pool_start[pool_idx + 1] = std::max(end, m_pool_start[pool_idx] + 1);
  }
  // A multiplier coprime with the population makes rank -> index a bijection.
  Rng rng = make_rng(seed, Stream::person, ~uint64_t{0});
  m_multiplier = m_person_count / 2 + 1 + rng.below(m_person_count / 3);
  while (std::gcd(m_multiplier, m_person_count) != 1) ++m_multiplier;
  m_multiplier %= m_person_count;
  m_inverse_multiplier = modular_inverse(m_multiplier, m_person_count);
  m_offset = rng.below(m_person_count);
}

uint64_t ImdbModel::expected_rating_count() const {
  double share = 0;
  for (const auto& profile : k_type_profiles) share += profile.share * profile.rated_share;
  return static_cast<uint64_t>(share * static_cast<double>(m_title_count));
}

uint64_t ImdbModel::expected_principal_count() const {
  double per_title = 0;
  for (const auto& profile : k_type_profiles) {
    per_title += profile.share * (profile.principals_min + profile.principals_max) / 2.0;
  }
  return static_cast<uint64_t>(per_title * static_cast<double>(m_title_count));
}

TitleFacts ImdbModel::title_facts(uint64_t title_index) const {
  Rng rng = make_rng(m_seed, Stream::title_facts, title_index);
  TitleFacts facts;
  facts.index = title_index;
  facts.type = draw_title_type(rng);
  const TypeProfile& profile = profile_of(facts.type);
  facts.start_year = draw_start_year(profile, rng);
  facts.adult = rng.chance(profile.adult_share);
  facts.self_format = rng.chance(profile.self_format_share);
  facts.principal_count =
      static_cast<uint32_t>(rng.between(profile.principals_min, profile.principals_max));
  facts.rated = rng.chance(profile.rated_share);
  if (facts.rated) {
    const double votes =
        std::min(k_max_votes, rng.pareto(profile.votes_minimum, profile.votes_shape));
    facts.votes = static_cast<uint32_t>(std::max(5.0, votes));
    // Few votes scatter widely; popular titles rate a little higher.
    const double popularity = std::log10(facts.votes / profile.votes_minimum);
    const double spread = 0.9 + 1.2 / (1.0 + popularity);
    const double rating = rng.normal(profile.rating_mean + 0.25 * popularity, spread);
    facts.rating_tenths = static_cast<uint32_t>(std::clamp(std::lround(rating * 10), 10L, 100L));
  }
  return facts;
}

uint64_t ImdbModel::person_at(PersonPool pool, uint64_t rank) const {
  const uint64_t global_rank = m_pool_start[static_cast<size_t>(pool)] + rank;
  return static_cast<uint64_t>(
      (static_cast<unsigned __int128>(global_rank) * m_multiplier + m_offset) % m_person_count);
}

PersonPool ImdbModel::pool_of(uint64_t person_index) const {
  const uint64_t shifted = (person_index + m_person_count - m_offset) % m_person_count;
  const uint64_t rank = static_cast<uint64_t>(
      (static_cast<unsigned __int128>(shifted) * m_inverse_multiplier) % m_person_count);
  const auto position = std::upper_bound(m_pool_start.begin(), m_pool_start.end(), rank);
  return static_cast<PersonPool>(position - m_pool_start.begin() - 1);
}

bool ImdbModel::is_listed(uint64_t person_index) const {
  return make_rng(m_seed, Stream::person_listed, person_index).below(1000) >= k_unlisted_per_mille;
}

uint64_t ImdbModel::draw_person(PersonPool pool, const util::PowerLawSampler& skew,
                                util::Rng& rng) const {
  const size_t pool_idx = static_cast<size_t>(pool);
  const uint64_t pool_size = m_pool_start[pool_idx + 1] - m_pool_start[pool_idx];
  const double span = &skew == &m_star_skew ? std::max(1.0, std::ceil(pool_size * k_star_fraction))
                                            : static_cast<double>(pool_size);
  const auto rank = static_cast<uint64_t>(skew.sample(rng.uniform()) * span);
  return person_at(pool, std::min(rank, pool_size - 1));
}

PrincipalList ImdbModel::principals(const TitleFacts& title) const {
  PrincipalList list;
  Rng rng = make_rng(m_seed, Stream::principals, title.index);
  const CrewProfile& crew = crew_profile(title.type);

  std::array<Category, 11> crew_roles{};
  size_t crew_count = 0;
  const auto credit = [&](Category category, double probability) {
    if (rng.chance(probability)) crew_roles[crew_count++] = category;
  };
  credit(Category::director, crew.director);
  credit(Category::director, crew.second_director);
  credit(Category::writer, crew.writer);
  credit(Category::writer, crew.second_writer);
  credit(Category::producer, crew.producer);
  credit(Category::producer, crew.second_producer);
  credit(Category::composer, crew.composer);
  credit(Category::cinematographer, crew.cinematographer);
  credit(Category::editor, crew.editor);
  credit(Category::production_designer, crew.production_designer);
  credit(Category::casting_director, crew.casting_director);
  crew_count = std::min<size_t>(crew_count, title.principal_count - 1);
  const size_t cast_count = title.principal_count - crew_count;

  // Popular titles cast stars: the chance grows with the number of votes.
  double star_chance = 0.03;
  if (title.rated && title.votes >= 100) {
    star_chance = std::min(0.85, 0.2 * std::log10(static_cast<double>(title.votes)) - 0.2);
  }
  const auto already_billed = [&](uint64_t person_index) {
    for (size_t item_idx = 0; item_idx < list.count; ++item_idx) {
      if (list.items[item_idx].person_index == person_index) return true;
    }
    return false;
  };
  const auto add_person = [&](Category category, PersonPool pool, bool star_casting) {
    const util::PowerLawSampler& skew = star_casting ? m_star_skew : m_common_skew;
    uint64_t person_index = draw_person(pool, skew, rng);
    for (int attempt = 0; attempt < 3 && already_billed(person_index); ++attempt) {
      person_index = draw_person(pool, skew, rng);
    }
    list.items[list.count++] = Principal{category, person_index};
  };

  for (size_t cast_idx = 0; cast_idx < cast_count; ++cast_idx) {
    const bool star_casting = rng.chance(star_chance);
    const PersonPool performer_pool = rng.chance(0.6) ? PersonPool::actor : PersonPool::actress;
    const double archive_draw = rng.uniform();
    if (archive_draw < 0.015) {
      add_person(Category::archive_footage, performer_pool, star_casting);
    } else if (archive_draw < 0.017) {
      add_person(Category::archive_sound, PersonPool::composer, false);
    } else if (title.self_format) {
      add_person(Category::self, rng.chance(0.8) ? PersonPool::self : performer_pool, star_casting);
    } else {
      const Category category =
          performer_pool == PersonPool::actor ? Category::actor : Category::actress;
      add_person(category, performer_pool, star_casting);
    }
  }

  uint64_t director_index = ~uint64_t{0};
  for (size_t crew_idx = 0; crew_idx < crew_count; ++crew_idx) {
    const Category category = crew_roles[crew_idx];
    // Directors often write or produce their own films.
    const bool reuse_director =
        director_index != ~uint64_t{0} && ((category == Category::writer && rng.chance(0.25)) ||
                                           (category == Category::producer && rng.chance(0.15)));
    if (reuse_director) {
      list.items[list.count++] = Principal{category, director_index};
      continue;
    }
    PersonPool pool = PersonPool::director;
    switch (category) {
      case Category::writer:
        pool = PersonPool::writer;
        break;
      case Category::producer:
        pool = PersonPool::producer;
        break;
      case Category::composer:
        pool = PersonPool::composer;
        break;
      case Category::cinematographer:
        pool = PersonPool::cinematographer;
        break;
      case Category::editor:
        pool = PersonPool::editor;
        break;
      case Category::production_designer:
        pool = PersonPool::production_designer;
        break;
      case Category::casting_director:
        pool = PersonPool::casting_director;
        break;
      default:
        break;
    }
    add_person(category, pool, false);
    if (category == Category::director && director_index == ~uint64_t{0}) {
      director_index = list.items[list.count - 1].person_index;
    }
  }
  return list;
}

}  // namespace reelhouse::sources::imdb
