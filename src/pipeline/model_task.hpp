// Tasks every pipeline shares, built from a small declarative spec:
//  - a model task materialises one SQL model into a lake partition (cleansed or aggregated)
//    from named views over other partitions of the same ingest date;
//  - a compare task records, per landing table, how its new snapshot differs from the
//    previous one (inserted / updated / deleted rows by key);
//  - the publish task builds the warehouse and swaps it in (warehouse/publisher.hpp).
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "db/duckdb.hpp"
#include "lake/lake.hpp"
#include "pipeline/task.hpp"

namespace reelhouse::pipeline {

// Which partitions of a table a model input reads.
enum class InputScope {
  run_date,  // the partition of the run's ingest date
  // Every committed partition dated on or before the run's ingest date, as one relation with
  // an extra `ingest_date DATE` column saying which partition a row came from: the history a
  // product over time (price changes, the last known price) is built from. Only for models
  // materialised as tables (a view partition could not be bound to a list of partitions).
  history,
};

// An input of a model: partitions of (layer, table), as a view named view_name.
struct ModelInput {
  std::string view_name{};
  lake::Layer layer{};
  std::string table{};
  InputScope scope = InputScope::run_date;
};

struct ModelTaskSpec {
  std::string task_name{};   // e.g. "cleanse_titles"
  lake::Layer layer{};       // where the result goes: cleansed or aggregated
  std::string table{};       // the table it produces, e.g. "titles"
  std::string model_path{};  // embedded SQL, e.g. "imdb/cleansed/titles.sql"
  std::vector<ModelInput> inputs{};
  std::vector<std::string> depends_on{};
  // Sets the model's parameters (SET VARIABLE …) from the config; may be empty.
  std::function<Result<>(db::DuckConnection&, const RunContext&)> set_parameters{};
  // Named figures about the result, recorded in the catalog's run_metrics (e.g. matches per
  // tier); given the connection and a relation reading the materialised partition. May be empty.
  std::function<Result<std::map<std::string, int64_t>>(db::DuckConnection&, std::string_view)>
      report_metrics{};
};

Task make_model_task(ModelTaskSpec spec);

// A landing table and the columns that identify a row, for snapshot comparison.
struct KeyedTable {
  std::string table{};
  std::vector<std::string> key_columns{};
};

Task make_compare_snapshots_task(std::string task_name, std::vector<KeyedTable> tables,
                                 std::vector<std::string> depends_on);

Task make_publish_task(std::vector<std::string> depends_on);

// A new connection to the run's shared work database (RunContext::work_database).
Result<db::DuckConnection> connect_work_database(RunContext& context);

}  // namespace reelhouse::pipeline
