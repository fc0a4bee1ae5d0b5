#include "sources/imdb_generator_text.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <span>
#include <string_view>

#include "sources/imdb_generator_words.hpp"

namespace reelhouse::sources::imdb {

namespace {

using util::Rng;
using namespace words;
// A uniformly chosen element of `list`.
template <typename List>
const auto& pick(const List& list, Rng& rng) {
  return std::data(list)[rng.below(std::size(list))];
}

void append_english_title(Rng& rng, std::string& out) {
  const uint64_t pattern = rng.below(10);
  switch (pattern) {
    case 0:
    case 1:
      out += "The ";
      out += pick(k_adjectives, rng);
      out += ' ';
      out += pick(k_nouns, rng);
      break;
    case 2:
      out += pick(k_nouns, rng);
      out += " of the ";
      out += pick(k_nouns, rng);
      break;
    case 3:
      out += pick(k_male_first_names, rng);
      out += "'s ";
      out += pick(k_nouns, rng);
      break;
    case 4:
      out += pick(k_adjectives, rng);
      out += ' ';
      out += pick(k_nouns, rng);
      out += 's';
      break;
    case 5:
      out += "A ";
      out += pick(k_nouns, rng);
      out += " in ";
      out += pick(k_places, rng);
      break;
    case 6:
      out += pick(k_nouns, rng);
      break;
    case 7:
      out += pick(k_adjectives, rng);
      out += ' ';
      out += pick(k_places, rng);
      break;
    case 8:
      out += "The ";
      out += pick(k_nouns, rng);
      out += ": Part ";
      out += pick(std::array<std::string_view, 4>{"II", "III", "IV", "Two"}, rng);
      break;
    default:
      out += pick(k_female_first_names, rng);
      out += " & ";
      out += pick(k_male_first_names, rng);
      break;
  }
}

void append_native_title(Rng& rng, std::string& out) {
  const Language& language = pick(k_languages, rng);
  out += pick(language.stems, rng);
  out += pick(language.endings, rng);
}

void append_episode_title(const TitleFacts& title, Rng& rng, std::string& out) {
  const uint64_t pattern = rng.below(20);
  if (pattern < 9) {
    out += "Episode #";
    append_number(rng.between(1, 12), out);
    out += '.';
    append_number(rng.between(1, 24), out);
  } else if (pattern < 11 && title.start_year != 0) {
    out += "Episode dated ";
    append_number(rng.between(1, 28), out);
    out += ' ';
    out += pick(
        std::array<std::string_view, 6>{"January", "March", "May", "July", "October", "December"},
        rng);
    out += ' ';
    append_number(static_cast<uint64_t>(title.start_year), out);
  } else {
    append_english_title(rng, out);
  }
}

}  // namespace

void append_number(uint64_t value, std::string& out) {
  char digits[24];
  const auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
  out.append(digits, end);
}

void append_identifier(std::string_view prefix, uint64_t number, std::string& out) {
  out += prefix;
  char digits[24];
  const auto end = std::to_chars(digits, digits + sizeof digits, number).ptr;
  const auto length = static_cast<size_t>(end - digits);
  constexpr size_t k_min_digits = 7;
  if (length < k_min_digits) out.append(k_min_digits - length, '0');
  out.append(digits, end);
}

void append_titles(const TitleFacts& title, Rng& rng, std::string& out) {
  const size_t primary_start = out.size();
  const uint64_t style = rng.below(1000);
  if (title.type == TitleType::tv_episode) {
    append_episode_title(title, rng, out);
  } else if (style < 8) {
    // A literal quoted word or a fully quoted title: the format has no quoting.
    if (rng.chance(0.5)) {
      out += "The \"";
      out += pick(k_adjectives, rng);
      out += "\" ";
      out += pick(k_nouns, rng);
    } else {
      out += '"';
      out += pick(k_nouns, rng);
      out += '"';
    }
  } else if (style < 130) {
    // A foreign film: native originalTitle, English or native primaryTitle.
    std::string native;
    append_native_title(rng, native);
    if (rng.chance(0.5)) {
      append_english_title(rng, out);
    } else {
      out += native;
    }
    out += '\t';
    out += native;
    return;
  } else {
    append_english_title(rng, out);
  }
  if (title.type != TitleType::tv_episode && rng.chance(0.03)) {
    out += ' ';
    append_number(rng.between(2, 4), out);  // a sequel
  }
  const std::string primary = out.substr(primary_start);
  out += '\t';
  out += primary;
}

void append_genres(const TitleFacts& title, Rng& rng, std::string& out) {
  if (rng.chance(0.05) && !title.adult) {
    out += k_null;
    return;
  }
  std::array<size_t, 3> chosen{};
  size_t chosen_count = 0;
  const auto add = [&](size_t genre_idx) {
    for (size_t idx = 0; idx < chosen_count; ++idx) {
      if (chosen[idx] == genre_idx) return;
    }
    if (chosen_count < chosen.size()) chosen[chosen_count++] = genre_idx;
  };
  if (title.adult) add(k_adult_genre);
  if (title.type == TitleType::short_film || title.type == TitleType::tv_short) add(k_short_genre);
  if (title.self_format) add(pick(k_self_format_genres, rng));
  constexpr uint32_t k_weight_total = [] {
    uint32_t total = 0;
    for (uint32_t weight : k_genre_weights) total += weight;
    return total;
  }();
  const auto wanted = static_cast<size_t>(rng.between(1, 3));
  while (chosen_count < wanted) {
    auto draw = static_cast<uint32_t>(rng.below(k_weight_total));
    size_t genre_idx = 0;
    while (draw >= k_genre_weights[genre_idx]) draw -= k_genre_weights[genre_idx++];
    add(genre_idx);
  }
  // Upstream lists genres alphabetically; an insertion sort of at most three.
  for (size_t idx = 1; idx < chosen_count; ++idx) {
    for (size_t swap_idx = idx; swap_idx > 0 && chosen[swap_idx - 1] > chosen[swap_idx];
         --swap_idx) {
      std::swap(chosen[swap_idx - 1], chosen[swap_idx]);
    }
  }
  for (size_t idx = 0; idx < chosen_count; ++idx) {
    if (idx > 0) out += ',';
    out += k_genres[chosen[idx]];
  }
}

void append_runtime(const TitleFacts& title, Rng& rng, std::string& out) {
  double missing = 0.25;
  double minutes = 0;
  switch (title.type) {
    case TitleType::movie:
    case TitleType::tv_movie:
    case TitleType::video:
      missing = title.type == TitleType::movie ? 0.15 : 0.3;
      minutes = rng.chance(0.01) ? rng.between(181, 400) : rng.normal(95, 18);
      break;
    case TitleType::short_film:
    case TitleType::tv_short:
      minutes = rng.between(1, 40);
      break;
    case TitleType::video_game:
      missing = 0.95;
      minutes = rng.between(30, 600);
      break;
    case TitleType::tv_episode:
      missing = 0.45;
      minutes = rng.chance(0.5) ? rng.normal(24, 3) : rng.normal(45, 6);
      break;
    default:
      minutes = rng.normal(50, 15);
      break;
  }
  if (rng.chance(missing)) {
    out += k_null;
    return;
  }
  append_number(static_cast<uint64_t>(std::max(1.0, minutes)), out);
}

void append_person_name(PersonPool pool, Rng& rng, std::string& out) {
  if (rng.chance(0.02)) {
    out += pick(k_native_names, rng);
    return;
  }
  const bool female =
      pool == PersonPool::actress || (pool != PersonPool::actor && rng.chance(0.35));
  out += female ? pick(k_female_first_names, rng) : pick(k_male_first_names, rng);
  if (rng.chance(0.08)) {
    out += ' ';
    out += static_cast<char>('A' + rng.below(26));
    out += '.';
  }
  out += ' ';
  out += pick(k_last_names, rng);
  if (rng.chance(0.01)) out += " Jr.";
}

void append_professions(PersonPool pool, Rng& rng, std::string& out) {
  if (rng.chance(0.03)) {
    out += k_null;
    return;
  }
  const std::string_view main = k_pool_professions[static_cast<size_t>(pool)];
  out += main;
  const auto extra_count = rng.below(3);
  std::string_view previous = main;
  for (uint64_t extra_idx = 0; extra_idx < extra_count; ++extra_idx) {
    const std::string_view extra = pick(k_other_professions, rng);
    if (extra == main || extra == previous) continue;
    out += ',';
    out += extra;
    previous = extra;
  }
}

void append_job(Category category, Rng& rng, std::string& out) {
  std::string_view job = k_null;
  switch (category) {
    case Category::producer:
      job =
          rng.chance(0.6) ? "producer" : (rng.chance(0.7) ? "executive producer" : "line producer");
      break;
    case Category::writer:
      if (rng.chance(0.5)) {
        job = pick(std::array<std::string_view, 7>{"screenplay", "story", "novel", "written by",
                                                   "play", "created by", "dialogue"},
                   rng);
      }
      break;
    case Category::cinematographer:
      if (rng.chance(0.3)) job = "director of photography";
      break;
    case Category::director:
      if (rng.chance(0.03)) job = "co-director";
      break;
    default:
      break;
  }
  out += job;
}

void append_characters(Category category, Rng& rng, std::string& out) {
  switch (category) {
    case Category::self:
      out += R"(["Self"])";
      return;
    case Category::archive_footage:
      out += rng.chance(0.7) ? R"(["Self"])" : k_null;
      return;
    case Category::actor:
    case Category::actress:
      break;
    default:
      out += k_null;
      return;
  }
  if (rng.chance(0.12)) {
    out += k_null;
    return;
  }
  out += "[\"";
  if (rng.chance(0.4)) {
    out += pick(k_character_roles, rng);
  } else {
    out += category == Category::actress ? pick(k_female_first_names, rng)
                                         : pick(k_male_first_names, rng);
    if (rng.chance(0.3)) {
      out += ' ';
      out += pick(k_last_names, rng);
    }
  }
  if (rng.chance(0.05)) {
    out += "\",\"";
    out += pick(k_character_roles, rng);
  }
  out += "\"]";
}

}  // namespace reelhouse::sources::imdb
