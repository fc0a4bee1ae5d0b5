#include "landing/block_reader.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "landing/landing_test_util.hpp"
#include "support/test_support.hpp"

namespace reelhouse::landing {
namespace {

using reelhouse::testing::TempDir;
using reelhouse::testing::write_file;

struct ReadBlocks {
  std::vector<std::string> blocks;
  std::vector<uint64_t> offsets;
  std::vector<bool> valid_utf8;
};

Result<ReadBlocks> read_blocks(const std::filesystem::path& path, size_t block_bytes,
                               size_t max_line_bytes = size_t{64} << 20) {
  BlockReaderOptions options;
  options.block_bytes = block_bytes;
  options.queue_depth = 2;
  options.max_line_bytes = max_line_bytes;
  std::unique_ptr<BlockReader> reader = TRY(BlockReader::start(path, options));
  ReadBlocks result;
  while (true) {
    BlockPtr block = TRY(reader->next());
    if (!block) break;
    result.blocks.emplace_back(block->text());
    result.offsets.push_back(block->stream_offset);
    result.valid_utf8.push_back(block->valid_utf8);
  }
  return result;
}

std::string joined(const ReadBlocks& read) {
  std::string text;
  for (const auto& block : read.blocks) text += block;
  return text;
}

struct StreamCase {
  std::string name;
  std::string input;
  std::string expected;  // the stream without its trailing empty lines
};

TEST(BlockReaderTest, DeliversWholeLinesAndDropsTrailingEmptyLines) {
  const std::vector<StreamCase> cases = {
      {"lf", "h\na\nb\n", "h\na\nb\n"},
      {"crlf", "h\r\na\r\nb\r\n", "h\r\na\r\nb\r\n"},
      {"no final newline", "h\na\nb", "h\na\nb"},
      {"no final newline crlf", "h\r\na\r\nb\r", "h\r\na\r\nb\r"},
      {"trailing empty lines", "h\na\n\n\r\n\n", "h\na\n"},
      {"trailing empty crlf lines", "h\r\na\r\n\r\n\r\n", "h\r\na\r\n"},
      {"empty lines in the middle stay", "h\n\na\n\r\nb\n", "h\n\na\n\r\nb\n"},
      {"empty file", "", ""},
      {"only newlines", "\n\n\r\n", ""},
      {"header only", "h", "h"},
  };
  TempDir dir;
  for (const auto& test_case : cases) {
    const auto path = dir.path() / "input.tsv";
    write_file(path, test_case.input);
    for (const size_t block_bytes : {size_t{4}, size_t{1} << 20}) {
      auto read = read_blocks(path, block_bytes);
      ASSERT_TRUE(read.has_value()) << test_case.name << ": " << read.error().message;
      EXPECT_EQ(joined(*read), test_case.expected) << test_case.name << " block " << block_bytes;
      ASSERT_FALSE(read->blocks.empty()) << "there is always a last block";
    }
  }
}

TEST(BlockReaderTest, LinesStraddlingBlocksAreCarriedWhole) {
  TempDir dir;
  std::mt19937 random(11);
  std::string input;
  for (int line_idx = 0; line_idx < 5000; ++line_idx) {
    const size_t length = random() % 300;  // some lines longer than the 256-byte blocks
    for (size_t char_idx = 0; char_idx < length; ++char_idx) {
      input += static_cast<char>('a' + random() % 26);
    }
    if (random() % 10 == 0) input += '\r';
    input += '\n';
    if (random() % 20 == 0) input += "\n";  // an empty line in the middle
  }
  input += "last";
  const auto plain = dir.path() / "lines.tsv";
  const auto packed = dir.path() / "lines.tsv.gz";
  write_file(plain, input);
  write_file(packed, testing::gzip_compress(input));
  for (const auto& path : {plain, packed}) {
    auto read = read_blocks(path, 256);
    ASSERT_TRUE(read.has_value()) << read.error().message;
    EXPECT_EQ(joined(*read), input);
    uint64_t offset = 0;
    for (size_t block_idx = 0; block_idx < read->blocks.size(); ++block_idx) {
      const std::string& block = read->blocks[block_idx];
      EXPECT_EQ(read->offsets[block_idx], offset);
      offset += block.size();
      if (block_idx + 1 == read->blocks.size()) continue;
      ASSERT_FALSE(block.empty());
      EXPECT_EQ(block.back(), '\n') << "block " << block_idx << " ends mid-line";
      // A non-final block never ends with an empty line: it could be a trailing one.
      const bool ends_with_empty_line =
          block.size() >= 2 && (block[block.size() - 2] == '\n' ||
                                (block[block.size() - 2] == '\r' &&
                                 (block.size() == 2 || block[block.size() - 3] == '\n')));
      EXPECT_FALSE(ends_with_empty_line) << "block " << block_idx;
    }
  }
}

TEST(BlockReaderTest, FlagsBlocksWithInvalidUtf8) {
  TempDir dir;
  const auto path = dir.path() / "mixed.tsv";
  write_file(path, "caf\xC3\xA9\nok\nbad \xFF byte\nfine\n");
  auto read = read_blocks(path, 8);
  ASSERT_TRUE(read.has_value());
  bool saw_invalid = false;
  for (size_t block_idx = 0; block_idx < read->blocks.size(); ++block_idx) {
    const bool has_ff = read->blocks[block_idx].find('\xFF') != std::string::npos;
    EXPECT_EQ(read->valid_utf8[block_idx], !has_ff) << read->blocks[block_idx];
    saw_invalid |= has_ff;
  }
  EXPECT_TRUE(saw_invalid);
}

TEST(BlockReaderTest, RejectsLinesLongerThanTheLimit) {
  TempDir dir;
  const auto path = dir.path() / "huge.tsv";
  write_file(path, "h\n" + std::string(5000, 'x') + "\nshort\n");
  auto read = read_blocks(path, 256, 1024);
  ASSERT_FALSE(read.has_value());
  EXPECT_EQ(read.error().code, ErrorCode::parse);
  EXPECT_NE(read.error().message.find("huge.tsv"), std::string::npos) << read.error().message;
  EXPECT_NE(read.error().message.find("offset 2"), std::string::npos) << read.error().message;

  auto grown = read_blocks(path, 256);  // within the limit the block grows instead
  ASSERT_TRUE(grown.has_value());
  EXPECT_EQ(joined(*grown), "h\n" + std::string(5000, 'x') + "\nshort\n");
}

TEST(BlockReaderTest, CorruptGzipSurfacesThroughNext) {
  TempDir dir;
  const std::string packed = testing::gzip_compress(std::string(100'000, 'a') + "\n");
  const auto path = dir.path() / "cut.tsv.gz";
  write_file(path, packed.substr(0, packed.size() / 2));
  auto read = read_blocks(path, 4096);
  ASSERT_FALSE(read.has_value());
  EXPECT_EQ(read.error().code, ErrorCode::corrupt);
  EXPECT_NE(read.error().message.find("cut.tsv.gz"), std::string::npos);
}

}  // namespace
}  // namespace reelhouse::landing
