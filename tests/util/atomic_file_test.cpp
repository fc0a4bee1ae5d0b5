#include "util/atomic_file.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "support/test_support.hpp"

namespace reelhouse::util {
namespace {

using reelhouse::testing::read_file;
using reelhouse::testing::TempDir;
using reelhouse::testing::write_file;

size_t count_entries(const std::filesystem::path& directory) {
  return static_cast<size_t>(std::distance(std::filesystem::directory_iterator(directory),
                                           std::filesystem::directory_iterator()));
}

TEST(AtomicFileTest, TemporaryFileSitsNextToTheTarget) {
  TempDir temp;
  auto file = AtomicFile::open(temp.path() / "data.txt");
  ASSERT_TRUE(file) << file.error().message;
  EXPECT_EQ(file->temporary_path().parent_path(), temp.path());
  EXPECT_NE(file->temporary_path().filename().string().find("data.txt.tmp."), std::string::npos);
  EXPECT_TRUE(std::filesystem::exists(file->temporary_path()));
}

TEST(AtomicFileTest, CommitWritesTheContentAndLeavesNoTemporaryFile) {
  TempDir temp;
  const auto target = temp.path() / "data.txt";
  auto file = AtomicFile::open(target);
  ASSERT_TRUE(file);
  ASSERT_TRUE(file->write("first "));
  ASSERT_TRUE(file->write("second"));
  EXPECT_FALSE(std::filesystem::exists(target)) << "visible before commit";
  ASSERT_TRUE(file->commit());
  EXPECT_EQ(read_file(target), "first second");
  EXPECT_EQ(count_entries(temp.path()), 1u);
}

TEST(AtomicFileTest, DestructorWithoutCommitLeavesNoFile) {
  TempDir temp;
  const auto target = temp.path() / "data.txt";
  {
    auto file = AtomicFile::open(target);
    ASSERT_TRUE(file);
    ASSERT_TRUE(file->write("never committed"));
  }
  EXPECT_FALSE(std::filesystem::exists(target));
  EXPECT_EQ(count_entries(temp.path()), 0u);
}

TEST(AtomicFileTest, DestructorWithoutCommitKeepsThePreviousContent) {
  TempDir temp;
  const auto target = temp.path() / "data.txt";
  write_file(target, "old");
  {
    auto file = AtomicFile::open(target);
    ASSERT_TRUE(file);
    ASSERT_TRUE(file->write("new"));
  }
  EXPECT_EQ(read_file(target), "old");
  EXPECT_EQ(count_entries(temp.path()), 1u);
}

TEST(AtomicFileTest, CommitReplacesAnExistingFile) {
  TempDir temp;
  const auto target = temp.path() / "data.txt";
  write_file(target, "old content that is longer");
  auto file = AtomicFile::open(target);
  ASSERT_TRUE(file);
  ASSERT_TRUE(file->write("new"));
  EXPECT_EQ(read_file(target), "old content that is longer") << "replaced before commit";
  ASSERT_TRUE(file->commit());
  EXPECT_EQ(read_file(target), "new");
  EXPECT_EQ(count_entries(temp.path()), 1u);
}

TEST(AtomicFileTest, MovedFromFileDoesNotRemoveTheTemporary) {
  TempDir temp;
  const auto target = temp.path() / "data.txt";
  auto opened = AtomicFile::open(target);
  ASSERT_TRUE(opened);
  AtomicFile moved = std::move(*opened);
  ASSERT_TRUE(moved.write("moved"));
  ASSERT_TRUE(moved.commit());
  EXPECT_EQ(read_file(target), "moved");
}

TEST(AtomicFileTest, WriteAfterCommitIsAnError) {
  TempDir temp;
  auto file = AtomicFile::open(temp.path() / "data.txt");
  ASSERT_TRUE(file);
  ASSERT_TRUE(file->commit());
  EXPECT_FALSE(file->write("late"));
  EXPECT_FALSE(file->commit());
}

TEST(AtomicFileTest, MissingDirectoryIsAnIoErrorNamingThePath) {
  TempDir temp;
  const auto target = temp.path() / "no-such-dir" / "data.txt";
  const auto result = write_file_atomically(target, "x");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::io);
  EXPECT_NE(result.error().message.find(target.string()), std::string::npos)
      << result.error().message;
}

TEST(AtomicFileTest, WriteFileAtomicallyWritesEmptyAndBinaryContent) {
  TempDir temp;
  const std::string binary("a\0b\r\n\xff", 6);
  const struct {
    std::string name;
    std::string content;
  } cases[] = {{"empty", ""}, {"text", "hello\n"}, {"binary", binary}};
  for (const auto& test_case : cases) {
    const auto target = temp.path() / test_case.name;
    ASSERT_TRUE(write_file_atomically(target, test_case.content)) << test_case.name;
    EXPECT_EQ(read_file(target), test_case.content) << test_case.name;
  }
  EXPECT_EQ(count_entries(temp.path()), 3u);
}

}  // namespace
}  // namespace reelhouse::util
