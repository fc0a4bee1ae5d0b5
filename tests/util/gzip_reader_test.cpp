#include "util/gzip_reader.hpp"

#include <gtest/gtest.h>
#include <zlib.h>

#include <random>
#include <string>
#include <vector>

#include "support/test_support.hpp"

namespace reelhouse::util {
namespace {

using reelhouse::testing::TempDir;
using reelhouse::testing::write_file;

std::string gzip_member(const std::string& data, int level = 6) {
  z_stream stream{};
  deflateInit2(&stream, level, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
  std::string compressed(deflateBound(&stream, data.size()) + 64, '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(compressed.data());
  stream.avail_out = static_cast<uInt>(compressed.size());
  deflate(&stream, Z_FINISH);
  compressed.resize(stream.total_out);
  deflateEnd(&stream);
  return compressed;
}

// Text-like data that compresses but not trivially, larger than the reader's buffers.
std::string sample_text(size_t size, unsigned seed = 7) {
  std::mt19937 random(seed);
  static constexpr std::string_view k_words[] = {"tt0000001",     "\\N",  "Drama", "Comedy,Short",
                                                 "Am\xC3\xA9lie", "1894", "\t",    "\n"};
  std::string text;
  while (text.size() < size) text += k_words[random() % std::size(k_words)];
  text.resize(size);
  return text;
}

// Reads the whole stream with reads of `chunk` bytes.
Result<std::string> read_all(const std::filesystem::path& path, InflateBackend backend,
                             size_t chunk = 100'000) {
  GzipReader reader = TRY(GzipReader::open(path, backend));
  std::string out;
  std::vector<char> buffer(chunk);
  while (true) {
    const size_t produced = TRY(reader.read(buffer));
    out.append(buffer.data(), produced);
    if (produced < buffer.size()) {
      EXPECT_EQ(TRY(reader.read(buffer)), 0u) << "reads after the end return 0";
      break;
    }
  }
  EXPECT_EQ(reader.bytes_out(), out.size());
  return out;
}

const InflateBackend k_backends[] = {InflateBackend::isal, InflateBackend::zlib};

TEST(GzipReaderTest, ReadsPlainAndGzipAlikeWithBothBackends) {
  TempDir dir;
  const std::string text = sample_text(3'000'000);
  write_file(dir.path() / "plain.tsv", text);
  write_file(dir.path() / "named-plain.gz", text);  // the name does not matter
  write_file(dir.path() / "packed.tsv", gzip_member(text));
  for (const InflateBackend backend : k_backends) {
    for (const char* name : {"plain.tsv", "named-plain.gz", "packed.tsv"}) {
      auto content = read_all(dir.path() / name, backend);
      ASSERT_TRUE(content.has_value()) << content.error().message;
      EXPECT_EQ(*content, text) << name;
    }
  }
  auto reader = GzipReader::open(dir.path() / "packed.tsv");
  ASSERT_TRUE(reader.has_value());
  EXPECT_EQ(reader->format(), InputFormat::gzip);
  EXPECT_EQ(reader->file_size(), std::filesystem::file_size(dir.path() / "packed.tsv"));
}

TEST(GzipReaderTest, SmallAndEmptyInputs) {
  struct SmallCase {
    const char* name;
    std::string content;
    std::string_view expected;
  };
  TempDir dir;
  const SmallCase cases[] = {{"empty", "", ""},
                             {"one byte", "x", "x"},
                             {"gzip of nothing", gzip_member(""), ""},
                             {"gzip of one line", gzip_member("a\tb\n"), "a\tb\n"}};
  for (const SmallCase& test_case : cases) {
    const auto path = dir.path() / test_case.name;
    write_file(path, test_case.content);
    for (const InflateBackend backend : k_backends) {
      auto content = read_all(path, backend, 1);
      ASSERT_TRUE(content.has_value()) << test_case.name << ": " << content.error().message;
      EXPECT_EQ(*content, test_case.expected) << test_case.name;
    }
  }
}

TEST(GzipReaderTest, ReadsConcatenatedMembersAndZeroPadding) {
  TempDir dir;
  const std::string first = sample_text(700'000, 1);
  const std::string second = sample_text(5, 2);
  const std::string third = sample_text(1'300'000, 3);
  const std::string members = gzip_member(first) + gzip_member(second, 1) + gzip_member(third, 9);
  write_file(dir.path() / "multi.gz", members);
  write_file(dir.path() / "padded.gz", members + std::string(1000, '\0'));
  for (const InflateBackend backend : k_backends) {
    for (const char* name : {"multi.gz", "padded.gz"}) {
      auto content = read_all(dir.path() / name, backend, 65'536);
      ASSERT_TRUE(content.has_value()) << content.error().message;
      EXPECT_EQ(*content, first + second + third) << name;
    }
  }
  auto reader = GzipReader::open(dir.path() / "multi.gz");
  ASSERT_TRUE(reader.has_value());
  std::vector<char> buffer(4'000'000);
  ASSERT_TRUE(reader->read(buffer).has_value());
  EXPECT_EQ(reader->member_count(), 3u);
}

struct CorruptCase {
  std::string name;
  std::string content;
  std::string message_part;
};

TEST(GzipReaderTest, DamagedFilesAreCorruptErrorsNamingFileAndOffset) {
  TempDir dir;
  const std::string text = sample_text(2'000'000);
  const std::string good = gzip_member(text);
  std::string flipped = good;
  flipped[flipped.size() / 2] ^= 0x5A;
  std::string bad_crc = good;
  bad_crc[bad_crc.size() - 6] ^= 0x01;  // inside the CRC32 trailer
  const std::vector<CorruptCase> cases = {
      {"truncated in the middle", good.substr(0, good.size() / 2), "truncated"},
      {"truncated in the trailer", good.substr(0, good.size() - 3), "truncated"},
      {"only the magic", good.substr(0, 2), "gzip"},
      {"flipped byte", flipped, "compressed byte offset"},
      {"bad checksum", bad_crc, "compressed byte offset"},
      {"junk after member", good + "junk", "unexpected data after gzip member"},
      {"junk after padding", good + std::string(10, '\0') + "x", "after zero padding"},
  };
  for (const auto& test_case : cases) {
    const auto path = dir.path() / ("damaged " + test_case.name + ".tsv.gz");
    write_file(path, test_case.content);
    for (const InflateBackend backend : k_backends) {
      auto content = read_all(path, backend);
      ASSERT_FALSE(content.has_value()) << test_case.name;
      EXPECT_EQ(content.error().code, ErrorCode::corrupt) << test_case.name;
      EXPECT_NE(content.error().message.find(path.string()), std::string::npos)
          << content.error().message;
      EXPECT_NE(content.error().message.find(test_case.message_part), std::string::npos)
          << test_case.name << ": " << content.error().message;
      EXPECT_NE(content.error().message.find("offset"), std::string::npos)
          << content.error().message;
    }
  }
}

TEST(GzipReaderTest, MissingFileIsNotFound) {
  TempDir dir;
  auto reader = GzipReader::open(dir.path() / "absent.tsv.gz");
  ASSERT_FALSE(reader.has_value());
  EXPECT_EQ(reader.error().code, ErrorCode::not_found);
  EXPECT_NE(reader.error().message.find("absent.tsv.gz"), std::string::npos);
}

}  // namespace
}  // namespace reelhouse::util
