// Moving a DuckDB relation into a PostgreSQL table: the column types PostgreSQL uses to hold
// DuckDB's values exactly, and the rows streamed as COPY text (postgres/copy_text.hpp).
//
// The rows are rendered by DuckDB's own VARCHAR cast, which PostgreSQL's input functions read
// back to the same value: integers and decimals digit for digit, doubles in their shortest
// round-tripping form, dates and timestamps in ISO form. They are read from a streaming DuckDB
// result one chunk at a time and sent in ~1 MB pieces, so a product of any size needs memory
// for a chunk, not for the table.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "db/duckdb.hpp"
#include "postgres/pg_connection.hpp"

namespace reelhouse::warehouse {

struct ColumnMapping {
  std::string name{};
  std::string duckdb_type{};    // as DESCRIBE prints it, e.g. DECIMAL(3,1)
  std::string postgres_type{};  // e.g. NUMERIC(3,1)
};

// The PostgreSQL type holding every value of `duckdb_type` (as DESCRIBE prints it) exactly:
// BIGINT, INTEGER, SMALLINT, NUMERIC(p,s) for DECIMAL(p,s) (NUMERIC(20,0) and NUMERIC(39,0) for
// the unsigned and huge integers), DOUBLE PRECISION, REAL, TEXT (VARCHAR, ENUM), DATE, TIME,
// TIMESTAMP (also _S and _MS), TIMESTAMPTZ, INTERVAL, BOOLEAN, UUID.
// Errors: invalid_argument — no exact counterpart (nested types, BLOB, BIT, TIMESTAMP_NS…).
Result<std::string> postgres_type_of(std::string_view duckdb_type);

// The columns of `relation` (a DuckDB table expression) with their PostgreSQL types.
// Errors: sql (DuckDB), invalid_argument (a column without a PostgreSQL type; names it).
Result<std::vector<ColumnMapping>> map_columns(db::DuckConnection& connection,
                                               std::string_view relation);

// CREATE TABLE <qualified_table> (<column> <type>, …).
std::string create_table_sql(std::string_view qualified_table,
                             const std::vector<ColumnMapping>& columns);

// Streams every row of `relation` into `copy` (an open COPY … FROM STDIN in text format whose
// column list matches `columns`) and returns how many rows were sent; does not finish the COPY.
// Errors: sql (DuckDB), connection (sending).
Result<int64_t> stream_as_copy_text(db::DuckConnection& connection, std::string_view relation,
                                    const std::vector<ColumnMapping>& columns,
                                    postgres::PgCopyIn& copy);

}  // namespace reelhouse::warehouse
