// Publishing the warehouse: the DuckDB file that `query`, the API and the dashboard read.
//
// The warehouse is rebuilt from the lake and the catalog, never edited in place: every
// product of the aggregated layer (its newest snapshot, whichever pipeline made it) becomes a
// table, the star schema of the cleansed layer becomes views over its Parquet, and the catalog
// becomes `etl_pipeline_status`. The file is written under a temporary name in the same
// directory, checkpointed, fsynced and renamed over the previous one, so readers see the old
// warehouse or the new one, never a half-built one; a failed build leaves the old one serving.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "catalog/catalog.hpp"
#include "core/config.hpp"

namespace reelhouse::warehouse {

struct PublishedWarehouse {
  std::filesystem::path path{};  // the DuckDB file; empty when published to PostgreSQL
  std::string location{};        // the file, or user@host:port/database for PostgreSQL
  int64_t tables = 0;
  int64_t rows = 0;   // rows in the product tables
  int64_t bytes = 0;  // size of the published file
};

// Builds and swaps in the warehouse. `run_id` is the publishing run (recorded in the catalog).
// With `warehouse.url` set (team mode) the products go to PostgreSQL instead
// (postgres_publisher.hpp) and no DuckDB file is written.
Result<PublishedWarehouse> publish_warehouse(const Config& config, catalog::Catalog& catalog,
                                             int64_t run_id);

}  // namespace reelhouse::warehouse
