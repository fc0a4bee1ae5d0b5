#include "core/error.hpp"

#include <gtest/gtest.h>

namespace reelhouse {
namespace {

Result<int> parse_positive(int value) {
  if (value <= 0) return make_error(ErrorCode::invalid_argument, "{} is not positive", value);
  return value;
}

Result<int> doubled(int value) {
  const int parsed = TRY(parse_positive(value));
  return parsed * 2;
}

Result<> check_only(int value) {
  TRY(parse_positive(value));
  return {};
}

TEST(ErrorTest, TryPropagatesValuesAndErrors) {
  EXPECT_EQ(doubled(21).value(), 42);
  const auto failed = doubled(-1);
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().code, ErrorCode::invalid_argument);
  EXPECT_EQ(failed.error().message, "-1 is not positive");
  EXPECT_TRUE(check_only(1));
  EXPECT_FALSE(check_only(0));
}

TEST(ErrorTest, TransientCodesAreRetryable) {
  struct Case {
    ErrorCode code;
    bool transient;
  };
  const Case cases[] = {
      {ErrorCode::timeout, true},      {ErrorCode::connection, true},
      {ErrorCode::rate_limited, true}, {ErrorCode::server_error, true},
      {ErrorCode::busy, true},         {ErrorCode::not_found, false},
      {ErrorCode::parse, false},       {ErrorCode::config, false},
      {ErrorCode::corrupt, false},     {ErrorCode::http, false},
  };
  for (const auto& test_case : cases) {
    const Error error{test_case.code, ""};
    EXPECT_EQ(error.is_transient(), test_case.transient) << to_string(test_case.code);
  }
}

TEST(ErrorTest, WithContextPrefixesMessage) {
  const Error error{ErrorCode::io, "disk full"};
  EXPECT_EQ(error.with_context("writing lake/x").message, "writing lake/x: disk full");
}

}  // namespace
}  // namespace reelhouse
