#include "util/zip_archive.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "support/test_support.hpp"

namespace reelhouse::util {
namespace {

using reelhouse::testing::read_file;
using reelhouse::testing::TempDir;
using reelhouse::testing::write_file;

// Text-like data that deflates but not trivially.
std::string sample_text(size_t size, unsigned seed = 11) {
  std::mt19937 random(seed);
  static constexpr std::string_view k_words[] = {"862,",
                                                 "\"Toy Story\"",
                                                 "[{'id': 16, 'name': 'Animation'}]",
                                                 "\r\n",
                                                 "\n",
                                                 "1995-",
                                                 "Am\xC3\xA9lie",
                                                 "\"\"quoted\"\"",
                                                 "0.0,",
                                                 "None"};
  std::string text;
  while (text.size() < size) text += k_words[random() % std::size(k_words)];
  text.resize(size);
  return text;
}

// Reads a whole member with read() calls of `chunk` bytes.
Result<std::string> read_member(const std::filesystem::path& zip, std::string_view member,
                                size_t chunk = 4096) {
  ZipMemberReader reader = TRY(ZipMemberReader::open(zip, member));
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

// A zip with three members written three ways.
std::filesystem::path make_sample_zip(const TempDir& dir, const std::string& big) {
  const std::filesystem::path source = dir.path() / "source.csv";
  write_file(source, "a,b\n1,2\n");
  const std::filesystem::path zip = dir.path() / "sample.zip";
  Result<ZipWriter> writer = ZipWriter::create(zip);
  EXPECT_TRUE(writer.has_value()) << writer.error().message;
  EXPECT_TRUE(writer->add_file("links.csv", source).has_value());
  EXPECT_TRUE(writer->add_data("empty.csv", "").has_value());
  EXPECT_TRUE(writer->begin_member("big.csv").has_value());
  for (size_t offset = 0; offset < big.size(); offset += 100'000) {
    EXPECT_TRUE(writer->write(std::string_view(big).substr(offset, 100'000)).has_value());
  }
  Result<> committed = writer->commit();
  EXPECT_TRUE(committed.has_value()) << committed.error().message;
  return zip;
}

TEST(ZipArchive, RoundTripsMembersWrittenFromFileDataAndStream) {
  TempDir dir;
  const std::string big = sample_text(3'000'000);
  const std::filesystem::path zip = make_sample_zip(dir, big);

  Result<std::vector<ZipMemberInfo>> members = list_zip_members(zip);
  ASSERT_TRUE(members.has_value()) << members.error().message;
  ASSERT_EQ(members->size(), 3u);
  EXPECT_EQ((*members)[0].name, "links.csv");
  EXPECT_EQ((*members)[0].uncompressed_size, 8u);
  EXPECT_EQ((*members)[1].name, "empty.csv");
  EXPECT_EQ((*members)[2].name, "big.csv");

  EXPECT_EQ(read_member(zip, "links.csv").value(), "a,b\n1,2\n");
  EXPECT_EQ(read_member(zip, "empty.csv").value(), "");
  EXPECT_EQ(read_member(zip, "big.csv", 1000).value(), big);
  EXPECT_EQ(read_member(zip, "big.csv", 1 << 20).value(), big);

  Result<ZipMemberReader> reader = ZipMemberReader::open(zip, "big.csv");
  ASSERT_TRUE(reader.has_value());
  EXPECT_EQ(reader->uncompressed_size(), big.size());
  EXPECT_EQ(reader->member_name(), "big.csv");
  EXPECT_GT(reader->zip_file_size(), 0u);
  EXPECT_LT(reader->zip_file_size(), big.size()) << "members are deflated";
  // No temporary file is left beside the committed zip.
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), {}), 2);
}

TEST(ZipArchive, StreamsMemberLargerThanBuffersThroughChunkCallback) {
  TempDir dir;
  const std::string big = sample_text(12'000'000, 3);
  const std::filesystem::path zip = make_sample_zip(dir, big);
  Result<ZipMemberReader> reader = ZipMemberReader::open(zip, "big.csv");
  ASSERT_TRUE(reader.has_value()) << reader.error().message;
  size_t total = 0;
  size_t chunks = 0;
  size_t largest = 0;
  bool equal = true;
  Result<> streamed = reader->for_each_chunk(
      [&](std::string_view chunk) -> Result<> {
        equal = equal && chunk == std::string_view(big).substr(total, chunk.size());
        total += chunk.size();
        largest = std::max(largest, chunk.size());
        ++chunks;
        return {};
      },
      64 * 1024);
  ASSERT_TRUE(streamed.has_value()) << streamed.error().message;
  EXPECT_TRUE(equal);
  EXPECT_EQ(total, big.size());
  EXPECT_LE(largest, 64u * 1024);
  EXPECT_GT(chunks, 100u);
}

TEST(ZipArchive, ChunkCallbackErrorStopsTheStream) {
  TempDir dir;
  const std::filesystem::path zip = make_sample_zip(dir, sample_text(500'000));
  Result<ZipMemberReader> reader = ZipMemberReader::open(zip, "big.csv");
  ASSERT_TRUE(reader.has_value());
  int calls = 0;
  Result<> streamed = reader->for_each_chunk(
      [&](std::string_view) -> Result<> {
        ++calls;
        return make_error(ErrorCode::parse, "stop here");
      },
      1000);
  ASSERT_FALSE(streamed.has_value());
  EXPECT_EQ(streamed.error().message, "stop here");
  EXPECT_EQ(calls, 1);
}

TEST(ZipArchive, MissingMemberNamesZipMemberAndContents) {
  TempDir dir;
  const std::filesystem::path zip = make_sample_zip(dir, "x");
  Result<ZipMemberReader> reader = ZipMemberReader::open(zip, "ratings.csv");
  ASSERT_FALSE(reader.has_value());
  EXPECT_EQ(reader.error().code, ErrorCode::not_found);
  const std::string& message = reader.error().message;
  EXPECT_NE(message.find(zip.string()), std::string::npos) << message;
  EXPECT_NE(message.find("\"ratings.csv\""), std::string::npos) << message;
  EXPECT_NE(message.find("links.csv, empty.csv, big.csv"), std::string::npos) << message;
}

TEST(ZipArchive, MissingZipFileIsNotFound) {
  TempDir dir;
  Result<ZipMemberReader> reader = ZipMemberReader::open(dir.path() / "absent.zip", "a.csv");
  ASSERT_FALSE(reader.has_value());
  EXPECT_EQ(reader.error().code, ErrorCode::not_found);
  EXPECT_NE(reader.error().message.find("absent.zip"), std::string::npos);
}

TEST(ZipArchive, NotAZipFileIsCorruptNamingTheFile) {
  TempDir dir;
  const std::filesystem::path bogus = dir.path() / "the-movies-dataset.zip";
  write_file(bogus, "adult,belongs_to_collection,budget\nFalse,,0\n");
  for (const std::filesystem::path& file : {bogus, dir.path() / "empty.zip"}) {
    if (file.filename() == "empty.zip") write_file(file, "");
    Result<ZipMemberReader> reader = ZipMemberReader::open(file, "movies_metadata.csv");
    ASSERT_FALSE(reader.has_value()) << file;
    EXPECT_EQ(reader.error().code, ErrorCode::corrupt) << reader.error().message;
    EXPECT_NE(reader.error().message.find(file.string()), std::string::npos)
        << reader.error().message;
    EXPECT_FALSE(list_zip_members(file).has_value());
  }
}

TEST(ZipArchive, TruncatedZipIsRefusedAtOpen) {
  TempDir dir;
  const std::filesystem::path zip = make_sample_zip(dir, sample_text(200'000));
  const std::string bytes = read_file(zip);
  for (const size_t keep : {bytes.size() / 2, bytes.size() - 10, size_t{30}}) {
    const std::filesystem::path truncated = dir.path() / fmt::format("truncated-{}.zip", keep);
    write_file(truncated, bytes.substr(0, keep));
    // Even the first member, complete in the truncated file, is refused: the download is bad.
    Result<ZipMemberReader> reader = ZipMemberReader::open(truncated, "links.csv");
    ASSERT_FALSE(reader.has_value()) << keep;
    EXPECT_EQ(reader.error().code, ErrorCode::corrupt) << reader.error().message;
    EXPECT_NE(reader.error().message.find(truncated.string()), std::string::npos);
  }
}

TEST(ZipArchive, DamagedMemberDataFailsWhileReading) {
  TempDir dir;
  const std::string big = sample_text(400'000);
  const std::filesystem::path zip = make_sample_zip(dir, big);
  std::string bytes = read_file(zip);
  // Flip bytes in the middle of big.csv's deflate stream (the archive's largest part).
  for (size_t offset = bytes.size() / 2; offset < bytes.size() / 2 + 64; ++offset) {
    bytes[offset] = static_cast<char>(bytes[offset] ^ 0x5a);
  }
  const std::filesystem::path damaged = dir.path() / "damaged.zip";
  write_file(damaged, bytes);
  Result<std::string> content = read_member(damaged, "big.csv");
  ASSERT_FALSE(content.has_value());
  EXPECT_EQ(content.error().code, ErrorCode::corrupt);
  EXPECT_NE(content.error().message.find("damaged.zip"), std::string::npos)
      << content.error().message;
  EXPECT_NE(content.error().message.find("big.csv"), std::string::npos);
}

TEST(ZipArchive, UncommittedWriterLeavesNothing) {
  TempDir dir;
  {
    Result<ZipWriter> writer = ZipWriter::create(dir.path() / "abandoned.zip");
    ASSERT_TRUE(writer.has_value());
    ASSERT_TRUE(writer->add_data("a.csv", "x,y\n").has_value());
  }
  EXPECT_TRUE(std::filesystem::is_empty(dir.path()));
}

TEST(ZipArchive, AddFileOfMissingSourceFails) {
  TempDir dir;
  Result<ZipWriter> writer = ZipWriter::create(dir.path() / "a.zip");
  ASSERT_TRUE(writer.has_value());
  Result<> added = writer->add_file("a.csv", dir.path() / "missing.csv");
  ASSERT_FALSE(added.has_value());
  EXPECT_EQ(added.error().code, ErrorCode::not_found);
  EXPECT_NE(added.error().message.find("missing.csv"), std::string::npos);
}

TEST(ZipArchive, ReadableByPythonZipfile) {
  TempDir dir;
  const std::filesystem::path zip = make_sample_zip(dir, sample_text(100'000));
  const auto result = reelhouse::testing::run_shell(
      fmt::format("python3 -c \"import zipfile,sys; z=zipfile.ZipFile(sys.argv[1]); "
                  "print(z.testzip(), [(i.filename, i.file_size) for i in z.infolist()])\" '{}'",
                  zip.string()));
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_EQ(result.output, "None [('links.csv', 8), ('empty.csv', 0), ('big.csv', 100000)]\n");
}

TEST(ZipArchive, FixedMemberTimeGivesIdenticalBytes) {
  TempDir dir;
  std::string first_bytes;
  for (const char* name : {"first.zip", "second.zip"}) {
    const std::filesystem::path zip = dir.path() / name;
    Result<ZipWriter> writer = ZipWriter::create(zip, {.member_mtime = 1500508800});
    ASSERT_TRUE(writer.has_value());
    ASSERT_TRUE(writer->add_data("links.csv", "movieId,imdbId,tmdbId\n1,0114709,862\n"));
    ASSERT_TRUE(writer->begin_member("ratings.csv"));
    ASSERT_TRUE(writer->write("userId,movieId,rating,timestamp\n"));
    ASSERT_TRUE(writer->commit());
    if (first_bytes.empty()) {
      first_bytes = read_file(zip);
    } else {
      EXPECT_EQ(read_file(zip), first_bytes);
    }
  }
}

}  // namespace
}  // namespace reelhouse::util
