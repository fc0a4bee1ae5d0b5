#include "fetch/file_meta.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/test_support.hpp"

namespace reelhouse::fetch {
namespace {

FileMeta sample_meta() {
  return FileMeta{.url = "https://datasets.imdbws.com/title.basics.tsv.gz",
                  .file = "title.basics.tsv.gz",
                  .size = 123456789012ULL,
                  .sha256 = std::string(64, 'a'),
                  .etag = "\"abc\"",
                  .last_modified = "Wed, 21 Oct 2015 07:28:00 GMT",
                  .fetched_at = "2025-01-31T12:00:00Z",
                  .attempts = 3};
}

TEST(FileMetaTest, RoundTripsThroughJson) {
  const FileMeta meta = sample_meta();
  const auto parsed = parse_file_meta(file_meta_to_json(meta), "_meta.json");
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(*parsed, meta);
}

TEST(FileMetaTest, AbsentValidatorsAreNull) {
  FileMeta meta = sample_meta();
  meta.etag.reset();
  meta.last_modified.reset();
  const auto json = nlohmann::json::parse(file_meta_to_json(meta));
  EXPECT_TRUE(json.at("etag").is_null());
  EXPECT_TRUE(json.at("last_modified").is_null());
  const auto parsed = parse_file_meta(json.dump(), "_meta.json");
  ASSERT_TRUE(parsed);
  EXPECT_EQ(*parsed, meta);
}

TEST(FileMetaTest, HasTheDocumentedFields) {
  const auto json = nlohmann::json::parse(file_meta_to_json(sample_meta()));
  for (const char* field :
       {"url", "file", "size", "sha256", "etag", "last_modified", "fetched_at", "attempts"}) {
    EXPECT_TRUE(json.contains(field)) << field;
  }
  EXPECT_EQ(json.size(), 8u);
}

TEST(FileMetaTest, MalformedRecordsAreParseErrors) {
  const nlohmann::json good = nlohmann::json::parse(file_meta_to_json(sample_meta()));
  auto with = [&](const char* field, nlohmann::json value) {
    nlohmann::json changed = good;
    changed[field] = std::move(value);
    return changed.dump();
  };
  auto without = [&](const char* field) {
    nlohmann::json changed = good;
    changed.erase(field);
    return changed.dump();
  };
  const std::string cases[] = {
      "",
      "not json",
      "[1, 2]",
      without("url"),
      without("sha256"),
      without("size"),
      with("size", -1),
      with("size", "12"),
      with("sha256", "abc"),
      with("file", "../escape"),
      with("file", "dir/file"),
      with("file", "_meta.json"),
      with("etag", 5),
      with("attempts", "one"),
  };
  for (const std::string& text : cases) {
    const auto parsed = parse_file_meta(text, "/lake/raw/x/_meta.json");
    ASSERT_FALSE(parsed) << text;
    EXPECT_EQ(parsed.error().code, ErrorCode::parse) << text;
    EXPECT_NE(parsed.error().message.find("/lake/raw/x/_meta.json"), std::string::npos);
  }
}

TEST(FileMetaTest, ReadsAndWritesTheDirectoryRecord) {
  reelhouse::testing::TempDir temp;
  const auto absent = read_file_meta(temp.path());
  ASSERT_TRUE(absent);
  EXPECT_FALSE(*absent);
  ASSERT_TRUE(write_file_meta(temp.path(), sample_meta()));
  const auto present = read_file_meta(temp.path());
  ASSERT_TRUE(present) << present.error().message;
  ASSERT_TRUE(*present);
  EXPECT_EQ(**present, sample_meta());
}

TEST(FileMetaTest, FormatsUtcTimestamps) {
  EXPECT_EQ(format_utc_timestamp(std::chrono::system_clock::from_time_t(0)),
            "1970-01-01T00:00:00Z");
  EXPECT_EQ(format_utc_timestamp(std::chrono::system_clock::from_time_t(1700000000) +
                                 std::chrono::milliseconds{999}),
            "2023-11-14T22:13:20Z");
}

TEST(FileMetaTest, PlainFileNames) {
  for (const char* name : {"title.basics.tsv.gz", "a", "movies.zip", ".hidden"}) {
    EXPECT_TRUE(is_plain_file_name(name)) << name;
  }
  for (const char* name : {"", ".", "..", "a/b", "/abs", "_meta.json", "x.part"}) {
    EXPECT_FALSE(is_plain_file_name(name)) << name;
  }
}

}  // namespace
}  // namespace reelhouse::fetch
