// Tests of the s3://bucket/prefix parse: a table of good URLs, then a table of bad ones.
#include "objectstore/s3_url.hpp"

#include <gtest/gtest.h>

namespace reelhouse::objectstore {
namespace {

TEST(S3Url, ParsesBucketAndNormalisesPrefix) {
  struct Case {
    std::string_view url;
    std::string_view bucket;
    std::string_view prefix;
    std::string_view round_trip;
  };
  const Case cases[] = {
      {"s3://lake", "lake", "", "s3://lake"},
      {"s3://lake/", "lake", "", "s3://lake"},
      {"s3://my-lake.2024/prod", "my-lake.2024", "prod/", "s3://my-lake.2024/prod"},
      {"s3://lake/prod/", "lake", "prod/", "s3://lake/prod"},
      {"s3://lake//prod//v1/", "lake", "prod/v1/", "s3://lake/prod/v1"},
      {"s3://abc/ingest_date=2024-01-01", "abc", "ingest_date=2024-01-01/",
       "s3://abc/ingest_date=2024-01-01"},
  };
  for (const Case& test_case : cases) {
    SCOPED_TRACE(test_case.url);
    const Result<S3Location> location = parse_s3_url(test_case.url);
    ASSERT_TRUE(location) << location.error().message;
    EXPECT_EQ(location->bucket, test_case.bucket);
    EXPECT_EQ(location->prefix, test_case.prefix);
    EXPECT_EQ(location->to_url(), test_case.round_trip);
  }
}

TEST(S3Url, RefusesBadUrlsSayingWhy) {
  struct Case {
    std::string_view url;
    std::string_view message_part;
  };
  const Case cases[] = {
      {"/data/lake", "not an S3 URL"},   {"https://lake/prefix", "not an S3 URL"},
      {"s3://", "3 to 63 characters"},   {"s3://ab/x", "3 to 63 characters"},
      {"s3://Lake/x", "lowercase"},      {"s3://lake_1/x", "lowercase"},
      {"s3://-lake/x", "start and end"}, {"s3://lake-/x", "start and end"},
      {"s3://la..ke/x", "\"..\""},       {"s3://lake/a/../b", "segments"},
  };
  for (const Case& test_case : cases) {
    SCOPED_TRACE(test_case.url);
    const Result<S3Location> location = parse_s3_url(test_case.url);
    ASSERT_FALSE(location);
    EXPECT_EQ(location.error().code, ErrorCode::config);
    EXPECT_NE(location.error().message.find(test_case.message_part), std::string::npos)
        << location.error().message;
    EXPECT_NE(location.error().message.find(test_case.url), std::string::npos)
        << location.error().message;
  }
  EXPECT_TRUE(is_s3_url("s3://lake"));
  EXPECT_FALSE(is_s3_url("lake"));
}

}  // namespace
}  // namespace reelhouse::objectstore
