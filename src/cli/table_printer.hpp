// Rendering tabular results for people and scripts: aligned text tables, CSV (RFC 4180) and
// JSON (an array of objects), plus human-friendly number formatting.
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "db/duckdb.hpp"

namespace reelhouse::cli {

using TextTableRows = std::vector<std::vector<std::string>>;

void print_table(std::ostream& out, const std::vector<std::string>& headers,
                 const TextTableRows& rows);

enum class OutputFormat { table, csv, json };

// Prints a query result in `format`; NULL shows as "NULL" in tables, empty in CSV, null in JSON.
void print_result(std::ostream& out, const db::TextTable& result, OutputFormat format);

// 1234567 -> "1,234,567"
std::string format_count(int64_t value);

// 1536 -> "1.5 KiB"
std::string format_bytes(int64_t bytes);

}  // namespace reelhouse::cli
