// The model's pages of the dump: films and same-title other pages (see
// movies_generator_pages.hpp). Filler pages are in movies_generator_filler.cpp.
#include "sources/movies_generator_pages.hpp"

#include <fmt/format.h>

#include <array>
#include <iterator>

#include "sources/movies_generator_wiki.hpp"
#include "sources/movies_generator_words.hpp"

namespace reelhouse::sources::movies {

namespace {

using util::Rng;

constexpr std::string_view k_url_prefix = "https://en.wikipedia.org/wiki/";

constexpr std::array<std::string_view, 12> k_film_sections{
    "Plot",    "Cast",      "Production",        "Development", "Filming",    "Music",
    "Release", "Reception", "Critical response", "Box office",  "References", "External links"};

constexpr std::array<std::string_view, 8> k_other_sections{
    "Background", "Plot summary", "Track listing", "History",
    "Reception",  "Legacy",       "References",    "External links"};

template <typename Array>
const auto& pick(const Array& items, Rng& rng) {
  return items[rng.below(items.size())];
}

std::string_view article_for(std::string_view word) {
  return !word.empty() && std::string_view("AEIOUaeiou").find(word[0]) != std::string_view::npos
             ? "an"
             : "a";
}

// The title without its trailing " (…)" qualifier.
std::string_view base_title(std::string_view title) {
  if (!title.ends_with(')')) return title;
  const size_t open = title.rfind(" (");
  return open == std::string_view::npos ? title : title.substr(0, open);
}

// Anchors: a run of `sections` starting at a random place, always ending with the last two.
std::vector<std::string_view> pick_sections(std::span<const std::string_view> sections, Rng& rng) {
  std::vector<std::string_view> anchors;
  const size_t body = sections.size() - 2;
  const size_t first = rng.below(3);
  const size_t count = rng.below(body - first + 1);
  for (size_t section_idx = first; section_idx < first + count; ++section_idx) {
    anchors.push_back(sections[section_idx]);
  }
  if (rng.chance(0.9)) anchors.push_back(sections[body]);
  if (rng.chance(0.7)) anchors.push_back(sections[body + 1]);
  return anchors;
}

void append_film_residue(const MoviesModel& model, const Film& film, Rng& rng, std::string& out) {
  switch (rng.below(6)) {
    case 0:
      out += "| director = ";
      append_person_name(model.seed, film.director, out);
      break;
    case 1:
      if (film.year != 0) {
        fmt::format_to(std::back_inserter(out), "| released = {}", film.year);
      } else {
        out += "| released =";
      }
      break;
    case 2:
      out += "| starring = ";  // upstream drops the <br> between names
      for (const uint32_t star : film.stars) append_person_name(model.seed, star, out);
      break;
    case 3:
      out += "| producer =";
      break;
    case 4:
      out += "| music = ";
      append_person_name(model.seed, film.stars[2] + 7, out);
      break;
    default:
      out += "| country = ";
      out += k_countries[film.country].name == "United States of America"
                 ? "United States"
                 : k_countries[film.country].name;
      break;
  }
}

void append_film_prose(const MoviesModel& model, const Film& film, std::string_view base, Rng& rng,
                       std::string& out) {
  const CountryInfo& country = k_countries[film.country];
  const GenreInfo& genre = k_genres[film.genres[0]];
  out += base;
  if (film.original_title != film.title)
    fmt::format_to(std::back_inserter(out), " ({})", film.original_title);
  if (film.year != 0) {
    fmt::format_to(std::back_inserter(out), " is a {} {} {} film", film.year, country.adjective,
                   genre.phrase);
  } else {
    fmt::format_to(std::back_inserter(out), " is {} {} {} film", article_for(country.adjective),
                   country.adjective, genre.phrase);
  }
  out += rng.chance(0.3) ? " written and directed by " : " directed by ";
  append_person_name(model.seed, film.director, out);
  out += '.';
  if (rng.chance(0.7)) {
    out += " It stars ";
    append_person_name(model.seed, film.stars[0], out);
    out += ", ";
    append_person_name(model.seed, film.stars[1], out);
    out += " and ";
    append_person_name(model.seed, film.stars[2], out);
    out += '.';
  }
  if (rng.chance(0.25)) {
    fmt::format_to(std::back_inserter(out), " It is based on the novel \"{} {}\" by ",
                   pick(k_title_adjectives, rng), pick(k_title_nouns, rng));
    append_person_name(model.seed, film.stars[1] + 11, out);
    out += '.';
  }
  if (film.year != 0 && rng.chance(0.5)) {
    fmt::format_to(std::back_inserter(out), " The film was released on {} {}, {}",
                   k_month_names[static_cast<size_t>(film.month - 1)], film.day, film.year);
    out += film.revenue > 0 ? " and was a box office success." : ".";
  }
}

}  // namespace

void append_doc(std::string_view title, std::string_view abstract,
                std::span<const std::string_view> anchors, std::string& out) {
  out += "<doc>\n<title>Wikipedia: ";
  append_xml_escaped(title, out);
  out += "</title>\n<url>";
  const size_t url_start = out.size();
  out += k_url_prefix;
  append_url_title(title, out);
  const size_t url_end = out.size();
  out += "</url>\n<abstract>";
  append_xml_escaped(abstract, out);
  out += "</abstract>\n<links>\n";
  for (const std::string_view anchor : anchors) {
    out += "<sublink linktype=\"nav\"><anchor>";
    append_xml_escaped(anchor, out);
    out += "</anchor><link>";
    // The page URL again (URLs need no escaping: & and " are percent-encoded).
    out.append(out, url_start, url_end - url_start);
    out += '#';
    append_url_title(anchor, out);
    out += "</link></sublink>\n";
  }
  out += "</links>\n</doc>\n";
}

void append_film_page(const MoviesModel& model, const Film& film, std::string& out) {
  Rng rng = make_rng(model.seed, Stream::pages, 1 + film.index);
  std::string abstract;
  if (film.infobox_residue) {
    append_film_residue(model, film, rng, abstract);
  } else {
    append_film_prose(model, film, base_title(film.page_title), rng, abstract);
  }
  const auto anchors = pick_sections(k_film_sections, rng);
  append_doc(film.page_title, abstract, anchors, out);
}

void append_other_page(const MoviesModel& model, const OtherPage& page, std::string& out) {
  Rng rng = make_rng(model.seed, Stream::pages, 0x100000000ULL + page.year * 131ULL + page.film);
  const std::string_view base = base_title(page.title);
  std::string maker;
  append_person_name(model.seed, static_cast<uint32_t>(rng.below(model.person_count)) + 1, maker);
  std::string abstract;
  const auto text = std::back_inserter(abstract);
  switch (page.kind) {
    case OtherPageKind::novel:
      fmt::format_to(
          text, "{} is a {} novel by {}. It was first published in London and was a bestseller.",
          base, page.year, maker);
      break;
    case OtherPageKind::album:
      fmt::format_to(text, "{} is the second studio album by {}, released on {} {} {}.", base,
                     maker, 1 + rng.below(28), k_month_names[rng.below(12)], page.year);
      break;
    case OtherPageKind::song:
      fmt::format_to(
          text,
          "\"{}\" is a song by {}, released as a single in {}. It reached number {} on the chart.",
          base, maker, page.year, 1 + rng.below(40));
      break;
    case OtherPageKind::band:
      fmt::format_to(text, "{} is a rock band from {}, formed in {} by singer {}.", base,
                     pick(k_title_places, rng), page.year, maker);
      break;
    case OtherPageKind::television_series:
      fmt::format_to(text,
                     "{} is a British television drama series that aired on BBC One from {} to {}.",
                     base, page.year, page.year + 1 + static_cast<int>(rng.below(4)));
      break;
    case OtherPageKind::village:
      fmt::format_to(
          text, "{} is a village in the administrative district of Gmina {}, in {} Voivodeship.",
          base, pick(k_last_names, rng), pick(k_title_places, rng));
      break;
    case OtherPageKind::play:
      fmt::format_to(text, "{} is a {} play by {}. It premiered at the Royal Court Theatre.", base,
                     page.year, maker);
      break;
    case OtherPageKind::other_film: {
      const CountryInfo& country = k_countries[rng.below(k_countries.size())];
      fmt::format_to(text, "{} is a {} {} {} film directed by {}.", base, page.year,
                     country.adjective, k_genres[rng.below(k_genres.size())].phrase, maker);
      break;
    }
  }
  const auto anchors = pick_sections(page.kind == OtherPageKind::other_film
                                         ? std::span<const std::string_view>(k_film_sections)
                                         : std::span<const std::string_view>(k_other_sections),
                                     rng);
  append_doc(page.title, abstract, anchors, out);
}

}  // namespace reelhouse::sources::movies
