// Tests of S3 XML parsing and of the request encoding rules (canonical query, URI encoding):
// documents as AWS documents them, then malformed and hostile ones.
#include "objectstore/s3_xml.hpp"

#include <gtest/gtest.h>

#include "objectstore/s3_client.hpp"

namespace reelhouse::objectstore::s3 {
namespace {

TEST(S3Xml, ParsesAListObjectsV2Page) {
  const std::string_view body = R"(<?xml version="1.0" encoding="UTF-8"?>
<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
  <Name>lake</Name><Prefix>p/</Prefix><KeyCount>2</KeyCount><MaxKeys>2</MaxKeys>
  <IsTruncated>true</IsTruncated><NextContinuationToken>1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=</NextContinuationToken>
  <Contents><Key>p/a&amp;b.txt</Key><LastModified>2024-01-02T03:04:05.000Z</LastModified>
    <ETag>&quot;0cc175b9c0f1b6a831c399e269772661&quot;</ETag><Size>1</Size><StorageClass>STANDARD</StorageClass></Contents>
  <Contents><Key>p/big</Key><LastModified>2024-01-02T03:04:05.000Z</LastModified>
    <ETag>"abc-3"</ETag><Size>16106127360</Size></Contents>
</ListBucketResult>)";
  const Result<ListPage> page = parse_list_objects_v2(body, "test");
  ASSERT_TRUE(page) << page.error().message;
  ASSERT_EQ(page->objects.size(), 2u);
  EXPECT_EQ(page->objects[0].key, "p/a&b.txt");
  EXPECT_EQ(page->objects[0].size, 1u);
  EXPECT_EQ(page->objects[0].etag, "0cc175b9c0f1b6a831c399e269772661");
  EXPECT_EQ(page->objects[1].size, 16106127360u);
  EXPECT_EQ(page->objects[1].etag, "abc-3");
  EXPECT_EQ(page->next_token, "1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=");
}

TEST(S3Xml, ParsesErrorsUploadsAndCompletion) {
  const std::optional<S3ErrorBody> error = parse_error_body(
      "<?xml version=\"1.0\"?><Error><Code>NoSuchKey</Code><Message>The specified key does not "
      "exist.</Message><RequestId>4442587FB7D0A2F9</RequestId></Error>");
  ASSERT_TRUE(error);
  EXPECT_EQ(error->code, "NoSuchKey");
  EXPECT_EQ(error->request_id, "4442587FB7D0A2F9");
  EXPECT_FALSE(parse_error_body("<html>bad gateway</html>"));
  EXPECT_FALSE(parse_error_body(""));

  const Result<UploadsPage> uploads = parse_list_multipart_uploads(
      "<ListMultipartUploadsResult><Bucket>b</Bucket><IsTruncated>true</IsTruncated>"
      "<NextKeyMarker>k2</NextKeyMarker><NextUploadIdMarker>u2</NextUploadIdMarker>"
      "<Upload><Key>k1</Key><UploadId>u1</UploadId><Initiated>2024-01-02T03:04:05.250Z</Initiated>"
      "</Upload><Upload><Key>k2</Key><UploadId>u2</UploadId><Initiated>2024-01-02T03:04:06Z"
      "</Initiated></Upload></ListMultipartUploadsResult>",
      "test");
  ASSERT_TRUE(uploads) << uploads.error().message;
  ASSERT_EQ(uploads->uploads.size(), 2u);
  EXPECT_EQ(uploads->uploads[1].key, "k2");
  EXPECT_EQ(uploads->uploads[1].initiated - uploads->uploads[0].initiated,
            std::chrono::milliseconds(750));
  EXPECT_TRUE(uploads->truncated);
  EXPECT_EQ(uploads->next_upload_id_marker, "u2");

  EXPECT_EQ(parse_complete_multipart("<CompleteMultipartUploadResult><ETag>\"x-2\"</ETag>"
                                     "</CompleteMultipartUploadResult>",
                                     "test")
                .value_or("?"),
            "x-2");
  // A 200 answer that carries an error (S3 does this for late completion failures).
  const Result<std::string> late = parse_complete_multipart(
      "<Error><Code>InternalError</Code><Message>We encountered an internal error.</Message>"
      "</Error>",
      "completing s3://b/k");
  ASSERT_FALSE(late);
  EXPECT_TRUE(late.error().is_transient());
  EXPECT_NE(late.error().message.find("InternalError"), std::string::npos);
}

TEST(S3Xml, RefusesMalformedAndHostileDocuments) {
  const std::string_view bad_documents[] = {
      "",
      "<ListBucketResult><Contents><Key>a</Key>",  // truncated
      "<ListBucketResult><Contents><Key>a</Key><Size>12x</Size></Contents></ListBucketResult>",
      "<ListBucketResult><IsTruncated>true</IsTruncated></ListBucketResult>",  // no token
      "<InitiateMultipartUploadResult/>",                                      // wrong root
      "<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;\">]>"
      "<ListBucketResult><Name>&lol2;</Name></ListBucketResult>",
  };
  for (const std::string_view document : bad_documents) {
    SCOPED_TRACE(document);
    const Result<ListPage> page = parse_list_objects_v2(document, "the listing of s3://b");
    ASSERT_FALSE(page);
    EXPECT_EQ(page.error().code, ErrorCode::parse);
    EXPECT_NE(page.error().message.find("the listing of s3://b"), std::string::npos);
  }
}

TEST(S3Xml, BuildsTheCompletionBodyWithEscapedEtags) {
  EXPECT_EQ(complete_multipart_body({{1, "\"a\""}, {2, "\"b&c\""}}),
            "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>&quot;a&quot;</ETag>"
            "</Part><Part><PartNumber>2</PartNumber><ETag>&quot;b&amp;c&quot;</ETag></Part>"
            "</CompleteMultipartUpload>");
}

TEST(S3Xml, ParsesIso8601Times) {
  EXPECT_EQ(parse_iso8601_utc("1970-01-01T00:00:01Z"), std::chrono::system_clock::from_time_t(1));
  EXPECT_EQ(parse_iso8601_utc("1970-01-01T00:00:01.5Z"),
            std::chrono::system_clock::from_time_t(1) + std::chrono::milliseconds(500));
  for (const std::string_view bad :
       {"", "1970-01-01", "1970-01-01T00:00:01", "1970/01/01T00:00:01Z", "1970-01-01T00:00:01.Z"}) {
    EXPECT_FALSE(parse_iso8601_utc(bad)) << bad;
  }
}

TEST(S3Encoding, BuildsTheCanonicalQueryLibcurlSigns) {
  // libcurl 7.88 signs the query as sent, so it must already be canonical (s3_client.hpp).
  EXPECT_EQ(canonical_query({{"uploads", ""}}), "uploads=");
  EXPECT_EQ(canonical_query({{"uploadId", "x y"}, {"partNumber", "2"}}),
            "partNumber=2&uploadId=x%20y");
  EXPECT_EQ(
      canonical_query({{"prefix", "a/b=c"}, {"list-type", "2"}, {"continuation-token", "1+/="}}),
      "continuation-token=1%2B%2F%3D&list-type=2&prefix=a%2Fb%3Dc");
  EXPECT_EQ(uri_encode("dir/a b+c~d_e.f-g/é", true), "dir/a%20b%2Bc~d_e.f-g/%C3%A9");
  EXPECT_EQ(uri_encode("a/b", false), "a%2Fb");
}

}  // namespace
}  // namespace reelhouse::objectstore::s3
