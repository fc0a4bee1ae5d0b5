#include "cli/table_printer.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace reelhouse::cli {

namespace {

// Display width of UTF-8 text: counts code points, not bytes (good enough for alignment).
size_t display_width(const std::string& text) {
  return static_cast<size_t>(std::count_if(text.begin(), text.end(), [](char character) {
    return (static_cast<unsigned char>(character) & 0xC0) != 0x80;
  }));
}

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char character : text) {
    if (character == '"') quoted += '"';
    quoted += character;
  }
  return quoted + "\"";
}

}  // namespace

void print_table(std::ostream& out, const std::vector<std::string>& headers,
                 const TextTableRows& rows) {
  std::vector<size_t> widths(headers.size());
  for (size_t column_idx = 0; column_idx < headers.size(); ++column_idx) {
    widths[column_idx] = display_width(headers[column_idx]);
    for (const auto& row : rows) {
      widths[column_idx] = std::max(widths[column_idx], display_width(row[column_idx]));
    }
  }
  auto print_row = [&](const std::vector<std::string>& cells) {
    for (size_t column_idx = 0; column_idx < cells.size(); ++column_idx) {
      out << (column_idx == 0 ? "" : "  ") << cells[column_idx];
      if (column_idx + 1 < cells.size()) {
        out << std::string(widths[column_idx] - display_width(cells[column_idx]), ' ');
      }
    }
    out << "\n";
  };
  print_row(headers);
  std::vector<std::string> rule;
  for (size_t width : widths) rule.push_back(std::string(width, '-'));
  print_row(rule);
  for (const auto& row : rows) print_row(row);
}

void print_result(std::ostream& out, const db::TextTable& result, OutputFormat format) {
  switch (format) {
    case OutputFormat::table: {
      TextTableRows rows;
      for (const auto& row : result.rows) {
        auto& cells = rows.emplace_back();
        for (const auto& cell : row) cells.push_back(cell.value_or("NULL"));
      }
      print_table(out, result.columns, rows);
      out << "(" << format_count(static_cast<int64_t>(result.rows.size())) << " rows)\n";
      return;
    }
    case OutputFormat::csv: {
      for (size_t column_idx = 0; column_idx < result.columns.size(); ++column_idx) {
        out << (column_idx ? "," : "") << csv_field(result.columns[column_idx]);
      }
      out << "\n";
      for (const auto& row : result.rows) {
        for (size_t column_idx = 0; column_idx < row.size(); ++column_idx) {
          out << (column_idx ? "," : "") << csv_field(row[column_idx].value_or(""));
        }
        out << "\n";
      }
      return;
    }
    case OutputFormat::json: {
      nlohmann::json rows = nlohmann::json::array();
      for (const auto& row : result.rows) {
        nlohmann::json object = nlohmann::json::object();
        for (size_t column_idx = 0; column_idx < row.size(); ++column_idx) {
          const auto& cell = row[column_idx];
          object[result.columns[column_idx]] =
              cell ? nlohmann::json(*cell) : nlohmann::json(nullptr);
        }
        rows.push_back(std::move(object));
      }
      out << rows.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
      return;
    }
  }
}

std::string format_count(int64_t value) {
  std::string digits = std::to_string(value < 0 ? -value : value);
  std::string grouped;
  for (size_t digit_idx = 0; digit_idx < digits.size(); ++digit_idx) {
    if (digit_idx > 0 && (digits.size() - digit_idx) % 3 == 0) grouped += ',';
    grouped += digits[digit_idx];
  }
  return value < 0 ? "-" + grouped : grouped;
}

std::string format_bytes(int64_t bytes) {
  constexpr const char* k_units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  double value = static_cast<double>(bytes);
  size_t unit_idx = 0;
  while (value >= 1024 && unit_idx + 1 < std::size(k_units)) {
    value /= 1024;
    ++unit_idx;
  }
  return unit_idx == 0 ? fmt::format("{} B", bytes)
                       : fmt::format("{:.1f} {}", value, k_units[unit_idx]);
}

}  // namespace reelhouse::cli
