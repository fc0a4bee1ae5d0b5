#include "fetch/backoff.hpp"

#include <gtest/gtest.h>

#include <climits>
#include <set>

namespace reelhouse::fetch {
namespace {

using std::chrono::milliseconds;

TEST(BackoffTest, CeilingDoublesUpToTheMaximum) {
  const struct {
    int retry_index;
    int64_t expected_ms;
  } cases[] = {{0, 500},   {1, 1000},  {2, 2000},   {3, 4000},   {5, 16000},
               {6, 30000}, {7, 30000}, {62, 30000}, {63, 30000}, {INT_MAX, 30000}};
  for (const auto& test_case : cases) {
    EXPECT_EQ(backoff_ceiling(test_case.retry_index, milliseconds{500}, milliseconds{30000}),
              milliseconds{test_case.expected_ms})
        << "retry " << test_case.retry_index;
  }
}

TEST(BackoffTest, CeilingHandlesDegeneratePolicies) {
  EXPECT_EQ(backoff_ceiling(3, milliseconds{0}, milliseconds{1000}), milliseconds{0});
  EXPECT_EQ(backoff_ceiling(3, milliseconds{100}, milliseconds{0}), milliseconds{0});
  EXPECT_EQ(backoff_ceiling(0, milliseconds{5000}, milliseconds{1000}), milliseconds{1000});
}

TEST(BackoffTest, FullJitterStaysWithinTheCeilingAndVaries) {
  std::mt19937_64 generator{42};
  for (int retry_index = 0; retry_index < 10; ++retry_index) {
    const milliseconds ceiling =
        backoff_ceiling(retry_index, milliseconds{100}, milliseconds{5000});
    std::set<int64_t> seen;
    for (int sample = 0; sample < 200; ++sample) {
      const milliseconds delay =
          full_jitter_delay(retry_index, milliseconds{100}, milliseconds{5000}, generator);
      EXPECT_GE(delay.count(), 0);
      EXPECT_LE(delay, ceiling);
      seen.insert(delay.count());
    }
    EXPECT_GT(seen.size(), 10u) << "no jitter at retry " << retry_index;
  }
}

TEST(BackoffTest, ZeroPolicyNeverWaits) {
  std::mt19937_64 generator{7};
  EXPECT_EQ(full_jitter_delay(4, milliseconds{0}, milliseconds{0}, generator), milliseconds{0});
}

}  // namespace
}  // namespace reelhouse::fetch
