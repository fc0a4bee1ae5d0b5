// Tests of `reelhouse generate movies`: the zip holds Kaggle's five CSVs with their exact
// headers and quirks, the dump is well-formed XML in upstream's layout, the manifest and the
// ground truth agree with what the files hold, and the output is reproducible. The files are
// read back with rules written here (an RFC-4180 splitter, expat, the zip reader), not by
// asking the generator.
#include "sources/movies_generator.hpp"

#include <expat.h>
#include <gtest/gtest.h>
#include <zlib.h>

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "landing/python_literal.hpp"
#include "landing/title_normalizer.hpp"
#include "sources/movies_generator_literal.hpp"
#include "support/test_support.hpp"
#include "util/zip_archive.hpp"

namespace reelhouse::sources {
namespace {

namespace fs = std::filesystem;
using testing::read_file;
using testing::run_reelhouse;
using testing::TempDir;

constexpr double k_small_scale = 0.002;
constexpr double k_suite_scale = 0.006;
constexpr size_t k_metadata_fields = 24;

// --- independent readers ----------------------------------------------------------------

struct CsvRecord {
  std::vector<std::string> fields;
  std::string raw;  // the record's bytes without its terminator
};

// RFC 4180: quoted fields may hold separators, line breaks and doubled quotes; a record ends
// at LF or CRLF outside quotes.
std::vector<CsvRecord> split_csv(std::string_view text) {
  std::vector<CsvRecord> records;
  size_t position = 0;
  while (position < text.size()) {
    CsvRecord record;
    const size_t start = position;
    std::string field;
    bool in_quotes = false;
    bool was_quoted = false;
    while (position < text.size()) {
      const char character = text[position];
      if (in_quotes) {
        if (character == '"') {
          if (position + 1 < text.size() && text[position + 1] == '"') {
            field += '"';
            ++position;
          } else {
            in_quotes = false;
          }
        } else {
          field += character;
        }
        ++position;
        continue;
      }
      if (character == '"' && field.empty() && !was_quoted) {
        in_quotes = was_quoted = true;
        ++position;
      } else if (character == ',') {
        record.fields.push_back(std::move(field));
        field.clear();
        was_quoted = false;
        ++position;
      } else if (character == '\n' ||
                 (character == '\r' && position + 1 < text.size() && text[position + 1] == '\n')) {
        break;
      } else {
        field += character;
        ++position;
      }
    }
    record.fields.push_back(std::move(field));
    record.raw = std::string(text.substr(start, position - start));
    position += text[position] == '\r' ? 2 : 1;
    records.push_back(std::move(record));
  }
  return records;
}

std::string read_member(const fs::path& zip, std::string_view member) {
  auto reader = util::ZipMemberReader::open(zip, member);
  EXPECT_TRUE(reader.has_value()) << (reader ? "" : reader.error().message);
  if (!reader) return {};
  std::string content;
  const auto streamed = reader->for_each_chunk([&](std::string_view chunk) -> Result<> {
    content += chunk;
    return {};
  });
  EXPECT_TRUE(streamed.has_value());
  return content;
}

std::string gunzip(const fs::path& path) {
  gzFile file = gzopen(path.c_str(), "rb");
  EXPECT_NE(file, nullptr) << path;
  if (file == nullptr) return {};
  std::string content;
  std::vector<char> buffer(1 << 20);
  int count = 0;
  while ((count = gzread(file, buffer.data(), static_cast<unsigned>(buffer.size()))) > 0) {
    content.append(buffer.data(), static_cast<size_t>(count));
  }
  EXPECT_EQ(count, 0) << "gzip error in " << path;
  gzclose(file);
  return content;
}

struct Page {
  std::string title;  // entities decoded, "Wikipedia: " removed
  std::string url;
  std::string abstract;
};

// Parses the dump with expat; fails the test on malformed XML.
struct DumpParse {
  std::vector<Page> pages;
  int depth = 0;
  std::string element;
  std::string text;
  bool root_is_feed = false;
};

std::vector<Page> parse_dump(const std::string& xml) {
  DumpParse parse;
  std::unique_ptr<XML_ParserStruct, decltype(&XML_ParserFree)> parser(XML_ParserCreate("UTF-8"),
                                                                      &XML_ParserFree);
  XML_SetUserData(parser.get(), &parse);
  XML_SetElementHandler(
      parser.get(),
      [](void* data, const XML_Char* name, const XML_Char**) {
        auto& state = *static_cast<DumpParse*>(data);
        if (state.depth == 0) state.root_is_feed = std::string_view(name) == "feed";
        if (std::string_view(name) == "doc") state.pages.emplace_back();
        ++state.depth;
        state.element = name;
        state.text.clear();
      },
      [](void* data, const XML_Char* name) {
        auto& state = *static_cast<DumpParse*>(data);
        --state.depth;
        const std::string_view element(name);
        if (state.depth == 2 && !state.pages.empty()) {
          Page& page = state.pages.back();
          if (element == "title") page.title = state.text;
          if (element == "url") page.url = state.text;
          if (element == "abstract") page.abstract = state.text;
        }
        state.text.clear();
      });
  XML_SetCharacterDataHandler(parser.get(), [](void* data, const XML_Char* text, int length) {
    static_cast<DumpParse*>(data)->text.append(text, static_cast<size_t>(length));
  });
  const bool parsed =
      XML_Parse(parser.get(), xml.data(), static_cast<int>(xml.size()), 1) == XML_STATUS_OK;
  EXPECT_TRUE(parsed) << XML_ErrorString(XML_GetErrorCode(parser.get())) << " at line "
                      << XML_GetCurrentLineNumber(parser.get());
  EXPECT_TRUE(parse.root_is_feed);
  for (Page& page : parse.pages) {
    EXPECT_TRUE(page.title.starts_with("Wikipedia: ")) << page.title;
    page.title.erase(0, std::string_view("Wikipedia: ").size());
  }
  return std::move(parse.pages);
}

std::string base_of(const std::string& title) {
  const size_t open = title.rfind(" (");
  return title.ends_with(')') && open != std::string::npos ? title.substr(0, open) : title;
}

// --- one generated dataset shared by the suite ---------------------------------------------

class MoviesGenerated : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    s_dir = new TempDir();
    MoviesGeneratorOptions options;
    options.scale = k_suite_scale;
    options.out_dir = s_dir->path();
    options.seed = 7;
    const auto summary = generate_movies(options);
    ASSERT_TRUE(summary.has_value()) << summary.error().message;
    s_manifest =
        new nlohmann::json(nlohmann::json::parse(read_file(dir() / k_movies_manifest_name)));
    s_metadata = new std::vector<CsvRecord>(
        split_csv(read_member(dir() / k_movies_zip_name, "movies_metadata.csv")));
    s_truth = new std::vector<CsvRecord>(split_csv(read_file(dir() / k_wikipedia_truth_name)));
    s_pages = new std::vector<Page>(parse_dump(gunzip(dir() / k_wikipedia_dump_name)));
  }
  static void TearDownTestSuite() {
    delete s_pages;
    delete s_truth;
    delete s_metadata;
    delete s_manifest;
    delete s_dir;
  }
  static const fs::path& dir() { return s_dir->path(); }
  static uint64_t count(const char* key) { return (*s_manifest)[key].get<uint64_t>(); }

  static inline TempDir* s_dir = nullptr;
  static inline nlohmann::json* s_manifest = nullptr;
  static inline std::vector<CsvRecord>* s_metadata = nullptr;  // header included
  static inline std::vector<CsvRecord>* s_truth = nullptr;     // header included
  static inline std::vector<Page>* s_pages = nullptr;
};

TEST_F(MoviesGenerated, ZipHoldsTheFiveMembersWithTheirExactHeaders) {
  const auto members = util::list_zip_members(dir() / k_movies_zip_name);
  ASSERT_TRUE(members.has_value()) << members.error().message;
  std::vector<std::string> names;
  for (const auto& member : *members) names.push_back(member.name);
  EXPECT_EQ(names, (std::vector<std::string>{"movies_metadata.csv", "links.csv", "credits.csv",
                                             "keywords.csv", "ratings.csv"}));
  const std::map<std::string, std::string> headers{
      {"movies_metadata.csv",
       "adult,belongs_to_collection,budget,genres,homepage,id,imdb_id,original_language,"
       "original_title,overview,popularity,poster_path,production_companies,"
       "production_countries,release_date,revenue,runtime,spoken_languages,status,tagline,title,"
       "video,vote_average,vote_count"},
      {"links.csv", "movieId,imdbId,tmdbId"},
      {"credits.csv", "cast,crew,id"},
      {"keywords.csv", "id,keywords"},
      {"ratings.csv", "userId,movieId,rating,timestamp"}};
  for (const auto& [member, header] : headers) {
    const std::string content = read_member(dir() / k_movies_zip_name, member);
    EXPECT_EQ(content.substr(0, content.find('\n')), header) << member;
    const auto records = split_csv(content);
    const size_t columns = split_csv(header)[0].fields.size();
    for (size_t record_idx = 1; record_idx < records.size(); ++record_idx) {
      if (member == "movies_metadata.csv") break;  // see the broken-record test
      ASSERT_EQ(records[record_idx].fields.size(), columns) << member << " record " << record_idx;
    }
    EXPECT_EQ(records.size() - 1,
              (*s_manifest)["files"]["the-movies-dataset.zip"]["members"][member]["records"]
                  .get<uint64_t>())
        << member;
  }
  // ratings_small's size: ~100k × scale rows.
  EXPECT_NEAR(static_cast<double>(
                  split_csv(read_member(dir() / k_movies_zip_name, "ratings.csv")).size() - 1),
              100'004 * k_suite_scale, 2);
}

TEST_F(MoviesGenerated, MetadataIsRfc4180ExceptExactlyTheBrokenRecords) {
  const auto& records = *s_metadata;
  ASSERT_GT(records.size(), 100u);
  EXPECT_EQ(records.size() - 1, count("records"));
  std::vector<size_t> wrong;
  for (size_t record_idx = 1; record_idx < records.size(); ++record_idx) {
    if (records[record_idx].fields.size() != k_metadata_fields) wrong.push_back(record_idx);
  }
  ASSERT_EQ(wrong.size(), count("broken_csv_records"));
  ASSERT_EQ(wrong.size(), 2 * count("broken_records"));
  ASSERT_GE(count("broken_records"), 1u);
  const std::regex date(R"(\d{4}-\d{2}-\d{2})");
  const std::regex integer(R"(\d+)");
  for (size_t pair_idx = 0; pair_idx < wrong.size(); pair_idx += 2) {
    const CsvRecord& first = records[wrong[pair_idx]];
    const CsvRecord& second = records[wrong[pair_idx + 1]];
    EXPECT_EQ(wrong[pair_idx + 1], wrong[pair_idx] + 1) << "the two halves are consecutive";
    EXPECT_EQ(first.fields.size(), 10u);
    EXPECT_EQ(second.fields.size(), 15u);
    EXPECT_TRUE(std::regex_match(first.fields[5], integer)) << first.raw;
    // A naive reader shifts the second line left: the release date lands in `id`.
    EXPECT_TRUE(std::regex_match(second.fields[5], date)) << second.raw;
    EXPECT_EQ(first.raw.find('\n'), std::string::npos);
  }
}

TEST_F(MoviesGenerated, MetadataValuesHaveTheRealFormats) {
  const auto& records = *s_metadata;
  const std::regex popularity(R"(\d+(\.\d+)?(e-\d\d)?)");
  const std::regex runtime(R"((\d+\.0)?)");
  const std::regex date(R"((\d{4}-\d{2}-\d{2})?)");
  const std::regex imdb(R"((tt\d{7})?)");
  const std::regex integer(R"(\d+)");
  const std::regex average(R"(\d+\.\d)");
  size_t zero_budgets = 0;
  size_t multi_line = 0;
  size_t films = 0;
  bool big_revenue = false;
  for (size_t record_idx = 1; record_idx < records.size(); ++record_idx) {
    const auto& fields = records[record_idx].fields;
    if (fields.size() != k_metadata_fields) continue;
    ++films;
    const std::string where = records[record_idx].raw.substr(0, 120);
    EXPECT_TRUE(fields[0] == "False" || fields[0] == "True") << where;
    EXPECT_TRUE(fields[21] == "False" || fields[21] == "True") << where;
    EXPECT_TRUE(std::regex_match(fields[2], integer)) << where;
    EXPECT_TRUE(std::regex_match(fields[5], integer)) << where;
    EXPECT_TRUE(std::regex_match(fields[6], imdb)) << where;
    EXPECT_TRUE(std::regex_match(fields[10], popularity)) << fields[10];
    EXPECT_TRUE(std::regex_match(fields[14], date)) << where;
    EXPECT_TRUE(std::regex_match(fields[15], integer)) << where;
    EXPECT_TRUE(std::regex_match(fields[16], runtime)) << fields[16];
    EXPECT_TRUE(std::regex_match(fields[22], average)) << fields[22];
    EXPECT_TRUE(std::regex_match(fields[23], integer)) << fields[23];
    zero_budgets += fields[2] == "0";
    multi_line += fields[9].find('\n') != std::string::npos;
    big_revenue = big_revenue || std::stoll(fields[15]) > 2'147'483'648LL;
    // The Python-literal columns parse (through the landing's own parser).
    for (const size_t literal_column : {1, 3, 12, 13, 17}) {
      if (fields[literal_column].empty()) continue;
      const auto json = landing::python_literal_to_json(fields[literal_column]);
      EXPECT_TRUE(json.has_value()) << fields[literal_column];
    }
    if (fields[3].size() > 2) {
      EXPECT_TRUE(fields[3].starts_with("[{'id': ")) << fields[3];
    }
    if (fields[12].size() > 2) {
      EXPECT_TRUE(fields[12].starts_with("[{'name': ")) << fields[12];
    }
  }
  const double zero_share = static_cast<double>(zero_budgets) / static_cast<double>(films);
  EXPECT_GT(zero_share, 0.65);
  EXPECT_LT(zero_share, 0.92);
  EXPECT_GE(multi_line, 1u);
  EXPECT_TRUE(big_revenue) << "a blockbuster's revenue exceeds 2^31";
}

TEST_F(MoviesGenerated, ManifestCountsAgreeWithTheFiles) {
  // Duplicates: the same id again, identical or not.
  std::map<std::string, std::string> first_record;
  uint64_t exact = 0;
  uint64_t differing = 0;
  std::vector<std::string> landing_ids;
  for (size_t record_idx = 1; record_idx < s_metadata->size(); ++record_idx) {
    const CsvRecord& record = (*s_metadata)[record_idx];
    if (record.fields.size() != k_metadata_fields) continue;
    const auto [known, inserted] = first_record.emplace(record.fields[5], record.raw);
    if (inserted) {
      landing_ids.push_back(record.fields[5]);
    } else if (known->second == record.raw) {
      ++exact;
    } else {
      ++differing;
    }
  }
  EXPECT_EQ(exact, count("duplicate_ids_exact"));
  EXPECT_EQ(differing, count("duplicate_ids_differing"));
  EXPECT_GE(exact, 1u);
  EXPECT_GE(differing, 1u);

  // The truth: one row per landing id, in file order.
  const auto& truth = *s_truth;
  ASSERT_EQ(truth[0].raw, "film_id,wikipedia_title");
  std::vector<std::string> truth_ids;
  std::map<std::string, uint64_t> relations;
  for (size_t row_idx = 1; row_idx < truth.size(); ++row_idx) {
    ASSERT_EQ(truth[row_idx].fields.size(), 2u);
    truth_ids.push_back(truth[row_idx].fields[0]);
    const std::string& title = truth[row_idx].fields[1];
    static const std::regex year_film(R"(.* \(\d{4} film\))");
    static const std::regex year_adjective_film(R"(.* \(\d{4} [A-Z][A-Za-z ]+ film\))");
    if (title.empty()) {
      ++relations["no_page"];
    } else if (title.ends_with(" (film)")) {
      ++relations["film_suffix"];
    } else if (std::regex_match(title, year_film)) {
      ++relations["year_film_suffix"];
    } else if (std::regex_match(title, year_adjective_film)) {
      ++relations["year_adjective_film_suffix"];
    } else {
      ++relations["exact_title"];
    }
  }
  EXPECT_EQ(truth_ids, landing_ids);
  EXPECT_EQ(truth_ids.size(), count("films"));
  for (const char* relation : {"no_page", "film_suffix", "year_film_suffix",
                               "year_adjective_film_suffix", "exact_title"}) {
    EXPECT_EQ(relations[relation], count(relation)) << relation;
    EXPECT_GE(relations[relation], 1u) << relation;
  }
  EXPECT_EQ(count("film_pages"), count("films") - count("no_page"));
  EXPECT_EQ(s_pages->size(), count("pages"));
  // ~8% of films have no page.
  EXPECT_NEAR(static_cast<double>(count("no_page")) / static_cast<double>(count("films")), 0.08,
              0.05);
}

TEST_F(MoviesGenerated, EveryTruthTitleIsAPageAndOtherPagesAreCounted) {
  std::map<std::string, int> page_titles;
  for (const Page& page : *s_pages) ++page_titles[page.title];
  std::set<std::string> truth_titles;
  for (size_t row_idx = 1; row_idx < s_truth->size(); ++row_idx) {
    const std::string& title = (*s_truth)[row_idx].fields[1];
    if (title.empty()) continue;
    EXPECT_TRUE(page_titles.contains(title)) << title;
    truth_titles.insert(title);
  }
  // Film titles, normalised: every other page with such a base title is an other meaning.
  std::set<std::string> film_keys;
  for (size_t record_idx = 1; record_idx < s_metadata->size(); ++record_idx) {
    const CsvRecord& record = (*s_metadata)[record_idx];
    if (record.fields.size() == k_metadata_fields)
      film_keys.insert(landing::normalize_title(record.fields[20]));
  }
  uint64_t other_meaning = 0;
  uint64_t film_abstracts = 0;
  for (const Page& page : *s_pages) {
    if (film_keys.contains(landing::normalize_title(base_of(page.title)))) {
      EXPECT_EQ(page_titles[page.title], 1)
          << "a film-titled page title used twice: " << page.title;
    }
    if (truth_titles.contains(page.title)) {
      film_abstracts += page.abstract.find(" film") != std::string::npos;
      continue;
    }
    if (film_keys.contains(landing::normalize_title(base_of(page.title)))) ++other_meaning;
  }
  EXPECT_EQ(other_meaning, count("other_meaning"));
  EXPECT_GE(other_meaning, 1u);
  EXPECT_EQ(film_abstracts + count("infobox_residue"), count("film_pages"));
}

TEST_F(MoviesGenerated, DumpHasUpstreamLayout) {
  const std::string xml = gunzip(dir() / k_wikipedia_dump_name);
  ASSERT_TRUE(xml.starts_with("<feed>\n<doc>\n<title>Wikipedia: "));
  EXPECT_TRUE(xml.ends_with("</doc>\n</feed>"));
  EXPECT_NE(xml.find("</abstract>\n<links>\n<sublink linktype=\"nav\"><anchor>"),
            std::string::npos);
  EXPECT_NE(xml.find("</anchor><link>https://en.wikipedia.org/wiki/"), std::string::npos);
  EXPECT_NE(xml.find("&amp;"), std::string::npos);
  EXPECT_NE(xml.find("&quot;"), std::string::npos);
  for (const Page& page : *s_pages) {
    ASSERT_TRUE(page.url.starts_with("https://en.wikipedia.org/wiki/")) << page.url;
    ASSERT_EQ(page.url.find(' '), std::string::npos) << page.url;
  }
}

// --- options and reproducibility ------------------------------------------------------------

MoviesGeneratorOptions small_options(const fs::path& dir, uint64_t seed) {
  MoviesGeneratorOptions options;
  options.scale = k_small_scale;
  options.out_dir = dir;
  options.seed = seed;
  return options;
}

TEST(MoviesGenerator, SameSeedGivesIdenticalBytes) {
  TempDir first;
  TempDir second;
  TempDir other_seed;
  ASSERT_TRUE(generate_movies(small_options(first.path(), 11)).has_value());
  ASSERT_TRUE(generate_movies(small_options(second.path(), 11)).has_value());
  ASSERT_TRUE(generate_movies(small_options(other_seed.path(), 12)).has_value());
  for (const char* name :
       {k_movies_zip_name, k_wikipedia_dump_name, k_wikipedia_truth_name, k_movies_manifest_name}) {
    EXPECT_EQ(read_file(first.path() / name), read_file(second.path() / name)) << name;
  }
  EXPECT_NE(read_file(first.path() / k_movies_zip_name),
            read_file(other_seed.path() / k_movies_zip_name));
  EXPECT_NE(read_file(first.path() / k_wikipedia_dump_name),
            read_file(other_seed.path() / k_wikipedia_dump_name));
}

TEST(MoviesGenerator, CrlfModeChangesOnlyTheRecordEndings) {
  TempDir lf_dir;
  TempDir crlf_dir;
  ASSERT_TRUE(generate_movies(small_options(lf_dir.path(), 5)).has_value());
  MoviesGeneratorOptions options = small_options(crlf_dir.path(), 5);
  options.line_ending = CsvLineEnding::crlf;
  ASSERT_TRUE(generate_movies(options).has_value());
  for (const char* member : k_movies_zip_members) {
    const std::string lf = read_member(lf_dir.path() / k_movies_zip_name, member);
    const std::string crlf = read_member(crlf_dir.path() / k_movies_zip_name, member);
    ASSERT_TRUE(crlf.starts_with(lf.substr(0, lf.find('\n'))));
    EXPECT_EQ(crlf.substr(lf.find('\n'), 2), "\r\n") << member;
    const auto lf_records = split_csv(lf);
    const auto crlf_records = split_csv(crlf);
    ASSERT_EQ(lf_records.size(), crlf_records.size()) << member;
    for (size_t record_idx = 0; record_idx < lf_records.size(); ++record_idx) {
      ASSERT_EQ(lf_records[record_idx].fields, crlf_records[record_idx].fields) << member;
    }
    // Every physical line outside quoted fields ends with CRLF: as many CRLFs as records.
    size_t crlf_count = 0;
    for (size_t at = crlf.find("\r\n"); at != std::string::npos; at = crlf.find("\r\n", at + 2)) {
      ++crlf_count;
    }
    EXPECT_EQ(crlf_count, crlf_records.size()) << member;
  }
  const auto manifest = nlohmann::json::parse(read_file(crlf_dir.path() / k_movies_manifest_name));
  EXPECT_EQ(manifest["line_ending"], "crlf");
}

TEST(MoviesGenerator, RejectsABadScale) {
  TempDir dir;
  MoviesGeneratorOptions options = small_options(dir.path(), 1);
  options.scale = 0;
  const auto result = generate_movies(options);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, ErrorCode::invalid_argument);
  EXPECT_NE(result.error().message.find("scale"), std::string::npos);
}

TEST(MoviesGenerator, CommandLineWritesTheFourFiles) {
  TempDir dir;
  const auto result = run_reelhouse({"generate", "movies", "--scale", "0.001", "--out",
                                     (dir.path() / "out").string(), "--seed", "3"});
  ASSERT_EQ(result.exit_code, 0) << result.output;
  for (const char* name :
       {k_movies_zip_name, k_wikipedia_dump_name, k_wikipedia_truth_name, k_movies_manifest_name}) {
    EXPECT_TRUE(fs::exists(dir.path() / "out" / name)) << name;
    EXPECT_NE(result.output.find(name), std::string::npos) << result.output;
  }
  // No temporary file is left behind.
  size_t entries = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(dir.path() / "out")) ++entries;
  EXPECT_EQ(entries, 4u);
}

// --- the text encodings ------------------------------------------------------------------------

TEST(MoviesGeneratorLiterals, PythonReprOfStrings) {
  const std::vector<std::pair<std::string, std::string>> cases{
      {"Pixar", "'Pixar'"},
      {"D'Pelicula", "\"D'Pelicula\""},
      {"say \"hi\"", "'say \"hi\"'"},
      {"it's \"x\"", "'it\\'s \"x\"'"},
      {"back\\slash", "'back\\\\slash'"},
      {"line\nbreak", "'line\\nbreak'"},
      {"Français", "'Français'"},
  };
  for (const auto& [text, expected] : cases) {
    std::string out;
    movies::append_python_string(text, out);
    EXPECT_EQ(out, expected) << text;
  }
}

TEST(MoviesGeneratorLiterals, PythonReprOfFloatsAndCsvQuoting) {
  const std::vector<std::pair<double, std::string>> floats{
      {81.0, "81.0"}, {21.946943, "21.946943"}, {8.2e-05, "8.2e-05"},
      {0.0, "0.0"},   {11.7129, "11.7129"},     {1e16, "1e+16"}};
  for (const auto& [value, expected] : floats) {
    std::string out;
    movies::append_python_float(value, out);
    EXPECT_EQ(out, expected);
  }
  const std::vector<std::pair<std::string, std::string>> fields{
      {"plain", "plain"},
      {"a,b", "\"a,b\""},
      {"say \"hi\"", "\"say \"\"hi\"\"\""},
      {"two\nlines", "\"two\nlines\""},
      {"[]", "[]"}};
  for (const auto& [field, expected] : fields) {
    std::string out;
    movies::append_csv_field(field, out);
    EXPECT_EQ(out, expected);
  }
}

}  // namespace
}  // namespace reelhouse::sources
