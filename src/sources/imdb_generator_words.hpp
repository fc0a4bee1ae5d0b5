// The word lists of the synthetic IMDb (see imdb_generator_text.hpp for how they combine).
//
// Kept apart from the code that assembles them so that either can be read on its own. All
// entries are valid UTF-8 without tabs or line breaks; several deliberately carry accents,
// apostrophes and non-Latin scripts.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

#include "sources/imdb_generator_model.hpp"

namespace reelhouse::sources::imdb::words {

using Words = std::span<const std::string_view>;

inline constexpr std::string_view k_adjectives[] = {
    "Dark",   "Last",    "Lost",     "Silent",    "Golden",    "Broken",  "Hidden",
    "Secret", "Little",  "Great",    "Wild",      "Red",       "Blue",    "Black",
    "White",  "Final",   "Endless",  "Midnight",  "Forgotten", "Crimson", "Eternal",
    "Frozen", "Burning", "Quiet",    "Strange",   "Lonely",    "Brave",   "Savage",
    "Sweet",  "Bitter",  "Electric", "Fallen",    "Perfect",   "Wicked",  "Sacred",
    "Hollow", "Distant", "Restless", "Invisible", "Shattered", "Happy",   "American",
};

inline constexpr std::string_view k_nouns[] = {
    "Night",     "River",   "House",   "City",     "Road",    "Heart",   "Dream",    "Shadow",
    "Storm",     "Garden",  "Island",  "Kingdom",  "Mirror",  "Train",   "Letter",   "Summer",
    "Winter",    "Promise", "Journey", "Stranger", "Sister",  "Brother", "Mother",   "Father",
    "Daughter",  "Son",     "Queen",   "King",     "Empire",  "Ocean",   "Mountain", "Forest",
    "Fire",      "Rain",    "Wolf",    "Bird",     "Ghost",   "Angel",   "Devil",    "Soldier",
    "Detective", "Doctor",  "Lover",   "Thief",    "Witness", "Machine", "Planet",   "Star",
    "Moon",      "Sun",     "Game",    "Family",   "Murder",  "Wedding", "Secret",   "Truth",
};

inline constexpr std::string_view k_places[] = {
    "Paris",  "Tokyo",  "Berlin", "Chicago",  "Bombay",   "Cairo",  "Rome",      "Havana",
    "Lisbon", "Seoul",  "Texas",  "Brooklyn", "Montréal", "Zürich", "São Paulo", "Kraków",
    "Mexico", "Alaska", "Venice", "Dublin",   "Shanghai", "Oslo",   "Reykjavík", "Marrakech",
};

// Native titles by language: a stem and an ending, combined freely.
struct Language {
  Words stems;
  Words endings;
};
inline constexpr std::string_view k_french_stems[] = {
    "Le Château", "La Forêt", "Les Enfants", "L'Été",      "Le Cœur",   "La Fenêtre",
    "L'Étoile",   "Le Rêve",  "La Bête",     "Les Amants", "Le Garçon", "La Vérité"};
inline constexpr std::string_view k_french_endings[] = {
    " de Noël", " perdu", " éternel", " à Paris", " du désert", " d'hiver", " de la nuit", ""};
inline constexpr std::string_view k_spanish_stems[] = {"El Niño",    "La Señora", "Los Años",
                                                       "El Corazón", "La Mañana", "El Último",
                                                       "La Canción", "El Camión"};
inline constexpr std::string_view k_spanish_endings[] = {" de España", " olvidado", " del mar",
                                                         " en Bogotá", " pequeño",  ""};
inline constexpr std::string_view k_german_stems[] = {
    "Die Straße", "Der Schüler", "Das Mädchen", "Die Brücke", "Der Bär", "Das Glück", "Die Fähre"};
inline constexpr std::string_view k_german_endings[] = {" von Köln", " im Süden", " über Berlin",
                                                        " der Träume", ""};
inline constexpr std::string_view k_italian_stems[] = {
    "La Dolce", "Il Gattopardo", "Città", "Perché", "Ladri", "Il Più", "L'Età"};
inline constexpr std::string_view k_italian_endings[] = {" vita",   " aperta", " di biciclette",
                                                         " felice", " d'oro",  ""};
inline constexpr std::string_view k_portuguese_stems[] = {"O Céu",   "A Cidade", "Ação",
                                                          "Coração", "São João", "A Paixão"};
inline constexpr std::string_view k_portuguese_endings[] = {" de Deus", " em chamas", " do sertão",
                                                            ""};
inline constexpr std::string_view k_japanese_stems[] = {"東京",       "夜の", "海辺の", "さよなら",
                                                        "千と千尋の", "風の", "七人の"};
inline constexpr std::string_view k_japanese_endings[] = {"物語", "神隠し", "少女",
                                                          "街",   "約束",   "侍"};
inline constexpr std::string_view k_chinese_stems[] = {"北京", "红色", "春天的",
                                                       "英雄", "长江", "霸王"};
inline constexpr std::string_view k_chinese_endings[] = {"故事", "之夜", "传奇", "往事", "别姬"};
inline constexpr std::string_view k_korean_stems[] = {"서울의", "우리들의", "마지막", "기생충",
                                                      "겨울"};
inline constexpr std::string_view k_korean_endings[] = {" 사랑", " 밤", " 가족", " 전쟁", ""};
inline constexpr std::string_view k_russian_stems[] = {"Война", "Москва",  "Солнце",
                                                       "Брат",  "Сталкер", "Летят журавли"};
inline constexpr std::string_view k_russian_endings[] = {" и мир", "", " 2", " навсегда"};
inline constexpr std::string_view k_hindi_stems[] = {"दिल", "प्यार", "शोले", "मदर इंडिया", "लगान"};
inline constexpr std::string_view k_hindi_endings[] = {"", " की कहानी", " 2"};

inline constexpr std::array<Language, 10> k_languages{{
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

inline constexpr std::string_view k_male_first_names[] = {
    "James",   "John",   "Robert", "Michael",  "David",  "William", "Richard", "Thomas",
    "Charles", "Peter",  "Paul",   "Mark",     "George", "Jack",    "Henry",   "Samuel",
    "Daniel",  "Omar",   "Pierre", "François", "José",   "Jürgen",  "Søren",   "Björn",
    "Luis",    "Andrés", "Raúl",   "Giovanni", "Marco",  "Hiroshi", "Kenji",   "Wei",
    "Rahul",   "Arjun",  "Ivan",   "Dmitri",   "Mehmet", "Kwame",   "Sean",    "Liam",
    "Noah",    "Ethan",  "Lucas",  "Mateo",    "Ángel",
};
inline constexpr std::string_view k_female_first_names[] = {
    "Mary",   "Patricia", "Jennifer", "Linda",  "Elizabeth", "Susan",  "Jessica", "Sarah",
    "Karen",  "Emma",     "Olivia",   "Sophia", "Grace",     "Alice",  "Claire",  "Maya",
    "Amélie", "Chloé",    "Inès",     "Zoë",    "Renée",     "Léa",    "María",   "Lucía",
    "Sofía",  "Ingrid",   "Greta",    "Åsa",    "Giulia",    "Chiara", "Yuki",    "Akiko",
    "Mei",    "Priya",    "Ananya",   "Olga",   "Natalia",   "Fatima", "Amara",   "Nora",
};
inline constexpr std::string_view k_last_names[] = {
    "Smith",     "Johnson",  "Williams", "Brown",   "Jones",    "Miller",   "Davis",
    "Wilson",    "Taylor",   "Anderson", "Moore",   "Martin",   "Thompson", "White",
    "Harris",    "Clark",    "Lewis",    "Walker",  "Hall",     "Young",    "King",
    "Dubois",    "Lefèvre",  "Moreau",   "García",  "Martínez", "López",    "Rodríguez",
    "Müller",    "Schröder", "Weiß",     "Rossi",   "Bianchi",  "Esposito", "Nakamura",
    "Tanaka",    "Suzuki",   "Kim",      "Park",    "Chen",     "Wang",     "Singh",
    "Sharma",    "Ivanov",   "Petrova",  "Nowak",   "Kowalski", "Jensen",   "Nielsen",
    "Ødegård",   "Öztürk",   "Yılmaz",   "O'Brien", "O'Connor", "MacLeod",  "da Silva",
    "Gonçalves", "Ferreira", "Mbeki",    "Okafor",  "Haddad",   "Cohen",    "Novák",
};
// Names written in their own script, used for a small share of people.
inline constexpr std::string_view k_native_names[] = {
    "黒澤明",
    "宮崎駿",
    "張藝謀",
    "王家衛",
    "봉준호",
    "박찬욱",
    "Андрей Тарковский",
    "Сергей Эйзенштейн",
    "सत्यजित राय",
    "三船敏郎",
};

inline constexpr std::string_view k_character_roles[] = {
    "The Doctor", "The Maid",  "Policeman",         "Party Guest",    "The Mother", "The Father",
    "Narrator",   "Bartender", "Reporter",          "Nurse",          "Detective",  "The Stranger",
    "Waitress",   "Soldier",   "Undetermined Role", "Himself - Host", "Voice",      "Young Girl",
};

inline constexpr std::string_view k_genres[] = {
    "Action",      "Adult", "Adventure", "Animation", "Biography", "Comedy",     "Crime",
    "Documentary", "Drama", "Family",    "Fantasy",   "Film-Noir", "Game-Show",  "History",
    "Horror",      "Music", "Musical",   "Mystery",   "News",      "Reality-TV", "Romance",
    "Sci-Fi",      "Short", "Sport",     "Talk-Show", "Thriller",  "War",        "Western",
};
// Draw weights of k_genres (same order): drama, comedy and documentaries dominate.
inline constexpr std::array<uint32_t, 28> k_genre_weights{
    8, 0, 5, 4, 3, 20, 6, 14, 28, 5, 4, 1, 2, 3, 5, 4, 2, 4, 2, 3, 8, 3, 0, 3, 2, 5, 2, 2,
};
inline constexpr size_t k_adult_genre = 1;
inline constexpr size_t k_short_genre = 22;
// Documentary, Game-Show, News, Reality-TV, Talk-Show: what talk shows and news are.
inline constexpr std::array<size_t, 5> k_self_format_genres{7, 12, 18, 19, 24};
static_assert(k_genres[k_adult_genre] == "Adult" && k_genres[k_short_genre] == "Short");
static_assert(std::size(k_genres) == k_genre_weights.size());

// The first primaryProfession of each pool (PersonPool order). Upstream has no "self"
// profession: hosts and interviewees are listed as miscellaneous.
inline constexpr std::array<std::string_view, k_person_pool_count> k_pool_professions{
    "actor",
    "actress",
    "miscellaneous",
    "director",
    "writer",
    "producer",
    "composer",
    "cinematographer",
    "editor",
    "production_designer",
    "casting_director",
};
inline constexpr std::string_view k_other_professions[] = {
    "miscellaneous",  "soundtrack",           "producer",           "writer",
    "director",       "archive_footage",      "music_department",   "camera_department",
    "art_department", "editorial_department", "assistant_director", "sound_department",
    "stunts",         "visual_effects",       "executive",
};

}  // namespace reelhouse::sources::imdb::words
