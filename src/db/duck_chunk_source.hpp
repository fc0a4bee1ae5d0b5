// A C++ object exposed to SQL as a DuckDB table function, through the C API.
//
// DuckDB pulls rows from a table function one data chunk (≤ duckdb_vector_size() rows) at a
// time, possibly from several threads, each with its own thread state. `ChunkSource` is that
// contract in C++: it names its columns, says how many threads may pull, makes per-thread
// state, and fills chunks. `register_chunk_source` binds it to a name on a connection, so
// `COPY (SELECT * FROM name()) TO 'x.parquet'` streams whatever the source produces into
// DuckDB's Parquet writer with bounded memory, without materialising a table.
//
// Errors cross the C boundary as text (DuckDB fails the query with it); sources that need the
// typed Error afterwards keep it themselves (see ChunkSource::fill). Exceptions never escape
// into DuckDB: the glue catches them and fails the query.
#pragma once

#include <duckdb.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "db/duckdb.hpp"

namespace reelhouse::db {

struct ChunkColumn {
  std::string name;
  duckdb_type type;  // a primitive type: DUCKDB_TYPE_VARCHAR, DUCKDB_TYPE_BIGINT, …
};

class ChunkSource {
 public:
  // State private to one DuckDB thread pulling from the source.
  class ThreadState {
   public:
    virtual ~ThreadState() = default;
  };

  virtual ~ChunkSource() = default;

  // The result columns, in order. Called once per query, at bind time.
  virtual std::vector<ChunkColumn> columns() const = 0;

  // How many DuckDB threads may call fill concurrently (each with its own state).
  virtual size_t max_threads() const { return 1; }

  // Creates the state of one pulling thread.
  virtual std::unique_ptr<ThreadState> make_thread_state() { return nullptr; }

  // Writes up to duckdb_vector_size() rows into `output` (whose vectors have the types of
  // columns()) and returns how many. Returning 0 ends this thread's scan: return 0 only when
  // the source has nothing more for any thread. An error fails the query with its message.
  virtual Result<size_t> fill(ThreadState* state, duckdb_data_chunk output) = 0;

  // The typed error that failed a query, when fill kept one (DuckDB only reports its text).
  virtual std::optional<Error> error() const { return std::nullopt; }
};

// Registers `source` as the table function `name` (no parameters) on `connection`.
// REQUIRES: `source` outlives every query that uses it on this connection's database.
// Errors: ErrorCode::sql when DuckDB refuses the registration (e.g. name already taken).
Result<> register_chunk_source(DuckConnection& connection, std::string_view name,
                               ChunkSource& source);

}  // namespace reelhouse::db
