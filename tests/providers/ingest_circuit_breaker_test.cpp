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

}  // namespace
}  // namespace reelhouse::providers::ingest
