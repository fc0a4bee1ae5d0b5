// Prepared statements and typed query results over DuckDB's C API.
//
// `DuckPrepared` owns a `duckdb_prepared_statement`: prepare once, then bind every value as a
// parameter and execute many times (the API server keeps one per query shape and connection,
// so a request costs a bind and an execution, never a parse). `DuckQueryResult` owns a
// materialised `duckdb_result` and reads cells by their DuckDB type, so callers can render
// numbers as numbers (JSON) rather than going through text. Both are move-only RAII owners.
#pragma once

#include <duckdb.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "db/duckdb.hpp"

namespace reelhouse::db {

// A materialised result. Cells of types other than those `cell_kind` classifies as numbers or
// booleans are read as text (DuckDB's own VARCHAR rendering).
class DuckQueryResult {
 public:
  enum class CellKind { integer, unsigned_integer, real, boolean, text };

  DuckQueryResult();
  DuckQueryResult(DuckQueryResult&& other) noexcept;
  DuckQueryResult& operator=(DuckQueryResult&& other) noexcept;
  DuckQueryResult(const DuckQueryResult&) = delete;
  DuckQueryResult& operator=(const DuckQueryResult&) = delete;
  ~DuckQueryResult();

  // For the function that fills the result; the destructor then destroys it.
  duckdb_result* get() {
    m_filled = true;
    return &m_result;
  }

  uint64_t row_count();
  uint64_t column_count();
  std::string_view column_name(uint64_t column);
  CellKind cell_kind(uint64_t column);

  bool is_null(uint64_t column, uint64_t row);
  int64_t integer(uint64_t column, uint64_t row);
  uint64_t unsigned_integer(uint64_t column, uint64_t row);
  double real(uint64_t column, uint64_t row);
  bool boolean(uint64_t column, uint64_t row);
  std::string text(uint64_t column, uint64_t row);

 private:
  duckdb_result m_result{};
  bool m_filled = false;
};

class DuckPrepared {
 public:
  // Prepares `sql` (with `?` placeholders) on `connection`.
  // Errors: sql, with DuckDB's message and the statement.
  static Result<DuckPrepared> prepare(DuckConnection& connection, std::string_view sql);

  DuckPrepared(DuckPrepared&& other) noexcept;
  DuckPrepared& operator=(DuckPrepared&& other) noexcept;
  DuckPrepared(const DuckPrepared&) = delete;
  DuckPrepared& operator=(const DuckPrepared&) = delete;
  ~DuckPrepared();

  // Number of `?` parameters the statement expects.
  uint64_t parameter_count() const;

  // Clears previous bindings, binds `params` in order (1-based positions) and executes.
  // Errors: invalid_argument (wrong number of parameters), sql (bind or execution failure).
  Result<DuckQueryResult> execute(const std::vector<SqlParam>& params);

 private:
  DuckPrepared() = default;
  duckdb_prepared_statement m_statement = nullptr;
};

}  // namespace reelhouse::db
