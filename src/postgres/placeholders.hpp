// From the `?` placeholders the project's SQL is written with (SQLite's and DuckDB's style) to
// PostgreSQL's `$N`: used by the PostgreSQL catalog and by the pooled statements serve prepares.
#pragma once

#include <string>
#include <string_view>

namespace reelhouse::postgres {

// `sql` with every placeholder outside '…' literals, "…" identifiers, -- and /* */ comments
// rewritten: `?N` becomes `$N`, a bare `?` the next number after the highest seen so far
// (SQLite's rule, so "? , ?" gives "$1 , $2" and "?3, ?" gives "$3, $4").
std::string positional_placeholders(std::string_view sql);

}  // namespace reelhouse::postgres
