// land_imdb_table end to end on small files: headers, line endings, typed round trips
// through Parquet, and compressed inputs.
#include "landing/land_table.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "landing/landing_test_util.hpp"
#include "support/test_support.hpp"

namespace reelhouse::landing {
namespace {

using reelhouse::testing::TempDir;
using reelhouse::testing::write_file;
using testing::gzip_compress;
using testing::land_file;
using testing::land_text;
using testing::parquet;
using testing::query;
using testing::rows_as_text;

const std::string k_basics_header =
    "tconst\ttitleType\tprimaryTitle\toriginalTitle\tisAdult\tstartYear\tendYear\t"
    "runtimeMinutes\tgenres";
const std::string k_basics_rows =
    "tt0000001\tshort\tCarmencita\tCarmencita\t0\t1894\t\\N\t1\tDocumentary,Short\n"
    "tt0000002\tshort\tLe clown et ses chiens\tLe clown et ses chiens\t0\t1892\t\\N\t5\t"
    "Animation,Short\n"
    "tt0000003\tmovie\t\"Quoted\" \xE6\x9D\xB1\xE4\xBA\xAC\t\\N\t1\t\\N\t2020\t\\N\t\\N\n";

TEST(LandTableTest, TableNames) {
  EXPECT_EQ(table_name(ImdbTable::title_basics), "title_basics");
  EXPECT_EQ(table_name(ImdbTable::title_principals), "title_principals");
  EXPECT_EQ(upstream_base_name(ImdbTable::title_ratings), "title.ratings.tsv");
  EXPECT_EQ(upstream_base_name(ImdbTable::name_basics), "name.basics.tsv");
  EXPECT_EQ(parse_table_name("name_basics"), ImdbTable::name_basics);
  EXPECT_EQ(parse_table_name("name.basics"), std::nullopt);
}

TEST(LandTableTest, KnownCategories) {
  for (const char* known :
       {"actor", "actress", "self", "director", "producer", "writer", "composer", "cinematographer",
        "editor", "production_designer", "archive_footage", "archive_sound", "casting_director"}) {
    EXPECT_TRUE(is_known_category(known)) << known;
  }
  for (const char* unknown : {"", "Actor", "actors", "acto", "self ", "\\N", "grip",
                              "production_designe", "casting_directors", "archive_sounds"}) {
    EXPECT_FALSE(is_known_category(unknown)) << unknown;
  }
}

TEST(LandTableTest, TypedValuesAndNullsRoundTripThroughParquet) {
  TempDir dir;
  const auto landed = land_text(dir.path(), "title.basics.tsv",
                                k_basics_header + "\n" + k_basics_rows, ImdbTable::title_basics);
  ASSERT_TRUE(landed.stats.has_value()) << landed.stats.error().message;
  EXPECT_EQ(landed.stats->rows_in, 3u);
  EXPECT_EQ(landed.stats->rows_out, 3u);
  const auto schema = query("SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM " +
                            parquet(landed.part) + ")");
  EXPECT_EQ(
      rows_as_text(schema),
      (std::vector<std::string>{"tconst|VARCHAR", "titleType|VARCHAR", "primaryTitle|VARCHAR",
                                "originalTitle|VARCHAR", "isAdult|BOOLEAN", "startYear|INTEGER",
                                "endYear|INTEGER", "runtimeMinutes|INTEGER", "genres|VARCHAR"}));
  const auto rows = query("SELECT * FROM " + parquet(landed.part) + " ORDER BY tconst");
  EXPECT_EQ(
      rows_as_text(rows),
      (std::vector<std::string>{
          "tt0000001|short|Carmencita|Carmencita|false|1894|NULL|1|Documentary,Short",
          "tt0000002|short|Le clown et ses chiens|Le clown et ses chiens|false|1892|NULL|5|"
          "Animation,Short",
          "tt0000003|movie|\"Quoted\" \xE6\x9D\xB1\xE4\xBA\xAC|NULL|true|NULL|2020|NULL|NULL"}));
}

TEST(LandTableTest, RatingsAndNamesTypes) {
  TempDir dir;
  const auto ratings = land_text(dir.path(), "title.ratings.tsv",
                                 "tconst\taverageRating\tnumVotes\r\ntt0000001\t5.7\t2133\r\n"
                                 "tt0000002\t10.0\t9000000000\r\ntt0000003\t-0.25\t\\N\r\n",
                                 ImdbTable::title_ratings);
  ASSERT_TRUE(ratings.stats.has_value()) << ratings.stats.error().message;
  EXPECT_EQ(rows_as_text(query("SELECT tconst, averageRating, numVotes, typeof(averageRating), "
                               "typeof(numVotes) FROM " +
                               parquet(ratings.part) + " ORDER BY 1")),
            (std::vector<std::string>{"tt0000001|5.7|2133|DOUBLE|BIGINT",
                                      "tt0000002|10.0|9000000000|DOUBLE|BIGINT",
                                      "tt0000003|-0.25|NULL|DOUBLE|BIGINT"}));
  const auto names =
      land_text(dir.path(), "name.basics.tsv",
                "nconst\tprimaryName\tbirthYear\tdeathYear\tprimaryProfession\tknownForTitles\n"
                "nm0000001\tFred Astaire\t1899\t1987\tactor,miscellaneous\ttt0072308,tt0050419\n"
                "nm0000002\t\\N\t\\N\t\\N\t\\N\t\\N\n",
                ImdbTable::name_basics);
  ASSERT_TRUE(names.stats.has_value()) << names.stats.error().message;
  EXPECT_EQ(rows_as_text(query("SELECT * FROM " + parquet(names.part) + " ORDER BY 1")),
            (std::vector<std::string>{
                "nm0000001|Fred Astaire|1899|1987|actor,miscellaneous|tt0072308,tt0050419",
                "nm0000002|NULL|NULL|NULL|NULL|NULL"}));
}

TEST(LandTableTest, LineEndingsAndTrailingEmptyLines) {
  struct EndingCase {
    std::string name;
    std::string content;
  };
  const std::string crlf_rows =
      "tt0000001\tshort\tCarmencita\tCarmencita\t0\t1894\t\\N\t1\tDocumentary,Short\r\n"
      "tt0000002\tshort\tLe clown et ses chiens\tLe clown et ses chiens\t0\t1892\t\\N\t5\t"
      "Animation,Short\r\n"
      "tt0000003\tmovie\t\"Quoted\" \xE6\x9D\xB1\xE4\xBA\xAC\t\\N\t1\t\\N\t2020\t\\N\t\\N\r\n";
  std::string no_final_newline = k_basics_header + "\n" + k_basics_rows;
  no_final_newline.pop_back();
  const std::vector<EndingCase> cases = {
      {"lf", k_basics_header + "\n" + k_basics_rows},
      {"crlf", k_basics_header + "\r\n" + crlf_rows},
      {"no final newline", no_final_newline},
      {"trailing empty lines", k_basics_header + "\n" + k_basics_rows + "\n\r\n\n"},
  };
  for (const auto& test_case : cases) {
    TempDir dir;
    const auto landed =
        land_text(dir.path(), "title.basics.tsv", test_case.content, ImdbTable::title_basics);
    ASSERT_TRUE(landed.stats.has_value()) << test_case.name << ": " << landed.stats.error().message;
    EXPECT_EQ(landed.stats->rows_in, 3u) << test_case.name;
    EXPECT_EQ(landed.stats->rows_rejected, 0u) << test_case.name;
    EXPECT_EQ(landed.stats->bytes_uncompressed, test_case.content.size()) << test_case.name;
    const auto rows =
        query("SELECT genres, runtimeMinutes FROM " + parquet(landed.part) + " ORDER BY tconst");
    EXPECT_EQ(rows_as_text(rows),
              (std::vector<std::string>{"Documentary,Short|1", "Animation,Short|5", "NULL|NULL"}))
        << test_case.name << ": no \\r may stay in the last column";
  }
}

TEST(LandTableTest, WrongOrMissingHeaderIsAParseError) {
  struct HeaderCase {
    std::string name;
    std::string content;
    std::string message_part;
  };
  const std::vector<HeaderCase> cases = {
      {"ratings header", "tconst\taverageRating\tnumVotes\ntt0000001\t5.7\t2133\n",
       "found \"tconst\\taverageRating\\tnumVotes\""},
      {"missing column", "tconst\ttitleType\n", "expected \"tconst\\ttitleType\\tprimaryTitle"},
      {"no header", "tt0000001\tshort\tCarmencita\tCarmencita\t0\t1894\t\\N\t1\tShort\n",
       "found \"tt0000001\\tshort"},
      {"empty file", "", "is empty"},
      {"blank lines only", "\n\n", "is empty"},
  };
  for (const auto& test_case : cases) {
    TempDir dir;
    const auto landed =
        land_text(dir.path(), "wrong.tsv", test_case.content, ImdbTable::title_basics);
    ASSERT_FALSE(landed.stats.has_value()) << test_case.name;
    EXPECT_EQ(landed.stats.error().code, ErrorCode::parse) << test_case.name;
    EXPECT_NE(landed.stats.error().message.find((dir.path() / "wrong.tsv").string()),
              std::string::npos)
        << landed.stats.error().message;
    EXPECT_NE(landed.stats.error().message.find(test_case.message_part), std::string::npos)
        << test_case.name << ": " << landed.stats.error().message;
  }
}

TEST(LandTableTest, HeaderOnlyFileLandsEmptyTables) {
  TempDir dir;
  const auto landed = land_text(dir.path(), "title.ratings.tsv",
                                "tconst\taverageRating\tnumVotes\r\n", ImdbTable::title_ratings);
  ASSERT_TRUE(landed.stats.has_value()) << landed.stats.error().message;
  EXPECT_EQ(landed.stats->rows_in, 0u);
  EXPECT_EQ(query("SELECT count(*) FROM " + parquet(landed.part)).rows.at(0).at(0), "0");
  EXPECT_EQ(query("SELECT count(*) FROM " + parquet(landed.rejects)).rows.at(0).at(0), "0");
}

TEST(LandTableTest, GzipPlainMultiMemberAndBothInflatersGiveIdenticalParquet) {
  TempDir dir;
  std::string rows;
  for (int title_idx = 1; title_idx <= 3000; ++title_idx) {
    rows += fmt::format("tt{:07d}\tmovie\tTitle {}\tTitle {}\t0\t{}\t\\N\t{}\tDrama\n", title_idx,
                        title_idx, title_idx, 1900 + title_idx % 120, title_idx % 300);
  }
  rows += "bad line\n";
  const std::string content = k_basics_header + "\n" + rows;
  const size_t half = content.size() / 2;
  write_file(dir.path() / "plain.tsv", content);
  write_file(dir.path() / "packed.tsv.gz", gzip_compress(content));
  write_file(dir.path() / "multi.tsv.gz",
             gzip_compress(content.substr(0, half)) + gzip_compress(content.substr(half), 1));
  const auto reference =
      land_file(dir.path() / "plain", dir.path() / "plain.tsv", ImdbTable::title_basics);
  ASSERT_TRUE(reference.stats.has_value()) << reference.stats.error().message;
  EXPECT_EQ(reference.stats->rows_out, 3000u);
  EXPECT_EQ(reference.stats->rows_rejected, 1u);
  struct Variant {
    std::string name;
    std::string file;
    util::InflateBackend backend;
  };
  const std::vector<Variant> variants = {
      {"isal", "packed.tsv.gz", util::InflateBackend::isal},
      {"zlib", "packed.tsv.gz", util::InflateBackend::zlib},
      {"multi isal", "multi.tsv.gz", util::InflateBackend::isal},
      {"multi zlib", "multi.tsv.gz", util::InflateBackend::zlib}};
  for (size_t variant_idx = 0; variant_idx < variants.size(); ++variant_idx) {
    const Variant& variant = variants[variant_idx];
    const auto landed =
        land_file(dir.path() / std::to_string(variant_idx), dir.path() / variant.file,
                  ImdbTable::title_basics, variant.backend);
    ASSERT_TRUE(landed.stats.has_value()) << variant.name << ": " << landed.stats.error().message;
    EXPECT_EQ(landed.stats->rows_out, reference.stats->rows_out) << variant.name;
    EXPECT_EQ(landed.stats->bytes_uncompressed, content.size()) << variant.name;
    EXPECT_EQ(landed.stats->bytes_in, std::filesystem::file_size(dir.path() / variant.file));
    for (const auto& [ours, theirs] :
         {std::pair{landed.part, reference.part}, std::pair{landed.rejects, reference.rejects}}) {
      // source_file differs by design; every other column must match row for row.
      const std::string columns = "SELECT COLUMNS(c -> c <> 'source_file') FROM ";
      const auto difference = query("SELECT count(*) FROM (" + columns + parquet(ours) +
                                    " EXCEPT ALL " + columns + parquet(theirs) + ")");
      EXPECT_EQ(difference.rows.at(0).at(0), "0") << variant.name << " " << ours;
    }
  }
}

TEST(LandTableTest, TruncatedGzipIsCorruptNamingTheFile) {
  TempDir dir;
  std::string content = k_basics_header + "\n";
  for (int title_idx = 1; title_idx <= 20000; ++title_idx) {
    content += fmt::format("tt{:07d}\tmovie\tT{}\tT{}\t0\t1999\t\\N\t90\tDrama\n", title_idx,
                           title_idx * 7919 % 100003, title_idx, title_idx);
  }
  const std::string packed = gzip_compress(content);
  const auto path = dir.path() / "title.basics.tsv.gz";
  write_file(path, packed.substr(0, packed.size() * 2 / 3));
  const auto landed = land_file(dir.path() / "out", path, ImdbTable::title_basics);
  ASSERT_FALSE(landed.stats.has_value());
  EXPECT_EQ(landed.stats.error().code, ErrorCode::corrupt) << landed.stats.error().message;
  EXPECT_NE(landed.stats.error().message.find(path.string()), std::string::npos)
      << landed.stats.error().message;
  EXPECT_NE(landed.stats.error().message.find("offset"), std::string::npos);
}

TEST(LandTableTest, MissingInputOrDirectories) {
  TempDir dir;
  const auto missing =
      land_file(dir.path() / "out", dir.path() / "absent.tsv.gz", ImdbTable::title_ratings);
  ASSERT_FALSE(missing.stats.has_value());
  EXPECT_EQ(missing.stats.error().code, ErrorCode::not_found);

  LandRequest request;
  request.input = dir.path() / "absent.tsv.gz";
  request.staging_dir = dir.path() / "no-such-dir";
  request.quarantine_staging_dir = dir.path();
  const auto result = land_imdb_table(request);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, ErrorCode::invalid_argument);
}

}  // namespace
}  // namespace reelhouse::landing
