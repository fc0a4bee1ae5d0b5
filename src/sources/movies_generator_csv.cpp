// links.csv, credits.csv, keywords.csv and ratings.csv (movies_metadata.csv is in
// movies_generator_metadata.cpp). See movies_generator_csv.hpp.
#include "sources/movies_generator_csv.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <vector>

#include "sources/movies_generator_csv_stream.hpp"
#include "sources/movies_generator_literal.hpp"
#include "sources/movies_generator_words.hpp"

namespace reelhouse::sources::movies {

namespace {

using util::Rng;

constexpr std::string_view k_hex = "0123456789abcdef";
constexpr double k_ratings_at_scale_one = 100'004.0;   // ratings_small.csv
constexpr int64_t k_first_rating_time = 828'000'000;   // 1996
constexpr int64_t k_last_rating_time = 1'476'000'000;  // 2016

template <typename Array>
const auto& pick(const Array& items, Rng& rng) {
  return items[rng.below(items.size())];
}

void append_key(std::string_view key, std::string& out) {
  out += '\'';
  out += key;
  out += "': ";
}

void append_credit_id(Rng& rng, std::string& out) {
  constexpr int k_credit_id_digits = 24;
  out += '\'';
  for (int digit_idx = 0; digit_idx < k_credit_id_digits; ++digit_idx) {
    out += k_hex[rng.below(k_hex.size())];
  }
  out += '\'';
}

void append_profile_path(Rng& rng, std::string& out) {
  constexpr std::string_view k_base62 =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  if (rng.chance(0.3)) {
    out += "None";
    return;
  }
  out += "'/";
  for (int character_idx = 0; character_idx < 27; ++character_idx) {
    out += k_base62[rng.below(k_base62.size())];
  }
  out += ".jpg'";
}

void append_person(const MoviesModel& model, uint32_t person_id, std::string& out) {
  std::string name;
  append_person_name(model.seed, person_id, name);
  append_python_string(name, out);
}

void append_cast(const MoviesModel& model, const Film& film, Rng& rng, std::string& out) {
  const size_t count = rng.chance(0.05) ? 0 : 1 + rng.below(film.stars.size() + 1);
  out += '[';
  for (size_t member_idx = 0; member_idx < count; ++member_idx) {
    const uint32_t person = member_idx < film.stars.size()
                                ? film.stars[member_idx]
                                : 1 + static_cast<uint32_t>(rng.below(model.person_count));
    if (member_idx > 0) out += ", ";
    out += '{';
    append_key("cast_id", out);
    append_integer(static_cast<int64_t>(member_idx) + 2 + static_cast<int64_t>(rng.below(20)), out);
    out += ", ";
    append_key("character", out);
    append_python_string(pick(k_characters, rng), out);
    out += ", ";
    append_key("credit_id", out);
    append_credit_id(rng, out);
    out += ", ";
    append_key("gender", out);
    append_integer(static_cast<int64_t>(rng.below(3)), out);
    out += ", ";
    append_key("id", out);
    append_integer(person, out);
    out += ", ";
    append_key("name", out);
    append_person(model, person, out);
    out += ", ";
    append_key("order", out);
    append_integer(static_cast<int64_t>(member_idx), out);
    out += ", ";
    append_key("profile_path", out);
    append_profile_path(rng, out);
    out += '}';
  }
  out += ']';
}

void append_crew(const MoviesModel& model, const Film& film, Rng& rng, std::string& out) {
  const size_t count = 1 + rng.below(3);
  out += '[';
  for (size_t member_idx = 0; member_idx < count; ++member_idx) {
    const bool director = member_idx == 0;
    const CrewJob job = director ? CrewJob{"Directing", "Director"} : pick(k_crew_jobs, rng);
    const uint32_t person =
        director ? film.director : 1 + static_cast<uint32_t>(rng.below(model.person_count));
    if (member_idx > 0) out += ", ";
    out += '{';
    append_key("credit_id", out);
    append_credit_id(rng, out);
    out += ", ";
    append_key("department", out);
    append_python_string(job.department, out);
    out += ", ";
    append_key("gender", out);
    append_integer(static_cast<int64_t>(rng.below(3)), out);
    out += ", ";
    append_key("id", out);
    append_integer(person, out);
    out += ", ";
    append_key("job", out);
    append_python_string(job.job, out);
    out += ", ";
    append_key("name", out);
    append_person(model, person, out);
    out += ", ";
    append_key("profile_path", out);
    append_profile_path(rng, out);
    out += '}';
  }
  out += ']';
}

// A film's rating frequency falls with its position, as MovieLens's low ids are its classics.
uint32_t draw_rated_film(const MoviesModel& model, Rng& rng) {
  static const util::PowerLawSampler sampler(0.02, 1.4);
  const auto population = static_cast<uint32_t>(model.films.size());
  return std::min(population - 1,
                  static_cast<uint32_t>(sampler.sample(rng.uniform()) * population));
}

}  // namespace

Result<CsvTableOutput> write_links(const MoviesModel& model, LineEnding ending,
                                   const ChunkSink& sink) {
  CsvStream stream(sink, ending, k_links_header);
  Rng rng = make_rng(model.seed, Stream::layout, 1);
  for (size_t film_idx = 0; film_idx < model.films.size(); ++film_idx) {
    const Film& film = model.films[film_idx];
    std::string& out = stream.out();
    append_integer(film.movielens_id, out);
    out += ',';
    if (film.imdb_number != 0) fmt::format_to(std::back_inserter(out), "{:07}", film.imdb_number);
    out += ',';
    append_integer(static_cast<int64_t>(film.tmdb_id), out);
    TRY(stream.end_record());
    // MovieLens movies that TMDB does not know: an empty tmdbId, where the ids leave room.
    const bool room = film_idx + 1 < model.films.size() &&
                      model.films[film_idx + 1].movielens_id > film.movielens_id + 1;
    if (room && rng.chance(0.012)) {
      fmt::format_to(std::back_inserter(stream.out()), "{},{:07},", film.movielens_id + 1,
                     rng.between(1, 7'000'000));
      TRY(stream.end_record());
    }
  }
  return stream.finish();
}

Result<CsvTableOutput> write_credits(const MoviesModel& model, LineEnding ending,
                                     const ChunkSink& sink) {
  CsvStream stream(sink, ending, k_credits_header);
  std::string scratch;
  for (const Film& film : model.films) {
    Rng rng = make_rng(model.seed, Stream::credits, film.index);
    std::string& out = stream.out();
    scratch.clear();
    append_cast(model, film, rng, scratch);
    append_csv_field(scratch, out);
    out += ',';
    scratch.clear();
    append_crew(model, film, rng, scratch);
    append_csv_field(scratch, out);
    out += ',';
    append_integer(static_cast<int64_t>(film.tmdb_id), out);
    TRY(stream.end_record());
  }
  return stream.finish();
}

Result<CsvTableOutput> write_keywords(const MoviesModel& model, LineEnding ending,
                                      const ChunkSink& sink) {
  CsvStream stream(sink, ending, k_keywords_header);
  std::string scratch;
  for (const Film& film : model.films) {
    Rng rng = make_rng(model.seed, Stream::keywords, film.index);
    const size_t count = rng.chance(0.3) ? 0 : 1 + rng.below(6);
    // Distinct keywords, in the order of their ids as TMDB lists them.
    std::array<bool, k_keywords.size()> picked{};
    for (size_t keyword_idx = 0; keyword_idx < count; ++keyword_idx) {
      picked[rng.below(k_keywords.size())] = true;
    }
    std::vector<size_t> chosen;
    for (size_t keyword = 0; keyword < picked.size(); ++keyword) {
      if (picked[keyword]) chosen.push_back(keyword);
    }
    const size_t distinct = chosen.size();
    scratch.clear();
    scratch += '[';
    for (size_t keyword_idx = 0; keyword_idx < distinct; ++keyword_idx) {
      if (keyword_idx > 0) scratch += ", ";
      scratch += '{';
      append_key("id", scratch);
      append_integer(static_cast<int64_t>(931 + chosen[keyword_idx] * 7919), scratch);
      scratch += ", ";
      append_key("name", scratch);
      append_python_string(k_keywords[chosen[keyword_idx]], scratch);
      scratch += '}';
    }
    scratch += ']';
    std::string& out = stream.out();
    append_integer(static_cast<int64_t>(film.tmdb_id), out);
    out += ',';
    append_csv_field(scratch, out);
    TRY(stream.end_record());
  }
  return stream.finish();
}

Result<CsvTableOutput> write_ratings(const MoviesModel& model, LineEnding ending,
                                     const ChunkSink& sink) {
  CsvStream stream(sink, ending, k_ratings_header);
  const auto target = std::max<uint64_t>(
      1, static_cast<uint64_t>(std::llround(k_ratings_at_scale_one * model.scale)));
  constexpr uint64_t k_min_ratings_per_user = 20;
  constexpr double k_max_ratings_per_user = 2400;
  uint64_t written = 0;
  std::vector<uint32_t> rated;
  for (uint32_t user = 1; written < target; ++user) {
    Rng rng = make_rng(model.seed, Stream::ratings, user);
    const auto wanted = static_cast<uint64_t>(std::min(
        k_max_ratings_per_user, rng.pareto(static_cast<double>(k_min_ratings_per_user), 1.1)));
    const uint64_t count = std::min<uint64_t>({wanted, target - written, model.films.size()});
    rated.clear();
    while (rated.size() < count) {
      rated.push_back(model.films[draw_rated_film(model, rng)].movielens_id);
      if (rated.size() == count) {
        std::ranges::sort(rated);
        rated.erase(std::unique(rated.begin(), rated.end()), rated.end());
      }
    }
    const int64_t start = rng.between(k_first_rating_time, k_last_rating_time - 100'000'000);
    const int64_t span = 1 + static_cast<int64_t>(rng.exponential(30'000'000));
    for (const uint32_t movie : rated) {
      std::string& out = stream.out();
      const double rating = std::clamp(std::round(rng.normal(3.55, 1.0) * 2) / 2, 0.5, 5.0);
      fmt::format_to(std::back_inserter(out), "{},{},{:.1f},{}", user, movie, rating,
                     start + static_cast<int64_t>(rng.below(static_cast<uint64_t>(span))));
      TRY(stream.end_record());
    }
    written += rated.size();
  }
  return stream.finish();
}

}  // namespace reelhouse::sources::movies
