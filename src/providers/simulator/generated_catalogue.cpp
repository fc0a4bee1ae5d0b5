// Generated simulator catalogues of any size, deterministic by seed (see sim_catalogue.hpp).
//
// Every film is computed from its index alone (util::stream_seed), so the same seed and size
// give the same catalogue. Directors come from a pool about a quarter the size of the
// catalogue, drawn with a skew, so most directors have several films.
#include <fmt/format.h>

#include <algorithm>
#include <span>
#include <string_view>

#include "providers/simulator/sim_catalogue.hpp"
#include "sources/imdb_generator_words.hpp"
#include "util/random.hpp"

namespace reelhouse::providers::sim {

namespace {

namespace words = sources::imdb::words;

enum Stream : uint64_t {
  k_film_stream = 101,
  k_director_stream,
  k_actor_stream,
  k_writer_stream,
  k_shelf_stream,
  k_price_stream,
};

constexpr std::string_view k_genres[] = {
    "Action",  "Adventure", "Animation", "Comedy",  "Crime",  "Drama",    "Family", "Fantasy",
    "History", "Horror",    "Mystery",   "Romance", "Sci-Fi", "Thriller", "War",    "Western"};
constexpr std::string_view k_ratings[] = {"G", "PG", "PG",    "PG-13", "PG-13",
                                          "R", "R",  "NC-17", "N/A"};
constexpr std::string_view k_months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
constexpr std::string_view k_languages[] = {"English",  "English", "English", "English",
                                            "French",   "Spanish", "German",  "Italian",
                                            "Japanese", "Korean",  "Hindi",   "Swedish"};
constexpr std::string_view k_countries[] = {"USA",   "USA",     "USA",    "UK",       "France",
                                            "Spain", "Germany", "Italy",  "Japan",    "South Korea",
                                            "India", "Sweden",  "Canada", "Australia"};
constexpr std::string_view k_plot_openings[] = {"A retired",    "A young",     "An ambitious",
                                                "A reluctant",  "A disgraced", "A grieving",
                                                "A small-town", "An exiled"};
constexpr std::string_view k_plot_roles[] = {
    "detective", "pianist",    "smuggler", "teacher", "pilot",     "chef",
    "boxer",     "journalist", "surgeon",  "thief",   "archivist", "lighthouse keeper"};
constexpr std::string_view k_plot_goals[] = {
    "must return home to settle an old debt",
    "uncovers a secret that could bring down a family empire",
    "agrees to one last job",
    "sets out to find a sibling who vanished years ago",
    "is drawn into a rivalry that turns dangerous",
    "tries to keep a promise made to a dying friend"};
constexpr std::string_view k_plot_endings[] = {
    "before the winter sets in.",          "while the whole town watches.",
    "and learns the price of the truth.",  "with nothing but a borrowed car and a map.",
    "as the past refuses to stay buried.", "before the last train leaves."};

template <typename T>
T pick(std::span<const T> choices, util::Rng& rng) {
  return choices[rng.below(choices.size())];
}
template <typename T, size_t N>
T pick(const T (&choices)[N], util::Rng& rng) {
  return choices[rng.below(N)];
}

std::string person_name(uint64_t seed, Stream stream, uint64_t index) {
  util::Rng rng(util::stream_seed(seed, stream, index));
  const std::string_view first = rng.chance(0.5) ? pick(words::k_male_first_names, rng)
                                                 : pick(words::k_female_first_names, rng);
  return fmt::format("{} {}", first, pick(words::k_last_names, rng));
}

std::string title_for(util::Rng& rng) {
  const std::string_view adjective = pick(words::k_adjectives, rng);
  const std::string_view noun = pick(words::k_nouns, rng);
  const std::string_view place = pick(words::k_places, rng);
  std::string title;
  switch (rng.below(7)) {
    case 0:
      title = fmt::format("The {} {}", adjective, noun);
      break;
    case 1:
      title = fmt::format("{} of {}", noun, place);
      break;
    case 2:
      title = fmt::format("{} {}", adjective, noun);
      break;
    case 3:
      title = fmt::format("The {} from {}", noun, place);
      break;
    case 4:
      title = fmt::format("{} {}", place, noun);
      break;
    case 5:
      title = fmt::format("A {} in {}", noun, place);
      break;
    default:
      title = fmt::format("The {}'s {}", noun, pick(words::k_nouns, rng));
      break;
  }
  if (rng.chance(0.06)) title += rng.chance(0.5) ? " 2" : ": Part II";
  return title;
}

std::string with_thousands(uint64_t value) {
  std::string digits = std::to_string(value);
  std::string out;
  const size_t head = digits.size() % 3 == 0 ? 3 : digits.size() % 3;
  out += digits.substr(0, head);
  for (size_t at = head; at < digits.size(); at += 3) out += "," + digits.substr(at, 3);
  return out;
}

std::string poster_hash(util::Rng& rng) {
  static constexpr std::string_view k_alphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  std::string hash = "MV5B";
  for (int i = 0; i < 28; ++i) hash.push_back(k_alphabet[rng.below(k_alphabet.size())]);
  return hash + "XkEyXkFqcGdeQXVyNTU1NTcwOTk@";
}

CatalogueFilm make_film(uint64_t seed, int64_t index, int64_t director_pool) {
  util::Rng rng(util::stream_seed(seed, k_film_stream, static_cast<uint64_t>(index)));
  CatalogueFilm film;
  // Disjoint ranges of 37 numbers keep IMDb numbers unique and unordered-looking.
  film.imdb_number =
      fmt::format("{:07}", 10'000 + index * 37 + static_cast<int64_t>(rng.below(37)));
  film.title = title_for(rng);
  // Recent years are more common, as in any catalogue.
  const int year = 2024 - static_cast<int>(std::min<double>(100.0, rng.exponential(18.0)));
  film.year = std::to_string(year);
  film.rated = pick(k_ratings, rng);
  film.released = fmt::format("{:02} {} {}", rng.between(1, 28), pick(k_months, rng), year);
  film.runtime = fmt::format("{} min", rng.between(78, 178));
  const size_t genre_count = 1 + rng.below(3);
  for (size_t i = 0; i < genre_count; ++i) {
    const std::string_view genre = pick(k_genres, rng);
    if (film.genre.find(genre) != std::string::npos) continue;
    film.genre += (film.genre.empty() ? "" : ", ") + std::string(genre);
  }
  // Directors: a skewed draw from the pool, so prolific directors have many films.
  const auto draw_director = [&] {
    const double skewed = rng.uniform() * rng.uniform();
    return person_name(seed, k_director_stream,
                       static_cast<uint64_t>(skewed * static_cast<double>(director_pool)));
  };
  film.director = draw_director();
  if (rng.chance(0.05)) {
    const std::string second = draw_director();
    if (second != film.director) film.director += ", " + second;
  }
  film.writer = rng.chance(0.4)
                    ? film.director
                    : fmt::format("{} (screenplay), {} (story by)",
                                  person_name(seed, k_writer_stream, rng.below(1 << 20)),
                                  person_name(seed, k_writer_stream, rng.below(1 << 20)));
  for (int i = 0; i < 4; ++i) {
    if (i) film.actors += ", ";
    film.actors += person_name(seed, k_actor_stream, rng.below(1 << 20));
  }
  film.plot =
      fmt::format("{} {} from {} {} {}", pick(k_plot_openings, rng), pick(k_plot_roles, rng),
                  pick(words::k_places, rng), pick(k_plot_goals, rng), pick(k_plot_endings, rng));
  film.language = pick(k_languages, rng);
  film.country = pick(k_countries, rng);
  const uint64_t wins = rng.below(40);
  const uint64_t nominations = rng.below(60);
  film.awards = rng.chance(0.1)   ? fmt::format("Won {} Oscars. Another {} wins & {} nominations.",
                                                1 + rng.below(5), wins, nominations)
                : rng.chance(0.2) ? std::string("N/A")
                                  : fmt::format("{} wins & {} nominations.", wins, nominations);
  film.poster = "https://posters.reelhouse.invalid/images/M/" + poster_hash(rng) + "._V1_SX300.jpg";
  film.metascore = rng.chance(0.1) ? std::string("N/A") : std::to_string(rng.between(21, 98));
  film.rating = fmt::format("{:.1f}", std::clamp(rng.normal(6.6, 1.0), 1.5, 9.6));
  film.votes = with_thousands(static_cast<uint64_t>(rng.pareto(800.0, 0.9)) % 2'500'000);
  return film;
}

// The epoch-0 prices of a film at each provider: a base price per film (mostly 8–45, a few
// outliers in the thousands, like the real data), nudged per provider, in steps of 0.5;
// no two providers ask the same price for the same film.
std::vector<int64_t> initial_cents(uint64_t seed, uint64_t film, size_t providers) {
  util::Rng film_rng(util::stream_seed(seed, k_price_stream, film));
  double base = 8.0 + film_rng.uniform() * 37.0;
  if (film_rng.chance(0.002)) base *= 50.0 + film_rng.uniform() * 3000.0;
  std::vector<int64_t> cents;
  for (size_t p = 0; p < providers; ++p) {
    util::Rng provider_rng(util::stream_seed(seed, k_price_stream + 1 + p, film));
    const double price = base * (0.85 + 0.3 * provider_rng.uniform());
    int64_t candidate = std::max<int64_t>(1, static_cast<int64_t>(price * 2.0 + 0.5)) * 50;
    while (std::ranges::find(cents, candidate) != cents.end()) candidate += 50;
    cents.push_back(candidate);
  }
  return cents;
}

}  // namespace

Catalogue generated_catalogue(int64_t movies, uint64_t seed,
                              const std::vector<std::string>& providers) {
  Catalogue catalogue;
  catalogue.films.reserve(static_cast<size_t>(movies));
  const int64_t director_pool = std::max<int64_t>(1, movies / 4);
  for (int64_t index = 0; index < movies; ++index) {
    catalogue.films.push_back(make_film(seed, index, director_pool));
  }
  for (uint64_t p = 0; p < providers.size(); ++p) {
    ProviderShelf shelf{.provider = providers[p],
                        .prefix = std::string(provider_prefix(providers[p]))};
    util::Rng rate_rng(util::stream_seed(seed, k_shelf_stream, p));
    const double carried_share = 0.90 + 0.07 * rate_rng.uniform();
    shelf.films.reserve(static_cast<size_t>(static_cast<double>(movies) * carried_share) + 16);
    for (int64_t index = 0; index < movies; ++index) {
      util::Rng rng(util::stream_seed(seed, k_shelf_stream + 1 + p, static_cast<uint64_t>(index)));
      if (!rng.chance(carried_share)) continue;
      const auto film = static_cast<uint32_t>(index);
      shelf.add(film, catalogue.films[film].imdb_number,
                initial_cents(seed, film, providers.size())[p]);
    }
    catalogue.shelves.push_back(std::move(shelf));
  }
  return catalogue;
}

}  // namespace reelhouse::providers::sim
