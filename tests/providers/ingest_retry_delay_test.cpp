// Backoff bounds and jitter distribution, and Retry-After (seconds and HTTP-date) as the
// ingestion uses them.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "fetch/backoff.hpp"
#include "fetch/http_client.hpp"
#include "providers/ingest/retry_delay.hpp"

namespace reelhouse::providers::ingest {
namespace {

using std::chrono::milliseconds;

TEST(IngestRetryDelay, StaysWithinTheExponentialCeiling) {
  std::mt19937_64 generator(7);
  const milliseconds initial{200};
  const milliseconds maximum{20000};
  for (int retry = 0; retry < 40; ++retry) {
    const milliseconds ceiling = fetch::backoff_ceiling(retry, initial, maximum);
    EXPECT_EQ(ceiling, std::min(maximum, milliseconds{200LL << std::min(retry, 20)})) << retry;
    for (int draw = 0; draw < 200; ++draw) {
      const milliseconds delay = retry_delay(retry, initial, maximum, std::nullopt, generator);
      ASSERT_GE(delay.count(), 0);
      ASSERT_LE(delay, ceiling) << "retry " << retry;
    }
  }
}

// Full jitter: uniform over [0, ceiling], so the mean is ceiling/2, each quarter of the range
// holds about a quarter of the draws, and two clients do not retry in lockstep.
TEST(IngestRetryDelay, JitterIsUniformOverTheWholeRange) {
  std::mt19937_64 generator(11);
  constexpr int k_draws = 20000;
  const milliseconds ceiling{1600};  // retry 3 with initial 200
  std::array<int, 4> quarters{};
  double sum = 0;
  for (int draw = 0; draw < k_draws; ++draw) {
    const milliseconds delay =
        retry_delay(3, milliseconds{200}, milliseconds{20000}, std::nullopt, generator);
    sum += static_cast<double>(delay.count());
    quarters[std::min<size_t>(3, static_cast<size_t>(delay.count() * 4 / 1601))]++;
  }
  EXPECT_NEAR(sum / k_draws, 800.0, 20.0);
  for (const int count : quarters) EXPECT_NEAR(count, k_draws / 4, k_draws / 40);
  std::mt19937_64 other(12);
  int equal = 0;
  for (int draw = 0; draw < 100; ++draw) {
    equal += retry_delay(5, milliseconds{200}, milliseconds{20000}, std::nullopt, generator) ==
             retry_delay(5, milliseconds{200}, milliseconds{20000}, std::nullopt, other);
  }
  EXPECT_LT(equal, 5);
}

TEST(IngestRetryDelay, RetryAfterIsAFloor) {
  std::mt19937_64 generator(3);
  for (int draw = 0; draw < 500; ++draw) {
    EXPECT_GE(retry_delay(0, milliseconds{200}, milliseconds{20000}, milliseconds{5000}, generator),
              milliseconds{5000});
  }
  // A Retry-After shorter than the jitter does not shorten it below the draw's range start.
  bool saw_longer = false;
  for (int draw = 0; draw < 500; ++draw) {
    saw_longer |= retry_delay(8, milliseconds{200}, milliseconds{20000}, milliseconds{10},
                              generator) > milliseconds{10};
  }
  EXPECT_TRUE(saw_longer);
}

TEST(IngestRetryAfter, ParsesSecondsAndHttpDates) {
  const auto now = std::chrono::system_clock::from_time_t(1445412480);  // 2015-10-21 07:28:00 UTC
  EXPECT_EQ(fetch::parse_retry_after("120", now), std::chrono::seconds{120});
  EXPECT_EQ(fetch::parse_retry_after(" 0 ", now), std::chrono::seconds{0});
  EXPECT_EQ(fetch::parse_retry_after("Wed, 21 Oct 2015 07:28:30 GMT", now),
            std::chrono::seconds{30});
  // A date in the past means "now".
  EXPECT_EQ(fetch::parse_retry_after("Wed, 21 Oct 2015 07:00:00 GMT", now),
            std::chrono::seconds{0});
  EXPECT_FALSE(fetch::parse_retry_after("soon", now));
  EXPECT_FALSE(fetch::parse_retry_after("-5", now));
}

}  // namespace
}  // namespace reelhouse::providers::ingest
