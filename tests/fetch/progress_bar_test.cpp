#include "fetch/progress_bar.hpp"

#include <gtest/gtest.h>

namespace reelhouse::fetch {
namespace {

TEST(ProgressBarTest, LineWithKnownSizeShowsPercentBarAndSpeed) {
  const std::string line =
      format_progress_line("title.basics.tsv.gz", 10'000'000, 20'000'000, 4'200'000);
  EXPECT_EQ(line, "title.basics.tsv.gz [##########..........]  50%  10.0/20.0 MB  4.2 MB/s");
}

TEST(ProgressBarTest, LineWithUnknownSizeShowsBytesAndSpeed) {
  EXPECT_EQ(format_progress_line("x.gz", 1'500'000, std::nullopt, 500'000),
            "x.gz 1.5 MB  0.5 MB/s");
}

TEST(ProgressBarTest, PercentNeverExceedsOneHundred) {
  const std::string line = format_progress_line("x", 300, 200, 0);
  EXPECT_NE(line.find("100%"), std::string::npos) << line;
  EXPECT_NE(line.find("[####################]"), std::string::npos) << line;
}

TEST(ProgressBarTest, OffMeansInactive) {
  ProgressBar bar("x", Progress::off);
  EXPECT_FALSE(bar.active());
  bar.set_total(10);
  bar.update(5);
  bar.finish();
}

}  // namespace
}  // namespace reelhouse::fetch
