// Known bad rows for `reelhouse generate imdb --defects`, and their manifest.
//
// A loader's validation is only tested if the test knows exactly what it should reject.
// A `DefectSchedule` decides, before a file is written, which data rows become defective
// and how: each kind a few times (3–10), spread evenly through the file, every defective row
// carrying exactly ONE defect so that the expected counts are exact. The table writers ask
// the schedule about each base row as they stream it, and the schedule counts what was
// really injected; `defects_manifest_json` turns those counts into defects_manifest.json.
//
// The loader's rules the defects break: field count equals the header's; numbers are \N or
// integers (decimals for averageRating); text is valid UTF-8; a principal's category is one
// of the 13 known; keys are unique (the first row wins). CRLF line endings are *accepted*
// (the trailing \r is stripped), so they are counted but expected to load.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace reelhouse::sources::imdb {

enum class DefectKind : uint8_t {
  wrong_field_count,  // one tab too few or too many
  non_numeric,        // e.g. `abc` in startYear
  invalid_utf8,       // a stray 0xFF or a truncated sequence in a text field
  crlf,               // the line ends in \r\n (accepted by the loader)
  duplicate_key,      // a second row with the key of the row before it
  unknown_category,   // principals only: e.g. `stuntman`
};
inline constexpr size_t k_defect_kind_count = 6;

std::string_view defect_kind_name(DefectKind kind);

// True when the loader must reject a row with this defect.
constexpr bool is_rejected(DefectKind kind) {
  return kind != DefectKind::crlf;
}

// Where a table keeps the columns a defect targets (0-based field positions).
struct TableShape {
  std::span<const size_t> numeric_fields;  // integer or decimal columns that may hold \N
  std::span<const size_t> text_fields;     // free text (invalid UTF-8 goes here)
  size_t category_field = 0;               // used by unknown_category only
  size_t duplicate_field = 0;              // a non-key field the duplicate row changes
  std::string_view duplicate_suffix;       // appended to that field in the duplicate row
};

struct ScheduledDefect {
  DefectKind kind;
  uint64_t occurrence;  // 0 for the first defect of this kind, 1 for the second, …
};

class DefectSchedule {
 public:
  // A schedule that injects nothing.
  DefectSchedule() = default;

  // Plans 3–10 defects of each kind in `kinds`, spread over the first ~90% of
  // `expected_base_rows` (fewer when the table is tiny). `table_id` separates the random
  // streams of the tables.
  DefectSchedule(uint64_t seed, uint64_t table_id, uint64_t expected_base_rows,
                 std::span<const DefectKind> kinds);

  // The defect for base row `base_row` (file order, not counting inserted duplicates), if
  // any, and counts it as injected. REQUIRES: called with increasing row numbers.
  std::optional<ScheduledDefect> at(uint64_t base_row) {
    if (m_next == m_targets.size() || m_targets[m_next].row != base_row) return std::nullopt;
    const DefectKind kind = m_targets[m_next++].kind;
    return ScheduledDefect{kind, m_injected[static_cast<size_t>(kind)]++};
  }

  uint64_t injected(DefectKind kind) const { return m_injected[static_cast<size_t>(kind)]; }
  uint64_t expected_rejects() const;

 private:
  struct Target {
    uint64_t row;
    DefectKind kind;
  };
  std::vector<Target> m_targets;  // ascending rows
  size_t m_next = 0;
  std::array<uint64_t, k_defect_kind_count> m_injected{};
};

// Rewrites `line` (one data row without its line ending) so that it carries `defect`, and
// sets `line_ending` ("\n" or "\r\n"). For duplicate_key the line is left as is and the
// duplicate to write after it is returned. REQUIRES: the line is a valid row of `shape`.
std::optional<std::string> inject_defect(const ScheduledDefect& defect, const TableShape& shape,
                                         std::string& line, std::string_view& line_ending);

// What the manifest says about one table.
struct TableDefects {
  std::string table;      // title_basics, …
  std::string file_name;  // title.basics.tsv.gz, …
  uint64_t rows_written = 0;
  const DefectSchedule* schedule = nullptr;
  bool has_categories = false;  // list unknown_category (principals)
};

// The defects_manifest.json text: {"seed":…,"scale":…,"tables":{"title_basics":{"file":…,
// "rows_written":…,"defects":{kind:count,…},"expected_rejects":…,"expected_valid_rows":…},…}}.
std::string defects_manifest_json(uint64_t seed, double scale,
                                  std::span<const TableDefects> tables);

}  // namespace reelhouse::sources::imdb
