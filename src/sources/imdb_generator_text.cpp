#include "sources/imdb_generator_text.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <span>
#include <string_view>

namespace reelhouse::sources::imdb {

namespace {

using util::Rng;
using Words = std::span<const std::string_view>;

constexpr std::string_view k_adjectives[] = {
    "Dark",      "Last",     "Lost",      "Silent",   "Golden",   "Broken",    "Hidden",
    "Secret",    "Little",   "Great",     "Wild",     "Red",      "Blue",      "Black",
    "White",     "Final",    "Endless",   "Midnight", "Forgotten", "Crimson",  "Eternal",
    "Frozen",    "Burning",  "Quiet",     "Strange",  "Lonely",   "Brave",     "Savage",
    "Sweet",     "Bitter",   "Electric",  "Fallen",   "Perfect",  "Wicked",    "Sacred",
    "Hollow",    "Distant",  "Restless",  "Invisible", "Shattered", "Happy",   "American",
};

constexpr std::string_view k_nouns[] = {
    "Night",   "River",    "House",  "City",     "Road",     "Heart",   "Dream",    "Shadow",
    "Storm",   "Garden",   "Island", "Kingdom",  "Mirror",   "Train",   "Letter",   "Summer",
    "Winter",  "Promise",  "Journey", "Stranger", "Sister",  "Brother", "Mother",   "Father",
    "Daughter", "Son",     "Queen",  "King",     "Empire",   "Ocean",   "Mountain", "Forest",
    "Fire",    "Rain",     "Wolf",   "Bird",     "Ghost",    "Angel",   "Devil",    "Soldier",
    "Detective", "Doctor", "Lover",  "Thief",    "Witness",  "Machine", "Planet",   "Star",
    "Moon",    "Sun",      "Game",   "Family",   "Murder",   "Wedding", "Secret",   "Truth",
};

constexpr std::string_view k_places[] = {
    "Paris",  "Tokyo",   "Berlin", "Chicago", "Bombay",   "Cairo",  "Rome",      "Havana",
    "Lisbon", "Seoul",   "Texas",  "Brooklyn", "Montréal", "Zürich", "São Paulo", "Kraków",
    "Mexico", "Alaska",  "Venice", "Dublin",  "Shanghai", "Oslo",   "Reykjavík", "Marrakech",
};

// Native titles by language: a stem and an ending, combined freely.
struct Language {
  Words stems;
  Words endings;
};
constexpr std::string_view k_french_stems[] = {"Le Château", "La Forêt", "Les Enfants", "L'Été",
                                               "Le Cœur", "La Fenêtre", "L'Étoile", "Le Rêve",
                                               "La Bête", "Les Amants", "Le Garçon", "La Vérité"};
constexpr std::string_view k_french_endings[] = {" de Noël", " perdu", " éternel", " à Paris",
                                                 " du désert", " d'hiver", " de la nuit", ""};
constexpr std::string_view k_spanish_stems[] = {"El Niño", "La Señora", "Los Años", "El Corazón",
                                                "La Mañana", "El Último", "La Canción", "El Camión"};
constexpr std::string_view k_spanish_endings[] = {" de España", " olvidado", " del mar",
                                                  " en Bogotá", " pequeño", ""};
constexpr std::string_view k_german_stems[] = {"Die Straße", "Der Schüler", "Das Mädchen",
                                               "Die Brücke", "Der Bär", "Das Glück", "Die Fähre"};
constexpr std::string_view k_german_endings[] = {" von Köln", " im Süden", " über Berlin",
                                                 " der Träume", ""};
constexpr std::string_view k_italian_stems[] = {"La Dolce", "Il Gattopardo", "Città", "Perché",
                                                "Ladri", "Il Più", "L'Età"};
constexpr std::string_view k_italian_endings[] = {" vita", " aperta", " di biciclette",
                                                  " felice", " d'oro", ""};
constexpr std::string_view k_portuguese_stems[] = {"O Céu", "A Cidade", "Ação", "Coração",
                                                   "São João", "A Paixão"};
constexpr std::string_view k_portuguese_endings[] = {" de Deus", " em chamas", " do sertão", ""};
constexpr std::string_view k_japanese_stems[] = {"東京", "夜の", "海辺の", "さよなら", "千と千尋の",
                                                 "風の", "七人の"};
constexpr std::string_view k_japanese_endings[] = {"物語", "神隠し", "少女", "街", "約束", "侍"};
constexpr std::string_view k_chinese_stems[] = {"北京", "红色", "春天的", "英雄", "长江", "霸王"};
constexpr std::string_view k_chinese_endings[] = {"故事", "之夜", "传奇", "往事", "别姬"};
constexpr std::string_view k_korean_stems[] = {"서울의", "우리들의", "마지막", "기생충", "겨울"};
constexpr std::string_view k_korean_endings[] = {" 사랑", " 밤", " 가족", " 전쟁", ""};
constexpr std::string_view k_russian_stems[] = {"Война", "Москва", "Солнце", "Брат", "Сталкер",
                                                "Летят журавли"};
constexpr std::string_view k_russian_endings[] = {" и мир", "", " 2", " навсегда"};
constexpr std::string_view k_hindi_stems[] = {"दिल", "प्यार", "शोले", "मदर इंडिया", "लगान"};
constexpr std::string_view k_hindi_endings[] = {"", " की कहानी", " 2"};

constexpr std::array<Language, 10> k_languages{{
    {k_french_stems, k_french_endings},
    {k_spanish_stems, k_spanish_endings},
    {k_german_stems, k_german_endings},
    {k_italian_stems, k_italian_endings},
    {k_portuguese_stems, k_portuguese_endings},
    {k_japanese_stems, k_japanese_endings},
    {k_chinese_stems, k_chinese_endings},
    {k_korean_stems, k_korean_endings},
    {k_russian_stems, k_russian_endings},
    {k_hindi_stems, k_hindi_endings},
}};

constexpr std::string_view k_male_first_names[] = {
    "James", "John",   "Robert", "Michael", "David",  "William", "Richard", "Thomas", "Charles",
    "Peter", "Paul",   "Mark",   "George",  "Jack",   "Henry",   "Samuel",  "Daniel", "Omar",
    "Pierre", "François", "José", "Jürgen", "Søren",  "Björn",   "Luis",    "Andrés", "Raúl",
    "Giovanni", "Marco", "Hiroshi", "Kenji", "Wei",   "Rahul",   "Arjun",   "Ivan",   "Dmitri",
    "Mehmet", "Kwame", "Sean",   "Liam",    "Noah",   "Ethan",   "Lucas",   "Mateo",  "Ángel",
};
constexpr std::string_view k_female_first_names[] = {
    "Mary",   "Patricia", "Jennifer", "Linda",  "Elizabeth", "Susan",  "Jessica", "Sarah",
    "Karen",  "Emma",     "Olivia",   "Sophia", "Grace",     "Alice",  "Claire",  "Maya",
    "Amélie", "Chloé",    "Inès",     "Zoë",    "Renée",     "Léa",    "María",   "Lucía",
    "Sofía",  "Ingrid",   "Greta",    "Åsa",    "Giulia",    "Chiara", "Yuki",    "Akiko",
    "Mei",    "Priya",    "Ananya",   "Olga",   "Natalia",   "Fatima", "Amara",   "Nora",
};
constexpr std::string_view k_last_names[] = {
    "Smith",    "Johnson",  "Williams", "Brown",    "Jones",     "Miller",   "Davis",
    "Wilson",   "Taylor",   "Anderson", "Moore",    "Martin",    "Thompson", "White",
    "Harris",   "Clark",    "Lewis",    "Walker",   "Hall",      "Young",    "King",
    "Dubois",   "Lefèvre",  "Moreau",   "García",   "Martínez",  "López",    "Rodríguez",
    "Müller",   "Schröder", "Weiß",     "Rossi",    "Bianchi",   "Esposito", "Nakamura",
    "Tanaka",   "Suzuki",   "Kim",      "Park",     "Chen",      "Wang",     "Singh",
    "Sharma",   "Ivanov",   "Petrova",  "Nowak",    "Kowalski",  "Jensen",   "Nielsen",
    "Ødegård",  "Öztürk",   "Yılmaz",   "O'Brien",  "O'Connor",  "MacLeod",  "da Silva",
    "Gonçalves", "Ferreira", "Mbeki",   "Okafor",   "Haddad",    "Cohen",    "Novák",
};
// Names written in their own script, used for a small share of people.
constexpr std::string_view k_native_names[] = {
    "黒澤明", "宮崎駿", "張藝謀", "王家衛", "봉준호", "박찬욱", "Андрей Тарковский",
    "Сергей Эйзенштейн", "सत्यजित राय", "三船敏郎",
};

constexpr std::string_view k_character_roles[] = {
    "The Doctor", "The Maid",  "Policeman",      "Party Guest", "The Mother", "The Father",
    "Narrator",   "Bartender", "Reporter",       "Nurse",       "Detective",  "The Stranger",
    "Waitress",   "Soldier",   "Undetermined Role", "Himself - Host", "Voice",   "Young Girl",
};

constexpr std::string_view k_genres[] = {
    "Action",   "Adult",   "Adventure",  "Animation", "Biography", "Comedy",    "Crime",
    "Documentary", "Drama", "Family",    "Fantasy",   "Film-Noir", "Game-Show", "History",
    "Horror",   "Music",   "Musical",    "Mystery",   "News",      "Reality-TV", "Romance",
    "Sci-Fi",   "Short",   "Sport",      "Talk-Show", "Thriller",  "War",       "Western",
};
// Draw weights of k_genres (same order): drama, comedy and documentaries dominate.
constexpr std::array<uint32_t, 28> k_genre_weights{
    8, 0, 5, 4, 3, 20, 6, 14, 28, 5, 4, 1, 2, 3, 5, 4, 2, 4, 2, 3, 8, 3, 0, 3, 2, 5, 2, 2,
};
constexpr size_t k_adult_genre = 1;
constexpr size_t k_short_genre = 22;
constexpr std::array<size_t, 5> k_self_format_genres{7, 12, 18, 19, 24};

constexpr std::array<std::string_view, k_person_pool_count> k_pool_professions{
    "actor",    "actress",  "self",    "director", "writer",  "producer",
    "composer", "cinematographer", "editor", "production_designer", "casting_director",
};
constexpr std::string_view k_other_professions[] = {
    "miscellaneous", "soundtrack",       "producer",        "writer",          "director",
    "archive_footage", "music_department", "camera_department", "art_department", "editorial_department",
    "assistant_director", "sound_department", "stunts",     "visual_effects",  "executive",
};

template <typename List>
std::string_view pick(const List& list, Rng& rng) {
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

void append_episode_title(Rng& rng, std::string& out) {
  const uint64_t pattern = rng.below(20);
  if (pattern < 9) {
    out += "Episode #";
    append_number(rng.between(1, 12), out);
    out += '.';
    append_number(rng.between(1, 24), out);
  } else if (pattern < 11) {
    out += "Episode dated ";
    append_number(rng.between(1, 28), out);
    out += ' ';
    out += pick(std::array<std::string_view, 6>{"January", "March", "May", "July", "October",
                                                "December"},
                rng);
    out += ' ';
    append_number(rng.between(1960, 2024), out);
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
    append_episode_title(rng, out);
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
  std::sort(chosen.begin(), chosen.begin() + static_cast<std::ptrdiff_t>(chosen_count));
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
  const bool female = pool == PersonPool::actress ||
                      (pool != PersonPool::actor && rng.chance(0.35));
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
      job = rng.chance(0.6) ? "producer" : (rng.chance(0.7) ? "executive producer" : "line producer");
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
