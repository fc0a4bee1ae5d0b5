// RAII owners for DuckDB's C API handles and the few helpers every layer needs.
//
// `DuckDatabase` owns a `duckdb_database`, `DuckConnection` a `duckdb_connection`; both are
// move-only and close their handle in the destructor. Queries return `Result<...>` with the
// DuckDB error text in the message, so a failing SQL model reports which model and why.
#pragma once

#include <duckdb.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/error.hpp"

namespace reelhouse::db {

struct DuckOptions {
  int threads = 0;               // 0 = DuckDB's default (all cores)
  std::string memory_limit{};    // e.g. "2GB"; empty = DuckDB's default
  std::string temp_directory{};  // where DuckDB may spill; empty = default
  bool read_only = false;
};

// A materialised query result: column names and rows of nullable text values.
// Meant for small results (CLI output, tests, catalog reads), not for bulk data.
struct TextTable {
  std::vector<std::string> columns{};
  std::vector<std::vector<std::optional<std::string>>> rows{};
};

class DuckDatabase {
 public:
  // Opens (or creates) the database at `path`; ":memory:" or "" for an in-memory one.
  static Result<DuckDatabase> open(const std::string& path, const DuckOptions& options = {});

  DuckDatabase(DuckDatabase&& other) noexcept;
  DuckDatabase& operator=(DuckDatabase&& other) noexcept;
  DuckDatabase(const DuckDatabase&) = delete;
  DuckDatabase& operator=(const DuckDatabase&) = delete;
  ~DuckDatabase();

  duckdb_database handle() const { return m_database; }

 private:
  DuckDatabase() = default;
  duckdb_database m_database = nullptr;
};

// A bound prepared-statement parameter.
using SqlParam = std::variant<std::monostate, int64_t, double, std::string>;

class DuckConnection {
 public:
  static Result<DuckConnection> connect(const DuckDatabase& database);

  DuckConnection(DuckConnection&& other) noexcept;
  DuckConnection& operator=(DuckConnection&& other) noexcept;
  DuckConnection(const DuckConnection&) = delete;
  DuckConnection& operator=(const DuckConnection&) = delete;
  ~DuckConnection();

  duckdb_connection handle() const { return m_connection; }

  // Runs one or more statements, discarding results.
  Result<> execute(std::string_view sql);

  // Runs a query and materialises its result as text (see TextTable).
  Result<TextTable> query_text(std::string_view sql, const std::vector<SqlParam>& params = {});

  // Runs a query expected to return one BIGINT-convertible value in its first cell.
  Result<int64_t> query_int(std::string_view sql, const std::vector<SqlParam>& params = {});

 private:
  DuckConnection() = default;
  duckdb_connection m_connection = nullptr;
};

// Quotes a SQL string literal: O'Brien -> 'O''Brien'.
std::string sql_quote(std::string_view text);

// A table expression reading Parquet files: read_parquet('<glob>', hive_partitioning = false).
// Lake paths contain `ingest_date=…`, which DuckDB would otherwise turn into an extra column.
std::string sql_read_parquet(std::string_view glob);

// Quotes an identifier: my table -> "my table".
std::string sql_identifier(std::string_view name);

}  // namespace reelhouse::db
