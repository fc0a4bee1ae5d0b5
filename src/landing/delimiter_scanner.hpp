// Finds the tabs and newlines of TSV text, 64 bytes per step.
//
// Splitting lines and fields with one memchr per field costs a function call for every 5–10
// bytes of IMDb data. `DelimiterScanner` instead compares a 64-byte window against '\t' and
// '\n' at once (four SSE2 compares, part of every x86-64 CPU) into a bit mask and then walks
// the set bits, so the cost per delimiter is a count-trailing-zeros. Other CPUs use a scalar
// loop with the same interface.
//
// REQUIRES: the 64 bytes after `end` are readable (LineBlock buffers carry k_block_padding).
#pragma once

#include <cstddef>
#include <cstdint>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace reelhouse::landing {

class DelimiterScanner {
 public:
  // Scans data[position, end).
  DelimiterScanner(const char* data, size_t position, size_t end)
      : m_data(data), m_window(position), m_end(end) {
    load_window();
  }

  // The position of the next '\t' or '\n' at or after the previous result, or `end` when
  // there is none (callers treat it as the end of an unterminated last line).
  size_t next() {
    while (m_mask == 0) {
      m_window += k_window_bytes;
      if (m_window >= m_end) return m_end;
      load_window();
    }
    const size_t position = m_window + static_cast<size_t>(__builtin_ctzll(m_mask));
    m_mask &= m_mask - 1;
    return position;
  }

  // Restarts the scan at `position` (e.g. after a line was skipped by other means).
  void reset(size_t position) {
    m_window = position;
    load_window();
  }

 private:
  static constexpr size_t k_window_bytes = 64;

  void load_window() {
    if (m_window >= m_end) {
      m_mask = 0;
      return;
    }
    const char* window = m_data + m_window;
#if defined(__SSE2__)
    const __m128i tabs = _mm_set1_epi8('\t');
    const __m128i newlines = _mm_set1_epi8('\n');
    uint64_t mask = 0;
    for (size_t lane_idx = 0; lane_idx < 4; ++lane_idx) {
      const __m128i bytes =
          _mm_loadu_si128(reinterpret_cast<const __m128i*>(window + lane_idx * 16));
      const __m128i hits =
          _mm_or_si128(_mm_cmpeq_epi8(bytes, tabs), _mm_cmpeq_epi8(bytes, newlines));
      mask |= static_cast<uint64_t>(static_cast<uint32_t>(_mm_movemask_epi8(hits)))
              << (lane_idx * 16);
    }
#else
    uint64_t mask = 0;
    for (size_t byte_idx = 0; byte_idx < k_window_bytes; ++byte_idx) {
      const char byte = window[byte_idx];
      if (byte == '\t' || byte == '\n') mask |= uint64_t{1} << byte_idx;
    }
#endif
    const size_t remaining = m_end - m_window;
    if (remaining < k_window_bytes) mask &= (uint64_t{1} << remaining) - 1;
    m_mask = mask;
  }

  const char* m_data;
  size_t m_window;  // offset of the current 64-byte window
  size_t m_end;
  uint64_t m_mask = 0;  // delimiters in the window not yet returned
};

}  // namespace reelhouse::landing
