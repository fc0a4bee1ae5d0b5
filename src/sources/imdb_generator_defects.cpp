#include "sources/imdb_generator_defects.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <utility>

#include "sources/imdb_generator_model.hpp"
#include "util/random.hpp"

namespace reelhouse::sources::imdb {

namespace {

constexpr std::array<std::string_view, k_defect_kind_count> k_kind_names{
    "wrong_field_count", "non_numeric", "invalid_utf8", "crlf", "duplicate_key", "unknown_category",
};

constexpr uint64_t k_min_per_kind = 3;
constexpr uint64_t k_max_per_kind = 10;
// Leave the tail of a file alone: the real row count may fall a little short of the
// expected one, and every planned defect must land.
constexpr double k_spread_fraction = 0.9;

// Values that are neither an integer, a decimal nor \N.
constexpr std::array<std::string_view, 4> k_non_numbers{"abc", "19x5", "n/a", "seven"};
// Byte sequences that no UTF-8 decoder accepts: a byte never used by UTF-8, a lone
// continuation byte, a lead byte followed by ASCII, a three-byte sequence cut short.
constexpr std::array<std::string_view, 4> k_invalid_utf8{"\xff", "\x80", "\xc3(", "\xe2\x82"};
constexpr std::array<std::string_view, 3> k_unknown_categories{"stuntman", "narrator", "host"};

// [begin, end) of field `field_idx` in a tab-separated line.
std::pair<size_t, size_t> field_range(std::string_view line, size_t field_idx) {
  size_t begin = 0;
  for (size_t idx = 0; idx < field_idx; ++idx) begin = line.find('\t', begin) + 1;
  const size_t end = line.find('\t', begin);
  return {begin, end == std::string_view::npos ? line.size() : end};
}

void replace_field(std::string& line, size_t field_idx, std::string_view value) {
  const auto [begin, end] = field_range(line, field_idx);
  line.replace(begin, end - begin, value);
}

}  // namespace

std::string_view defect_kind_name(DefectKind kind) {
  return k_kind_names[static_cast<size_t>(kind)];
}

DefectSchedule::DefectSchedule(uint64_t seed, uint64_t table_id, uint64_t expected_base_rows,
                               std::span<const DefectKind> kinds) {
  if (kinds.empty()) return;
  util::Rng rng = make_rng(seed, Stream::defects, table_id);
  const auto span =
      static_cast<uint64_t>(static_cast<double>(expected_base_rows) * k_spread_fraction);
  // At least two rows between defects, so that no row is hit twice.
  const uint64_t per_kind_cap = span / (2 * kinds.size());
  std::vector<DefectKind> planned;
  for (const DefectKind kind : kinds) {
    const uint64_t wanted = k_min_per_kind + rng.below(k_max_per_kind - k_min_per_kind + 1);
    planned.insert(planned.end(), std::min(wanted, per_kind_cap), kind);
  }
  // Fisher–Yates with our own generator: the same plan on every standard library.
  for (size_t idx = planned.size(); idx > 1; --idx) {
    std::swap(planned[idx - 1], planned[rng.below(idx)]);
  }
  const double spacing = static_cast<double>(span) / static_cast<double>(planned.size());
  for (size_t idx = 0; idx < planned.size(); ++idx) {
    const auto row = static_cast<uint64_t>((static_cast<double>(idx) + 0.5) * spacing);
    m_targets.push_back(Target{row, planned[idx]});
  }
}

uint64_t DefectSchedule::expected_rejects() const {
  uint64_t rejects = 0;
  for (size_t kind_idx = 0; kind_idx < k_defect_kind_count; ++kind_idx) {
    if (is_rejected(static_cast<DefectKind>(kind_idx))) rejects += m_injected[kind_idx];
  }
  return rejects;
}

std::optional<std::string> inject_defect(const ScheduledDefect& defect, const TableShape& shape,
                                         std::string& line, std::string_view& line_ending) {
  const uint64_t occurrence = defect.occurrence;
  line_ending = "\n";
  switch (defect.kind) {
    case DefectKind::wrong_field_count:
      if (occurrence % 2 == 0) {
        line.erase(line.rfind('\t'));  // one field too few
      } else {
        line += "\textra";  // one field too many
      }
      break;
    case DefectKind::non_numeric: {
      const size_t field = shape.numeric_fields[occurrence % shape.numeric_fields.size()];
      replace_field(line, field, k_non_numbers[occurrence % k_non_numbers.size()]);
      break;
    }
    case DefectKind::invalid_utf8: {
      const size_t field = shape.text_fields[occurrence % shape.text_fields.size()];
      const std::string_view bad = k_invalid_utf8[occurrence % k_invalid_utf8.size()];
      const auto [begin, end] = field_range(line, field);
      const std::string_view value(line.data() + begin, end - begin);
      if (value == "\\N") {
        std::string replacement = "X";
        replacement += bad;
        line.replace(begin, end - begin, replacement);
      } else {
        // Inside a JSON array's quotes (characters), else after the first byte.
        const size_t offset = value.starts_with("[\"") ? 2 : 1;
        line.insert(begin + std::min(offset, value.size()), bad);
      }
      break;
    }
    case DefectKind::crlf:
      line_ending = "\r\n";
      break;
    case DefectKind::duplicate_key: {
      std::string duplicate = line;
      const auto [begin, end] = field_range(duplicate, shape.duplicate_field);
      duplicate.insert(end, shape.duplicate_suffix);
      return duplicate;
    }
    case DefectKind::unknown_category:
      replace_field(line, shape.category_field,
                    k_unknown_categories[occurrence % k_unknown_categories.size()]);
      break;
  }
  return std::nullopt;
}

std::string defects_manifest_json(uint64_t seed, double scale,
                                  std::span<const TableDefects> tables) {
  nlohmann::ordered_json manifest;
  manifest["seed"] = seed;
  manifest["scale"] = scale;
  nlohmann::ordered_json tables_json = nlohmann::ordered_json::object();
  for (const TableDefects& table : tables) {
    nlohmann::ordered_json defects = nlohmann::ordered_json::object();
    for (size_t kind_idx = 0; kind_idx < k_defect_kind_count; ++kind_idx) {
      const auto kind = static_cast<DefectKind>(kind_idx);
      if (kind == DefectKind::unknown_category && !table.has_categories) continue;
      defects[std::string(defect_kind_name(kind))] = table.schedule->injected(kind);
    }
    const uint64_t rejects = table.schedule->expected_rejects();
    nlohmann::ordered_json entry;
    entry["file"] = table.file_name;
    entry["rows_written"] = table.rows_written;
    entry["defects"] = std::move(defects);
    entry["expected_rejects"] = rejects;
    entry["expected_valid_rows"] = table.rows_written - rejects;
    tables_json[table.table] = std::move(entry);
  }
  manifest["tables"] = std::move(tables_json);
  return manifest.dump() + "\n";
}

}  // namespace reelhouse::sources::imdb
