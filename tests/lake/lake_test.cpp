#include "lake/lake.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include "support/test_support.hpp"

namespace reelhouse::lake {
namespace {

namespace fs = std::filesystem;
using testing::read_file;
using testing::TempDir;
using testing::write_file;

TEST(LakeTest, PathsFollowTheLayout) {
  const Lake lake("/data/lake");
  EXPECT_EQ(lake.partition_dir(Layer::landing, "title_basics", "2024-01-02"),
            fs::path("/data/lake/landing/title_basics/ingest_date=2024-01-02"));
  EXPECT_EQ(lake.partition_dir(Layer::quarantine, "name_basics", "2024-01-02"),
            fs::path("/data/lake/quarantine/name_basics/ingest_date=2024-01-02"));
  EXPECT_EQ(lake.raw_dir("imdb", "title_basics", "2024-01-02"),
            fs::path("/data/lake/raw/imdb/title_basics/ingest_date=2024-01-02"));
  EXPECT_EQ(lake.parquet_glob(Layer::aggregated, "people", "2024-01-02"),
            "/data/lake/aggregated/people/ingest_date=2024-01-02/*.parquet");
}

TEST(LakeTest, StagedPartitionIsInvisibleUntilCommitted) {
  TempDir dir;
  const Lake lake(dir.path());
  auto staged = lake.stage(Layer::landing, "t", "2024-01-01").value();
  write_file(staged.dir() / "part-0.parquet", "new");
  EXPECT_TRUE(lake.partition_dates(Layer::landing, "t").empty());
  ASSERT_TRUE(staged.commit());
  EXPECT_EQ(lake.partition_dates(Layer::landing, "t"), std::vector<std::string>{"2024-01-01"});
  EXPECT_EQ(read_file(lake.partition_dir(Layer::landing, "t", "2024-01-01") / "part-0.parquet"),
            "new");
}

TEST(LakeTest, CommitReplacesAnExistingPartitionWhole) {
  TempDir dir;
  const Lake lake(dir.path());
  {
    auto first = lake.stage(Layer::landing, "t", "2024-01-01").value();
    write_file(first.dir() / "part-0.parquet", "old");
    write_file(first.dir() / "part-1.parquet", "old");
    ASSERT_TRUE(first.commit());
  }
  auto second = lake.stage(Layer::landing, "t", "2024-01-01").value();
  write_file(second.dir() / "part-0.parquet", "new");
  ASSERT_TRUE(second.commit());
  const auto partition = lake.partition_dir(Layer::landing, "t", "2024-01-01");
  EXPECT_EQ(read_file(partition / "part-0.parquet"), "new");
  EXPECT_FALSE(fs::exists(partition / "part-1.parquet"));
  // Nothing but the committed partition is left in the table directory.
  int entries = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(partition.parent_path())) {
    ++entries;
  }
  EXPECT_EQ(entries, 1);
}

TEST(LakeTest, AbandonedStagingIsRemovedOnDestructionAndAfterACrash) {
  TempDir dir;
  const Lake lake(dir.path());
  fs::path staging_dir;
  {
    auto staged = lake.stage(Layer::cleansed, "t", "2024-01-01").value();
    staging_dir = staged.dir();
    write_file(staged.dir() / "x.parquet", "partial");
  }
  EXPECT_FALSE(fs::exists(staging_dir));

  // A child process stages a partition and dies without committing (as with kill -9).
  const pid_t child = fork();
  if (child == 0) {
    auto staged = lake.stage(Layer::landing, "t", "2024-01-01").value();
    write_file(staged.dir() / "part-0.parquet", "partial");
    _exit(0);  // no destructors: the staging directory stays behind
  }
  int status = 0;
  waitpid(child, &status, 0);
  EXPECT_EQ(lake.remove_abandoned_staging().value(), 1);
  EXPECT_TRUE(fs::is_empty(dir.path() / "landing" / "t"));
}

TEST(LakeTest, StagingOfALiveProcessIsKept) {
  TempDir dir;
  const Lake lake(dir.path());
  auto staged = lake.stage(Layer::landing, "t", "2024-01-01").value();
  EXPECT_EQ(lake.remove_abandoned_staging().value(), 0);
  EXPECT_TRUE(fs::exists(staged.dir()));
}

}  // namespace
}  // namespace reelhouse::lake
