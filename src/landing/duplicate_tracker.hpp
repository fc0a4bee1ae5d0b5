// Remembers which keys a landing has already written, in little memory.
//
// IMDb keys are a two-letter prefix and a zero-padded number (tt0000001, nm10234567). A
// `KeySet` keeps one bit per number for keys in that canonical form — 14 million names cost
// under 2 MB — and falls back to a hash set of the text for the odd non-canonical key
// (tt01, tt00000001), so two different strings are never confused. Numbers beyond
// k_max_bitmap_key also go to the hash set, which bounds the bitmap at 128 MiB even for
// hostile input.
//
// `OrderingSet` tracks (tconst, ordering) for title.principals, which upstream sorts by
// tconst: it keeps the orderings of the current tconst only and forgets them when the tconst
// changes. Duplicates are therefore found within each run of equal tconst; in a file that is
// not grouped by tconst, a pair repeated in two separate runs is not detected.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace reelhouse::landing {

// A key's numeric part as parsed by the row parser.
struct KeyNumber {
  uint64_t value = 0;
  bool canonical = false;  // exactly 7 digits, or more than 7 without a leading zero (≤ 18)
};

class KeySet {
 public:
  // Numbers at or above this are kept in the hash set instead of the bitmap.
  static constexpr uint64_t k_max_bitmap_key = uint64_t{1} << 30;

  // Inserts `key` (the full text, e.g. "tt0000001") whose numeric part is `number`.
  // Returns false when it was already present.
  bool insert(std::string_view key, KeyNumber number);

  // Bytes held by the bitmap and hash set (approximate).
  size_t memory_bytes() const;

 private:
  std::vector<uint64_t> m_bitmap;
  std::unordered_set<std::string> m_other_keys;
};

class OrderingSet {
 public:
  // Inserts (key, ordering); `number` is the key's parsed numeric part. Returns false when
  // the pair was already seen in the current run of `key`. A different `key` than the
  // previous call starts a new run.
  bool insert(std::string_view key, KeyNumber number, int64_t ordering);

 private:
  // Orderings below this use the bitmap; upstream orderings stay below ~100.
  static constexpr int64_t k_bitmap_orderings = 1024;

  // The current key: by number when canonical (no string compare per row), else by text.
  KeyNumber m_current_number;
  std::string m_current_key;
  std::vector<uint64_t> m_bitmap = std::vector<uint64_t>(k_bitmap_orderings / 64, 0);
  std::vector<uint32_t> m_touched_words;
  std::unordered_set<int64_t> m_other_orderings;
};

}  // namespace reelhouse::landing
