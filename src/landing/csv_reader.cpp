#include "landing/csv_reader.hpp"

#include <algorithm>
#include <cstring>

namespace reelhouse::landing {

namespace {

constexpr std::string_view k_utf8_bom = "\xEF\xBB\xBF";

size_t count_newlines(const char* data, size_t size) {
  size_t count = 0;
  const char* end = data + size;
  while (const void* found = std::memchr(data, '\n', static_cast<size_t>(end - data))) {
    ++count;
    data = static_cast<const char*>(found) + 1;
  }
  return count;
}

// Appends the quoted text [data, data + size) to `arena`, turning CRLF into LF if asked.
void append_quoted_text(std::string& arena, const char* data, size_t size, bool crlf_to_lf) {
  if (!crlf_to_lf || std::memchr(data, '\r', size) == nullptr) {
    arena.append(data, size);
    return;
  }
  for (size_t byte_idx = 0; byte_idx < size; ++byte_idx) {
    if (data[byte_idx] == '\r' && byte_idx + 1 < size && data[byte_idx + 1] == '\n') continue;
    arena.push_back(data[byte_idx]);
  }
}

}  // namespace

CsvReader::CsvReader(ByteSource source, std::string source_name, CsvReaderOptions options)
    : m_source(std::move(source)), m_source_name(std::move(source_name)), m_options(options) {}

Result<bool> CsvReader::fill_buffer() {
  if (m_input_done) return false;
  if (m_position > 0) {
    std::memmove(m_buffer.data(), m_buffer.data() + m_position, m_end - m_position);
    m_buffer_offset += m_position;
    m_end -= m_position;
    m_position = 0;
  }
  if (m_end == m_buffer.size()) {
    m_buffer.resize(std::max(m_options.initial_buffer_bytes, m_buffer.size() * 2));
  }
  const size_t produced =
      TRY(m_source(std::span<char>(m_buffer.data() + m_end, m_buffer.size() - m_end)));
  if (produced == 0) {
    m_input_done = true;
    return false;
  }
  m_end += produced;
  return true;
}

Result<bool> CsvReader::next(CsvRecord& record) {
  if (!m_started) {
    m_started = true;
    while (m_end < k_utf8_bom.size() && TRY(fill_buffer())) {
    }
    if (std::string_view(m_buffer.data(), m_end).starts_with(k_utf8_bom)) {
      m_position = k_utf8_bom.size();
    }
  }
  while (true) {
    // Empty lines hold no record.
    if (m_position == m_end) {
      if (!TRY(fill_buffer())) return false;
      continue;
    }
    const char first = m_buffer[m_position];
    if (first == '\n') {
      ++m_position;
      ++m_line;
      continue;
    }
    if (first == '\r') {
      if (m_position + 1 == m_end && !m_input_done) {
        TRY(fill_buffer());
        continue;
      }
      if (m_position + 1 < m_end && m_buffer[m_position + 1] == '\n') {
        m_position += 2;
        ++m_line;
        continue;
      }
    }

    if (parse_record(record) != ParseOutcome::need_more) return true;
    if (m_end - m_position >= m_options.max_record_bytes) {
      return make_error(ErrorCode::parse,
                        "{}: the CSV record starting at line {} (byte offset {}) is longer than {} "
                        "bytes; a quote that is never closed probably swallowed the rest of the "
                        "file — check the quoting near that line",
                        m_source_name, m_line, m_buffer_offset + m_position,
                        m_options.max_record_bytes);
    }
    TRY(fill_buffer());
  }
}

CsvReader::ParseOutcome CsvReader::parse_record(CsvRecord& record) {
  const char* data = m_buffer.data();
  const size_t end = m_end;
  const bool at_end_of_input = m_input_done;
  const char delimiter = m_options.delimiter;
  m_arena.clear();
  m_spans.clear();
  size_t position = m_position;
  bool has_quoted_field = false;
  bool unterminated = false;

  // Scans unquoted text from `position` to the next delimiter or LF (or the end of input).
  // Returns the end of the field's text, excluding a CR that precedes the LF.
  auto scan_unquoted = [&](size_t start) -> size_t {
    while (position < end && data[position] != delimiter && data[position] != '\n') ++position;
    size_t text_end = position;
    if (position < end && data[position] == '\n' && text_end > start &&
        data[text_end - 1] == '\r') {
      --text_end;
    }
    return text_end;
  };

  while (true) {
    FieldSpan span;
    if (position < end && data[position] == '"') {
      has_quoted_field = true;
      span.in_arena = true;
      span.begin = m_arena.size();
      ++position;
      while (true) {
        const void* found = std::memchr(data + position, '"', end - position);
        if (found == nullptr) {
          if (!at_end_of_input) return ParseOutcome::need_more;
          append_quoted_text(m_arena, data + position, end - position,
                             m_options.crlf_in_quotes_to_lf);
          position = end;
          unterminated = true;
          break;
        }
        const size_t quote = static_cast<size_t>(static_cast<const char*>(found) - data);
        append_quoted_text(m_arena, data + position, quote - position,
                           m_options.crlf_in_quotes_to_lf);
        if (quote + 1 == end && !at_end_of_input) return ParseOutcome::need_more;
        if (quote + 1 < end && data[quote + 1] == '"') {
          m_arena.push_back('"');
          position = quote + 2;
          continue;
        }
        position = quote + 1;
        break;
      }
      if (!unterminated) {
        const size_t tail_start = position;
        const size_t tail_end = scan_unquoted(tail_start);
        if (position == end && !at_end_of_input) return ParseOutcome::need_more;
        m_arena.append(data + tail_start, tail_end - tail_start);
      }
      span.size = m_arena.size() - span.begin;
    } else {
      const size_t start = position;
      const size_t text_end = scan_unquoted(start);
      if (position == end && !at_end_of_input) return ParseOutcome::need_more;
      span.begin = start;
      span.size = text_end - start;
    }
    m_spans.push_back(span);
    if (!unterminated && position < end && data[position] == delimiter) {
      ++position;
      continue;
    }
    break;  // LF, end of input, or an unterminated quote
  }

  // The record runs from m_position to `position` (an LF, or the end of the input).
  size_t raw_end = position;
  const bool ends_with_newline = position < end;
  if (ends_with_newline && raw_end > m_position && data[raw_end - 1] == '\r') --raw_end;
  record.line = m_line;
  record.byte_offset = m_buffer_offset + m_position;
  record.status = unterminated ? CsvRecordStatus::unterminated_quote : CsvRecordStatus::ok;
  record.raw = std::string_view(data + m_position, raw_end - m_position);
  const size_t inner_newlines =
      has_quoted_field ? count_newlines(record.raw.data(), record.raw.size()) : 0;
  record.line_count = inner_newlines + 1;
  record.fields.clear();
  for (const FieldSpan& field : m_spans) {
    record.fields.emplace_back((field.in_arena ? m_arena.data() : data) + field.begin, field.size);
  }
  m_line += inner_newlines + (ends_with_newline ? 1 : 0);
  m_position = ends_with_newline ? position + 1 : position;
  return unterminated ? ParseOutcome::unterminated : ParseOutcome::complete;
}

}  // namespace reelhouse::landing
