// Classification of attempts: which failures are retried, which feed the breaker, which stop
// a provider — from real HTTP statuses and curl codes through fetch's error mapping.
#include <gtest/gtest.h>

#include "fetch/http_client.hpp"
#include "providers/ingest/request_outcome.hpp"
#include "providers/provider_json.hpp"

namespace reelhouse::providers::ingest {
namespace {

RequestOutcome for_status(long status) {
  return outcome_for_error(
      fetch::error_for_http_status(status, "http://x/api/cinemaworld/movies", std::nullopt));
}

TEST(IngestRequestOutcome, ClassifiesHttpStatuses) {
  struct Case {
    long status;
    RequestOutcome outcome;
    bool retryable;
    bool breaker;
  };
  const std::vector<Case> cases = {
      {500, RequestOutcome::server_error, true, true},
      {502, RequestOutcome::server_error, true, true},
      {503, RequestOutcome::server_error, true, true},
      {504, RequestOutcome::server_error, true, true},
      {429, RequestOutcome::rate_limited, true, false},
      {404, RequestOutcome::not_found, false, false},
      {410, RequestOutcome::not_found, false, false},
      {401, RequestOutcome::http, false, false},
      {403, RequestOutcome::http, false, false},
      {400, RequestOutcome::http, false, false},
      {418, RequestOutcome::http, false, false},
  };
  for (const Case& test_case : cases) {
    const RequestOutcome outcome = for_status(test_case.status);
    EXPECT_EQ(outcome, test_case.outcome) << test_case.status;
    EXPECT_EQ(is_retryable(outcome), test_case.retryable) << test_case.status;
    EXPECT_EQ(counts_against_breaker(outcome), test_case.breaker) << test_case.status;
  }
  EXPECT_TRUE(stops_provider(401));
  EXPECT_TRUE(stops_provider(403));
  EXPECT_FALSE(stops_provider(404));
  EXPECT_FALSE(stops_provider(500));
}

TEST(IngestRequestOutcome, ClassifiesTransportFailures) {
  const std::vector<std::pair<CURLcode, RequestOutcome>> cases = {
      {CURLE_OPERATION_TIMEDOUT, RequestOutcome::timeout},
      {CURLE_COULDNT_CONNECT, RequestOutcome::connection},
      {CURLE_GOT_NOTHING, RequestOutcome::connection},
      {CURLE_RECV_ERROR, RequestOutcome::connection},
      {CURLE_PARTIAL_FILE, RequestOutcome::connection},
      {CURLE_SEND_ERROR, RequestOutcome::connection},
  };
  for (const auto& [code, expected] : cases) {
    const RequestOutcome outcome =
        outcome_for_error(fetch::error_for_curl_code(code, "", "http://x/"));
    EXPECT_EQ(outcome, expected) << curl_easy_strerror(code);
    EXPECT_TRUE(is_retryable(outcome));
    EXPECT_TRUE(counts_against_breaker(outcome));
  }
}

TEST(IngestRequestOutcome, AnInvalidBodyIsTransient) {
  const auto truncated = parse_movie_detail(R"({"Title": "A Fi)", "cw1");
  ASSERT_FALSE(truncated);
  const RequestOutcome outcome = outcome_for_error(truncated.error());
  EXPECT_EQ(outcome, RequestOutcome::invalid_body);
  EXPECT_TRUE(is_retryable(outcome));
  EXPECT_TRUE(counts_against_breaker(outcome));
  EXPECT_FALSE(is_retryable(RequestOutcome::deadline));
  EXPECT_FALSE(is_retryable(RequestOutcome::ok));
  for (const auto& [outcome_value, name] : {std::pair{RequestOutcome::ok, "ok"},
                                            std::pair{RequestOutcome::server_error, "server_error"},
                                            std::pair{RequestOutcome::invalid_body, "invalid_body"},
                                            std::pair{RequestOutcome::breaker_open, "breaker_open"},
                                            std::pair{RequestOutcome::deadline, "deadline"},
                                            std::pair{RequestOutcome::cancelled, "cancelled"}}) {
    EXPECT_EQ(to_string(outcome_value), name);
  }
}

TEST(IngestRequestOutcome, ACancelledHedgeTwinIsNeitherRetriedNorABreakerFailure) {
  EXPECT_FALSE(is_retryable(RequestOutcome::cancelled));
  EXPECT_FALSE(counts_against_breaker(RequestOutcome::cancelled));
}

}  // namespace
}  // namespace reelhouse::providers::ingest
