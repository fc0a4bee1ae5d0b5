// The filler pages of the dump: everything Wikipedia has that is not a film of the dataset
// (see movies_generator_pages.hpp).
#include <fmt/format.h>

#include <array>
#include <iterator>

#include "landing/title_normalizer.hpp"
#include "sources/movies_generator_pages.hpp"
#include "sources/movies_generator_words.hpp"

namespace reelhouse::sources::movies {

namespace {

using util::Rng;

constexpr std::array<std::string_view, 56> k_syllables{
    "ka",  "lo",   "ven", "dra", "mir",  "tal",  "os",  "bre",  "qua", "zel",  "ni",   "pa",
    "ru",  "sto",  "vik", "ham", "ber",  "gen",  "lun", "dor",  "fa",  "si",   "tor",  "wen",
    "mar", "el",   "ost", "kri", "ja",   "um",   "bel", "har",  "ro",  "ne",   "ki",   "lis",
    "gra", "po",   "ta",  "ve",  "sund", "holm", "by",  "ford", "ton", "dale", "wick", "berg",
    "sha", "ndor", "ix",  "ay",  "che",  "gu",   "mo",  "zu"};

constexpr std::array<std::string_view, 64> k_prose_words{
    "the",      "of",        "and",        "in",           "was",       "is",      "a",
    "by",       "with",      "from",       "its",          "which",     "during",  "after",
    "local",    "national",  "regional",   "first",        "second",    "largest", "small",
    "council",  "district",  "church",     "school",       "railway",   "river",   "party",
    "member",   "election",  "season",     "league",       "club",      "team",    "population",
    "census",   "family",    "species",    "genus",        "described", "founded", "located",
    "built",    "served",    "elected",    "played",       "known",     "named",   "northern",
    "southern", "community", "government", "university",   "company",   "century", "period",
    "area",     "village",   "parish",     "municipality", "province",  "island",  "coast",
    "mountain"};

constexpr std::array<std::string_view, 14> k_professions{
    "politician", "footballer",        "painter",    "cricketer",    "businessman",
    "architect",  "physician",         "journalist", "poet",         "composer",
    "lawyer",     "ice hockey player", "rower",      "mathematician"};

constexpr std::array<std::string_view, 10> k_nationalities{
    "American", "English",    "German",    "Norwegian", "Brazilian",
    "Polish",   "Australian", "Hungarian", "Canadian",  "Argentine"};

constexpr std::array<std::string_view, 10> k_regions{
    "Ohio",  "Bavaria",         "Ontario",         "Lower Silesia", "Minas Gerais",
    "Texas", "New South Wales", "Västra Götaland", "Île-de-France", "Kerala"};

constexpr std::array<std::string_view, 8> k_families{"Noctuidae", "Geometridae", "Curculionidae",
                                                     "Muricidae", "Asteraceae",  "Orchidaceae",
                                                     "Carabidae", "Conidae"};

constexpr std::array<std::string_view, 6> k_creatures{
    "moth", "beetle", "sea snail", "flowering plant", "orchid", "ground beetle"};

constexpr std::array<std::string_view, 32> k_sections{"History",
                                                      "Early life",
                                                      "Career",
                                                      "Personal life",
                                                      "Geography",
                                                      "Demographics",
                                                      "Economy",
                                                      "Climate",
                                                      "Education",
                                                      "Transport",
                                                      "Description",
                                                      "Distribution",
                                                      "Taxonomy",
                                                      "Biography",
                                                      "Politics",
                                                      "Notable people",
                                                      "Etymology",
                                                      "Culture",
                                                      "Sport",
                                                      "Works",
                                                      "Awards and honours",
                                                      "Legacy",
                                                      "Death",
                                                      "Club career",
                                                      "International career",
                                                      "Statistics",
                                                      "Honours",
                                                      "Results",
                                                      "Standings",
                                                      "See also",
                                                      "References",
                                                      "External links"};

template <typename Array>
const auto& pick(const Array& items, Rng& rng) {
  return items[rng.below(items.size())];
}

}  // namespace

FillerPages::FillerPages(uint64_t seed, const std::unordered_set<std::string>& film_keys)
    : m_rng(make_rng(seed, Stream::filler, 0)), m_film_keys(&film_keys) {
  m_generated_anchors.resize(4);
}

void FillerPages::append_word(std::string& out) {
  const size_t start = out.size();
  const uint64_t syllables = 2 + m_rng.below(2);
  for (uint64_t syllable_idx = 0; syllable_idx < syllables; ++syllable_idx) {
    out += pick(k_syllables, m_rng);
  }
  out[start] = static_cast<char>(out[start] - 32);
}

void FillerPages::append_sentences(uint64_t count) {
  for (uint64_t sentence_idx = 0; sentence_idx < count; ++sentence_idx) {
    m_abstract += ' ';
    switch (m_rng.below(4)) {
      case 0:
        m_abstract += "The ";
        append_word(m_abstract);
        fmt::format_to(std::back_inserter(m_abstract), " {} was {} in {}.",
                       pick(k_prose_words, m_rng), pick(k_prose_words, m_rng),
                       m_rng.between(1500, 2017));
        break;
      case 1:
        fmt::format_to(std::back_inserter(m_abstract),
                       "It had a population of {} at the {} census.", m_rng.below(250'000),
                       1900 + 10 * m_rng.below(12));
        break;
      case 2: {
        const uint64_t words = 6 + m_rng.below(14);
        for (uint64_t word_idx = 0; word_idx < words; ++word_idx) {
          if (word_idx > 0) m_abstract += ' ';
          if (m_rng.chance(0.12)) {
            append_word(m_abstract);
          } else {
            m_abstract += pick(k_prose_words, m_rng);
          }
        }
        m_abstract += '.';
        break;
      }
      default:
        m_abstract += "He ";
        fmt::format_to(std::back_inserter(m_abstract), "{} for {} ", pick(k_prose_words, m_rng),
                       pick(k_prose_words, m_rng));
        append_word(m_abstract);
        fmt::format_to(std::back_inserter(m_abstract), " between {} and {}.",
                       m_rng.between(1850, 1990), m_rng.between(1991, 2017));
        break;
    }
  }
}

void FillerPages::draw_title_and_abstract() {
  m_title.clear();
  m_abstract.clear();
  const uint64_t kind = m_rng.below(20);
  const bool residue = m_rng.chance(0.14);
  switch (kind) {
    case 0:
    case 1:
    case 2:
    case 3:
    case 4: {  // a person
      m_title += pick(k_first_names, m_rng);
      m_title += ' ';
      append_word(m_title);
      if (m_rng.chance(0.25))
        fmt::format_to(std::back_inserter(m_title), " ({})", pick(k_professions, m_rng));
      const auto birth_year = m_rng.between(1850, 2000);
      fmt::format_to(std::back_inserter(m_abstract), "{} (born {} {} {}) is a {} {}.",
                     std::string_view(m_title).substr(0, m_title.find(" (")), 1 + m_rng.below(28),
                     pick(k_month_names, m_rng), birth_year, pick(k_nationalities, m_rng),
                     pick(k_professions, m_rng));
      if (residue) {
        m_abstract.clear();
        m_abstract += "| birth_place = ";
        append_word(m_abstract);
        m_abstract += ", ";
        m_abstract += pick(k_regions, m_rng);
      }
      break;
    }
    case 5:
    case 6:
    case 7:
    case 8: {  // a place
      append_word(m_title);
      const uint64_t place_kind = m_rng.below(4);
      if (place_kind == 1) m_title += " River";
      if (place_kind == 2)
        fmt::format_to(std::back_inserter(m_title), ", {}", pick(k_regions, m_rng));
      if (place_kind == 3) m_title += " Township";
      fmt::format_to(std::back_inserter(m_abstract), "{} is a {} in {}.", m_title,
                     place_kind == 1 ? "river" : "village", pick(k_regions, m_rng));
      if (residue) m_abstract = "| locmapin =";
      break;
    }
    case 9:
    case 10:
    case 11: {  // a species
      append_word(m_title);
      m_title += ' ';
      const size_t epithet = m_title.size();
      append_word(m_title);
      m_title[epithet] = static_cast<char>(m_title[epithet] + 32);
      fmt::format_to(std::back_inserter(m_abstract),
                     "{} is a species of {} in the family {}. It was described by ", m_title,
                     pick(k_creatures, m_rng), pick(k_families, m_rng));
      append_word(m_abstract);
      fmt::format_to(std::back_inserter(m_abstract), " in {}.", m_rng.between(1758, 2015));
      break;
    }
    case 12:
    case 13: {  // a season
      const auto year = m_rng.between(1890, 2017);
      fmt::format_to(std::back_inserter(m_title), "{}\u2013{:02} ", year, (year + 1) % 100);
      append_word(m_title);
      m_title += " F.C. season";
      fmt::format_to(std::back_inserter(m_abstract),
                     "The {} was the club's {}th season in existence.", m_title,
                     m_rng.between(5, 130));
      break;
    }
    case 14:
    case 15: {  // an institution
      append_word(m_title);
      constexpr std::array<std::string_view, 5> k_institutions{
          " High School", " railway station", " Airport", " & Sons", " Lutheran Church"};
      m_title += pick(k_institutions, m_rng);
      fmt::format_to(std::back_inserter(m_abstract), "{} is located in {}, {}. It opened in {}.",
                     m_title, pick(k_title_places, m_rng), pick(k_regions, m_rng),
                     m_rng.between(1850, 2010));
      if (residue) m_abstract = "| image =";
      break;
    }
    case 16: {  // a disambiguation page
      append_word(m_title);
      m_abstract = m_title + " may refer to:";
      m_title += " (disambiguation)";
      return;
    }
    default: {  // an event
      fmt::format_to(std::back_inserter(m_title), "{} ", m_rng.between(1900, 2017));
      append_word(m_title);
      m_title += m_rng.chance(0.5) ? " general election" : " Open";
      fmt::format_to(std::back_inserter(m_abstract), "The {} was held on {} {}.", m_title,
                     1 + m_rng.below(28), pick(k_month_names, m_rng));
      break;
    }
  }
  if (m_abstract.starts_with('|')) return;
  append_sentences(m_rng.below(7));
}

void FillerPages::draw_anchors() {
  m_anchors.clear();
  if (m_rng.chance(0.22)) return;
  const uint64_t count = 1 + std::min<uint64_t>(40, static_cast<uint64_t>(m_rng.exponential(5.0)));
  for (uint64_t anchor_idx = 0; anchor_idx < count; ++anchor_idx) {
    if (anchor_idx < m_generated_anchors.size() && m_rng.chance(0.2)) {
      std::string& anchor = m_generated_anchors[anchor_idx];
      anchor.clear();
      append_word(anchor);
      anchor += m_rng.chance(0.5) ? " era" : " and the region";
      m_anchors.push_back(anchor);
    } else {
      m_anchors.push_back(pick(k_sections, m_rng));
    }
  }
}

void FillerPages::append_page(std::string& out) {
  // A filler page must not look like a page of a film: redraw on a film's title.
  do {
    draw_title_and_abstract();
    const size_t qualifier = m_title.find(" (");
    landing::normalize_title_into(qualifier == std::string::npos
                                      ? std::string_view(m_title)
                                      : std::string_view(m_title).substr(0, qualifier),
                                  m_key);
  } while (m_film_keys->contains(m_key));
  draw_anchors();
  append_doc(m_title, m_abstract, m_anchors, out);
}

}  // namespace reelhouse::sources::movies
