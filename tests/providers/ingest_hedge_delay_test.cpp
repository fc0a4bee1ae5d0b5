// The hedge delay: a default until enough good answers are known, then a high quantile of the
// latest ones, clamped; and the policy derived from the request timeout.
#include <gtest/gtest.h>

#include "providers/ingest/hedge_delay.hpp"

namespace reelhouse::providers::ingest {
namespace {

using std::chrono::milliseconds;

HedgePolicy test_policy() {
  return HedgePolicy{.quantile = 0.95,
                     .min_samples = 20,
                     .window = 100,
                     .initial = milliseconds{500},
                     .floor = milliseconds{10},
                     .ceiling = milliseconds{1000}};
}

TEST(IngestHedgeDelay, UsesTheInitialDelayUntilEnoughSamples) {
  HedgeDelay delay(test_policy());
  EXPECT_EQ(delay.delay(), milliseconds{500});
  for (int index = 0; index < 19; ++index) delay.record_success(milliseconds{40});
  EXPECT_EQ(delay.delay(), milliseconds{500}) << "19 samples are not enough";
  delay.record_success(milliseconds{40});
  EXPECT_EQ(delay.delay(), milliseconds{40});
  EXPECT_EQ(delay.samples(), 20u);
}

TEST(IngestHedgeDelay, IsTheNearestRankQuantileOfTheSamples) {
  HedgeDelay delay(test_policy());
  // 1..100 ms in a scrambled order: the p95 by nearest rank is 95 ms.
  for (int index = 0; index < 100; ++index) {
    delay.record_success(milliseconds{(index * 37) % 100 + 1});
  }
  EXPECT_EQ(delay.delay(), milliseconds{95});
}

TEST(IngestHedgeDelay, IsClampedToTheFloorAndTheCeiling) {
  HedgeDelay fast(test_policy());
  for (int index = 0; index < 50; ++index) fast.record_success(milliseconds{1});
  EXPECT_EQ(fast.delay(), milliseconds{10}) << "never below the floor";
  HedgeDelay slow(test_policy());
  for (int index = 0; index < 50; ++index) slow.record_success(milliseconds{5000});
  EXPECT_EQ(slow.delay(), milliseconds{1000}) << "never after the ceiling";
}

TEST(IngestHedgeDelay, FollowsTheLatestWindowOnly) {
  HedgeDelay delay(test_policy());
  for (int index = 0; index < 100; ++index) delay.record_success(milliseconds{800});
  EXPECT_EQ(delay.delay(), milliseconds{800});
  // The provider got faster: once the window holds only new samples, the delay follows
  // (the quantile is recomputed every few samples, so check after a full window).
  for (int index = 0; index < 100; ++index) delay.record_success(milliseconds{30});
  EXPECT_EQ(delay.delay(), milliseconds{30});
  // A few slow answers (under 5%) do not move the p95.
  for (int index = 0; index < 4; ++index) delay.record_success(milliseconds{900});
  for (int index = 0; index < 12; ++index) delay.record_success(milliseconds{30});
  EXPECT_EQ(delay.delay(), milliseconds{30});
}

TEST(IngestHedgeDelay, PolicyScalesWithTheRequestTimeout) {
  const HedgePolicy real = hedge_policy_for(milliseconds{30000});
  EXPECT_EQ(real.initial, milliseconds{3000});
  EXPECT_EQ(real.floor, milliseconds{300});
  EXPECT_EQ(real.ceiling, milliseconds{15000});
  EXPECT_DOUBLE_EQ(real.quantile, 0.95);
  const HedgePolicy scaled = hedge_policy_for(milliseconds{300});
  EXPECT_EQ(scaled.initial, milliseconds{30});
  EXPECT_EQ(scaled.floor, milliseconds{3});
  EXPECT_EQ(scaled.ceiling, milliseconds{150});
  const HedgePolicy tiny = hedge_policy_for(milliseconds{5});
  EXPECT_EQ(tiny.floor, milliseconds{1});
  EXPECT_GE(tiny.initial, tiny.floor);
  EXPECT_GE(tiny.ceiling, tiny.floor);
}

TEST(IngestHedgeDelay, ExtraHedgeSlotsAreAQuarterOfTheConcurrencyAtLeastOne) {
  EXPECT_EQ(extra_hedge_slots(1), 1);
  EXPECT_EQ(extra_hedge_slots(4), 1);
  EXPECT_EQ(extra_hedge_slots(8), 2);
  EXPECT_EQ(extra_hedge_slots(32), 8);
}

}  // namespace
}  // namespace reelhouse::providers::ingest
