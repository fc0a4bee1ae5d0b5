// The lake: reelhouse's layered store of everything it collected (doc/lake_layout.md).
//
//   raw/<source>/<dataset>/ingest_date=YYYY-MM-DD/<file as downloaded> + _meta.json
//   landing/<table>/ingest_date=YYYY-MM-DD/*.parquet
//   quarantine/<table>/ingest_date=YYYY-MM-DD/*.parquet
//   cleansed/<table>/ingest_date=YYYY-MM-DD/*.parquet
//   aggregated/<table>/ingest_date=YYYY-MM-DD/*.parquet
//
// A partition (one table, one ingest date) is written into a staging directory next to its
// final place (`<table>/_staging.ingest_date=….<pid>.<n>`, which no reader glob matches) and
// committed by one atomic rename — an exchange when the partition already exists, so a
// re-run replaces it without a moment where it is missing. A crash leaves only staging
// directories, which the next run removes. Readers see a whole partition or none.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace reelhouse::lake {

enum class Layer { raw, landing, quarantine, cleansed, aggregated };

std::string_view layer_name(Layer layer);

// A partition being written. Owns its staging directory: unless commit() succeeded, the
// destructor removes it, so an abandoned write never becomes visible.
class StagedPartition {
 public:
  StagedPartition(std::filesystem::path staging_dir, std::filesystem::path final_dir);
  StagedPartition(StagedPartition&& other) noexcept;
  StagedPartition& operator=(StagedPartition&&) = delete;
  StagedPartition(const StagedPartition&) = delete;
  StagedPartition& operator=(const StagedPartition&) = delete;
  ~StagedPartition();

  // Where to write the partition's files.
  const std::filesystem::path& dir() const { return m_staging_dir; }
  const std::filesystem::path& final_dir() const { return m_final_dir; }

  // Makes the staged files the partition, atomically replacing any previous version.
  // REQUIRES: not yet committed.
  Result<> commit();

 private:
  std::filesystem::path m_staging_dir;
  std::filesystem::path m_final_dir;
  bool m_committed = false;
};

class Lake {
 public:
  explicit Lake(std::filesystem::path root);

  const std::filesystem::path& root() const { return m_root; }

  // landing/<table>/ingest_date=<date> (and likewise for the other table layers).
  std::filesystem::path partition_dir(Layer layer, std::string_view table,
                                      std::string_view ingest_date) const;

  // raw/<source>/<dataset>/ingest_date=<date>
  std::filesystem::path raw_dir(std::string_view source, std::string_view dataset,
                                std::string_view ingest_date) const;

  // A glob DuckDB can read for one partition: …/ingest_date=<date>/*.parquet
  std::string parquet_glob(Layer layer, std::string_view table, std::string_view ingest_date) const;

  // Creates an empty staging directory for the partition.
  Result<StagedPartition> stage(Layer layer, std::string_view table,
                                std::string_view ingest_date) const;

  // Committed ingest dates of a table, ascending.
  std::vector<std::string> partition_dates(Layer layer, std::string_view table) const;

  // Removes staging directories and partial files left by crashed runs. Returns how many.
  Result<int> remove_abandoned_staging() const;

 private:
  std::filesystem::path m_root;
};

}  // namespace reelhouse::lake
