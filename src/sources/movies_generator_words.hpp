// The vocabulary of the synthetic Movies Dataset and Wikipedia dump.
//
// Genres are TMDB's real list (ids and names as TMDB serves them); countries, languages and
// the head of the production-company list are real names, so the Python-literal columns look
// like the real ones (`{'iso_3166_1': 'US', 'name': 'United States of America'}`, native
// language names such as 'Français' and '日本語'). Film titles are assembled from English
// words plus foreign original titles with accents; people's names include apostrophes
// (O'Brien) so their Python repr switches to double quotes, as the real file's does.
//
// Filler pages of the dump use their own syllable-built words (see movies_generator_wiki),
// and never share a normalised title with a film.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace reelhouse::sources::movies {

struct GenreInfo {
  int id;
  std::string_view name;
  std::string_view phrase;  // as a Wikipedia abstract says it: "science fiction", "animated"
  double weight;            // relative frequency as a film's first genre
};

// TMDB's genre list (the 20 genres of The Movies Dataset).
inline constexpr std::array<GenreInfo, 20> k_genres{{
    {18, "Drama", "drama", 20.0},        {35, "Comedy", "comedy", 13.0},
    {53, "Thriller", "thriller", 7.5},   {10749, "Romance", "romantic", 6.5},
    {28, "Action", "action", 6.5},       {27, "Horror", "horror", 4.5},
    {80, "Crime", "crime", 4.2},         {99, "Documentary", "documentary", 3.8},
    {12, "Adventure", "adventure", 3.4}, {878, "Science Fiction", "science fiction", 3.0},
    {10751, "Family", "family", 2.7},    {9648, "Mystery", "mystery", 2.3},
    {14, "Fantasy", "fantasy", 2.2},     {16, "Animation", "animated", 1.9},
    {10402, "Music", "musical", 1.8},    {10770, "TV Movie", "television", 1.3},
    {36, "History", "historical", 1.3},  {10752, "War", "war", 1.2},
    {37, "Western", "western", 1.1},     {10769, "Foreign", "foreign-language", 0.2},
}};

struct CountryInfo {
  std::string_view iso;
  std::string_view name;       // as TMDB writes it
  std::string_view adjective;  // as Wikipedia qualifies a film: "(1995 American film)"
  std::string_view language;   // ISO 639-1 of its usual original language
  double weight;
};

inline constexpr std::array<CountryInfo, 24> k_countries{{
    {"US", "United States of America", "American", "en", 52.0},
    {"GB", "United Kingdom", "British", "en", 8.0},
    {"FR", "France", "French", "fr", 7.0},
    {"DE", "Germany", "German", "de", 3.5},
    {"IT", "Italy", "Italian", "it", 3.5},
    {"CA", "Canada", "Canadian", "en", 3.5},
    {"JP", "Japan", "Japanese", "ja", 3.5},
    {"IN", "India", "Indian", "hi", 2.5},
    {"ES", "Spain", "Spanish", "es", 2.0},
    {"RU", "Russia", "Russian", "ru", 1.5},
    {"AU", "Australia", "Australian", "en", 1.2},
    {"HK", "Hong Kong", "Hong Kong", "cn", 1.2},
    {"KR", "South Korea", "South Korean", "ko", 1.0},
    {"SE", "Sweden", "Swedish", "sv", 1.0},
    {"DK", "Denmark", "Danish", "da", 0.8},
    {"MX", "Mexico", "Mexican", "es", 0.7},
    {"CN", "China", "Chinese", "zh", 0.7},
    {"BR", "Brazil", "Brazilian", "pt", 0.6},
    {"NO", "Norway", "Norwegian", "no", 0.5},
    {"FI", "Finland", "Finnish", "fi", 0.5},
    {"BE", "Belgium", "Belgian", "fr", 0.5},
    {"IE", "Ireland", "Irish", "en", 0.4},
    {"PL", "Poland", "Polish", "pl", 0.4},
    {"SU", "Soviet Union", "Soviet", "ru", 0.4},
}};

struct LanguageInfo {
  std::string_view iso;
  std::string_view name;  // TMDB's spoken_languages name: the language's own name
};

inline constexpr std::array<LanguageInfo, 20> k_languages{{
    {"en", "English"},         {"fr", "Français"},      {"de", "Deutsch"}, {"it", "Italiano"},
    {"es", "Español"},         {"ja", "日本語"},        {"hi", "हिन्दी"},   {"ru", "Pусский"},
    {"cn", "广州话 / 廣州話"}, {"ko", "한국어/조선말"}, {"sv", "svenska"}, {"da", "Dansk"},
    {"zh", "普通话"},          {"pt", "Português"},     {"no", "Norsk"},   {"fi", "suomi"},
    {"pl", "Polski"},          {"la", "Latin"},         {"ar", "العربية"}, {"he", "עִבְרִית"},
}};

struct CompanyInfo {
  std::string_view name;
  int id;
};

// The head of the long-tailed company distribution (drawn most often); the tail is
// synthetic ("Korvendal Films"). Names with an apostrophe get double quotes in repr.
inline constexpr std::array<CompanyInfo, 48> k_head_companies{{
    {"Warner Bros.", 6194},
    {"Metro-Goldwyn-Mayer (MGM)", 8411},
    {"Paramount Pictures", 4},
    {"Twentieth Century Fox Film Corporation", 306},
    {"Universal Pictures", 33},
    {"Columbia Pictures Corporation", 441},
    {"Canal+", 5358},
    {"Columbia Pictures", 5},
    {"RKO Radio Pictures", 6},
    {"United Artists", 60},
    {"New Line Cinema", 12},
    {"Walt Disney Pictures", 2},
    {"Miramax Films", 14},
    {"Touchstone Pictures", 9195},
    {"Relativity Media", 7295},
    {"TriStar Pictures", 559},
    {"Lionsgate", 1632},
    {"DreamWorks SKG", 27},
    {"Gaumont", 9},
    {"Toho Company", 882},
    {"StudioCanal", 694},
    {"BBC Films", 288},
    {"Film4", 6705},
    {"Summit Entertainment", 491},
    {"France 3 Cinéma", 591},
    {"Centre National de la Cinématographie (CNC)", 18367},
    {"Pathé", 7981},
    {"Shaw Brothers", 5798},
    {"Mosfilm", 5120},
    {"Svensk Filmindustri (SF)", 236},
    {"Nordisk Film", 235},
    {"Golden Harvest Company", 2521},
    {"Constantin Film", 47},
    {"Televisión Española (TVE)", 6639},
    {"Lumière Pictures", 25129},
    {"Working Title Films", 10163},
    {"Castle Rock Entertainment", 97},
    {"Dimension Films", 7405},
    {"Legendary Pictures", 923},
    {"Village Roadshow Pictures", 79},
    {"Pixar Animation Studios", 3},
    {"Club d'Investissement Média", 8170},
    {"D'Pelicula", 93489},
    {"Workin' Man Films", 12910},
    {"Dino De Laurentiis Company", 10308},
    {"Fox Searchlight Pictures", 43},
    {"Hammer Film Productions", 1314},
    {"Ealing Studios", 3364},
}};

inline constexpr std::array<std::string_view, 12> k_company_suffixes{
    "Films",           "Pictures", "Productions",    "Entertainment",   "Film",
    "Studios",         "Media",    "Filmproduktion", "Cinematografica", "Film Company",
    "Motion Pictures", "Produções"};

// --- film titles -------------------------------------------------------------------------

inline constexpr std::array<std::string_view, 120> k_title_nouns{
    "Harbor",   "Stranger", "Garden",  "Mirror",   "Winter",   "Summer",  "River",    "Road",
    "Night",    "Kingdom",  "Secret",  "Promise",  "Journey",  "Storm",   "Shadow",   "Island",
    "Letter",   "Dream",    "Heart",   "Silence",  "Fire",     "Rain",    "Crossing", "Bridge",
    "Widow",    "Soldier",  "Hunter",  "Thief",    "Witness",  "Doctor",  "Teacher",  "Prisoner",
    "Game",     "Line",     "Wall",    "Sea",      "Mountain", "Valley",  "City",     "Town",
    "House",    "Room",     "Door",    "Window",   "Train",    "Station", "Hotel",    "Circus",
    "Gambler",  "Dancer",   "Singer",  "Painter",  "Lover",    "Killer",  "Angel",    "Devil",
    "Ghost",    "Empire",   "Legacy",  "Return",   "Escape",   "Revenge", "Affair",   "Wedding",
    "Funeral",  "Birthday", "Holiday", "Weekend",  "Morning",  "Evening", "Moon",     "Sun",
    "Star",     "Sky",      "Ocean",   "Desert",   "Forest",   "Jungle",  "Frontier", "Border",
    "Bullet",   "Sword",    "Crown",   "Ring",     "Key",      "Map",     "Clock",    "Bell",
    "Horse",    "Wolf",     "Tiger",   "Dragon",   "Falcon",   "Raven",   "Spider",   "Snake",
    "Family",   "Brothers", "Sisters", "Daughter", "Son",      "Mother",  "Father",   "Children",
    "Lies",     "Truth",    "Chance",  "Fortune",  "Glory",    "Honor",   "Justice",  "Mercy",
    "Paradise", "Heaven",   "Hell",    "Limbo",    "Voyage",   "Passage", "Exile",    "Outlaw"};

inline constexpr std::array<std::string_view, 72> k_title_adjectives{
    "Silent",    "Dark",     "Last",      "Lost",     "Broken",   "Hidden",  "Golden",
    "Secret",    "Wild",     "Cold",      "Burning",  "Little",   "Big",     "Long",
    "Short",     "Sweet",    "Bitter",    "Strange",  "Final",    "First",   "Red",
    "Blue",      "Black",    "White",     "Green",    "Crimson",  "Deadly",  "Dangerous",
    "Beautiful", "Perfect",  "Forgotten", "Endless",  "Eternal",  "Quiet",   "Lonely",
    "Crazy",     "Midnight", "Invisible", "Naked",    "Innocent", "Savage",  "Frozen",
    "Electric",  "Sacred",   "Holy",      "Wicked",   "Fatal",    "Brave",   "Happy",
    "Sad",       "Young",    "Old",       "New",      "Ancient",  "Modern",  "Private",
    "Public",    "American", "Foreign",   "Northern", "Southern", "Eastern", "Western",
    "Far",       "Hollow",   "Empty",     "Open",     "Closed",   "Second",  "Third",
    "Iron",      "Glass"};

inline constexpr std::array<std::string_view, 40> k_title_places{
    "Casablanca", "Manhattan", "Chinatown", "Fargo",     "Berlin",    "Paris",  "Vienna",
    "Tokyo",      "Shanghai",  "Havana",    "Marseille", "Rome",      "Venice", "Dublin",
    "Brooklyn",   "Harlem",    "Memphis",   "Nashville", "Tombstone", "Alamo",  "Atlantis",
    "Avalon",     "Babylon",   "Sahara",    "Yukon",     "Montana",   "Texas",  "Alaska",
    "Baltimore",  "Detroit",   "Chicago",   "Bombay",    "Hong Kong", "Saigon", "Kyoto",
    "Lisbon",     "Madrid",    "Istanbul",  "Cairo",     "Bangkok"};

inline constexpr std::array<std::string_view, 56> k_first_names{
    "John",   "Mary",   "James",   "Anna",   "Robert",   "Linda",   "Michael", "Susan",
    "David",  "Karen",  "Richard", "Nancy",  "Thomas",   "Laura",   "Charles", "Sarah",
    "Peter",  "Helen",  "Paul",    "Alice",  "George",   "Grace",   "Frank",   "Julia",
    "Henry",  "Emma",   "Jack",    "Claire", "Walter",   "Diane",   "Jean",    "Marie",
    "Pierre", "Sophie", "Hans",    "Ingrid", "Giuseppe", "Giulia",  "José",    "Lucía",
    "Søren",  "Åsa",    "Jürgen",  "Zoë",    "François", "Hélène",  "Takeshi", "Yuko",
    "Raj",    "Priya",  "Ivan",    "Olga",   "Liam",     "Siobhán", "Antwone", "Renée"};

inline constexpr std::array<std::string_view, 56> k_last_names{
    "Smith",    "Johnson",  "Williams", "Brown",   "Jones",    "Miller",   "Davis",   "Wilson",
    "Anderson", "Taylor",   "Thomas",   "Moore",   "Martin",   "Jackson",  "White",   "Harris",
    "Clark",    "Lewis",    "Walker",   "Hall",    "Young",    "King",     "Wright",  "Scott",
    "Green",    "Baker",    "Adams",    "Nelson",  "Carter",   "Mitchell", "O'Brien", "O'Connor",
    "D'Amico",  "O'Hara",   "Dubois",   "Lefèvre", "Müller",   "Schröder", "Rossi",   "Bianchi",
    "García",   "Martínez", "Nørgaard", "Sjöberg", "Kurosawa", "Tanaka",   "Kapoor",  "Khan",
    "Petrov",   "Volkov",   "Kelly",    "Murphy",  "Fisher",   "Lasseter", "Hanks",   "Reyes"};

// Original titles of foreign-language films, with their accents; the English title is
// assembled from the English vocabulary.
inline constexpr std::array<std::string_view, 32> k_foreign_titles{"Le Fabuleux Destin",
                                                                   "La Règle du jeu",
                                                                   "Les Misérables",
                                                                   "À bout de souffle",
                                                                   "Le Mépris",
                                                                   "La Haine",
                                                                   "Jeux interdits",
                                                                   "Les Quatre Cents Coups",
                                                                   "Das Boot",
                                                                   "Der Himmel über",
                                                                   "Die Blechtrommel",
                                                                   "Lola rennt",
                                                                   "La Dolce Vita",
                                                                   "Ladri di biciclette",
                                                                   "Il Sorpasso",
                                                                   "Nuovo Cinema",
                                                                   "Los Olvidados",
                                                                   "Mujeres al borde",
                                                                   "El Espíritu",
                                                                   "Amores perros",
                                                                   "Det sjunde inseglet",
                                                                   "Smultronstället",
                                                                   "Festen",
                                                                   "Søndag i Ørestad",
                                                                   "Jagten",
                                                                   "Ånden i Øresund",
                                                                   "Tōkyō monogatari",
                                                                   "Shichinin no samurai",
                                                                   "Sholay",
                                                                   "Pyaasa",
                                                                   "Idi i smotri",
                                                                   "Solyaris"};

inline constexpr std::array<std::string_view, 16> k_subtitles{
    "The Beginning", "The Final Chapter", "Part II",        "Revelations",
    "The Reckoning", "Resurrection",      "The Awakening",  "Judgment Day",
    "A New Hope",    "Homecoming",        "The Lost Years", "Origins",
    "Redemption",    "The Last Stand",    "Retribution",    "Legacy"};

inline constexpr std::array<std::string_view, 10> k_number_words{
    "Two", "Three", "Four", "Five", "Seven", "Twelve", "Twenty", "Forty", "Hundred", "Thousand"};

inline constexpr std::array<std::string_view, 12> k_title_verbs{
    "Chasing", "Finding", "Saving",  "Leaving", "Killing", "Loving",
    "Waiting", "Running", "Burning", "Hunting", "Raising", "Becoming"};

// --- overviews, keywords, credits ---------------------------------------------------------

inline constexpr std::array<std::string_view, 40> k_overview_words{
    "a",        "young",  "woman",   "man",      "discovers", "that",    "her",     "his",
    "family",   "secret", "past",    "must",     "confront",  "the",     "town",    "where",
    "everyone", "knows",  "truth",   "after",    "years",     "away",    "returns", "home",
    "finds",    "old",    "friend",  "missing",  "dangerous", "journey", "across",  "country",
    "love",     "war",    "between", "brothers", "detective", "killer",  "city",    "night"};

inline constexpr std::array<std::string_view, 24> k_keywords{"jealousy",
                                                             "friendship",
                                                             "based on novel",
                                                             "woman director",
                                                             "duringcreditsstinger",
                                                             "independent film",
                                                             "new york",
                                                             "murder",
                                                             "revenge",
                                                             "sport",
                                                             "biography",
                                                             "based on children's book",
                                                             "dystopia",
                                                             "police",
                                                             "musical",
                                                             "love",
                                                             "world war ii",
                                                             "sequel",
                                                             "hostage",
                                                             "small town",
                                                             "aftercreditsstinger",
                                                             "father's day",
                                                             "high school",
                                                             "serial killer"};

inline constexpr std::array<std::string_view, 20> k_characters{
    "Himself",      "Herself",       "Detective Reyes",  "Mrs. Davis",
    "The Stranger", "Woody (voice)", "Narrator (voice)", "Sheriff",
    "Dr. Kovacs",   "Young Anna",    "Bartender",        "Jack",
    "Maggie",       "Soldier #2",    "Rex (voice)",      "Father O'Malley",
    "Captain",      "Nurse",         "Reporter",         "Mayor"};

struct CrewJob {
  std::string_view department;
  std::string_view job;
};

inline constexpr std::array<CrewJob, 8> k_crew_jobs{{
    {"Writing", "Screenplay"},
    {"Production", "Producer"},
    {"Sound", "Original Music Composer"},
    {"Camera", "Director of Photography"},
    {"Editing", "Editor"},
    {"Writing", "Novel"},
    {"Production", "Casting"},
    {"Art", "Production Design"},
}};

inline constexpr std::array<std::string_view, 12> k_month_names{
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};

}  // namespace reelhouse::sources::movies
