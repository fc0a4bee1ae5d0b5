// `reelhouse run` while another run of the pipeline holds its lease: refused at once with a
// message naming the holder, or after --wait SECONDS.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>

#include "pipeline/pipeline_lease.hpp"
#include "support/reelhouse_home.hpp"

namespace reelhouse::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(RunCommandTest, RefusesWhileAnotherRunHoldsThePipelinesLease) {
  testing::ReelhouseHome home;
  Config config;
  config.home = home.path();
  auto held = pipeline::PipelineLease::acquire(config, "prices", std::chrono::milliseconds{0});
  ASSERT_TRUE(held) << held.error().message;
  ASSERT_TRUE(held->set_run(41));

  const auto refused = home.run({"run", "prices", "--date", "2026-01-01"});
  EXPECT_NE(refused.exit_code, 0) << refused.output;
  EXPECT_THAT(refused.output, HasSubstr("pipeline prices is already running"));
  EXPECT_THAT(refused.output, HasSubstr("run 41"));
  EXPECT_THAT(refused.output, HasSubstr(std::string(pipeline::holder_process(held->holder()))));
  EXPECT_THAT(refused.output, HasSubstr("--wait"));

  const auto started = std::chrono::steady_clock::now();
  const auto waited = home.run({"run", "prices", "--date", "2026-01-01", "--wait", "1"});
  EXPECT_NE(waited.exit_code, 0) << waited.output;
  EXPECT_THAT(waited.output, HasSubstr("already running after waiting"));
  EXPECT_GE(std::chrono::steady_clock::now() - started, std::chrono::milliseconds{900});

  const auto bad = home.run({"run", "prices", "--wait", "-3"});
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_THAT(bad.output, Not(HasSubstr("already running")));
}

}  // namespace
}  // namespace reelhouse::cli
