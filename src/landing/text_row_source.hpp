// Rows of nullable text produced one at a time by C++ code, streamed into a Parquet file by
// DuckDB with a typed projection — for landings whose inputs are many small files (the price
// providers' JSON bodies) rather than one big stream.
//
// The producer is pulled a chunk at a time from DuckDB's thread, so memory holds one chunk of
// rows, not the table. Types are given in SQL (`CAST(year AS INTEGER)`): the producer only
// deals in text, and a value that would not cast is the producer's to refuse beforehand.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "db/duckdb.hpp"

namespace reelhouse::landing {

using TextRow = std::vector<std::optional<std::string>>;

// Returns the next row, nullopt at the end, or an Error that fails the copy.
using TextRowProducer = std::function<Result<std::optional<TextRow>>()>;

// COPY (SELECT <projection> FROM <rows as VARCHAR columns named column_names>) TO part_path
// (FORMAT parquet, COMPRESSION snappy). `function_name` must be unique on the connection.
// Returns the rows written. Errors: the producer's own error, else sql naming `part_path`;
// internal when a row does not have one value per column.
// A producer handing out `rows` in order, each moved out once; `rows` must outlive it.
TextRowProducer rows_in_order(std::vector<TextRow>& rows);

Result<int64_t> copy_text_rows_to_parquet(db::DuckConnection& connection,
                                          std::string_view function_name,
                                          const std::vector<std::string>& column_names,
                                          TextRowProducer producer, std::string_view projection,
                                          const std::filesystem::path& part_path);

}  // namespace reelhouse::landing
