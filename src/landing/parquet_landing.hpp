// Steps every landing function shares (IMDb TSVs, Movies Dataset zip members, the abstracts
// dump): checking the staging directories the caller made, and streaming a ChunkSource
// through DuckDB's Parquet writer into the staged part file.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string_view>

#include "core/error.hpp"
#include "db/duck_chunk_source.hpp"
#include "db/duckdb.hpp"

namespace reelhouse::landing {

// Errors: invalid_argument naming `role` and `directory` when it is not a directory.
Result<> require_directory(const std::filesystem::path& directory, std::string_view role);

// Registers `source` as `function_name` on `connection` and runs
// COPY (SELECT * FROM function_name()) TO part_path (FORMAT parquet, parquet_options).
// Returns the rows written. On failure the source's own typed error wins over DuckDB's text;
// otherwise the error names `source_name` and `part_path`.
Result<int64_t> copy_source_to_parquet(db::DuckConnection& connection, db::ChunkSource& source,
                                       std::string_view function_name,
                                       const std::filesystem::path& part_path,
                                       std::string_view parquet_options,
                                       std::string_view source_name);

}  // namespace reelhouse::landing
