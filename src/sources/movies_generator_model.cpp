#include "sources/movies_generator_model.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <span>
#include <unordered_map>
#include <unordered_set>

#include "landing/title_normalizer.hpp"
#include "sources/movies_generator_page_plan.hpp"
#include "sources/movies_generator_words.hpp"

namespace reelhouse::sources::movies {

namespace {

using util::Rng;

constexpr double k_films_at_scale_one = 45430.0;
constexpr uint32_t k_min_films = 20;
constexpr int k_latest_year = 2017;
constexpr int k_earliest_year = 1900;
constexpr double k_mean_years_back = 19.0;
constexpr double k_missing_date_rate = 0.002;
constexpr double k_collection_start_rate = 0.045;
constexpr double k_remake_rate = 0.012;
constexpr int k_min_remake_gap = 5;
constexpr int64_t k_money_big = 2'147'483'648;  // 2^31: some revenues exceed it
constexpr double k_max_popularity = 547.488298;
constexpr std::array<int, 12> k_days_in_month{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

// Syllables of the synthetic company names in the long tail ("Korvendal Films").
constexpr std::array<std::string_view, 24> k_syllables{
    "kor", "ven", "dal", "mar", "lin", "tes", "bra", "vo",  "quin", "sel", "dor", "an",
    "ri",  "tha", "gel", "mon", "ka",  "ru",  "phe", "lis", "zan",  "ber", "ost", "wyn"};

template <typename Array>
const auto& pick(const Array& items, Rng& rng) {
  return items[rng.below(items.size())];
}

template <typename Array>
size_t pick_weighted(const Array& items, Rng& rng) {
  double total = 0;
  for (const auto& item : items) total += item.weight;
  double draw = rng.uniform() * total;
  for (size_t item_idx = 0; item_idx < items.size(); ++item_idx) {
    draw -= items[item_idx].weight;
    if (draw < 0) return item_idx;
  }
  return items.size() - 1;
}

uint32_t draw_rank(const util::PowerLawSampler& sampler, uint32_t population, Rng& rng) {
  const auto rank = static_cast<uint32_t>(sampler.sample(rng.uniform()) * population);
  return std::min(rank, population - 1);
}

const util::PowerLawSampler& person_sampler() {
  static const util::PowerLawSampler sampler(0.01, 1.3);
  return sampler;
}

std::string plural(std::string_view noun) {
  std::string word(noun);
  if (!word.ends_with('s')) word += 's';
  return word;
}

std::string draw_english_title(Rng& rng) {
  constexpr uint64_t k_title_patterns = 15;
  std::string title;
  switch (rng.below(k_title_patterns)) {
    case 0:
      title = fmt::format("The {}", pick(k_title_nouns, rng));
      break;
    case 1:
    case 2:
      title = fmt::format("{} {}", pick(k_title_adjectives, rng), pick(k_title_nouns, rng));
      break;
    case 3:
      title = fmt::format("The {} {}", pick(k_title_adjectives, rng), pick(k_title_nouns, rng));
      break;
    case 4:
      title = fmt::format("{} of the {}", pick(k_title_nouns, rng), pick(k_title_nouns, rng));
      break;
    case 5:
      title = fmt::format("{} of {}", pick(k_title_nouns, rng), pick(k_title_places, rng));
      break;
    case 6:
      title = fmt::format("{}'s {}", pick(k_first_names, rng), pick(k_title_nouns, rng));
      break;
    case 7:
      title = fmt::format("{} & {}", plural(pick(k_title_nouns, rng)),
                          plural(pick(k_title_nouns, rng)));
      break;
    case 8:
      title = fmt::format("{} {}: {}", pick(k_title_adjectives, rng), pick(k_title_nouns, rng),
                          pick(k_subtitles, rng));
      break;
    case 9:
      title = std::string(pick(k_title_places, rng));
      break;
    case 10:
      title = fmt::format("{} {}", pick(k_title_verbs, rng), pick(k_first_names, rng));
      break;
    case 11:
      title = std::string(pick(k_title_nouns, rng));
      break;
    case 12:
      title = fmt::format("{} {}", pick(k_number_words, rng), plural(pick(k_title_nouns, rng)));
      break;
    case 13: {
      constexpr std::array<std::string_view, 3> k_honorifics{"Mr.", "Dr.", "St."};
      title = fmt::format("{} {}", pick(k_honorifics, rng), pick(k_last_names, rng));
      break;
    }
    default:
      title = fmt::format("{} {}", pick(k_title_adjectives, rng), pick(k_title_places, rng));
      break;
  }
  return title;
}

int draw_year(Rng& rng) {
  const int year = k_latest_year - static_cast<int>(rng.exponential(k_mean_years_back));
  if (year >= k_earliest_year) return year;
  return k_earliest_year + static_cast<int>(rng.below(30));
}

// Money in whole dollars, rounded the way studios report it.
int64_t round_money(double amount) {
  const double unit = amount >= 1e7 ? 1e5 : (amount >= 1e5 ? 1e3 : 1.0);
  return static_cast<int64_t>(std::round(amount / unit) * unit);
}

void draw_money(Film& film, Rng& rng) {
  const bool recent = film.year >= 1980;
  const double budget_rate = (film.country == 0 ? 0.26 : 0.12) * (recent ? 1.1 : 0.7);
  if (rng.chance(budget_rate)) {
    if (rng.chance(0.005)) {
      film.budget = rng.between(1, 99);  // the real file's "budget in millions" slips
    } else {
      film.budget = std::max<int64_t>(1000, round_money(std::exp(rng.normal(15.9, 1.2))));
    }
    if (rng.chance(0.72)) {
      film.revenue = std::max<int64_t>(
          1, round_money(static_cast<double>(film.budget) * std::exp(rng.normal(0.5, 1.1))));
    }
  } else if (rng.chance(0.04)) {
    film.revenue = round_money(std::exp(rng.normal(14.5, 1.5)));
  }
  film.revenue = std::min(film.revenue, k_money_big - 1);
}

double draw_popularity(Rng& rng) {
  double popularity = std::exp(rng.normal(0.15, 1.25));
  if (rng.chance(0.02)) popularity *= rng.pareto(4.0, 1.4);
  popularity = std::min(popularity, k_max_popularity);
  return std::max(1e-6, std::round(popularity * 1e6) / 1e6);
}

struct TitleRegistry {
  std::unordered_map<std::string, std::vector<uint32_t>> films_by_key;

  bool taken(const std::string& title) const { return films_by_key.contains(title_key(title)); }
  void add(const std::string& title, uint32_t film) {
    films_by_key[title_key(title)].push_back(film);
  }
};

// Draws an English title no other film has (after normalisation).
std::string draw_unique_title(const TitleRegistry& registry, Rng& rng) {
  constexpr int k_attempts = 40;
  for (int attempt = 0; attempt < k_attempts; ++attempt) {
    std::string title = draw_english_title(rng);
    if (!registry.taken(title)) return title;
  }
  // The vocabulary is crowded: a subtitle makes the title new.
  while (true) {
    std::string title = fmt::format("{} {}: {}", pick(k_title_adjectives, rng),
                                    pick(k_title_nouns, rng), pick(k_subtitles, rng));
    title += fmt::format(" {}", pick(k_title_places, rng));
    if (!registry.taken(title)) return title;
  }
}

std::string sequel_title(std::string_view base, int number, Rng& rng) {
  constexpr std::array<std::string_view, 4> k_roman{"II", "III", "IV", "V"};
  switch (rng.below(3)) {
    case 0:
      return fmt::format("{} {}", base, number);
    case 1:
      return fmt::format("{} {}", base, k_roman[static_cast<size_t>(number - 2) % 4]);
    default:
      return fmt::format("{} {}: {}", base, number, pick(k_subtitles, rng));
  }
}

void draw_film_facts(Film& film, const MoviesModel& model, Rng& rng) {
  film.country = static_cast<uint8_t>(pick_weighted(k_countries, rng));
  const std::string_view country_language = k_countries[film.country].language;
  std::string_view language = country_language;
  if (rng.chance(0.08)) language = "en";
  if (rng.chance(0.02)) language = pick(k_languages, rng).iso;
  for (size_t language_idx = 0; language_idx < k_languages.size(); ++language_idx) {
    if (k_languages[language_idx].iso == language)
      film.language = static_cast<uint8_t>(language_idx);
  }
  if (!rng.chance(k_missing_date_rate)) {
    film.year = draw_year(rng);
    film.month = static_cast<int>(rng.between(1, 12));
    film.day =
        static_cast<int>(rng.between(1, k_days_in_month[static_cast<size_t>(film.month - 1)]));
  }
  film.genre_count = static_cast<uint8_t>(rng.chance(0.35) ? 1 : (rng.chance(0.6) ? 2 : 3));
  for (uint8_t genre_idx = 0; genre_idx < film.genre_count; ++genre_idx) {
    uint8_t genre = 0;
    do {
      genre = static_cast<uint8_t>(pick_weighted(k_genres, rng));
    } while (std::find(film.genres.begin(), film.genres.begin() + genre_idx, genre) !=
             film.genres.begin() + genre_idx);
    film.genres[genre_idx] = genre;
  }
  film.director = 1 + draw_rank(person_sampler(), model.person_count, rng);
  for (uint32_t& star : film.stars) star = 1 + draw_rank(person_sampler(), model.person_count, rng);
  draw_money(film, rng);
  film.popularity = draw_popularity(rng);
}

// Keeps drawing titles until `film` has one that no earlier film uses; foreign films also
// get an original title in their language.
void name_film(Film& film, const TitleRegistry& registry, Rng& rng) {
  film.title = draw_unique_title(registry, rng);
  film.original_title = film.title;
  if (k_languages[film.language].iso != "en" && rng.chance(0.6)) {
    film.original_title = std::string(pick(k_foreign_titles, rng));
  }
}

std::vector<uint32_t> spread_picks(uint64_t count, size_t population, Rng& rng) {
  std::vector<uint32_t> picks;
  if (population == 0) return picks;
  const double spacing = static_cast<double>(population) / static_cast<double>(count);
  for (uint64_t pick_idx = 0; pick_idx < count; ++pick_idx) {
    const double start = (static_cast<double>(pick_idx) + rng.uniform()) * spacing;
    picks.push_back(std::min(static_cast<uint32_t>(start), static_cast<uint32_t>(population - 1)));
  }
  return picks;
}

uint64_t scaled_count(double per_scale_one, double scale) {
  return std::max<uint64_t>(1, static_cast<uint64_t>(std::llround(per_scale_one * scale)));
}

// Films at evenly spread positions that satisfy `eligible`, each used once.
template <typename Predicate>
std::vector<uint32_t> choose_films(std::vector<Film>& films, uint64_t count, Rng& rng,
                                   std::vector<bool>& used, Predicate eligible) {
  std::vector<uint32_t> chosen;
  for (const uint32_t start : spread_picks(count, films.size(), rng)) {
    for (size_t offset = 0; offset < films.size(); ++offset) {
      const uint32_t candidate = static_cast<uint32_t>((start + offset) % films.size());
      if (used[candidate] || !eligible(films[candidate])) continue;
      used[candidate] = true;
      chosen.push_back(candidate);
      break;
    }
  }
  return chosen;
}

void assign_identifiers(MoviesModel& model, Rng& rng) {
  std::unordered_set<uint64_t> tmdb_ids;
  std::unordered_set<uint32_t> imdb_numbers;
  for (Film& film : model.films) {
    do {
      film.tmdb_id = static_cast<uint64_t>(rng.between(2, 469'172));
    } while (!tmdb_ids.insert(film.tmdb_id).second);
    if (rng.chance(0.0004)) continue;  // imdb_id empty, as for 17 real records
    const int year = film.year == 0 ? 2015 : film.year;
    const double position = static_cast<double>(year - 1890) / 128.0;
    do {
      const double center = position * position * 6.5e6;
      film.imdb_number =
          static_cast<uint32_t>(std::clamp(center + rng.normal(0, 250'000), 1.0, 7'200'000.0));
    } while (!imdb_numbers.insert(film.imdb_number).second);
  }
}

// Orders the records: each film's first record in film order, each duplicate some records
// after its original.
void lay_out_records(MoviesModel& model, const std::vector<uint32_t>& exact,
                     const std::vector<uint32_t>& differing, Rng& rng) {
  std::vector<std::pair<double, MetadataRecord>> keyed;
  keyed.reserve(model.films.size() + exact.size() + differing.size());
  for (const Film& film : model.films) {
    keyed.push_back(
        {static_cast<double>(film.index), MetadataRecord{film.index, RecordKind::first}});
  }
  const auto add_duplicates = [&](const std::vector<uint32_t>& films, RecordKind kind) {
    for (const uint32_t film : films) {
      const double offset = rng.chance(0.5) ? 0.5 : static_cast<double>(rng.between(1, 60)) + 0.5;
      keyed.push_back({static_cast<double>(film) + offset, MetadataRecord{film, kind}});
    }
  };
  add_duplicates(exact, RecordKind::exact_duplicate);
  add_duplicates(differing, RecordKind::differing_duplicate);
  std::ranges::stable_sort(
      keyed, [](const auto& left, const auto& right) { return left.first < right.first; });
  for (const auto& [key, record] : keyed) model.records.push_back(record);
  uint32_t movielens_id = 0;
  for (Film& film : model.films) {
    movielens_id +=
        film.index < model.films.size() * 6 / 10 ? 1 : static_cast<uint32_t>(rng.between(1, 6));
    film.movielens_id = movielens_id;
  }
}

}  // namespace

std::string title_key(std::string_view title) {
  return landing::normalize_title(title);
}

void append_person_name(uint64_t seed, uint32_t person_id, std::string& out) {
  Rng rng = make_rng(seed, Stream::person, person_id);
  out += pick(k_first_names, rng);
  out += ' ';
  out += pick(k_last_names, rng);
}

CompanyName company_at_rank(uint64_t seed, uint32_t rank) {
  if (rank < k_head_companies.size()) {
    return CompanyName{std::string(k_head_companies[rank].name), k_head_companies[rank].id};
  }
  Rng rng = make_rng(seed, Stream::company, rank);
  std::string name;
  const uint64_t syllable_count = 2 + rng.below(2);
  for (uint64_t syllable_idx = 0; syllable_idx < syllable_count; ++syllable_idx) {
    name += pick(k_syllables, rng);
  }
  name[0] = static_cast<char>(name[0] - 32);
  name += ' ';
  name += pick(k_company_suffixes, rng);
  return CompanyName{std::move(name), static_cast<int>(100'000 + rank)};
}

uint32_t draw_company_rank(const MoviesModel& model, Rng& rng) {
  static const util::PowerLawSampler sampler(0.001, 1.6);
  const auto population = static_cast<uint32_t>(k_head_companies.size()) + model.tail_company_count;
  return draw_rank(sampler, population, rng);
}

MoviesModel build_movies_model(uint64_t seed, double scale) {
  MoviesModel model;
  model.seed = seed;
  model.scale = scale;
  const auto film_count = std::max<uint32_t>(
      k_min_films, static_cast<uint32_t>(std::llround(k_films_at_scale_one * scale)));
  model.person_count = 2000 + static_cast<uint32_t>(60'000 * scale);
  model.tail_company_count = 500 + static_cast<uint32_t>(22'000 * scale);
  Rng layout = make_rng(seed, Stream::layout, 0);

  TitleRegistry registry;
  model.films.reserve(film_count);
  int sequels_left = 0;
  std::string franchise_title;
  int sequel_number = 0;
  while (model.films.size() < film_count) {
    Film film;
    film.index = static_cast<uint32_t>(model.films.size());
    Rng rng = make_rng(seed, Stream::films, film.index);
    draw_film_facts(film, model, rng);
    if (sequels_left > 0 && film.year != 0) {
      --sequels_left;
      const Film& previous = model.films.back();
      film.year = std::min(
          k_latest_year, std::max(film.year, previous.year + static_cast<int>(rng.between(1, 4))));
      film.collection = previous.collection;
      film.country = previous.country;
      film.language = previous.language;
      film.title = sequel_title(franchise_title, ++sequel_number, rng);
      if (registry.taken(film.title)) name_film(film, registry, rng);
      film.original_title = film.title;
    } else if (rng.chance(k_remake_rate) && film.year != 0) {
      // A remake: the title of an earlier film at least k_min_remake_gap years older.
      const uint32_t candidate = film.index == 0 ? 0 : static_cast<uint32_t>(rng.below(film.index));
      const Film* original = film.index == 0 ? nullptr : &model.films[candidate];
      if (original != nullptr && original->year != 0 && original->collection < 0 &&
          original->year + k_min_remake_gap <= film.year &&
          registry.films_by_key[title_key(original->title)].size() < 2) {
        film.title = original->title;
        film.original_title = film.title;
      } else {
        name_film(film, registry, rng);
      }
    } else {
      name_film(film, registry, rng);
      if (film.year != 0 && film.year < k_latest_year - 3 && rng.chance(k_collection_start_rate)) {
        Collection collection;
        collection.id = static_cast<uint32_t>(rng.between(10, 480'000));
        collection.name = film.title + " Collection";
        collection.has_poster = rng.chance(0.9);
        collection.has_backdrop = rng.chance(0.8);
        film.collection = static_cast<int32_t>(model.collections.size());
        model.collections.push_back(std::move(collection));
        franchise_title = film.title;
        sequel_number = 1;
        sequels_left = 1 + static_cast<int>(rng.below(3));
      }
    }
    registry.add(film.title, film.index);
    model.films.push_back(std::move(film));
  }

  // Blockbusters: revenues above 2^31, as Avatar, Star Wars and Titanic have.
  std::vector<bool> used(model.films.size(), false);
  for (const uint32_t film_idx : choose_films(model.films, scaled_count(8, scale), layout, used,
                                              [](const Film& film) { return film.year >= 1975; })) {
    Film& film = model.films[film_idx];
    film.budget = round_money(layout.between(150, 300) * 1e6);
    film.revenue = k_money_big + static_cast<int64_t>(layout.below(750'000'000));
    film.popularity =
        std::min(k_max_popularity, std::round((30 + layout.uniform() * 150) * 1e6) / 1e6);
  }
  std::fill(used.begin(), used.end(), false);
  // Broken records: films alone with their title, with a release date (it lands in `id`).
  for (const uint32_t film_idx :
       choose_films(model.films, scaled_count(3, scale), layout, used, [&](const Film& film) {
         return film.year != 0 && film.collection < 0 &&
                registry.films_by_key[title_key(film.title)].size() == 1;
       })) {
    model.films[film_idx].broken = true;
    ++model.broken_records;
  }
  const auto exact = choose_films(model.films, scaled_count(20, scale), layout, used,
                                  [](const Film&) { return true; });
  const auto differing = choose_films(model.films, scaled_count(10, scale), layout, used,
                                      [](const Film&) { return true; });
  model.exact_duplicates = exact.size();
  model.differing_duplicates = differing.size();
  assign_identifiers(model, layout);
  lay_out_records(model, exact, differing, layout);

  plan_pages(model, registry.films_by_key);
  return model;
}

}  // namespace reelhouse::sources::movies
