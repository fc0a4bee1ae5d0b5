// Tests of `reelhouse generate imdb`: the format is upstream's, the statistics are
// realistic, the output is reproducible, and the injected defects are exactly what the
// manifest says — checked by re-reading the files with zlib and rules written here, not by
// asking the generator.
#include "sources/imdb_generator.hpp"

#include <gtest/gtest.h>
#include <zlib.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "support/test_support.hpp"

namespace reelhouse::sources {
namespace {

namespace fs = std::filesystem;
using testing::read_file;
using testing::run_reelhouse;
using testing::TempDir;

constexpr double k_small_scale = 0.0005;

std::string gunzip(const fs::path& path) {
  gzFile file = gzopen(path.c_str(), "rb");
  EXPECT_NE(file, nullptr) << path;
  if (file == nullptr) return {};
  std::string content;
  char buffer[1 << 16];
  int count = 0;
  while ((count = gzread(file, buffer, sizeof buffer)) > 0) content.append(buffer, count);
  EXPECT_EQ(count, 0) << "gzip error in " << path;
  gzclose(file);
  return content;
}

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  size_t begin = 0;
  while (true) {
    const size_t end = text.find(separator, begin);
    parts.push_back(text.substr(begin, end == std::string_view::npos ? end : end - begin));
    if (end == std::string_view::npos) return parts;
    begin = end + 1;
  }
}

// The lines of a file without their LF (a CR stays), dropping the empty piece after the last LF.
std::vector<std::string_view> lines_of(const std::string& content) {
  auto lines = split(content, '\n');
  EXPECT_TRUE(!lines.empty() && lines.back().empty()) << "the file must end with a line feed";
  if (!lines.empty() && lines.back().empty()) lines.pop_back();
  return lines;
}

// Strict UTF-8: no overlongs, no surrogates, nothing above U+10FFFF.
bool is_valid_utf8(std::string_view text) {
  size_t idx = 0;
  while (idx < text.size()) {
    const auto lead = static_cast<unsigned char>(text[idx]);
    size_t length = 0;
    uint32_t code_point = 0;
    uint32_t minimum = 0;
    if (lead < 0x80) {
      ++idx;
      continue;
    } else if ((lead & 0xE0) == 0xC0) {
      length = 2, code_point = lead & 0x1F, minimum = 0x80;
    } else if ((lead & 0xF0) == 0xE0) {
      length = 3, code_point = lead & 0x0F, minimum = 0x800;
    } else if ((lead & 0xF8) == 0xF0) {
      length = 4, code_point = lead & 0x07, minimum = 0x10000;
    } else {
      return false;
    }
    if (idx + length > text.size()) return false;
    for (size_t offset = 1; offset < length; ++offset) {
      const auto next = static_cast<unsigned char>(text[idx + offset]);
      if ((next & 0xC0) != 0x80) return false;
      code_point = (code_point << 6) | (next & 0x3F);
    }
    if (code_point < minimum || code_point > 0x10FFFF ||
        (code_point >= 0xD800 && code_point <= 0xDFFF)) {
      return false;
    }
    idx += length;
  }
  return true;
}

bool is_digits(std::string_view text) {
  return !text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos;
}
bool is_integer_or_null(std::string_view text) {
  return text == "\\N" || is_digits(text.starts_with('-') ? text.substr(1) : text);
}
bool is_decimal(std::string_view text) {
  const size_t dot = text.find('.');
  return dot == std::string_view::npos
             ? is_digits(text)
             : is_digits(text.substr(0, dot)) && is_digits(text.substr(dot + 1));
}
bool is_identifier(std::string_view text, std::string_view prefix) {
  return text.starts_with(prefix) && is_digits(text.substr(prefix.size())) &&
         text.size() >= prefix.size() + 7;
}
uint64_t identifier_number(std::string_view text) {
  return std::stoull(std::string(text.substr(2)));
}

const std::set<std::string, std::less<>> k_categories{"actor",
                                                      "actress",
                                                      "self",
                                                      "director",
                                                      "producer",
                                                      "writer",
                                                      "composer",
                                                      "cinematographer",
                                                      "editor",
                                                      "production_designer",
                                                      "archive_footage",
                                                      "archive_sound",
                                                      "casting_director"};

// What a loader knows about each file: the rules below are the whole validation.
struct TableRules {
  std::string table;
  std::string file_name;
  std::string header;
  std::vector<size_t> integer_columns;
  std::vector<size_t> decimal_columns;
  std::string key_prefix;      // tt or nm, for column 0
  bool key_includes_ordering;  // principals: (tconst, ordering)
  int category_column;         // -1 when none
};

const std::vector<TableRules> k_tables{
    {"title_basics",
     "title.basics.tsv.gz",
     "tconst\ttitleType\tprimaryTitle\toriginalTitle\tisAdult\tstartYear\tendYear\t"
     "runtimeMinutes\tgenres",
     {4, 5, 6, 7},
     {},
     "tt",
     false,
     -1},
    {"title_ratings",
     "title.ratings.tsv.gz",
     "tconst\taverageRating\tnumVotes",
     {2},
     {1},
     "tt",
     false,
     -1},
    {"title_principals",
     "title.principals.tsv.gz",
     "tconst\tordering\tnconst\tcategory\tjob\tcharacters",
     {1},
     {},
     "tt",
     true,
     3},
    {"name_basics",
     "name.basics.tsv.gz",
     "nconst\tprimaryName\tbirthYear\tdeathYear\tprimaryProfession\tknownForTitles",
     {2, 3},
     {},
     "nm",
     false,
     -1},
};

// Rows of a file classified by the defect they carry, as a loader would.
struct Scan {
  uint64_t rows = 0;
  std::map<std::string, uint64_t> defects;
  uint64_t rows_with_several_defects = 0;
  uint64_t duplicates_not_after_their_original = 0;
  bool keys_sorted = true;
};

Scan scan_table(const TableRules& rules, const std::string& content) {
  Scan scan;
  const auto lines = lines_of(content);
  EXPECT_FALSE(lines.empty());
  if (lines.empty()) return scan;
  EXPECT_EQ(lines[0], rules.header) << rules.file_name;
  const size_t field_count = split(rules.header, '\t').size();
  std::set<std::pair<uint64_t, uint64_t>> seen_keys;
  std::pair<uint64_t, uint64_t> previous_key{0, 0};
  for (size_t line_idx = 1; line_idx < lines.size(); ++line_idx) {
    std::string_view line = lines[line_idx];
    ++scan.rows;
    if (line.ends_with('\r')) {
      ++scan.defects["crlf"];
      line.remove_suffix(1);
    }
    const auto fields = split(line, '\t');
    if (fields.size() != field_count) {
      ++scan.defects["wrong_field_count"];
      continue;
    }
    std::vector<std::string> found;
    for (size_t column : rules.integer_columns) {
      if (!is_integer_or_null(fields[column])) found.push_back("non_numeric");
    }
    for (size_t column : rules.decimal_columns) {
      if (!is_decimal(fields[column])) found.push_back("non_numeric");
    }
    if (!is_valid_utf8(line)) found.push_back("invalid_utf8");
    if (rules.category_column >= 0 && !k_categories.contains(fields[rules.category_column])) {
      found.push_back("unknown_category");
    }
    EXPECT_TRUE(is_identifier(fields[0], rules.key_prefix)) << fields[0];
    if (!found.empty()) {
      ++scan.defects[found.front()];
      if (found.size() > 1) ++scan.rows_with_several_defects;
      continue;
    }
    const std::pair<uint64_t, uint64_t> key{
        identifier_number(fields[0]),
        rules.key_includes_ordering ? std::stoull(std::string(fields[1])) : 0};
    if (!seen_keys.insert(key).second) {
      ++scan.defects["duplicate_key"];
      if (key != previous_key) ++scan.duplicates_not_after_their_original;
      continue;
    }
    if (key < previous_key) scan.keys_sorted = false;
    previous_key = key;
  }
  return scan;
}

GenerateImdbSummary generate_or_fail(const fs::path& out, double scale, uint64_t seed,
                                     DefectInjection defects = DefectInjection::none) {
  auto summary = generate_imdb({.scale = scale, .out_dir = out, .seed = seed, .defects = defects});
  EXPECT_TRUE(summary.has_value()) << (summary ? "" : summary.error().message);
  return summary ? *summary : GenerateImdbSummary{};
}

TEST(ImdbGeneratorTest, SameSeedGivesIdenticalBytesAndAnotherSeedDifferentOnes) {
  TempDir first, second, other;
  generate_or_fail(first.path(), k_small_scale, 42);
  generate_or_fail(second.path(), k_small_scale, 42);
  generate_or_fail(other.path(), k_small_scale, 43);
  for (const char* file_name : k_imdb_file_names) {
    const std::string bytes = read_file(first.path() / file_name);
    ASSERT_FALSE(bytes.empty()) << file_name;
    EXPECT_EQ(bytes, read_file(second.path() / file_name)) << file_name;
    EXPECT_NE(bytes, read_file(other.path() / file_name)) << file_name;
  }
}

TEST(ImdbGeneratorTest, FilesFollowTheUpstreamFormatWithoutDefects) {
  TempDir out;
  const auto summary = generate_or_fail(out.path(), k_small_scale, 42);
  ASSERT_EQ(summary.files.size(), k_tables.size());
  EXPECT_FALSE(summary.manifest.has_value());
  for (size_t table_idx = 0; table_idx < k_tables.size(); ++table_idx) {
    const TableRules& rules = k_tables[table_idx];
    const std::string content = gunzip(out.path() / rules.file_name);
    const Scan scan = scan_table(rules, content);
    EXPECT_GT(scan.rows, 100u) << rules.file_name;
    EXPECT_EQ(scan.rows, summary.files[table_idx].rows) << rules.file_name;
    EXPECT_EQ(content.size(), summary.files[table_idx].uncompressed_bytes) << rules.file_name;
    EXPECT_EQ(fs::file_size(out.path() / rules.file_name),
              summary.files[table_idx].compressed_bytes);
    EXPECT_TRUE(scan.defects.empty()) << rules.file_name << ": " << scan.defects.begin()->first;
    EXPECT_TRUE(scan.keys_sorted) << rules.file_name;
  }
  // Only the four files: no temporary file, no manifest.
  EXPECT_EQ(std::distance(fs::directory_iterator(out.path()), fs::directory_iterator{}), 4);
}

TEST(ImdbGeneratorTest, ValuesLookLikeUpstream) {
  TempDir out;
  generate_or_fail(out.path(), k_small_scale, 42);
  const auto basics = gunzip(out.path() / "title.basics.tsv.gz");
  bool has_non_ascii = false, has_literal_quote = false, has_differing_original = false;
  for (const auto line : lines_of(basics)) {
    const auto fields = split(line, '\t');
    if (fields[0] == "tconst") continue;
    EXPECT_TRUE(fields[4] == "0" || fields[4] == "1") << line;
    if (fields[5] != "\\N") {
      const int year = std::stoi(std::string(fields[5]));
      EXPECT_TRUE(year >= 1890 && year <= 2025) << line;
    }
    has_non_ascii |= !std::all_of(line.begin(), line.end(), [](char c) { return c > 0; });
    has_literal_quote |= fields[2].find('"') != std::string_view::npos;
    has_differing_original |= fields[2] != fields[3];
  }
  EXPECT_TRUE(has_non_ascii && has_literal_quote && has_differing_original);

  const std::string ratings = gunzip(out.path() / "title.ratings.tsv.gz");
  for (const auto line : lines_of(ratings)) {
    const auto fields = split(line, '\t');
    if (fields[0] == "tconst") continue;
    ASSERT_EQ(fields[1].size() == 3 ? fields[1][1] : fields[1][2], '.') << line;  // one decimal
    const double rating = std::stod(std::string(fields[1]));
    EXPECT_TRUE(rating >= 1.0 && rating <= 10.0) << line;
    EXPECT_GE(std::stoll(std::string(fields[2])), 5) << line;
  }
  const std::string principals_text = gunzip(out.path() / "title.principals.tsv.gz");
  for (const auto line : lines_of(principals_text)) {
    const auto fields = split(line, '\t');
    if (fields[0] == "tconst") continue;
    const bool characters_ok =
        fields[5] == "\\N" || (fields[5].starts_with("[\"") && fields[5].ends_with("\"]"));
    EXPECT_TRUE(characters_ok) << line;
  }
}

TEST(ImdbGeneratorTest, ProportionsAreRealistic) {
  TempDir out;
  constexpr double k_scale = 0.001;
  generate_or_fail(out.path(), k_scale, 42);
  std::map<std::string, std::string, std::less<>> title_types;
  const std::string basics = gunzip(out.path() / "title.basics.tsv.gz");
  for (const auto line : lines_of(basics)) {
    const auto fields = split(line, '\t');
    title_types.emplace(std::string(fields[0]), std::string(fields[1]));
  }
  title_types.erase("tconst");
  const double titles = static_cast<double>(title_types.size());
  EXPECT_NEAR(titles, 12'000, 1);
  const auto share_of = [&](std::string_view type) {
    return std::count_if(title_types.begin(), title_types.end(),
                         [&](const auto& entry) { return entry.second == type; }) /
           titles;
  };
  EXPECT_NEAR(share_of("tvEpisode"), 0.65, 0.05);
  EXPECT_NEAR(share_of("movie"), 0.065, 0.02);

  std::map<std::string, uint64_t, std::less<>> votes;
  const std::string ratings = gunzip(out.path() / "title.ratings.tsv.gz");
  for (const auto line : lines_of(ratings)) {
    const auto fields = split(line, '\t');
    if (fields[0] != "tconst") votes[std::string(fields[0])] = std::stoull(std::string(fields[2]));
  }
  EXPECT_NEAR(votes.size() / titles, 0.13, 0.03);
  EXPECT_TRUE(
      std::any_of(votes.begin(), votes.end(), [](const auto& v) { return v.second > 10'000; }));

  std::set<std::string, std::less<>> names;
  const std::string names_text = gunzip(out.path() / "name.basics.tsv.gz");
  for (const auto line : lines_of(names_text)) {
    names.insert(std::string(split(line, '\t')[0]));
  }
  EXPECT_NEAR(static_cast<double>(names.size()), 14'000, 300);

  // The `people` ranking needs actors and actresses with >= 3 rated movies and >= 1000 votes.
  std::map<std::string, std::pair<int, uint64_t>> rated_movies_of;
  uint64_t principals = 0, unknown_people = 0;
  const std::string principals_text = gunzip(out.path() / "title.principals.tsv.gz");
  for (const auto line : lines_of(principals_text)) {
    const auto fields = split(line, '\t');
    if (fields[0] == "tconst") continue;
    ++principals;
    if (!names.contains(fields[2])) ++unknown_people;
    const auto rating = votes.find(fields[0]);
    if ((fields[3] == "actor" || fields[3] == "actress") && rating != votes.end() &&
        title_types.find(fields[0])->second == "movie") {
      auto& [movies, total_votes] = rated_movies_of[std::string(fields[2])];
      ++movies;
      total_votes += rating->second;
    }
  }
  EXPECT_NEAR(principals / titles, 7.9, 1.0);
  EXPECT_GT(unknown_people, 0u);  // as upstream, some nconsts are missing from name.basics
  EXPECT_LT(unknown_people, principals / 50);
  const auto ranked = std::count_if(
      rated_movies_of.begin(), rated_movies_of.end(),
      [](const auto& entry) { return entry.second.first >= 3 && entry.second.second >= 1000; });
  EXPECT_GE(ranked, 30);
}

TEST(ImdbGeneratorTest, DefectManifestMatchesAnIndependentScan) {
  TempDir out;
  const auto summary = generate_or_fail(out.path(), k_small_scale, 7, DefectInjection::inject);
  ASSERT_TRUE(summary.manifest.has_value());
  const auto manifest = nlohmann::json::parse(read_file(out.path() / "defects_manifest.json"));
  EXPECT_EQ(manifest["seed"], 7);
  EXPECT_EQ(manifest["scale"], k_small_scale);
  for (const TableRules& rules : k_tables) {
    SCOPED_TRACE(rules.table);
    const auto& expected = manifest["tables"][rules.table];
    ASSERT_TRUE(expected.is_object());
    EXPECT_EQ(expected["file"], rules.file_name);
    const Scan scan = scan_table(rules, gunzip(out.path() / rules.file_name));
    EXPECT_EQ(scan.rows_with_several_defects, 0u);
    EXPECT_EQ(scan.duplicates_not_after_their_original, 0u);
    EXPECT_TRUE(scan.keys_sorted);
    EXPECT_EQ(expected["rows_written"].get<uint64_t>(), scan.rows);
    uint64_t rejects = 0;
    for (const auto& [kind, count] : expected["defects"].items()) {
      const uint64_t found = scan.defects.contains(kind) ? scan.defects.at(kind) : 0;
      EXPECT_EQ(count.get<uint64_t>(), found) << kind;
      if (kind != "crlf") rejects += found;
      if (kind != "invalid_utf8" || rules.table != "title_ratings") {
        EXPECT_GE(found, 3u) << kind;  // every applicable kind is present
      }
    }
    for (const auto& [kind, count] : scan.defects)
      EXPECT_TRUE(expected["defects"].contains(kind)) << kind;
    EXPECT_EQ(expected["expected_rejects"].get<uint64_t>(), rejects);
    EXPECT_EQ(expected["expected_valid_rows"].get<uint64_t>(), scan.rows - rejects);
  }
  EXPECT_TRUE(manifest["tables"]["title_principals"]["defects"].contains("unknown_category"));
  EXPECT_FALSE(manifest["tables"]["title_basics"]["defects"].contains("unknown_category"));
}

TEST(ImdbGeneratorTest, CommandLineWritesTheFilesAndReportsThem) {
  TempDir out;
  const auto result =
      run_reelhouse({"generate", "imdb", "--scale", "0.0005", "--out", out.path().string()});
  ASSERT_EQ(result.exit_code, 0) << result.output;
  for (const char* file_name : k_imdb_file_names) {
    EXPECT_TRUE(fs::exists(out.path() / file_name)) << file_name;
    EXPECT_NE(result.output.find(file_name), std::string::npos) << result.output;
  }
  // The default seed is 42.
  TempDir api;
  generate_or_fail(api.path(), 0.0005, 42);
  EXPECT_EQ(read_file(out.path() / "title.principals.tsv.gz"),
            read_file(api.path() / "title.principals.tsv.gz"));
}

TEST(ImdbGeneratorTest, BadArgumentsExitNonZeroWithAMessage) {
  TempDir out;
  const std::string dir = out.path().string();
  const struct {
    std::vector<std::string> args;
    std::string message_part;
  } cases[] = {
      {{"generate", "imdb", "--scale", "-1", "--out", dir}, "scale"},
      {{"generate", "imdb", "--scale", "0", "--out", dir}, "scale"},
      {{"generate", "imdb", "--scale", "lots", "--out", dir}, "scale"},
      {{"generate", "imdb", "--scale", "0.001"}, "--out"},
      {{"generate", "imdb", "--out", dir}, "--scale"},
      {{"generate", "imdb", "--scale", "0.001", "--out", dir, "--seed", "x"}, "seed"},
      {{"generate"}, "imdb"},
  };
  for (const auto& bad : cases) {
    const auto result = run_reelhouse(bad.args);
    EXPECT_NE(result.exit_code, 0) << bad.args.back();
    EXPECT_NE(result.output.find(bad.message_part), std::string::npos)
        << bad.args.back() << ": " << result.output;
  }
  EXPECT_FALSE(fs::exists(out.path() / "title.basics.tsv.gz"));
}

TEST(ImdbGeneratorTest, ApiRejectsInvalidOptions) {
  const struct {
    double scale;
    fs::path out;
  } cases[] = {{-1, "/tmp/x"}, {0, "/tmp/x"}, {1e9, "/tmp/x"}, {0.001, ""}};
  for (const auto& bad : cases) {
    const auto result = generate_imdb({.scale = bad.scale, .out_dir = bad.out});
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().code, ErrorCode::invalid_argument);
  }
}

TEST(ImdbGeneratorTest, UnwritableDirectoryIsAnIoError) {
  TempDir out;
  const fs::path blocker = out.path() / "file";
  testing::write_file(blocker, "not a directory");
  const auto result = generate_imdb({.scale = k_small_scale, .out_dir = blocker / "sub"});
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, ErrorCode::io);
}

}  // namespace
}  // namespace reelhouse::sources
