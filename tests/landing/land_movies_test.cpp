#include "landing/land_movies.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstring>
#include <map>

#include "landing/csv_reader.hpp"
#include "landing/landing_test_util.hpp"
#include "landing/movies_row_converter.hpp"
#include "support/test_support.hpp"
#include "util/zip_archive.hpp"

namespace reelhouse::landing {
namespace {

using reelhouse::testing::read_file;
using reelhouse::testing::TempDir;
using testing::parquet;
using testing::query;
using testing::rows_as_text;

constexpr const char* k_zip_name = "the-movies-dataset.zip";

struct MoviesLanded {
  Result<LandStats> stats;
  std::filesystem::path part;
  std::filesystem::path rejects;
};

// Zips `members` (name → content) into root/the-movies-dataset.zip.
std::filesystem::path make_zip(const std::filesystem::path& root,
                               const std::map<std::string, std::string>& members) {
  std::filesystem::create_directories(root);
  const std::filesystem::path zip = root / k_zip_name;
  auto writer = util::ZipWriter::create(zip);
  EXPECT_TRUE(writer.has_value());
  for (const auto& [name, content] : members) EXPECT_TRUE(writer->add_data(name, content));
  EXPECT_TRUE(writer->commit());
  return zip;
}

MoviesLanded land(const std::filesystem::path& root, const std::filesystem::path& zip,
                  MoviesTable table) {
  MoviesLandRequest request;
  request.zip = zip;
  request.table = table;
  request.staging_dir = root / "staging";
  request.quarantine_staging_dir = root / "quarantine";
  std::filesystem::create_directories(request.staging_dir);
  std::filesystem::create_directories(request.quarantine_staging_dir);
  return {land_movies_member(request), request.staging_dir / "part-0.parquet",
          request.quarantine_staging_dir / "rejects.parquet"};
}

std::string shared_file(const std::filesystem::path& data, const std::string& name) {
  return read_file(data / "movies_dataset" / name);
}

std::string to_crlf(const std::string& text) {
  std::string converted;
  for (const char character : text) {
    if (character == '\n') converted += '\r';
    converted += character;
  }
  return converted;
}

int64_t count(const std::string& sql) {
  const db::TextTable table = query(sql);
  return table.rows.empty() ? -1 : std::stoll(table.rows[0][0].value_or("-1"));
}

TEST(LandMovies, RealMetadataLandsWithTypesAndCollapsesTheExactDuplicate) {
  SKIP_WITHOUT_SHARED_DATA(data);
  TempDir dir;
  const auto zip =
      make_zip(dir.path(), {{"movies_metadata.csv", shared_file(data, "movies_metadata.csv")}});
  const MoviesLanded landed = land(dir.path(), zip, MoviesTable::metadata);
  ASSERT_TRUE(landed.stats.has_value()) << landed.stats.error().message;
  // 2,996 records; id 105045 appears twice, byte for byte (Python csv finds the same).
  EXPECT_EQ(landed.stats->rows_in, 2996u);
  EXPECT_EQ(landed.stats->rows_out, 2995u);
  EXPECT_EQ(landed.stats->rows_rejected, 0u);
  EXPECT_EQ(landed.stats->duplicates_collapsed, 1u);
  EXPECT_EQ(landed.stats->bytes_uncompressed, 2485794u);
  EXPECT_EQ(count("SELECT count(DISTINCT id) FROM " + parquet(landed.part)), 2995);
  EXPECT_EQ(count("SELECT count(*) FROM " + parquet(landed.rejects)), 0);

  EXPECT_EQ(rows_as_text(query("SELECT id, budget, genres, release_date, revenue, adult, video, "
                               "vote_count, runtime, imdb_id FROM " +
                               parquet(landed.part) + " WHERE id = 862")),
            std::vector<std::string>{
                "862|30000000|[{\"id\":16,\"name\":\"Animation\"},{\"id\":35,\"name\":\"Comedy\"},"
                "{\"id\":10751,\"name\":\"Family\"}]|1995-10-30|373554033|false|false|5415|81.0|"
                "tt0114709"});
  EXPECT_EQ(
      rows_as_text(
          query("SELECT belongs_to_collection FROM " + parquet(landed.part) + " WHERE id = 862")),
      std::vector<std::string>{"{\"id\":10194,\"name\":\"Toy Story Collection\",\"poster_path\":\"/"
                               "7G9915LfUQ2lVfwMEEhDsn3kT4B.jpg\",\"backdrop_path\":\"/"
                               "9FBwqcd9IRruEDUrTdcaafOMKUq.jpg\"}"});
  const db::TextTable types =
      query("SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM " + parquet(landed.part) +
            ") WHERE column_name IN ('adult','budget','popularity',"
            "'release_date','genres','id') ORDER BY column_name");
  EXPECT_EQ(rows_as_text(types),
            (std::vector<std::string>{"adult|BOOLEAN", "budget|BIGINT", "genres|VARCHAR",
                                      "id|BIGINT", "popularity|DOUBLE", "release_date|DATE"}));
  // Multi-line overviews keep their line breaks.
  EXPECT_EQ(
      count("SELECT count(*) FROM " + parquet(landed.part) + " WHERE contains(overview, chr(10))"),
      2);
}

TEST(LandMovies, CrlfCopyLandsIdentically) {
  SKIP_WITHOUT_SHARED_DATA(data);
  TempDir dir;
  const std::string lf = shared_file(data, "movies_metadata.csv");
  const MoviesLanded original =
      land(dir.path() / "lf", make_zip(dir.path() / "lf", {{"movies_metadata.csv", lf}}),
           MoviesTable::metadata);
  const MoviesLanded crlf = land(
      dir.path() / "crlf", make_zip(dir.path() / "crlf", {{"movies_metadata.csv", to_crlf(lf)}}),
      MoviesTable::metadata);
  ASSERT_TRUE(original.stats.has_value() && crlf.stats.has_value());
  EXPECT_EQ(crlf.stats->rows_out, original.stats->rows_out);
  EXPECT_EQ(crlf.stats->duplicates_collapsed, 1u);
  EXPECT_EQ(count("SELECT count(*) FROM (SELECT * FROM " + parquet(original.part) +
                  " EXCEPT ALL SELECT * FROM " + parquet(crlf.part) + ")"),
            0);
  EXPECT_EQ(count("SELECT count(*) FROM (SELECT * FROM " + parquet(crlf.part) +
                  " EXCEPT ALL SELECT * FROM " + parquet(original.part) + ")"),
            0);
}

TEST(LandMovies, RealLinksCreditsAndKeywordsLand) {
  SKIP_WITHOUT_SHARED_DATA(data);
  TempDir dir;
  const auto zip = make_zip(dir.path(), {{"links.csv", shared_file(data, "links.csv")},
                                         {"credits.csv", shared_file(data, "credits.csv")},
                                         {"keywords.csv", shared_file(data, "keywords.csv")}});
  const MoviesLanded links = land(dir.path() / "links", zip, MoviesTable::links);
  ASSERT_TRUE(links.stats.has_value()) << links.stats.error().message;
  EXPECT_EQ(links.stats->rows_in, 45843u);
  EXPECT_EQ(links.stats->rows_out, 45843u);
  EXPECT_EQ(count("SELECT count(*) FROM " + parquet(links.part) + " WHERE tmdbId IS NULL"), 219);
  EXPECT_EQ(rows_as_text(query("SELECT movieId, imdbId, tmdbId FROM " + parquet(links.part) +
                               " WHERE movieId = 1")),
            std::vector<std::string>{"1|0114709|862"});

  const MoviesLanded credits = land(dir.path() / "credits", zip, MoviesTable::credits);
  ASSERT_TRUE(credits.stats.has_value()) << credits.stats.error().message;
  EXPECT_EQ(credits.stats->rows_out, 35u);
  EXPECT_EQ(credits.stats->rows_rejected, 0u);
  EXPECT_EQ(count("SELECT count(*) FROM " + parquet(credits.part) +
                  " WHERE id = 862 AND starts_with(\"cast\", '[{\"cast_id\":14,\"character\":"
                  "\"Woody (voice)\",\"credit_id\":\"52fe4284c3a36847f8024f95\",\"gender\":2,"
                  "\"id\":31,\"name\":\"Tom Hanks\",\"order\":0,')"),
            1);

  const MoviesLanded keywords = land(dir.path() / "keywords", zip, MoviesTable::keywords);
  ASSERT_TRUE(keywords.stats.has_value()) << keywords.stats.error().message;
  EXPECT_EQ(keywords.stats->rows_out, 57u);
  EXPECT_EQ(count("SELECT count(*) FROM " + parquet(keywords.part) +
                  " WHERE id = 8844 AND contains(keywords, "
                  "'{\"id\":15101,\"name\":\"based on children''s book\"}')"),
            1);
}

// --- Hand-written bad input ---------------------------------------------------------------

const std::vector<std::string> k_metadata_header = {"adult",
                                                    "belongs_to_collection",
                                                    "budget",
                                                    "genres",
                                                    "homepage",
                                                    "id",
                                                    "imdb_id",
                                                    "original_language",
                                                    "original_title",
                                                    "overview",
                                                    "popularity",
                                                    "poster_path",
                                                    "production_companies",
                                                    "production_countries",
                                                    "release_date",
                                                    "revenue",
                                                    "runtime",
                                                    "spoken_languages",
                                                    "status",
                                                    "tagline",
                                                    "title",
                                                    "video",
                                                    "vote_average",
                                                    "vote_count"};

std::string csv_field(const std::string& value) {
  if (value.find_first_of(",\"\r\n") == std::string::npos) return value;
  std::string quoted = "\"";
  for (const char character : value) {
    if (character == '"') quoted += '"';
    quoted += character;
  }
  return quoted + "\"";
}

// A valid metadata record, with some fields replaced.
std::vector<std::string> metadata_fields(int64_t id,
                                         const std::map<std::string, std::string>& changes = {}) {
  std::vector<std::string> fields = {"False",
                                     "",
                                     "1000000",
                                     "[{'id': 18, 'name': 'Drama'}]",
                                     "",
                                     std::to_string(id),
                                     "tt0000001",
                                     "en",
                                     "Title",
                                     "An overview, with a comma.",
                                     "1.5",
                                     "/p.jpg",
                                     "[{'name': \"Children's Films\", 'id': 7}]",
                                     "[{'iso_3166_1': 'US', 'name': 'United States of America'}]",
                                     "2001-02-03",
                                     "0",
                                     "90.0",
                                     "[]",
                                     "Released",
                                     "",
                                     "Title",
                                     "False",
                                     "6.5",
                                     "10"};
  for (const auto& [name, value] : changes) {
    const auto position = std::find(k_metadata_header.begin(), k_metadata_header.end(), name);
    fields[static_cast<size_t>(position - k_metadata_header.begin())] = value;
  }
  return fields;
}

std::string csv_line(const std::vector<std::string>& fields) {
  std::string line;
  for (size_t field_idx = 0; field_idx < fields.size(); ++field_idx) {
    if (field_idx > 0) line += ',';
    line += csv_field(fields[field_idx]);
  }
  return line;
}

TEST(LandMovies, BadRecordsGoToQuarantineWithTheirReasons) {
  TempDir dir;
  std::vector<std::string> lines;
  lines.push_back(csv_line(k_metadata_header));   // line 1
  lines.push_back(csv_line(metadata_fields(1)));  // 2 ok
  // 3-4: a record split by a line break in its unquoted overview: 10 + 15 fields.
  std::vector<std::string> split = metadata_fields(2, {{"overview", "First half"}});
  const std::string split_text = csv_line(split);
  const size_t break_at = split_text.find("First ") + 6;
  std::string broken = split_text.substr(0, break_at);
  broken += '\n';
  broken += split_text.substr(break_at);
  lines.push_back(broken);
  std::vector<std::string> short_fields = metadata_fields(3);
  short_fields.resize(20);
  lines.push_back(csv_line(short_fields));                                   // 5 wrong count (20)
  lines.push_back(csv_line(metadata_fields(4, {{"id", "1997-08-20"}})));     // 6 invalid_key
  lines.push_back(csv_line(metadata_fields(5, {{"budget", "/ff9q.jpg"}})));  // 7 non_numeric
  lines.push_back(csv_line(metadata_fields(6, {{"genres", "[{'id': 16, 'name': 'Anim"}})));  // 8
  lines.push_back(csv_line(metadata_fields(7, {{"title", "Bad \xFF title"}})));  // 9 invalid_utf8
  lines.push_back(csv_line(metadata_fields(8, {{"release_date", "1995-02-29"}})));  // 10
  lines.push_back(csv_line(metadata_fields(9, {{"adult", "maybe"}})));              // 11
  lines.push_back(csv_line(metadata_fields(1)));                        // 12 exact duplicate of 2
  lines.push_back(csv_line(metadata_fields(1, {{"title", "Other"}})));  // 13 duplicate_key
  std::vector<std::string> long_fields = metadata_fields(10);
  long_fields.push_back("extra");
  lines.push_back(csv_line(long_fields));  // 14 wrong count (25)
  lines.push_back(
      csv_line(metadata_fields(11, {{"revenue", "5415.0"}, {"popularity", ""}})));  // 15 ok
  std::string text;
  for (const std::string& line : lines) text += line + "\n";
  const std::string unterminated = "False,,0,[],,12,tt1,en,T,\"never closed\nstill open";
  text += unterminated;  // lines 16-17

  const auto zip = make_zip(dir.path(), {{"movies_metadata.csv", text}});
  const MoviesLanded landed = land(dir.path(), zip, MoviesTable::metadata);
  ASSERT_TRUE(landed.stats.has_value()) << landed.stats.error().message;
  EXPECT_EQ(landed.stats->rows_in, 15u);  // records, the split one counted as its two halves
  EXPECT_EQ(landed.stats->rows_out, 2u);
  EXPECT_EQ(landed.stats->duplicates_collapsed, 1u);
  EXPECT_EQ(landed.stats->rows_rejected, 12u);
  EXPECT_EQ(rows_as_text(query("SELECT id, title, revenue, popularity FROM " +
                               parquet(landed.part) + " ORDER BY id")),
            (std::vector<std::string>{"1|Title|0|1.5", "11|Title|5415|NULL"}));

  EXPECT_EQ(
      rows_as_text(query("SELECT line, reason FROM " + parquet(landed.rejects) + " ORDER BY line")),
      (std::vector<std::string>{"3|split_record", "4|split_record", "5|wrong_field_count",
                                "6|invalid_key", "7|non_numeric", "8|invalid_literal",
                                "9|invalid_utf8", "10|invalid_date", "11|invalid_boolean",
                                "13|duplicate_key", "14|wrong_field_count",
                                "16|unterminated_quote"}));
  const db::TextTable details = query("SELECT line, detail, raw, source_file, byte_offset FROM " +
                                      parquet(landed.rejects) + " ORDER BY line");
  ASSERT_EQ(details.rows.size(), 12u);
  for (const auto& row : details.rows) {
    EXPECT_EQ(row[3], "the-movies-dataset.zip:movies_metadata.csv");
    const std::string raw = row[2].value_or("");
    const size_t offset = std::stoull(row[4].value_or("0"));
    if (row[0] != "9") {
      EXPECT_EQ(text.substr(offset, raw.size()), raw) << "line " << *row[0];
    }
  }
  const auto detail_of = [&](size_t index) { return details.rows[index][1].value_or(""); };
  EXPECT_EQ(detail_of(0),
            "one record split over two by a line break: line 3 (10 fields) and line 4 (15 "
            "fields) together hold 24 + 1 fields");
  EXPECT_EQ(detail_of(2), "expected 24 fields, found 20");
  EXPECT_EQ(detail_of(3), "column id: expected an integer key, found \"1997-08-20\"");
  EXPECT_EQ(detail_of(4), "column budget: expected an integer, found \"/ff9q.jpg\"");
  EXPECT_EQ(detail_of(5),
            "column genres: not a Python literal: at byte 20: string starting here is never "
            "closed (expected ')");
  EXPECT_EQ(detail_of(7), "column release_date: expected a date YYYY-MM-DD, found \"1995-02-29\"");
  EXPECT_EQ(detail_of(9), "id 1 was already landed from line 2 with different values");
  EXPECT_EQ(detail_of(10), "expected 24 fields, found 25");
  // Invalid bytes are escaped in raw; the unterminated record runs to the end of the input.
  EXPECT_NE(details.rows[6][2]->find("Bad \\xFF title"), std::string::npos);
  EXPECT_EQ(details.rows[11][2], unterminated);
}

TEST(LandMovies, SplitDetectionNeedsTwoShortNeighbours) {
  TempDir dir;
  std::vector<std::string> first = metadata_fields(1);
  first.resize(10);
  std::vector<std::string> second = metadata_fields(2);
  second.resize(14);  // 10 + 14 = 24, not 25: two unrelated short records
  const std::string text = csv_line(k_metadata_header) + "\n" + csv_line(first) + "\n" +
                           csv_line(second) + "\n" + csv_line(metadata_fields(3)) + "\n";
  const MoviesLanded landed = land(
      dir.path(), make_zip(dir.path(), {{"movies_metadata.csv", text}}), MoviesTable::metadata);
  ASSERT_TRUE(landed.stats.has_value()) << landed.stats.error().message;
  EXPECT_EQ(landed.stats->rows_out, 1u);
  EXPECT_EQ(landed.stats->rejects_by_reason,
            (std::map<std::string, uint64_t>{{"wrong_field_count", 2}}));
}

TEST(LandMovies, RatingsHaveNoKeySoRepeatsAllLand) {
  TempDir dir;
  const std::string text =
      "userId,movieId,rating,timestamp\r\n1,31,2.5,1260759144\r\n1,31,2.5,1260759144\r\n"
      "2,x,3,1\r\n";
  const MoviesLanded landed =
      land(dir.path(), make_zip(dir.path(), {{"ratings.csv", text}}), MoviesTable::ratings);
  ASSERT_TRUE(landed.stats.has_value()) << landed.stats.error().message;
  EXPECT_EQ(landed.stats->rows_out, 2u);
  EXPECT_EQ(landed.stats->duplicates_collapsed, 0u);
  EXPECT_EQ(
      rows_as_text(query("SELECT reason, detail FROM " + parquet(landed.rejects))),
      std::vector<std::string>{"non_numeric|column movieId: expected an integer, found \"x\""});
}

TEST(LandMovies, WrongHeaderMissingMemberAndInvalidZipFailNamingTheFile) {
  TempDir dir;
  const auto zip = make_zip(
      dir.path(), {{"links.csv", "movieId,imdb_id,tmdbId\n1,0114709,862\n"}, {"keywords.csv", ""}});
  const MoviesLanded header = land(dir.path() / "header", zip, MoviesTable::links);
  ASSERT_FALSE(header.stats.has_value());
  EXPECT_EQ(header.stats.error().code, ErrorCode::parse);
  EXPECT_EQ(header.stats.error().message,
            "the-movies-dataset.zip:links.csv does not start with the header of movies_links: "
            "expected \"movieId,imdbId,tmdbId\", found \"movieId,imdb_id,tmdbId\"");

  const MoviesLanded empty = land(dir.path() / "empty", zip, MoviesTable::keywords);
  ASSERT_FALSE(empty.stats.has_value());
  EXPECT_NE(empty.stats.error().message.find("keywords.csv is empty"), std::string::npos);

  const MoviesLanded missing = land(dir.path() / "missing", zip, MoviesTable::credits);
  ASSERT_FALSE(missing.stats.has_value());
  EXPECT_EQ(missing.stats.error().code, ErrorCode::not_found);
  EXPECT_NE(missing.stats.error().message.find(zip.string()), std::string::npos);
  EXPECT_NE(missing.stats.error().message.find("\"credits.csv\""), std::string::npos);

  const std::filesystem::path bogus = dir.path() / "bogus" / k_zip_name;
  std::filesystem::create_directories(bogus.parent_path());
  reelhouse::testing::write_file(bogus, "movieId,imdbId,tmdbId\n");
  const MoviesLanded invalid = land(dir.path() / "bogus", bogus, MoviesTable::links);
  ASSERT_FALSE(invalid.stats.has_value());
  EXPECT_EQ(invalid.stats.error().code, ErrorCode::corrupt);
  EXPECT_NE(invalid.stats.error().message.find(bogus.string()), std::string::npos);
}

// Throughput on ~35 MB of real metadata records (the real file repeated with distinct ids).
TEST(LandMovies, LargeMetadataThroughput) {
  SKIP_WITHOUT_SHARED_DATA(data);
  TempDir dir;
  const std::string real = shared_file(data, "movies_metadata.csv");
  std::vector<std::vector<std::string>> records;
  {
    size_t position = 0;
    CsvReader reader(
        [&](std::span<char> out) -> Result<size_t> {
          const size_t size = std::min(out.size(), real.size() - position);
          std::memcpy(out.data(), real.data() + position, size);
          position += size;
          return size;
        },
        "movies_metadata.csv");
    CsvRecord record;
    while (reader.next(record).value()) {
      records.emplace_back(record.fields.begin(), record.fields.end());
    }
  }
  std::string text = csv_line(k_metadata_header) + "\n";
  int64_t next_id = 1;
  size_t rows = 0;
  while (text.size() < 35'000'000) {
    for (size_t record_idx = 1; record_idx < records.size(); ++record_idx) {
      std::vector<std::string> fields = records[record_idx];
      fields[5] = std::to_string(next_id++);
      text += csv_line(fields) + "\n";
      ++rows;
    }
  }
  // The CSV reader alone, and with validation and JSON conversion, from memory.
  const auto read_start = std::chrono::steady_clock::now();
  size_t position = 0;
  CsvReader reader(
      [&](std::span<char> out) -> Result<size_t> {
        const size_t size = std::min(out.size(), text.size() - position);
        std::memcpy(out.data(), text.data() + position, size);
        position += size;
        return size;
      },
      "large.csv");
  CsvRecord record;
  size_t read_records = 0;
  while (reader.next(record).value()) ++read_records;
  const double read_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - read_start).count();
  EXPECT_EQ(read_records, rows + 1);
  position = 0;
  CsvReader convert_reader(
      [&](std::span<char> out) -> Result<size_t> {
        const size_t size = std::min(out.size(), text.size() - position);
        std::memcpy(out.data(), text.data() + position, size);
        position += size;
        return size;
      },
      "large.csv");
  MoviesRowConverter converter(movies_table_spec(MoviesTable::metadata));
  const auto convert_start = std::chrono::steady_clock::now();
  ASSERT_TRUE(convert_reader.next(record).value());
  size_t converted = 0;
  while (convert_reader.next(record).value()) converted += converter.convert(record) ? 0 : 1;
  const double convert_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - convert_start).count();
  EXPECT_EQ(converted, rows);

  const auto zip = make_zip(dir.path(), {{"movies_metadata.csv", text}});
  const auto start = std::chrono::steady_clock::now();
  const MoviesLanded landed = land(dir.path(), zip, MoviesTable::metadata);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_TRUE(landed.stats.has_value()) << landed.stats.error().message;
  EXPECT_EQ(landed.stats->rows_out, rows);
  EXPECT_EQ(landed.stats->rows_rejected, 0u);
  const double megabytes = static_cast<double>(text.size()) / 1e6;
  std::cout << fmt::format(
      "{:.1f} MB, {} records: CSV reader {:.3f} s ({:.0f} MB/s), + validation and JSON {:.3f} s "
      "({:.0f} MB/s), whole landing from the zip to Parquet {:.2f} s ({:.0f} MB/s)\n",
      megabytes, rows, read_seconds, megabytes / read_seconds, convert_seconds,
      megabytes / convert_seconds, seconds, megabytes / seconds);
  RecordProperty("megabytes_per_second", static_cast<int>(megabytes / seconds));
}

}  // namespace
}  // namespace reelhouse::landing
