// Runs the SQL models of sql/ in DuckDB. A model is one SELECT in one .sql file, named after
// the table it produces; it reads its inputs by name (views over lake partitions) and its
// parameters with getvariable(). The runner materialises a model's result as Parquet in a
// staged lake partition.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "db/duckdb.hpp"

namespace reelhouse::transform {

// A named input of the models: a view over Parquet files.
struct ParquetView {
  std::string name{};          // e.g. "landing_title_basics", "titles"
  std::string parquet_glob{};  // e.g. "/…/landing/title_basics/ingest_date=2024-01-01/*.parquet"
};

// CREATE OR REPLACE VIEW <name> AS SELECT * FROM read_parquet(<glob>) for each view.
Result<> create_parquet_views(db::DuckConnection& connection,
                              const std::vector<ParquetView>& views);

// Runs the embedded model `model_path` (e.g. "imdb/cleansed/titles.sql") and writes its rows to
// `output_file` as zstd-compressed Parquet. Returns the number of rows written.
// Errors: ErrorCode::sql naming the model.
Result<int64_t> materialize_model(db::DuckConnection& connection, std::string_view model_path,
                                  const std::filesystem::path& output_file);

// SET VARIABLE <name> = <sql_literal>.
Result<> set_variable(db::DuckConnection& connection, std::string_view name,
                      std::string_view sql_literal);

// A SQL list literal of strings: ['movie', 'tvMovie'].
std::string sql_string_list(const std::vector<std::string>& values);

}  // namespace reelhouse::transform
