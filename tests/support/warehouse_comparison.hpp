// Header-only (the test binary globs *_test.cpp; support .cpp files are listed by hand).
//
// Compares every product table of a published DuckDB warehouse file with the same table in a
// PostgreSQL warehouse (schema `reelhouse`), row for row: both sides sorted by every column,
// cells compared as text (booleans as true/false, doubles through their value). Used by the
// PostgreSQL publisher's test and by the team-mode end-to-end test.
#pragma once

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "db/duckdb.hpp"
#include "postgres/pg_connection.hpp"

namespace reelhouse::testing {

// A cell as a comparable string: booleans as true/false, doubles through their value.
inline std::optional<std::string> comparable_cell(const std::optional<std::string>& cell,
                                                  const std::string& duckdb_type) {
  if (!cell) return cell;
  if (duckdb_type == "BOOLEAN") {
    if (*cell == "t") return "true";
    if (*cell == "f") return "false";
  }
  if (duckdb_type == "DOUBLE" || duckdb_type == "FLOAT") {
    return fmt::format("{}", std::stod(*cell));
  }
  return cell;
}

enum class CompareColumns {
  all,     // the same publication loaded twice: every column
  stable,  // two runs of the same data: not when or by which run it was collected
};

// Whether a column's value does not depend on when or in which run the data was collected:
// not a timestamp, run id, *_at, measured latency, request/retry count (hedged requests of a
// slow moment add to those), source file or lake location.
inline bool is_stable_column(const std::string& name, const std::string& duckdb_type) {
  if (duckdb_type.starts_with("TIMESTAMP")) return false;
  if (name.find("run_id") != std::string::npos || name.ends_with("_at")) return false;
  if (name.find("latency") != std::string::npos) return false;
  return name != "requests" && name != "retries" && name != "source_file" && name != "location";
}

// Expects every base table of `duckdb_file` but etl_pipeline_status to equal
// reelhouse.<table> at `pg_url` over `which` columns; returns the tables compared
// (ADD_FAILURE on differences, at most three reported per table).
inline std::vector<std::string> expect_products_equal(const std::filesystem::path& duckdb_file,
                                                      const std::string& pg_url,
                                                      CompareColumns which = CompareColumns::all) {
  std::vector<std::string> compared;
  auto duck_database =
      db::DuckDatabase::open(duckdb_file.string(), db::DuckOptions{.read_only = true});
  EXPECT_TRUE(duck_database) << duck_database.error().message;
  if (!duck_database) return compared;
  auto duck = db::DuckConnection::connect(*duck_database);
  auto pg = postgres::PgConnection::connect(pg_url);
  EXPECT_TRUE(duck && pg) << (pg ? "" : pg.error().message);
  if (!duck || !pg) return compared;

  const auto tables = duck->query_text(
      "SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' AND "
      "table_name <> 'etl_pipeline_status' ORDER BY table_name");
  EXPECT_TRUE(tables);
  if (!tables) return compared;
  for (const auto& table_row : tables->rows) {
    const std::string table = *table_row[0];
    SCOPED_TRACE(table);
    compared.push_back(table);
    const auto columns = duck->query_text(fmt::format(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = '{}' "
        "ORDER BY ordinal_position",
        table));
    EXPECT_TRUE(columns);
    if (!columns) continue;
    std::vector<std::string> names;
    std::vector<std::string> types;
    for (const auto& column : columns->rows) {
      if (which == CompareColumns::stable && !is_stable_column(*column[0], *column[1])) continue;
      names.push_back(postgres::pg_identifier(*column[0]));
      types.push_back(*column[1]);
    }
    const std::string list = fmt::format("{}", fmt::join(names, ", "));
    const auto duck_rows =
        duck->query_text(fmt::format("SELECT {} FROM {} ORDER BY {}", list, table, list));
    EXPECT_TRUE(duck_rows) << duck_rows.error().message;
    const auto pg_rows =
        pg->query(fmt::format("SELECT {} FROM reelhouse.{} ORDER BY {}", list, table, list));
    EXPECT_TRUE(pg_rows) << pg_rows.error().message;
    if (!duck_rows || !pg_rows) continue;
    EXPECT_EQ(pg_rows->rows(), static_cast<int>(duck_rows->rows.size()));
    if (pg_rows->rows() != static_cast<int>(duck_rows->rows.size())) continue;
    int differences = 0;
    for (int row_idx = 0; row_idx < pg_rows->rows() && differences < 3; ++row_idx) {
      for (int column_idx = 0; column_idx < pg_rows->columns(); ++column_idx) {
        const std::string& type = types[column_idx];
        const auto expected = comparable_cell(duck_rows->rows[row_idx][column_idx], type);
        const auto actual = comparable_cell(pg_rows->value(row_idx, column_idx), type);
        if (expected != actual) {
          ++differences;
          ADD_FAILURE() << "row " << row_idx << " column " << names[column_idx] << " (" << type
                        << "): DuckDB " << expected.value_or("NULL") << ", PostgreSQL "
                        << actual.value_or("NULL");
        }
      }
    }
  }
  return compared;
}

}  // namespace reelhouse::testing
