#include "landing/csv_reader.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstring>
#include <string>
#include <vector>

#include "support/test_support.hpp"

namespace reelhouse::landing {
namespace {

// A ByteSource over a string, handing out at most `chunk` bytes per call.
ByteSource string_source(std::string text, size_t chunk = 1 << 20) {
  auto shared = std::make_shared<std::string>(std::move(text));
  auto position = std::make_shared<size_t>(0);
  return [shared, position, chunk](std::span<char> out) -> Result<size_t> {
    const size_t count = std::min({out.size(), chunk, shared->size() - *position});
    std::memcpy(out.data(), shared->data() + *position, count);
    *position += count;
    return count;
  };
}

struct ReadRecord {
  uint64_t line = 0;
  uint64_t offset = 0;
  CsvRecordStatus status = CsvRecordStatus::ok;
  std::string raw;
  std::vector<std::string> fields;
  bool operator==(const ReadRecord&) const = default;
};

std::ostream& operator<<(std::ostream& out, const ReadRecord& record) {
  out << "{line " << record.line << ", offset " << record.offset << ", status "
      << static_cast<int>(record.status) << ", raw [" << record.raw << "], fields";
  for (const std::string& field : record.fields) out << " [" << field << "]";
  return out << "}";
}

Result<std::vector<ReadRecord>> read_all(const std::string& text, size_t chunk,
                                         CsvReaderOptions options = {}) {
  CsvReader reader(string_source(text, chunk), "test.csv", options);
  std::vector<ReadRecord> records;
  CsvRecord record;
  while (TRY(reader.next(record))) {
    ReadRecord copy{record.line, record.byte_offset, record.status, std::string(record.raw), {}};
    for (std::string_view field : record.fields) copy.fields.emplace_back(field);
    records.push_back(std::move(copy));
  }
  return records;
}

struct CsvCase {
  std::string name;
  std::string input;
  std::vector<ReadRecord> expected;
};

TEST(CsvReader, ParsesRfc4180AndRealWorldVariants) {
  const std::vector<CsvCase> cases = {
      {"simple", "a,b\n1,2\n", {{1, 0, {}, "a,b", {"a", "b"}}, {2, 4, {}, "1,2", {"1", "2"}}}},
      {"no final newline",
       "a,b\n1,2",
       {{1, 0, {}, "a,b", {"a", "b"}}, {2, 4, {}, "1,2", {"1", "2"}}}},
      {"crlf", "a,b\r\n1,2\r\n", {{1, 0, {}, "a,b", {"a", "b"}}, {2, 5, {}, "1,2", {"1", "2"}}}},
      {"empty fields", ",,\n", {{1, 0, {}, ",,", {"", "", ""}}}},
      {"quoted with comma and doubled quote",
       "\"x,y\",\"say \"\"hi\"\"\",\"\"\n",
       {{1, 0, {}, "\"x,y\",\"say \"\"hi\"\"\",\"\"", {"x,y", "say \"hi\"", ""}}}},
      {"multi-line quoted field",
       "id,overview\n1,\"Led by\nWoody\"\n2,x\n",
       {{1, 0, {}, "id,overview", {"id", "overview"}},
        {2, 12, {}, "1,\"Led by\nWoody\"", {"1", "Led by\nWoody"}},
        {4, 29, {}, "2,x", {"2", "x"}}}},
      {"multi-line quoted field with crlf",
       "1,\"a\r\nb\"\r\n2,c\r\n",
       {{1, 0, {}, "1,\"a\r\nb\"", {"1", "a\nb"}}, {3, 10, {}, "2,c", {"2", "c"}}}},
      {"quoted last field then crlf", "\"a\",\"b\"\r\n", {{1, 0, {}, "\"a\",\"b\"", {"a", "b"}}}},
      {"quote inside unquoted field is data", "a\"b,c\n", {{1, 0, {}, "a\"b,c", {"a\"b", "c"}}}},
      {"text after closing quote is appended",
       "\"ab\"cd,e\n",
       {{1, 0, {}, "\"ab\"cd,e", {"abcd", "e"}}}},
      {"blank lines are skipped",
       "a\n\n\r\nb\n\n",
       {{1, 0, {}, "a", {"a"}}, {4, 5, {}, "b", {"b"}}}},
      {"utf-8 bom skipped",
       "\xEF\xBB\xBFid\n1\n",
       {{1, 3, {}, "id", {"id"}}, {2, 6, {}, "1", {"1"}}}},
      {"unterminated quote at end",
       "1,ok\n2,\"never\nclosed\n",
       {{1, 0, {}, "1,ok", {"1", "ok"}},
        {2,
         5,
         CsvRecordStatus::unterminated_quote,
         "2,\"never\nclosed\n",
         {"2", "never\nclosed\n"}}}},
      {"quote closing at end of input", "1,\"a\"", {{1, 0, {}, "1,\"a\"", {"1", "a"}}}},
      {"empty input", "", {}},
  };
  for (const CsvCase& test_case : cases) {
    for (const size_t chunk : {size_t{1}, size_t{2}, size_t{3}, size_t{7}, size_t{1} << 20}) {
      Result<std::vector<ReadRecord>> records = read_all(test_case.input, chunk);
      ASSERT_TRUE(records.has_value()) << test_case.name << ": " << records.error().message;
      EXPECT_EQ(*records, test_case.expected) << test_case.name << ", chunk " << chunk;
    }
  }
}

TEST(CsvReader, CrlfInsideQuotesCanBeKept) {
  CsvReaderOptions options;
  options.crlf_in_quotes_to_lf = false;
  Result<std::vector<ReadRecord>> records = read_all("\"a\r\nb\"\r\n", 3, options);
  ASSERT_TRUE(records.has_value());
  ASSERT_EQ(records->size(), 1u);
  EXPECT_EQ((*records)[0].fields[0], "a\r\nb");
}

TEST(CsvReader, RecordLongerThanLimitIsAnErrorNamingTheLine) {
  CsvReaderOptions options;
  options.max_record_bytes = 1000;
  options.initial_buffer_bytes = 256;
  std::string text = "id,overview\n1,short\n2,\"" + std::string(5000, 'x') + "\n3,y\n";
  Result<std::vector<ReadRecord>> records = read_all(text, 100, options);
  ASSERT_FALSE(records.has_value());
  EXPECT_EQ(records.error().code, ErrorCode::parse);
  EXPECT_NE(records.error().message.find("test.csv"), std::string::npos);
  EXPECT_NE(records.error().message.find("line 3"), std::string::npos) << records.error().message;
  // The same record fits under a larger limit (the buffer grows past its initial size).
  options.max_record_bytes = 100'000;
  text += "\"\n";
  records = read_all("a\n\"" + std::string(5000, 'x') + "\"\n", 100, options);
  ASSERT_TRUE(records.has_value());
  EXPECT_EQ((*records)[1].fields[0].size(), 5000u);
}

TEST(CsvReader, SourceErrorsPassThrough) {
  CsvReader reader(
      [](std::span<char>) -> Result<size_t> {
        return make_error(ErrorCode::corrupt, "zip is damaged");
      },
      "x.csv");
  CsvRecord record;
  Result<bool> next = reader.next(record);
  ASSERT_FALSE(next.has_value());
  EXPECT_EQ(next.error().message, "zip is damaged");
}

TEST(CsvReader, RealMetadataMatchesPythonCsv) {
  SKIP_WITHOUT_SHARED_DATA(data);
  const std::filesystem::path file = data / "movies_dataset" / "movies_metadata.csv";
  const std::string text = reelhouse::testing::read_file(file);
  CsvReader reader(string_source(text, 65536), file.string());
  CsvRecord record;
  size_t records = 0;
  size_t multi_line = 0;
  uint64_t last_line = 0;
  while (reader.next(record).value()) {
    ++records;
    EXPECT_EQ(record.fields.size(), 24u) << "line " << record.line;
    EXPECT_EQ(record.status, CsvRecordStatus::ok);
    EXPECT_EQ(std::string_view(text).substr(record.byte_offset, record.raw.size()), record.raw);
    if (record.line_count > 1) ++multi_line;
    last_line = record.line + record.line_count - 1;
  }
  // Python: len(list(csv.reader(f))) == 2997 (header + 2,996), 2 records span lines.
  EXPECT_EQ(records, 2997u);
  EXPECT_EQ(multi_line, 2u);
  EXPECT_EQ(last_line, 3000u);  // 2,999 LFs; the last line has no terminator
  EXPECT_EQ(reader.bytes_consumed(), text.size());
}

}  // namespace
}  // namespace reelhouse::landing
