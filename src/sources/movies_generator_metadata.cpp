// movies_metadata.csv: one record per entry of MoviesModel::records (see
// movies_generator_csv.hpp for the format and its quirks).
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <iterator>

#include "sources/movies_generator_csv.hpp"
#include "sources/movies_generator_csv_stream.hpp"
#include "sources/movies_generator_literal.hpp"
#include "sources/movies_generator_words.hpp"

namespace reelhouse::sources::movies {

namespace {

using util::Rng;

constexpr std::string_view k_base62 =
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
constexpr int64_t k_max_vote_count = 14075;

constexpr std::array<std::string_view, 12> k_taglines{
    "Roll the dice and unleash the excitement!",
    "Still Yelling. Still Fighting. Still Ready for Love.",
    "Some secrets are better left buried.",
    "Nobody leaves the island alive.",
    "One night. One chance. No way back.",
    "Based on a true story.",
    "The legend was only the beginning.",
    "Love is a dangerous game.",
    "They're back... and this time it's personal.",
    "In a world gone mad, one man said \"enough\".",
    "Every family has its secrets",
    "Trust no one."};

template <typename Array>
const auto& pick(const Array& items, Rng& rng) {
  return items[rng.below(items.size())];
}

void append_image_path(Rng& rng, std::string& out) {
  constexpr int k_path_characters = 27;
  out += '/';
  for (int character_idx = 0; character_idx < k_path_characters; ++character_idx) {
    out += k_base62[rng.below(k_base62.size())];
  }
  out += ".jpg";
}

// A Python literal: a list of dicts whose entries `append_entry(index, out)` writes.
template <typename AppendEntry>
void append_python_list(size_t count, std::string& out, AppendEntry append_entry) {
  out += '[';
  for (size_t entry_idx = 0; entry_idx < count; ++entry_idx) {
    if (entry_idx > 0) out += ", ";
    out += '{';
    append_entry(entry_idx, out);
    out += '}';
  }
  out += ']';
}

void append_key(std::string_view key, std::string& out) {
  out += '\'';
  out += key;
  out += "': ";
}

void append_lowercase(std::string_view word, std::string& out) {
  for (const char character : word) {
    out += character >= 'A' && character <= 'Z' ? static_cast<char>(character + 32) : character;
  }
}

// A sentence of plain words (no comma, no quote): also the two halves of a broken overview.
void append_plain_words(Rng& rng, size_t count, std::string& out) {
  for (size_t word_idx = 0; word_idx < count; ++word_idx) {
    std::string_view word = pick(k_overview_words, rng);
    if (word_idx > 0) out += ' ';
    if (word_idx == 0) {
      out += static_cast<char>(word[0] >= 'a' && word[0] <= 'z' ? word[0] - 32 : word[0]);
      out += word.substr(1);
    } else {
      out += word;
    }
  }
}

// An overview of a few sentences; some quote a title, a few hold a line break.
// Returns the number of line breaks written.
uint64_t append_overview(const MoviesModel& model, const Film& film, Rng& rng, std::string& out) {
  uint64_t line_breaks = 0;
  const uint64_t sentences = 1 + rng.below(4);
  for (uint64_t sentence_idx = 0; sentence_idx < sentences; ++sentence_idx) {
    if (sentence_idx > 0) out += rng.chance(0.02) ? (++line_breaks, "\n ") : " ";
    switch (rng.below(4)) {
      case 0:
        out += "When ";
        append_person_name(model.seed, film.stars[0], out);
        out += fmt::format(" returns to {} and must face the ", pick(k_title_places, rng));
        append_lowercase(pick(k_title_adjectives, rng), out);
        out += ' ';
        append_lowercase(pick(k_title_nouns, rng), out);
        out += '.';
        break;
      case 1:
        out += fmt::format("A {} {} discovers that the {} of the {} is a lie.",
                           pick(k_overview_words, rng), pick(k_overview_words, rng),
                           pick(k_overview_words, rng), pick(k_overview_words, rng));
        break;
      case 2:
        out += fmt::format("Adapted from the novel \"{} {}\", the story follows ",
                           pick(k_title_adjectives, rng), pick(k_title_nouns, rng));
        append_person_name(model.seed, film.stars[1], out);
        out += '.';
        break;
      default:
        append_plain_words(rng, 6 + rng.below(10), out);
        out += '.';
        break;
    }
  }
  return line_breaks;
}

// The popularity of a differing duplicate record; drawn from a stream of its own so that
// every other field of the duplicate equals the first record's.
double differing_popularity(const MoviesModel& model, double popularity, uint32_t film_index) {
  Rng rng = make_rng(model.seed, Stream::metadata_record, 2'000'000'000ULL + film_index);
  double changed = std::round(popularity * (0.5 + rng.uniform()) * 1e6) / 1e6;
  if (changed == popularity) changed += 0.000001;
  return changed;
}

void append_date(const Film& film, std::string& out) {
  if (film.year == 0) return;
  fmt::format_to(std::back_inserter(out), "{:04}-{:02}-{:02}", film.year, film.month, film.day);
}

class MetadataRenderer {
 public:
  MetadataRenderer(const MoviesModel& model, CsvStream& stream)
      : m_model(model), m_stream(stream) {}

  Result<> write(const MetadataRecord& record) {
    const Film& film = m_model.films[record.film];
    Rng rng = make_rng(m_model.seed, Stream::metadata_record, film.index);
    std::string& out = m_stream.out();
    out += rng.chance(0.0002) ? "True," : "False,";
    append_collection(film);
    out += ',';
    append_integer(film.budget, out);
    out += ',';
    append_genres(film);
    out += ',';
    if (rng.chance(0.08)) {
      std::string slug = title_key(film.title);
      std::ranges::replace(slug, ' ', '-');
      fmt::format_to(std::back_inserter(out), "http://www.{}.com/", slug);
    }
    out += ',';
    append_integer(static_cast<int64_t>(film.tmdb_id), out);
    out += ',';
    if (film.imdb_number != 0) fmt::format_to(std::back_inserter(out), "tt{:07}", film.imdb_number);
    out += ',';
    out += k_languages[film.language].iso;
    out += ',';
    append_csv_field(film.original_title, out);
    out += ',';
    uint64_t line_breaks = 0;
    if (film.broken) {
      // The real file's three broken records: the overview unquoted and cut by a line break.
      append_plain_words(rng, 5 + rng.below(8), out);
      m_stream.break_line();
      m_stream.count_extra_record();
      append_plain_words(rng, 3 + rng.below(6), out);
    } else if (!rng.chance(0.02)) {
      m_scratch.clear();
      line_breaks = append_overview(m_model, film, rng, m_scratch);
      append_csv_field(m_scratch, out);
    }
    out += ',';
    const double popularity = record.kind == RecordKind::differing_duplicate
                                  ? differing_popularity(m_model, film.popularity, film.index)
                                  : film.popularity;
    append_python_float(popularity, out);
    out += ',';
    if (!rng.chance(0.01)) append_image_path(rng, out);
    out += ',';
    append_companies(rng);
    out += ',';
    append_countries(film, rng);
    out += ',';
    append_date(film, out);
    out += ',';
    append_integer(film.revenue, out);
    out += ',';
    append_runtime(rng);
    out += ',';
    append_languages(film, rng);
    out += ',';
    const double status_draw = rng.uniform();
    out +=
        status_draw < 0.993
            ? "Released"
            : (status_draw < 0.997 ? "Rumored" : (status_draw < 0.9985 ? "Post Production" : ""));
    out += ',';
    if (rng.chance(0.45)) append_csv_field(pick(k_taglines, rng), out);
    out += ',';
    append_csv_field(film.title, out);
    out += rng.chance(0.002) ? ",True," : ",False,";
    append_votes(film, rng);
    return m_stream.end_record(line_breaks);
  }

 private:
  void append_collection(const Film& film) {
    if (film.collection < 0) return;
    const Collection& collection = m_model.collections[static_cast<size_t>(film.collection)];
    m_scratch.clear();
    m_scratch += "{'id': ";
    append_integer(collection.id, m_scratch);
    m_scratch += ", 'name': ";
    append_python_string(collection.name, m_scratch);
    // The paths belong to the collection: the same in every film of it.
    Rng collection_rng =
        make_rng(m_model.seed, Stream::metadata_record, 1'000'000'000 + collection.id);
    m_scratch += ", 'poster_path': ";
    if (collection.has_poster) {
      m_scratch += '\'';
      append_image_path(collection_rng, m_scratch);
      m_scratch += '\'';
    } else {
      m_scratch += "None";
    }
    m_scratch += ", 'backdrop_path': ";
    if (collection.has_backdrop) {
      m_scratch += '\'';
      append_image_path(collection_rng, m_scratch);
      m_scratch += '\'';
    } else {
      m_scratch += "None";
    }
    m_scratch += '}';
    append_csv_field(m_scratch, m_stream.out());
  }

  void append_genres(const Film& film) {
    m_scratch.clear();
    append_python_list(film.genre_count, m_scratch, [&](size_t genre_idx, std::string& out) {
      const GenreInfo& genre = k_genres[film.genres[genre_idx]];
      append_key("id", out);
      append_integer(genre.id, out);
      out += ", ";
      append_key("name", out);
      append_python_string(genre.name, out);
    });
    append_csv_field(m_scratch, m_stream.out());
  }

  void append_companies(Rng& rng) {
    const size_t count = rng.chance(0.1) ? 0 : 1 + rng.below(rng.chance(0.3) ? 5 : 2);
    std::array<uint32_t, 6> ranks{};
    for (size_t company_idx = 0; company_idx < count; ++company_idx) {
      ranks[company_idx] = draw_company_rank(m_model, rng);
    }
    m_scratch.clear();
    append_python_list(count, m_scratch, [&](size_t company_idx, std::string& out) {
      const CompanyName company = company_at_rank(m_model.seed, ranks[company_idx]);
      append_key("name", out);
      append_python_string(company.name, out);
      out += ", ";
      append_key("id", out);
      append_integer(company.id, out);
    });
    append_csv_field(m_scratch, m_stream.out());
  }

  void append_countries(const Film& film, Rng& rng) {
    const size_t count = rng.chance(0.05) ? 0 : (rng.chance(0.15) ? 2 : 1);
    const size_t second = rng.below(k_countries.size());
    m_scratch.clear();
    append_python_list(count, m_scratch, [&](size_t country_idx, std::string& out) {
      const CountryInfo& country = k_countries[country_idx == 0 ? film.country : second];
      append_key("iso_3166_1", out);
      append_python_string(country.iso, out);
      out += ", ";
      append_key("name", out);
      append_python_string(country.name, out);
    });
    append_csv_field(m_scratch, m_stream.out());
  }

  void append_languages(const Film& film, Rng& rng) {
    const size_t count = rng.chance(0.04) ? 0 : (rng.chance(0.15) ? 2 : 1);
    const size_t second = rng.below(k_languages.size());
    m_scratch.clear();
    append_python_list(count, m_scratch, [&](size_t language_idx, std::string& out) {
      const LanguageInfo& language = k_languages[language_idx == 0 ? film.language : second];
      append_key("iso_639_1", out);
      append_python_string(language.iso, out);
      out += ", ";
      append_key("name", out);
      append_python_string(language.name, out);
    });
    append_csv_field(m_scratch, m_stream.out());
  }

  void append_runtime(Rng& rng) {
    const double draw = rng.uniform();
    if (draw < 0.005) return;  // unknown
    double minutes = 0;
    if (draw >= 0.015) {
      minutes = rng.chance(0.05) ? static_cast<double>(rng.between(5, 40))
                                 : std::clamp(std::round(rng.normal(98, 18)), 45.0, 240.0);
    }
    append_python_float(minutes, m_stream.out());
  }

  void append_votes(const Film& film, Rng& rng) {
    const double expected = std::pow(film.popularity, 1.3) * std::exp(rng.normal(2.2, 1.0));
    const auto votes = std::min<int64_t>(k_max_vote_count, std::llround(expected) - 1);
    double average = 0;
    if (votes > 0) {
      const double spread = 0.9 + 2.0 / std::sqrt(static_cast<double>(votes));
      average = std::clamp(std::round(rng.normal(6.1, spread) * 10) / 10, 0.5, 10.0);
    }
    std::string& out = m_stream.out();
    append_python_float(average, out);
    out += ',';
    append_integer(std::max<int64_t>(0, votes), out);
  }

  const MoviesModel& m_model;
  CsvStream& m_stream;
  std::string m_scratch;
};

}  // namespace

Result<CsvTableOutput> write_movies_metadata(const MoviesModel& model, LineEnding ending,
                                             const ChunkSink& sink) {
  CsvStream stream(sink, ending, k_movies_metadata_header);
  MetadataRenderer renderer(model, stream);
  for (const MetadataRecord& record : model.records) TRY(renderer.write(record));
  return stream.finish();
}

}  // namespace reelhouse::sources::movies
