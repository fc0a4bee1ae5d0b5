// Runs the SQL models of sql/ in DuckDB. A model is one SELECT in one .sql file, named after
// the table it produces; it reads its inputs by name (views over lake partitions) and its
// parameters with getvariable().
//
// A model is materialised in its lake partition in one of two ways, chosen by a first-line
// comment in the .sql file (as dbt's materializations):
//  - `table` (default): the result is written as Parquet, `<table>.parquet`;
//  - `-- materialization: view`: the partition holds `<table>.view.sql`, the model's SELECT
//    with its inputs bound to their (immutable) partitions. For pure projections of a large
//    landing snapshot — the 95M-row principals — this avoids copying the data a second time,
//    while readers still see an ordinary relation (partition_relation()).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "db/duckdb.hpp"

namespace reelhouse::transform {

enum class Materialization { table, view };

// A named input of the models: a committed lake partition, seen as a view.
struct PartitionView {
  std::string name{};  // e.g. "landing_title_basics", "titles"
  // e.g. …/landing/title_basics/ingest_date=2024-01-01, or a snapshot's s3:// location
  std::filesystem::path partition_dir{};
};

// A SQL table expression reading a committed partition: its `*.view.sql` (parenthesised) if
// it holds one, else read_parquet over its `*.parquet`. `location` is a local directory or a
// snapshot location of an object-store lake ("s3://…"), which lake::resolve_location()
// downloads into the local working copy first (lake/lake_locations.hpp).
Result<std::string> partition_relation(const std::filesystem::path& location);

// CREATE OR REPLACE TEMP VIEW <name> AS SELECT * FROM partition_relation(dir), for each view
// (TEMP: private to the connection, so tasks sharing a database never see each other's inputs).
Result<> create_partition_views(db::DuckConnection& connection,
                                const std::vector<PartitionView>& views);

// The materialization a model's text asks for.
Materialization materialization_of(std::string_view model_sql);

// Runs the embedded model `model_path` (e.g. "imdb/cleansed/titles.sql") over `inputs` (which
// must already exist as views on `connection`) and materialises it as `table` in `output_dir`.
// Returns the number of rows. Errors: ErrorCode::sql naming the model, io.
Result<int64_t> materialize_model(db::DuckConnection& connection, std::string_view model_path,
                                  const std::vector<PartitionView>& inputs, std::string_view table,
                                  const std::filesystem::path& output_dir);

// SET VARIABLE <name> = <sql_literal>.
Result<> set_variable(db::DuckConnection& connection, std::string_view name,
                      std::string_view sql_literal);

// A SQL list literal of strings: ['movie', 'tvMovie'].
std::string sql_string_list(const std::vector<std::string>& values);

}  // namespace reelhouse::transform
