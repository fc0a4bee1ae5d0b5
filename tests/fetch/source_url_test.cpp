#include "fetch/source_url.hpp"

#include <gtest/gtest.h>

#include "fetch/fetcher.hpp"
#include "support/test_support.hpp"

namespace reelhouse::fetch {
namespace {

using reelhouse::testing::TempDir;
using reelhouse::testing::write_file;

TEST(SourceUrlTest, FileUrlsBecomeLocalPaths) {
  const struct {
    std::string url;
    std::string path;
  } cases[] = {
      {"file:///data/imdb/title.basics.tsv.gz", "/data/imdb/title.basics.tsv.gz"},
      {"FILE:///data/x", "/data/x"},
      {"file://localhost/data/x", "/data/x"},
      {"file:///dir%20with%20space/a%2Bb.tsv", "/dir with space/a+b.tsv"},
      {"file:///caf%C3%A9/", "/café/"},
  };
  for (const auto& test_case : cases) {
    const auto path = file_url_to_path(test_case.url);
    ASSERT_TRUE(path) << test_case.url << ": " << path.error().message;
    EXPECT_EQ(path->string(), test_case.path) << test_case.url;
  }
}

TEST(SourceUrlTest, BadFileUrlsAreInvalidArguments) {
  for (const char* url : {"file://otherhost/data/x", "file:relative/x", "file://", "file:///a%zz",
                          "file:///a%0", "file:///a%00b", "http://host/x"}) {
    const auto path = file_url_to_path(url);
    ASSERT_FALSE(path) << url;
    EXPECT_EQ(path.error().code, ErrorCode::invalid_argument) << url;
  }
}

TEST(SourceUrlTest, SchemesAreRecognised) {
  EXPECT_EQ(url_scheme("file:///x"), UrlScheme::file);
  EXPECT_EQ(url_scheme("http://h/x"), UrlScheme::http);
  EXPECT_EQ(url_scheme("HTTPS://h/x"), UrlScheme::http);
  for (const char* url : {"ftp://h/x", "/plain/path", "", "s3://bucket/key"}) {
    const auto scheme = url_scheme(url);
    ASSERT_FALSE(scheme) << url;
    EXPECT_EQ(scheme.error().code, ErrorCode::invalid_argument);
  }
}

TEST(SourceUrlTest, JoinsWithOrWithoutTrailingSlash) {
  EXPECT_EQ(join_url("https://datasets.imdbws.com/", "title.basics.tsv.gz"),
            "https://datasets.imdbws.com/title.basics.tsv.gz");
  EXPECT_EQ(join_url("https://datasets.imdbws.com", "title.basics.tsv.gz"),
            "https://datasets.imdbws.com/title.basics.tsv.gz");
  EXPECT_EQ(join_url("file:///d", "a b.tsv"), "file:///d/a%20b.tsv");
}

TEST(SourceUrlTest, HttpDirectoriesResolveToTheCompressedFile) {
  for (const char* directory : {"https://datasets.imdbws.com/", "https://datasets.imdbws.com"}) {
    const auto url = resolve_source_file(directory, "title.basics.tsv");
    ASSERT_TRUE(url) << url.error().message;
    EXPECT_EQ(*url, "https://datasets.imdbws.com/title.basics.tsv.gz");
  }
}

TEST(SourceUrlTest, FileDirectoriesPreferGzipThenPlainTsv) {
  TempDir temp;
  const std::string directory_url = "file://" + temp.path().string();
  write_file(temp.path() / "title.ratings.tsv", "plain");
  write_file(temp.path() / "name.basics.tsv.gz", "gz");
  write_file(temp.path() / "title.basics.tsv", "plain");
  write_file(temp.path() / "title.basics.tsv.gz", "gz");
  const struct {
    std::string base_name;
    std::string file;
  } cases[] = {{"title.ratings.tsv", "title.ratings.tsv"},
               {"name.basics.tsv", "name.basics.tsv.gz"},
               {"title.basics.tsv", "title.basics.tsv.gz"}};
  for (const std::string& suffix : {std::string(), std::string("/")}) {
    for (const auto& test_case : cases) {
      const auto url = resolve_source_file(directory_url + suffix, test_case.base_name);
      ASSERT_TRUE(url) << url.error().message;
      EXPECT_EQ(*url, directory_url + "/" + test_case.file);
    }
  }
}

TEST(SourceUrlTest, MissingDatasetIsNotFoundNamingBothPaths) {
  TempDir temp;
  const auto url = resolve_source_file("file://" + temp.path().string() + "/", "title.crew.tsv");
  ASSERT_FALSE(url);
  EXPECT_EQ(url.error().code, ErrorCode::not_found);
  EXPECT_NE(url.error().message.find((temp.path() / "title.crew.tsv.gz").string()),
            std::string::npos);
  EXPECT_NE(url.error().message.find((temp.path() / "title.crew.tsv").string() + " exists"),
            std::string::npos)
      << url.error().message;
  EXPECT_NE(url.error().message.find("sources.imdb.url"), std::string::npos);
}

TEST(SourceUrlTest, FileNameOfUrl) {
  EXPECT_EQ(file_name_of("https://datasets.imdbws.com/title.basics.tsv.gz"), "title.basics.tsv.gz");
  EXPECT_EQ(file_name_of("file:///d/a%20b.tsv"), "a b.tsv");
  EXPECT_EQ(file_name_of("http://h/x/data.csv?token=1#top"), "data.csv");
  for (const char* url :
       {"https://h/dir/", "https://h/x/_meta.json", "https://h/..", "https://h/x.part"}) {
    EXPECT_FALSE(file_name_of(url)) << url;
  }
}

}  // namespace
}  // namespace reelhouse::fetch
