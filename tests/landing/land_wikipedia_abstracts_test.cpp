// land_wikipedia_abstracts: the kept pages land as part-0.parquet with the contract's columns
// (read back through DuckDB); failures name the file.
#include "landing/land_wikipedia_abstracts.hpp"

#include <gtest/gtest.h>

#include "db/duckdb.hpp"
#include "landing/landing_test_util.hpp"
#include "support/test_support.hpp"

namespace reelhouse::landing {
namespace {

using reelhouse::testing::TempDir;

// Runs `sql` with {part} replaced by a read_parquet(...) of `part`.
db::TextTable query_parquet(const std::filesystem::path& part, const std::string& sql) {
  auto database = db::DuckDatabase::open(":memory:");
  EXPECT_TRUE(database);
  auto connection = db::DuckConnection::connect(*database);
  EXPECT_TRUE(connection);
  auto table = connection->query_text(
      fmt::format(fmt::runtime(sql), fmt::arg("part", db::sql_read_parquet(part.string()))));
  EXPECT_TRUE(table) << table.error().message;
  return table ? *table : db::TextTable{};
}

TEST(LandWikipediaAbstracts, LandsCandidatePagesWithTheContractColumns) {
  SKIP_WITHOUT_SHARED_DATA(data);
  TempDir dir;
  const TitleSet candidates = {"king kong"};
  AbstractsLandRequest request;
  request.input = data / "wikipedia/enwiki-latest-abstract-test.xml";
  request.staging_dir = dir.path();
  request.candidates = &candidates;
  const Result<AbstractsScanStats> stats = land_wikipedia_abstracts(request);
  ASSERT_TRUE(stats) << stats.error().message;
  EXPECT_EQ(stats->docs_scanned, 8u);
  EXPECT_EQ(stats->docs_kept, 4u);

  const std::filesystem::path part = dir.path() / "part-0.parquet";
  const db::TextTable schema =
      query_parquet(part, "SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM {part})");
  std::vector<std::string> columns;
  for (const auto& row : schema.rows) columns.push_back(*row[0] + " " + *row[1]);
  EXPECT_EQ(columns, (std::vector<std::string>{"title VARCHAR", "url VARCHAR", "abstract VARCHAR",
                                               "base_title VARCHAR", "qualifier VARCHAR",
                                               "norm_title VARCHAR", "doc_offset BIGINT"}));

  const db::TextTable rows = query_parquet(
      part,
      "SELECT title, url, base_title, qualifier, norm_title, doc_offset, abstract FROM {part}");
  ASSERT_EQ(rows.rows.size(), 4u);
  EXPECT_EQ(rows.rows[0][0], "King Kong (comics)");
  EXPECT_EQ(rows.rows[2][0], "King Kong (1933 film)");
  EXPECT_EQ(rows.rows[2][1], "https://en.wikipedia.org/wiki/King_Kong_(1933_film)");
  EXPECT_EQ(rows.rows[2][2], "King Kong");
  EXPECT_EQ(rows.rows[2][3], "1933 film");
  EXPECT_EQ(rows.rows[2][4], "king kong");
  EXPECT_EQ(rows.rows[2][5], "12436");
  EXPECT_EQ(rows.rows[3][6], "| starring = Jeff BridgesCharles GrodinJessica Lange");
}

TEST(LandWikipediaAbstracts, WithoutCandidatesLandsEveryPageAndNullQualifiers) {
  SKIP_WITHOUT_SHARED_DATA(data);
  TempDir dir;
  AbstractsLandRequest request;
  request.input = data / "wikipedia/test2.xml.gz";
  request.staging_dir = dir.path();
  const Result<AbstractsScanStats> stats = land_wikipedia_abstracts(request);
  ASSERT_TRUE(stats) << stats.error().message;
  const db::TextTable rows = query_parquet(
      dir.path() / "part-0.parquet", "SELECT title, qualifier IS NULL, norm_title FROM {part}");
  ASSERT_EQ(rows.rows.size(), 1u);
  EXPECT_EQ(rows.rows[0][0], "Anarchism");
  EXPECT_EQ(rows.rows[0][1], "true");
  EXPECT_EQ(rows.rows[0][2], "anarchism");
}

TEST(LandWikipediaAbstracts, FailuresNameTheFile) {
  TempDir dir;
  std::string xml = "<feed>\n";
  for (int doc_idx = 0; doc_idx < 3000; ++doc_idx) {
    xml += fmt::format(
        "<doc><title>Wikipedia: P {}</title><url>u</url><abstract>{}</abstract>"
        "</doc>\n",
        doc_idx, doc_idx * 31337);
  }
  xml += "</feed>\n";
  const std::string compressed = testing::gzip_compress(xml);
  const std::filesystem::path truncated = dir.path() / "enwiki-latest-abstract.xml.gz";
  reelhouse::testing::write_file(truncated, compressed.substr(0, compressed.size() - 100));
  const std::filesystem::path staging = dir.path() / "staging";
  std::filesystem::create_directories(staging);
  AbstractsLandRequest request;
  request.input = truncated;
  request.staging_dir = staging;
  const Result<AbstractsScanStats> corrupt = land_wikipedia_abstracts(request);
  ASSERT_FALSE(corrupt);
  EXPECT_EQ(corrupt.error().code, ErrorCode::corrupt);
  EXPECT_NE(corrupt.error().message.find(truncated.string()), std::string::npos)
      << corrupt.error().message;

  reelhouse::testing::write_file(truncated, "<feed><doc><title>A</title>");
  const Result<AbstractsScanStats> cut = land_wikipedia_abstracts(request);
  ASSERT_FALSE(cut);
  EXPECT_EQ(cut.error().code, ErrorCode::parse);
  EXPECT_NE(cut.error().message.find("offset 6"), std::string::npos) << cut.error().message;

  request.staging_dir = dir.path() / "missing";
  EXPECT_EQ(land_wikipedia_abstracts(request).error().code, ErrorCode::invalid_argument);
}

}  // namespace
}  // namespace reelhouse::landing
