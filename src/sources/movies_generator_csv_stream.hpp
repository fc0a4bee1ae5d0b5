// A CSV table being written to a ChunkSink: records are appended to a buffer that is handed
// to the sink whenever it passes about 1 MiB, and counted on the way.
#pragma once

#include <string>
#include <string_view>

#include "sources/movies_generator_csv.hpp"

namespace reelhouse::sources::movies {

class CsvStream {
 public:
  CsvStream(const ChunkSink& sink, LineEnding ending, std::string_view header)
      : m_sink(sink), m_ending(ending == LineEnding::crlf ? "\r\n" : "\n") {
    m_buffer.reserve(k_flush_bytes + 64 * 1024);
    m_buffer += header;
    m_buffer += m_ending;
    ++m_output.physical_lines;
  }

  // The buffer the current record is appended to.
  std::string& out() { return m_buffer; }

  // Ends a physical line inside a record (the break of a broken record).
  void break_line() {
    m_buffer += m_ending;
    ++m_output.physical_lines;
  }

  // Ends the current record (`embedded_line_breaks` LFs inside its quoted fields).
  Result<> end_record(uint64_t embedded_line_breaks = 0) {
    m_buffer += m_ending;
    ++m_output.records;
    m_output.physical_lines += 1 + embedded_line_breaks;
    if (m_buffer.size() >= k_flush_bytes) TRY(flush());
    return {};
  }

  // Counts a record that break_line() split in two as two records (as a reader sees them).
  void count_extra_record() { ++m_output.records; }

  Result<CsvTableOutput> finish() {
    TRY(flush());
    return m_output;
  }

 private:
  static constexpr size_t k_flush_bytes = size_t{1} << 20;

  Result<> flush() {
    if (m_buffer.empty()) return {};
    m_output.bytes += m_buffer.size();
    TRY(m_sink(m_buffer));
    m_buffer.clear();
    return {};
  }

  const ChunkSink& m_sink;
  std::string_view m_ending;
  std::string m_buffer;
  CsvTableOutput m_output;
};

}  // namespace reelhouse::sources::movies
