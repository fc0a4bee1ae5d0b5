// fetch_file over file:// URLs: the copy, the commit record, the cache and its failure modes.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <nlohmann/json.hpp>
#include <regex>

#include "fetch/fetcher.hpp"
#include "fetch/part_file.hpp"
#include "fetch/sha256.hpp"
#include "support/test_support.hpp"

namespace reelhouse::fetch {
namespace {

using reelhouse::testing::read_file;
using reelhouse::testing::TempDir;
using reelhouse::testing::write_file;

constexpr std::string_view k_hello_sha256 =
    "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03";  // "hello\n"

std::vector<std::string> entries(const std::filesystem::path& directory) {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(directory)) {
    names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

struct FileFetchTest : ::testing::Test {
  TempDir temp;
  std::filesystem::path source_dir = temp.path() / "upstream";
  std::filesystem::path target_dir = temp.path() / "raw/imdb/title.basics/ingest_date=2025-01-31";
  std::string url = "file://" + (source_dir / "title.basics.tsv.gz").string();

  Result<FetchedFile> fetch(Refresh refresh = Refresh::no,
                            const std::string& file_name = "title.basics.tsv.gz") {
    return fetch_file(url, target_dir, file_name, FetchPolicy{}, refresh, Progress::off);
  }
};

TEST_F(FileFetchTest, CopiesTheFileAndWritesItsMeta) {
  write_file(source_dir / "title.basics.tsv.gz", "hello\n");
  const auto fetched = fetch();
  ASSERT_TRUE(fetched) << fetched.error().message;
  EXPECT_EQ(fetched->path, target_dir / "title.basics.tsv.gz");
  EXPECT_EQ(fetched->bytes, 6u);
  EXPECT_EQ(fetched->sha256, k_hello_sha256);
  EXPECT_FALSE(fetched->reused);
  EXPECT_EQ(fetched->url, url);
  EXPECT_EQ(read_file(fetched->path), "hello\n");
  EXPECT_EQ(entries(target_dir), (std::vector<std::string>{"_meta.json", "title.basics.tsv.gz"}));

  const auto meta = nlohmann::json::parse(read_file(target_dir / "_meta.json"));
  EXPECT_EQ(meta.at("url"), url);
  EXPECT_EQ(meta.at("file"), "title.basics.tsv.gz");
  EXPECT_EQ(meta.at("size"), 6);
  EXPECT_EQ(meta.at("sha256"), k_hello_sha256);
  EXPECT_TRUE(meta.at("etag").is_null());
  EXPECT_TRUE(meta.at("last_modified").is_string());  // the source's mtime
  EXPECT_EQ(meta.at("attempts"), 1);
  EXPECT_TRUE(std::regex_match(meta.at("fetched_at").get<std::string>(),
                               std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)")))
      << meta.at("fetched_at");
}

TEST_F(FileFetchTest, ReusesAVerifiedCopyWithoutCopying) {
  write_file(source_dir / "title.basics.tsv.gz", "hello\n");
  ASSERT_TRUE(fetch());
  const auto first_mtime = std::filesystem::last_write_time(target_dir / "title.basics.tsv.gz");
  // Upstream changes; a copy would pick the change up, a cache hit must not.
  write_file(source_dir / "title.basics.tsv.gz", "changed upstream\n");
  const auto again = fetch();
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_TRUE(again->reused);
  EXPECT_EQ(again->sha256, k_hello_sha256);
  EXPECT_EQ(read_file(target_dir / "title.basics.tsv.gz"), "hello\n");
  EXPECT_EQ(std::filesystem::last_write_time(target_dir / "title.basics.tsv.gz"), first_mtime);
}

TEST_F(FileFetchTest, RefreshFetchesAgain) {
  write_file(source_dir / "title.basics.tsv.gz", "hello\n");
  ASSERT_TRUE(fetch());
  write_file(source_dir / "title.basics.tsv.gz", "changed upstream\n");
  const auto refreshed = fetch(Refresh::yes);
  ASSERT_TRUE(refreshed) << refreshed.error().message;
  EXPECT_FALSE(refreshed->reused);
  EXPECT_EQ(read_file(target_dir / "title.basics.tsv.gz"), "changed upstream\n");
  const auto verified = verify_fetched_file(target_dir);
  ASSERT_TRUE(verified) << verified.error().message;
  EXPECT_EQ(verified->sha256, refreshed->sha256);
}

TEST_F(FileFetchTest, TamperedCopyIsNotTrustedAndIsFetchedAgain) {
  const struct {
    std::string name;
    std::string tampered;
    ErrorCode code;
  } cases[] = {{"same size", "HELLO\n", ErrorCode::corrupt},
               {"other size", "hello world\n", ErrorCode::corrupt}};
  write_file(source_dir / "title.basics.tsv.gz", "hello\n");
  for (const auto& test_case : cases) {
    ASSERT_TRUE(fetch());
    write_file(target_dir / "title.basics.tsv.gz", test_case.tampered);
    const auto verified = verify_fetched_file(target_dir);
    ASSERT_FALSE(verified) << test_case.name;
    EXPECT_EQ(verified.error().code, test_case.code) << test_case.name;
    const auto again = fetch();
    ASSERT_TRUE(again) << again.error().message;
    EXPECT_FALSE(again->reused) << test_case.name;
    EXPECT_EQ(read_file(target_dir / "title.basics.tsv.gz"), "hello\n") << test_case.name;
  }
}

TEST_F(FileFetchTest, FileWithoutMetaIsNotTrusted) {
  write_file(source_dir / "title.basics.tsv.gz", "hello\n");
  ASSERT_TRUE(fetch());
  std::filesystem::remove(target_dir / "_meta.json");
  const auto verified = verify_fetched_file(target_dir);
  ASSERT_FALSE(verified);
  EXPECT_EQ(verified.error().code, ErrorCode::not_found);
  const auto again = fetch();
  ASSERT_TRUE(again);
  EXPECT_FALSE(again->reused);
  EXPECT_TRUE(std::filesystem::exists(target_dir / "_meta.json"));
}

TEST_F(FileFetchTest, UnreadableMetaIsReplaced) {
  write_file(source_dir / "title.basics.tsv.gz", "hello\n");
  ASSERT_TRUE(fetch());
  write_file(target_dir / "_meta.json", "{ truncated");
  const auto again = fetch();
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_FALSE(again->reused);
  EXPECT_TRUE(verify_fetched_file(target_dir));
}

TEST_F(FileFetchTest, MissingSourceIsNotFoundNamingThePath) {
  const auto fetched = fetch();
  ASSERT_FALSE(fetched);
  EXPECT_EQ(fetched.error().code, ErrorCode::not_found);
  EXPECT_NE(fetched.error().message.find((source_dir / "title.basics.tsv.gz").string()),
            std::string::npos)
      << fetched.error().message;
  EXPECT_NE(fetched.error().message.find("sources."), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(target_dir)) << "a failed fetch created the partition";
}

TEST_F(FileFetchTest, PercentEncodedPathsAreDecoded) {
  write_file(temp.path() / "my data" / "a+b.tsv", "hello\n");
  url = "file://" + temp.path().string() + "/my%20data/a%2Bb.tsv";
  const auto fetched = fetch(Refresh::no, "a+b.tsv");
  ASSERT_TRUE(fetched) << fetched.error().message;
  EXPECT_EQ(fetched->sha256, k_hello_sha256);
}

TEST_F(FileFetchTest, ANewFileReplacesThePreviousDatasetFile) {
  write_file(source_dir / "title.basics.tsv.gz", "compressed\n");
  write_file(source_dir / "title.basics.tsv", "hello\n");
  ASSERT_TRUE(fetch());
  url = "file://" + (source_dir / "title.basics.tsv").string();
  const auto fetched = fetch(Refresh::no, "title.basics.tsv");
  ASSERT_TRUE(fetched) << fetched.error().message;
  EXPECT_EQ(entries(target_dir), (std::vector<std::string>{"_meta.json", "title.basics.tsv"}));
  const auto verified = verify_fetched_file(target_dir);
  ASSERT_TRUE(verified);
  EXPECT_EQ(verified->path, target_dir / "title.basics.tsv");
}

TEST_F(FileFetchTest, CopiesLargeFilesInBlocks) {
  std::string content;
  for (int line = 0; content.size() < 3'500'000; ++line) {
    content += "tt" + std::to_string(line) + "\tmovie\tTitle " + std::to_string(line) + "\n";
  }
  write_file(source_dir / "title.basics.tsv.gz", content);
  const auto fetched = fetch();
  ASSERT_TRUE(fetched) << fetched.error().message;
  EXPECT_EQ(fetched->bytes, content.size());
  EXPECT_EQ(fetched->sha256, sha256_hex(content));
  EXPECT_EQ(read_file(fetched->path), content);
}

TEST_F(FileFetchTest, AnotherFetchInProgressMakesItBusy) {
  write_file(source_dir / "title.basics.tsv.gz", "hello\n");
  std::filesystem::create_directories(target_dir);
  auto in_progress = PartFile::open(target_dir / "title.basics.tsv.gz");
  ASSERT_TRUE(in_progress) << in_progress.error().message;
  const auto fetched = fetch();
  ASSERT_FALSE(fetched);
  EXPECT_EQ(fetched.error().code, ErrorCode::busy);
  EXPECT_TRUE(fetched.error().is_transient());
}

TEST_F(FileFetchTest, RejectsBadArguments) {
  write_file(source_dir / "title.basics.tsv.gz", "hello\n");
  for (const char* name : {"", "../x", "_meta.json", "a/b"}) {
    const auto fetched = fetch(Refresh::no, name);
    ASSERT_FALSE(fetched) << name;
    EXPECT_EQ(fetched.error().code, ErrorCode::invalid_argument) << name;
  }
  url = "ftp://example.com/x";
  EXPECT_EQ(fetch().error().code, ErrorCode::invalid_argument);
  url = "file://" + source_dir.string();  // a directory, not a file
  EXPECT_FALSE(fetch());
}

TEST_F(FileFetchTest, StalePartFileIsIgnored) {
  write_file(source_dir / "title.basics.tsv.gz", "hello\n");
  write_file(target_dir / "title.basics.tsv.gz.part", "garbage left by a crashed run");
  const auto fetched = fetch();
  ASSERT_TRUE(fetched) << fetched.error().message;
  EXPECT_EQ(read_file(fetched->path), "hello\n");
  EXPECT_EQ(entries(target_dir), (std::vector<std::string>{"_meta.json", "title.basics.tsv.gz"}));
}

TEST_F(FileFetchTest, UrlExistsForLocalFiles) {
  write_file(source_dir / "title.basics.tsv.gz", "hello\n");
  EXPECT_EQ(url_exists(url, FetchPolicy{}), true);
  EXPECT_EQ(url_exists(url + ".missing", FetchPolicy{}), false);
}

TEST(FetchPolicyTest, ComesFromTheConfiguration) {
  FetchConfig config;
  config.connect_timeout_seconds = 3;
  config.timeout_seconds = 40;
  config.low_speed_seconds = 5;
  config.max_attempts = 7;
  config.backoff_initial_ms = 10;
  config.backoff_max_ms = 20;
  const FetchPolicy policy = fetch_policy_from_config(config);
  EXPECT_EQ(policy.connect_timeout, std::chrono::seconds{3});
  EXPECT_EQ(policy.total_timeout, std::chrono::seconds{40});
  EXPECT_EQ(policy.low_speed_time, std::chrono::seconds{5});
  EXPECT_EQ(policy.max_attempts, 7);
  EXPECT_EQ(policy.backoff_initial, std::chrono::milliseconds{10});
  EXPECT_EQ(policy.backoff_max, std::chrono::milliseconds{20});
}

}  // namespace
}  // namespace reelhouse::fetch
