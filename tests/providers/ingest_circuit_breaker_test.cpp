// The circuit breaker's state machine, driven by a hand-moved clock.
#include <gtest/gtest.h>

#include "providers/ingest/circuit_breaker.hpp"

namespace reelhouse::providers::ingest {
namespace {

using std::chrono::milliseconds;

struct ManualClock {
  SteadyTime now{};
  SteadyClock function() {
    return [this] { return now; };
  }
};

TEST(IngestCircuitBreaker, OpensAfterConsecutiveFailuresOnly) {
  ManualClock clock;
  CircuitBreaker breaker(3, milliseconds{1000}, clock.function());
  EXPECT_EQ(breaker.state(), BreakerState::closed);
  breaker.record_failure();
  breaker.record_failure();
  breaker.record_success();  // the run of failures is broken
  breaker.record_failure();
  breaker.record_failure();
  EXPECT_EQ(breaker.state(), BreakerState::closed);
  EXPECT_TRUE(breaker.try_acquire());
  breaker.record_failure();
  EXPECT_EQ(breaker.state(), BreakerState::open);
  EXPECT_EQ(breaker.trips(), 1);
  EXPECT_FALSE(breaker.try_acquire());
  // Stragglers that were in flight when it opened change nothing.
  breaker.record_success();
  breaker.record_failure();
  EXPECT_EQ(breaker.state(), BreakerState::open);
  EXPECT_EQ(breaker.trips(), 1);
  EXPECT_EQ(breaker.reopens_at(), clock.now + milliseconds{1000});
}

TEST(IngestCircuitBreaker, HalfOpenAllowsExactlyOneTrial) {
  ManualClock clock;
  CircuitBreaker breaker(1, milliseconds{500}, clock.function());
  breaker.record_failure();
  ASSERT_EQ(breaker.state(), BreakerState::open);
  clock.now += milliseconds{499};
  EXPECT_FALSE(breaker.try_acquire());
  clock.now += milliseconds{1};
  EXPECT_TRUE(breaker.try_acquire());
  EXPECT_EQ(breaker.state(), BreakerState::half_open);
  EXPECT_FALSE(breaker.try_acquire()) << "a second request during the trial";
  breaker.record_success();
  EXPECT_EQ(breaker.state(), BreakerState::closed);
  EXPECT_TRUE(breaker.try_acquire());
  EXPECT_TRUE(breaker.try_acquire());
}

TEST(IngestCircuitBreaker, FailedTrialOpensAgainForAnotherPeriod) {
  ManualClock clock;
  CircuitBreaker breaker(2, milliseconds{100}, clock.function());
  breaker.record_failure();
  breaker.record_failure();
  clock.now += milliseconds{150};
  ASSERT_TRUE(breaker.try_acquire());
  breaker.record_failure();
  EXPECT_EQ(breaker.state(), BreakerState::open);
  EXPECT_EQ(breaker.trips(), 2);
  EXPECT_EQ(breaker.reopens_at(), clock.now + milliseconds{100});
  clock.now += milliseconds{99};
  EXPECT_FALSE(breaker.try_acquire());
  clock.now += milliseconds{1};
  EXPECT_TRUE(breaker.try_acquire());
}

TEST(IngestCircuitBreaker, NeutralResultReleasesTheTrialWithoutDeciding) {
  ManualClock clock;
  CircuitBreaker breaker(1, milliseconds{10}, clock.function());
  breaker.record_failure();
  clock.now += milliseconds{10};
  ASSERT_TRUE(breaker.try_acquire());
  breaker.record_neutral();  // e.g. a 404 or a request cancelled at the deadline
  EXPECT_EQ(breaker.state(), BreakerState::half_open);
  EXPECT_TRUE(breaker.try_acquire()) << "the next trial may go";
  EXPECT_EQ(to_string(breaker.state()), "half_open");
}

TEST(IngestCircuitBreaker, AFlakyProviderWithMostlySuccessesStaysClosed) {
  ManualClock clock;
  CircuitBreaker breaker(3, milliseconds{100}, clock.function());  // window: 12 results
  for (int index = 0; index < 9; ++index) breaker.record_success();
  // Three failures in a row by chance, but only 3 of the last 12 results: still closed.
  breaker.record_failure();
  breaker.record_failure();
  breaker.record_failure();
  EXPECT_EQ(breaker.state(), BreakerState::closed);
  EXPECT_EQ(breaker.consecutive_failures(), 3);
  EXPECT_EQ(breaker.window_failures(), 3);
  // It keeps failing: at 9 of 12 the failure rate reaches 75% and it opens.
  for (int index = 0; index < 5; ++index) breaker.record_failure();
  EXPECT_EQ(breaker.state(), BreakerState::closed);
  EXPECT_EQ(breaker.window_failures(), 8);
  breaker.record_failure();
  EXPECT_EQ(breaker.state(), BreakerState::open);
  EXPECT_EQ(breaker.trips(), 1);
}

TEST(IngestCircuitBreaker, ThirtyPercentRandomFailuresRarelyTrip) {
  // A provider failing 30% of requests at random, 20,000 results: with the old rule (8
  // consecutive failures only) this sequence trips; with the window it never does.
  ManualClock clock;
  CircuitBreaker breaker(8, milliseconds{0}, clock.function());
  uint64_t state = 12345;
  for (int index = 0; index < 20000; ++index) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    if (breaker.state() != BreakerState::closed) {
      ASSERT_TRUE(breaker.try_acquire());
    }
    if ((state >> 33) % 100 < 30) {
      breaker.record_failure();
    } else {
      breaker.record_success();
    }
  }
  EXPECT_EQ(breaker.trips(), 0);
}

TEST(IngestCircuitBreaker, ADownProviderStillTripsAfterTheThreshold) {
  ManualClock clock;
  CircuitBreaker breaker(8, milliseconds{100}, clock.function());
  for (int index = 0; index < 50; ++index) breaker.record_success();
  for (int index = 0; index < 7; ++index) breaker.record_failure();
  EXPECT_EQ(breaker.state(), BreakerState::closed);
  // From here on everything fails: it opens once failures are 3/4 of the window (24 of 32).
  int failures = 7;
  while (breaker.state() == BreakerState::closed) {
    breaker.record_failure();
    ++failures;
  }
  EXPECT_EQ(failures, 24);
  // Opening clears the window: after a successful trial closes it, a provider that then fails
  // everything trips after exactly `failure_threshold` failures again.
  clock.now += milliseconds{100};
  ASSERT_TRUE(breaker.try_acquire());
  breaker.record_success();
  for (int index = 0; index < 7; ++index) breaker.record_failure();
  EXPECT_EQ(breaker.state(), BreakerState::closed);
  breaker.record_failure();
  EXPECT_EQ(breaker.state(), BreakerState::open);
  EXPECT_EQ(breaker.trips(), 2);
}

}  // namespace
}  // namespace reelhouse::providers::ingest
