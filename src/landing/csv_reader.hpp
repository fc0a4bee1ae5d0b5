// A streaming reader of RFC 4180 CSV records.
//
// `CsvReader` pulls bytes from a `ByteSource` (a zip member, a file, a string) and hands out
// one record at a time: its fields with quotes removed and doubled quotes ("") undone, and
// for quarantine its raw text, the physical line it starts on and its byte offset. It
// follows RFC 4180 and what real exports do beyond it:
//   - records end with LF or CRLF; quoted fields may span lines. A CRLF inside a quoted field
//     becomes LF (optional), so a CRLF copy of a file yields the same values as the original;
//   - a quote inside an unquoted field is data, and text after a closing quote is appended
//     to the field (as Python's csv module does);
//   - empty lines between records are skipped (they hold no record); a UTF-8 byte order mark
//     at the start is skipped;
//   - a quoted field still open at the end of the input is returned as one last record with
//     status `unterminated_quote` (its raw text runs to the end), for quarantine.
// Memory is bounded: the buffer holds the current record and grows only as far as the
// longest record; a record longer than `max_record_bytes` (an unbalanced quote swallowing
// the file, usually) is an error naming its first line, not an out-of-memory.
//
// Unquoted fields are views into the read buffer and quoted ones into a per-record arena: no
// allocation per field, ~1 GB/s on metadata-like text.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace reelhouse::landing {

// Fills the span with the next bytes of the input and returns how many; 0 means the end.
using ByteSource = std::function<Result<size_t>(std::span<char> out)>;

struct CsvReaderOptions {
  char delimiter = ',';
  size_t max_record_bytes = size_t{64} << 20;
  size_t initial_buffer_bytes = size_t{1} << 20;
  bool crlf_in_quotes_to_lf = true;
};

enum class CsvRecordStatus {
  ok,
  unterminated_quote,  // the input ended inside a quoted field
};

struct CsvRecord {
  uint64_t line = 0;         // 1-based physical line the record starts on
  uint64_t byte_offset = 0;  // offset of its first byte in the input
  uint64_t line_count = 0;   // physical lines it spans (quoted line breaks included)
  CsvRecordStatus status = CsvRecordStatus::ok;
  std::string_view raw{};  // the record's bytes without its line terminator
  // The field values. An empty field (quoted or not) is an empty view. Like `raw`, valid
  // until the next call to CsvReader::next.
  std::vector<std::string_view> fields{};
};

class CsvReader {
 public:
  // `source_name` names the input in error messages.
  CsvReader(ByteSource source, std::string source_name, CsvReaderOptions options = {});

  // Reads the next record into `record`. Returns false at the end of the input.
  // Errors: those of the source (passed through), ErrorCode::parse for a record longer than
  // max_record_bytes (naming the source, the line and the byte offset).
  Result<bool> next(CsvRecord& record);

  // Input bytes consumed so far (up to the end of the last record returned).
  uint64_t bytes_consumed() const { return m_buffer_offset + m_position; }
  // Physical lines consumed so far.
  uint64_t lines_consumed() const { return m_line - 1; }
  const std::string& source_name() const { return m_source_name; }

 private:
  enum class ParseOutcome { complete, need_more, unterminated };
  ParseOutcome parse_record(CsvRecord& record);
  // Moves the unconsumed bytes to the front of the buffer and appends input. Returns false
  // when the input is exhausted and nothing was added.
  Result<bool> fill_buffer();

  ByteSource m_source;
  std::string m_source_name;
  CsvReaderOptions m_options;

  std::vector<char> m_buffer;
  size_t m_position = 0;         // start of the next record in m_buffer
  size_t m_end = 0;              // bytes of m_buffer holding input
  uint64_t m_buffer_offset = 0;  // input offset of m_buffer[0]
  uint64_t m_line = 1;           // line number at m_position
  bool m_input_done = false;
  bool m_started = false;

  std::string m_arena;  // unquoted text of quoted fields of the current record
  struct FieldSpan {
    bool in_arena = false;
    size_t begin = 0;
    size_t size = 0;
  };
  std::vector<FieldSpan> m_spans;
};

}  // namespace reelhouse::landing
