// Landing real IMDb samples (../shared/data) and a large generated file whose lines straddle
// many block boundaries, checked against an independent computation.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>

#include "landing/land_table.hpp"
#include "landing/landing_test_util.hpp"
#include "support/test_support.hpp"

namespace reelhouse::landing {
namespace {

using reelhouse::testing::read_file;
using reelhouse::testing::TempDir;
using reelhouse::testing::write_file;
using testing::gzip_compress;
using testing::land_file;
using testing::parquet;
using testing::query;

std::optional<ImdbTable> table_for_file(const std::string& file_name) {
  for (const ImdbTable table : {ImdbTable::title_basics, ImdbTable::title_ratings,
                                ImdbTable::title_principals, ImdbTable::name_basics}) {
    if (file_name == upstream_base_name(table) ||
        file_name == std::string(upstream_base_name(table)) + ".gz") {
      return table;
    }
  }
  return std::nullopt;
}

TEST(LandDataTest, RealSamplesLandWithoutRejects) {
  SKIP_WITHOUT_SHARED_DATA(shared);
  size_t landed_files = 0;
  for (const char* sample : {"early_1890s", "modern_2019"}) {
    for (const auto& entry : std::filesystem::directory_iterator(shared / "imdb" / sample)) {
      const auto table = table_for_file(entry.path().filename().string());
      if (!table) continue;
      SCOPED_TRACE(entry.path().string());
      const std::string content = read_file(entry.path());
      const auto line_count =
          static_cast<uint64_t>(std::count(content.begin(), content.end(), '\n'));
      TempDir dir;
      const auto landed = land_file(dir.path(), entry.path(), *table);
      ASSERT_TRUE(landed.stats.has_value()) << landed.stats.error().message;
      EXPECT_EQ(landed.stats->rows_rejected, 0u);
      EXPECT_EQ(landed.stats->rows_out, line_count - 1) << "wc -l minus the header";
      EXPECT_EQ(landed.stats->bytes_in, content.size());
      EXPECT_EQ(query("SELECT count(*) FROM " + parquet(landed.part)).rows.at(0).at(0),
                std::to_string(line_count - 1));
      ++landed_files;
    }
  }
  EXPECT_GE(landed_files, 7u);
}

TEST(LandDataTest, RealRatingsWithCrlfKeepCleanValues) {
  SKIP_WITHOUT_SHARED_DATA(shared);
  const auto input = shared / "imdb" / "early_1890s" / "title.ratings.tsv";
  TempDir dir;
  // The gzip copy exercises the compressed path on real bytes.
  write_file(dir.path() / "title.ratings.tsv.gz", gzip_compress(read_file(input)));
  const auto landed =
      land_file(dir.path() / "out", dir.path() / "title.ratings.tsv.gz", ImdbTable::title_ratings);
  ASSERT_TRUE(landed.stats.has_value()) << landed.stats.error().message;
  EXPECT_EQ(landed.stats->rows_rejected, 0u);
  const auto first = query("SELECT tconst, averageRating, numVotes FROM " + parquet(landed.part) +
                           " WHERE tconst = 'tt0000001'");
  ASSERT_EQ(first.rows.size(), 1u);
  EXPECT_EQ(first.rows[0][1], "5.7");
  EXPECT_EQ(first.rows[0][2], "2133");
}

// Independent aggregates of a title_basics file, computed while generating it.
struct Expected {
  uint64_t rows_out = 0;
  uint64_t rejected = 0;
  int64_t start_year_sum = 0;
  uint64_t runtime_nulls = 0;
  uint64_t adult_count = 0;
  // Sums of value × numeric id tie each value to its own row.
  uint64_t title_bytes_by_id = 0;
  uint64_t genre_bytes_by_id = 0;
  int64_t runtime_by_id = 0;
};

TEST(LandDataTest, LargeGeneratedFileMatchesIndependentChecksums) {
  static constexpr int k_rows = 200'000;
  static constexpr std::string_view k_words[] = {
      "The",    "Night",      "Am\xC3\xA9lie", "\xE6\x9D\xB1\xE4\xBA\xAC",
      "Story",  "\"Quoted\"", "a'b",           "\xF0\x9F\x8E\xAC",
      "Return", "of",         "King"};
  static constexpr std::string_view k_genres[] = {"Drama", "Comedy,Short", "\\N",
                                                  "Documentary,Music,Short"};
  std::mt19937 random(2024);
  Expected expected;
  std::string content =
      "tconst\ttitleType\tprimaryTitle\toriginalTitle\tisAdult\tstartYear\tendYear\t"
      "runtimeMinutes\tgenres\n";
  for (int row_idx = 1; row_idx <= k_rows; ++row_idx) {
    if (row_idx % 9973 == 0) {  // a stray tab: rejected, never landed
      content +=
          fmt::format("tt{:07d}\tmovie\tbroken\ttitle\tx\t0\t1999\t\\N\t1\tDrama\n", row_idx);
      ++expected.rejected;
      continue;
    }
    std::string title;
    const size_t word_count = 1 + random() % (row_idx % 1000 == 0 ? 400 : 6);  // some long lines
    for (size_t word_idx = 0; word_idx < word_count; ++word_idx) {
      if (word_idx > 0) title += ' ';
      title += k_words[random() % std::size(k_words)];
    }
    const bool adult = random() % 50 == 0;
    const int start_year = 1890 + static_cast<int>(random() % 136);
    const bool runtime_null = random() % 3 == 0;
    const int runtime = static_cast<int>(random() % 300);
    const std::string_view genres = k_genres[random() % std::size(k_genres)];
    const bool crlf = random() % 7 == 0;
    content += fmt::format(
        "tt{:07d}\tmovie\t{}\t{}\t{}\t{}\t\\N\t{}\t{}{}", row_idx, title, title, adult ? 1 : 0,
        start_year, runtime_null ? "\\N" : std::to_string(runtime), genres, crlf ? "\r\n" : "\n");
    const auto id = static_cast<uint64_t>(row_idx);
    ++expected.rows_out;
    expected.start_year_sum += start_year;
    expected.runtime_nulls += runtime_null ? 1 : 0;
    expected.adult_count += adult ? 1 : 0;
    expected.title_bytes_by_id += title.size() * id;
    expected.genre_bytes_by_id += genres == "\\N" ? 0 : genres.size() * id;
    expected.runtime_by_id += runtime_null ? 0 : runtime * static_cast<int64_t>(id);
  }
  TempDir dir;
  write_file(dir.path() / "title.basics.tsv.gz", gzip_compress(content, 1));
  const auto landed =
      land_file(dir.path() / "out", dir.path() / "title.basics.tsv.gz", ImdbTable::title_basics);
  ASSERT_TRUE(landed.stats.has_value()) << landed.stats.error().message;
  EXPECT_EQ(landed.stats->rows_in, static_cast<uint64_t>(k_rows));
  EXPECT_EQ(landed.stats->rows_out, expected.rows_out);
  EXPECT_EQ(landed.stats->rows_rejected, expected.rejected);
  EXPECT_EQ(landed.stats->bytes_uncompressed, content.size());

  const auto sums = query(
      "SELECT count(*), sum(startYear), count(*) - count(runtimeMinutes), count_if(isAdult), "
      "sum(strlen(primaryTitle) * CAST(substr(tconst, 3) AS UBIGINT)), "
      "sum(coalesce(strlen(genres), 0) * CAST(substr(tconst, 3) AS UBIGINT)), "
      "sum(coalesce(runtimeMinutes, 0) * CAST(substr(tconst, 3) AS BIGINT)), "
      "count_if(primaryTitle <> originalTitle), count_if(endYear IS NOT NULL) FROM " +
      parquet(landed.part));
  ASSERT_EQ(sums.rows.size(), 1u);
  const auto& row = sums.rows[0];
  EXPECT_EQ(row[0], std::to_string(expected.rows_out));
  EXPECT_EQ(row[1], std::to_string(expected.start_year_sum));
  EXPECT_EQ(row[2], std::to_string(expected.runtime_nulls));
  EXPECT_EQ(row[3], std::to_string(expected.adult_count));
  EXPECT_EQ(row[4], std::to_string(expected.title_bytes_by_id));
  EXPECT_EQ(row[5], std::to_string(expected.genre_bytes_by_id));
  EXPECT_EQ(row[6], std::to_string(expected.runtime_by_id));
  EXPECT_EQ(row[7], "0");
  EXPECT_EQ(row[8], "0");

  const auto rejects =
      query("SELECT min(line), count(*), count_if(reason = 'wrong_field_count') FROM " +
            parquet(landed.rejects));
  EXPECT_EQ(rejects.rows.at(0).at(0), "9974") << "row 9973 is physical line 9974";
  EXPECT_EQ(rejects.rows.at(0).at(1), std::to_string(expected.rejected));
  EXPECT_EQ(rejects.rows.at(0).at(2), std::to_string(expected.rejected));
}

}  // namespace
}  // namespace reelhouse::landing
