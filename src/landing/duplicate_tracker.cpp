#include "landing/duplicate_tracker.hpp"

#include <algorithm>

namespace reelhouse::landing {

bool KeySet::insert(std::string_view key, KeyNumber number) {
  if (!number.canonical || number.value >= k_max_bitmap_key) {
    return m_other_keys.emplace(key).second;
  }
  const size_t word_index = number.value / 64;
  if (word_index >= m_bitmap.size()) {
    // Grow geometrically so a file in ascending key order resizes O(log n) times.
    m_bitmap.resize(std::max(word_index + 1, m_bitmap.size() * 2), 0);
  }
  const uint64_t bit = uint64_t{1} << (number.value % 64);
  uint64_t& word = m_bitmap[word_index];
  if (word & bit) return false;
  word |= bit;
  return true;
}

size_t KeySet::memory_bytes() const {
  size_t other_bytes = 0;
  for (const std::string& key : m_other_keys) other_bytes += key.capacity() + 32;
  return m_bitmap.capacity() * sizeof(uint64_t) + other_bytes;
}

bool OrderingSet::insert(std::string_view key, KeyNumber number, int64_t ordering) {
  // Canonical keys are equal exactly when their numbers are (the prefix is fixed per column).
  const bool same_key = number.canonical && m_current_number.canonical
                            ? number.value == m_current_number.value
                            : !m_current_key.empty() && key == m_current_key;
  if (!same_key) {
    for (const uint32_t word_index : m_touched_words) m_bitmap[word_index] = 0;
    m_touched_words.clear();
    m_other_orderings.clear();
    m_current_key.assign(key);
    m_current_number = number;
  }
  if (ordering < 0 || ordering >= k_bitmap_orderings) {
    return m_other_orderings.insert(ordering).second;
  }
  const auto word_index = static_cast<uint32_t>(ordering / 64);
  const uint64_t bit = uint64_t{1} << (ordering % 64);
  uint64_t& word = m_bitmap[word_index];
  if (word & bit) return false;
  if (word == 0) m_touched_words.push_back(word_index);
  word |= bit;
  return true;
}

}  // namespace reelhouse::landing
