// Each quarantine reason, with hand-made files: exact counts, line numbers, byte offsets,
// details and raw text.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "landing/land_table.hpp"
#include "landing/landing_test_util.hpp"
#include "support/test_support.hpp"

namespace reelhouse::landing {
namespace {

using reelhouse::testing::TempDir;
using testing::land_text;
using testing::parquet;
using testing::query;
using testing::rows_as_text;

// One input line and, when it must be rejected, the expected quarantine row.
struct LineCase {
  std::string text;    // without the line terminator
  std::string reason;  // empty: the line is accepted
  std::string detail;
  std::string raw = "";  // expected raw column; defaults to `text`
};

struct RejectFile {
  std::string name;
  ImdbTable table;
  std::string line_end;         // "\n" or "\r\n"
  std::vector<LineCase> lines;  // after the header
};

void expect_quarantine(const RejectFile& file) {
  SCOPED_TRACE(file.name);
  TempDir dir;
  std::string content = std::string(table_spec(file.table).header) + file.line_end;
  std::vector<std::string> expected_rejects;
  uint64_t expected_out = 0;
  for (size_t line_idx = 0; line_idx < file.lines.size(); ++line_idx) {
    const LineCase& line = file.lines[line_idx];
    const uint64_t offset = content.size();
    content += line.text + file.line_end;
    if (line.reason.empty()) {
      ++expected_out;
      continue;
    }
    expected_rejects.push_back(std::to_string(line_idx + 2) + "|" + std::to_string(offset) + "|" +
                               line.reason + "|" + line.detail + "|" +
                               (line.raw.empty() ? line.text : line.raw));
  }
  const auto landed = land_text(dir.path(), file.name, content, file.table);
  ASSERT_TRUE(landed.stats.has_value()) << landed.stats.error().message;
  EXPECT_EQ(landed.stats->rows_in, file.lines.size());
  EXPECT_EQ(landed.stats->rows_out, expected_out);
  EXPECT_EQ(landed.stats->rows_rejected, expected_rejects.size());
  uint64_t counted = 0;
  for (const auto& [reason, count] : landed.stats->rejects_by_reason) counted += count;
  EXPECT_EQ(counted, expected_rejects.size());

  const auto rejects = query("SELECT line, byte_offset, reason, detail, raw FROM " +
                             parquet(landed.rejects) + " ORDER BY line");
  EXPECT_EQ(rows_as_text(rejects), expected_rejects);
  const auto sources = query("SELECT DISTINCT source_file FROM " + parquet(landed.rejects));
  for (const auto& row : sources.rows) EXPECT_EQ(row[0], (dir.path() / file.name).string());
  EXPECT_EQ(query("SELECT count(*) FROM " + parquet(landed.part)).rows.at(0).at(0),
            std::to_string(expected_out));
}

const std::string k_good_title =
    "\tshort\tCarmencita\tCarmencita\t0\t1894\t\\N\t1\tDocumentary,Short";

TEST(LandRejectsTest, TitleBasicsReasonsInCheckOrder) {
  expect_quarantine(
      {"title.basics.tsv",
       ImdbTable::title_basics,
       "\n",
       {
           {"tt0000001" + k_good_title, "", ""},
           {"tt0000002\tshort\tLe clown\tLe clown\t0\t1892\t\\N\t5", "wrong_field_count",
            "expected 9 fields, found 8"},
           {"tt0000003\tshort\tPauvre \xFF\tPauvre\t0\t1892\t\\N\t4\tShort", "invalid_utf8",
            "column primaryTitle: invalid UTF-8 byte 0xFF at byte 7 of the value",
            "tt0000003\tshort\tPauvre \\xFF\tPauvre\t0\t1892\t\\N\t4\tShort"},
           {"xx0000004" + k_good_title, "invalid_key",
            "column tconst: \"xx0000004\" is not tt followed by digits"},
           {"tt0000005\tshort\tA\tA\t0\tabc\t\\N\t1\t\\N", "non_numeric",
            "column startYear: \"abc\" is not an integer"},
           {"tt0000006\tshort\tA\tA\t2\t1900\t\\N\t1\t\\N", "non_numeric",
            "column isAdult: \"2\" is not 0 or 1"},
           {"tt0000001" + k_good_title, "duplicate_key", "duplicate tconst \"tt0000001\""},
           // Several problems: the first rule in check order decides.
           {"tt000000x\tshort\t\xC3\tA\t0\tabc\t\\N\t1", "wrong_field_count",
            "expected 9 fields, found 8", "tt000000x\tshort\t\\xC3\tA\t0\tabc\t\\N\t1"},
           {"tt000000x\tshort\t\xC3\tA\t0\tabc\t\\N\t1\t\\N", "invalid_utf8",
            "column primaryTitle: invalid UTF-8 byte 0xC3 at byte 0 of the value",
            "tt000000x\tshort\t\\xC3\tA\t0\tabc\t\\N\t1\t\\N"},
           {"tt000000x\tshort\tA\tA\t0\tabc\t\\N\t1\t\\N", "invalid_key",
            "column tconst: \"tt000000x\" is not tt followed by digits"},
           {"tt0000008\tshort\tA\tA\t0\t1900\t\\N\t99999999999\t\\N", "non_numeric",
            "column runtimeMinutes: \"99999999999\" is out of range for INTEGER"},
           {"", "wrong_field_count", "expected 9 fields, found 1"},
           {"\\N" + k_good_title, "invalid_key",
            "column tconst: \"\\N\" is not tt followed by digits"},
           {"tt" + k_good_title, "invalid_key",
            "column tconst: \"tt\" is not tt followed by digits"},
           {"tt0000009\tshort\tA\tA\t0\t1900\t\\N\t1\tDrama\textra", "wrong_field_count",
            "expected 9 fields, found 10"},
           // A rejected row never claims its key: tt0000005 was refused above.
           {"tt0000005\tshort\tA\tA\t\\N\t-44\t\\N\t\\N\t\\N", "", ""},
           // tt01 and tt0000001 are different keys although their numbers are equal.
           {"tt01" + k_good_title, "", ""},
           {"tt01" + k_good_title, "duplicate_key", "duplicate tconst \"tt01\""},
           {"tt12345678" + k_good_title, "", ""},
           {"tt12345678" + k_good_title, "duplicate_key", "duplicate tconst \"tt12345678\""},
       }});
}

TEST(LandRejectsTest, TitleRatingsWithCrlf) {
  expect_quarantine(
      {"title.ratings.tsv",
       ImdbTable::title_ratings,
       "\r\n",
       {
           {"tt0000001\t5.7\t2133", "", ""},
           {"tt0000002\t5,5\t289", "non_numeric",
            "column averageRating: \"5,5\" is not a decimal number"},
           {"tt0000003\t6\t12.0", "non_numeric", "column numVotes: \"12.0\" is not an integer"},
           {"tt0000004\t1e3\t1", "non_numeric",
            "column averageRating: \"1e3\" is not a decimal number"},
           {"tt0000005\tnan\t1", "non_numeric",
            "column averageRating: \"nan\" is not a decimal number"},
           {"tt0000006\t.5\t1", "non_numeric",
            "column averageRating: \".5\" is not a decimal number"},
           {"tt0000007\t\\N\t\\N", "", ""},
           {"tt0000001\t9.9\t1", "duplicate_key", "duplicate tconst \"tt0000001\""},
           {"tt0000008\t5.0", "wrong_field_count", "expected 3 fields, found 2"},
       }});
}

TEST(LandRejectsTest, TitlePrincipalsCategoriesAndOrderings) {
  expect_quarantine(
      {"title.principals.tsv",
       ImdbTable::title_principals,
       "\n",
       {
           {"tt0000001\t1\tnm1588970\tself\t\\N\t[\"Self\"]", "", ""},
           {"tt0000001\t2\tnm0005690\tdirector\t\\N\t\\N", "", ""},
           {"tt0000001\t2\tnm0374658\tcinematographer\tdirector of photography\t\\N",
            "duplicate_key", "duplicate (tconst, ordering) (\"tt0000001\", 2)"},
           {"tt0000001\t3\tnm0374658\tgrip\t\\N\t\\N", "unknown_category",
            "column category: \"grip\" is not a known category"},
           {"tt0000001\t4\tnm0374658\t\\N\t\\N\t\\N", "unknown_category",
            "column category: \"\\N\" is not a known category"},
           {"tt0000001\t5\tmn0374658\tactor\t\\N\t\\N", "invalid_key",
            "column nconst: \"mn0374658\" is not nm followed by digits"},
           {"tt0000001\tfirst\tnm0374658\tactor\t\\N\t\\N", "non_numeric",
            "column ordering: \"first\" is not an integer"},
           // The same ordering under the next tconst is fine; NULL orderings never clash.
           {"tt0000002\t2\tnm0005690\tcasting_director\t\\N\t\\N", "", ""},
           {"tt0000002\t\\N\tnm0005690\tarchive_sound\t\\N\t\\N", "", ""},
           {"tt0000002\t\\N\tnm0005690\tarchive_footage\t\\N\t\\N", "", ""},
           {"tt0000002\t5000\tnm0005690\tproduction_designer\t\\N\t\\N", "", ""},
           {"tt0000002\t5000\tnm0005690\teditor\t\\N\t\\N", "duplicate_key",
            "duplicate (tconst, ordering) (\"tt0000002\", 5000)"},
       }});
}

TEST(LandRejectsTest, NameBasicsDuplicatesAndYears) {
  expect_quarantine(
      {"name.basics.tsv",
       ImdbTable::name_basics,
       "\n",
       {
           {"nm0000001\tFred Astaire\t1899\t1987\tactor\ttt0072308,tt0050419", "", ""},
           {"nm0000002\tLauren Bacall\t1924\t\\N\t\\N\t\\N", "", ""},
           {"nm0000001\tFred Again\t1899\t1987\tactor\t\\N", "duplicate_key",
            "duplicate nconst \"nm0000001\""},
           {"nm0000003\tX\t-\t\\N\t\\N\t\\N", "non_numeric",
            "column birthYear: \"-\" is not an integer"},
           {"nm0000004\tX\t1900\t2000 \t\\N\t\\N", "non_numeric",
            "column deathYear: \"2000 \" is not an integer"},
           {"tt0000005\tX\t1900\t\\N\t\\N\t\\N", "invalid_key",
            "column nconst: \"tt0000005\" is not nm followed by digits"},
       }});
}

TEST(LandRejectsTest, LongValuesAreCutInDetails) {
  const std::string long_year(200, '7');
  expect_quarantine({"title.ratings.tsv",
                     ImdbTable::title_ratings,
                     "\n",
                     {{"tt0000001\t5\t" + long_year, "non_numeric",
                       "column numVotes: \"" + long_year.substr(0, 80) +
                           "…\" (200 bytes) is out of range for BIGINT"}}});
}

TEST(LandRejectsTest, EmptyRejectsFileHasTheSchema) {
  TempDir dir;
  const auto landed = land_text(dir.path(), "title.ratings.tsv",
                                "tconst\taverageRating\tnumVotes\ntt0000001\t5.7\t2133\n",
                                ImdbTable::title_ratings);
  ASSERT_TRUE(landed.stats.has_value()) << landed.stats.error().message;
  EXPECT_EQ(landed.stats->rows_rejected, 0u);
  EXPECT_TRUE(landed.stats->rejects_by_reason.empty());
  const auto schema = query("SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM " +
                            parquet(landed.rejects) + ")");
  EXPECT_EQ(rows_as_text(schema),
            (std::vector<std::string>{"line|BIGINT", "byte_offset|BIGINT", "reason|VARCHAR",
                                      "detail|VARCHAR", "raw|VARCHAR", "source_file|VARCHAR"}));
  EXPECT_EQ(query("SELECT count(*) FROM " + parquet(landed.rejects)).rows.at(0).at(0), "0");
  EXPECT_FALSE(std::filesystem::exists(landed.rejects.parent_path() / ".rejects.spill"));
}

}  // namespace
}  // namespace reelhouse::landing
