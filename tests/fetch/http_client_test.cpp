#include "fetch/http_client.hpp"

#include <gtest/gtest.h>

namespace reelhouse::fetch {
namespace {

TEST(HttpClientTest, StatusCodesMapOntoTheErrorModel) {
  const struct {
    long status;
    ErrorCode code;
    bool transient;
  } cases[] = {
      {400, ErrorCode::http, false},        {401, ErrorCode::http, false},
      {403, ErrorCode::http, false},        {404, ErrorCode::not_found, false},
      {410, ErrorCode::not_found, false},   {429, ErrorCode::rate_limited, true},
      {500, ErrorCode::server_error, true}, {502, ErrorCode::server_error, true},
      {503, ErrorCode::server_error, true}, {504, ErrorCode::server_error, true},
  };
  for (const auto& test_case : cases) {
    const Error error = error_for_http_status(test_case.status, "http://h/f", std::nullopt);
    EXPECT_EQ(error.code, test_case.code) << test_case.status;
    EXPECT_EQ(error.is_transient(), test_case.transient) << test_case.status;
    EXPECT_NE(error.message.find("http://h/f"), std::string::npos) << error.message;
    EXPECT_NE(error.message.find(std::to_string(test_case.status)), std::string::npos);
  }
}

TEST(HttpClientTest, RateLimitMessageMentionsRetryAfter) {
  const Error error = error_for_http_status(429, "http://h/f", std::chrono::seconds{42});
  EXPECT_NE(error.message.find("42 s"), std::string::npos) << error.message;
}

TEST(HttpClientTest, CurlCodesMapOntoTheErrorModel) {
  const struct {
    CURLcode curl_code;
    ErrorCode code;
  } cases[] = {
      {CURLE_OPERATION_TIMEDOUT, ErrorCode::timeout},
      {CURLE_COULDNT_CONNECT, ErrorCode::connection},
      {CURLE_COULDNT_RESOLVE_HOST, ErrorCode::connection},
      {CURLE_RECV_ERROR, ErrorCode::connection},
      {CURLE_SEND_ERROR, ErrorCode::connection},
      {CURLE_PARTIAL_FILE, ErrorCode::connection},
      {CURLE_GOT_NOTHING, ErrorCode::connection},
      {CURLE_URL_MALFORMAT, ErrorCode::invalid_argument},
      {CURLE_UNSUPPORTED_PROTOCOL, ErrorCode::invalid_argument},
      {CURLE_PEER_FAILED_VERIFICATION, ErrorCode::http},
      {CURLE_TOO_MANY_REDIRECTS, ErrorCode::http},
  };
  for (const auto& test_case : cases) {
    const Error error = error_for_curl_code(test_case.curl_code, "", "http://h/f");
    EXPECT_EQ(error.code, test_case.code) << curl_easy_strerror(test_case.curl_code);
    EXPECT_NE(error.message.find("http://h/f"), std::string::npos) << error.message;
  }
}

TEST(HttpClientTest, ParsesRetryAfterSecondsAndDates) {
  const auto now = std::chrono::system_clock::from_time_t(1445412480);  // 07:28:00 GMT
  EXPECT_EQ(parse_retry_after("120", now), std::chrono::seconds{120});
  EXPECT_EQ(parse_retry_after(" 0 ", now), std::chrono::seconds{0});
  EXPECT_EQ(parse_retry_after("Wed, 21 Oct 2015 07:28:30 GMT", now), std::chrono::seconds{30});
  EXPECT_EQ(parse_retry_after("Wed, 21 Oct 2015 07:00:00 GMT", now), std::chrono::seconds{0});
  EXPECT_EQ(parse_retry_after("soon", now), std::nullopt);
  EXPECT_EQ(parse_retry_after("-5", now), std::nullopt);
}

TEST(HttpClientTest, ParsesContentRange) {
  const auto full = parse_content_range("bytes 100-199/200");
  ASSERT_TRUE(full);
  EXPECT_EQ(full->first, 100u);
  EXPECT_EQ(full->last, 199u);
  EXPECT_EQ(full->total, 200u);
  const auto unknown_total = parse_content_range("bytes 0-9/*");
  ASSERT_TRUE(unknown_total);
  EXPECT_EQ(unknown_total->total, std::nullopt);
  for (const char* bad :
       {"", "bytes", "items 0-1/2", "bytes 5-4/10", "bytes a-b/c", "bytes 0-9", "bytes */100"}) {
    EXPECT_EQ(parse_content_range(bad), std::nullopt) << bad;
  }
}

TEST(HttpClientTest, CurlEasyIsMoveOnlyAndOwnsItsHandle) {
  auto easy = CurlEasy::create();
  ASSERT_TRUE(easy) << easy.error().message;
  CURL* handle = easy->get();
  ASSERT_NE(handle, nullptr);
  CurlEasy moved = std::move(*easy);
  EXPECT_EQ(moved.get(), handle);
  EXPECT_EQ(easy->get(), nullptr);
}

}  // namespace
}  // namespace reelhouse::fetch
