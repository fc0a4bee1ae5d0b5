// A C++ string function exposed to SQL as a DuckDB scalar function, through the C API.
//
// Some rules must be the same in C++ and in SQL models (title normalisation is one): rather
// than writing them twice, the C++ function is registered on a connection as
// `name(VARCHAR) → VARCHAR`. DuckDB calls it one vector (≤ duckdb_vector_size() rows) at a
// time, possibly from several threads at once, so the function must be thread-safe (a pure
// function of its input is). NULL in gives NULL out without calling the function.
//
// Exceptions never escape into DuckDB: the glue catches them and fails the query with the
// exception's text.
#pragma once

#include <string>
#include <string_view>

#include "core/error.hpp"
#include "db/duckdb.hpp"

namespace reelhouse::db {

// Maps one non-NULL VARCHAR value to its result; `output` arrives empty and is reused
// between rows. The result must be valid UTF-8 (DuckDB's VARCHAR invariant).
using StringMapper = void (*)(std::string_view input, std::string& output);

// Registers `name(VARCHAR) → VARCHAR` computing `mapper` on `connection`'s database.
// Registering a name that already exists (from this or another connection of the same
// database) fails.
// Errors: ErrorCode::sql when DuckDB refuses the registration (e.g. name already taken).
Result<> register_string_function(DuckConnection& connection, std::string_view name,
                                  StringMapper mapper);

}  // namespace reelhouse::db
