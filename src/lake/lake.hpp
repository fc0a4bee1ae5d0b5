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
//
// With `lake.url` set the lake lives in an object store (remote_lake.hpp) and the root is its
// local working copy: a commit uploads the partition (data objects, then its manifest) before
// the local rename; partition_dates() lists manifests; local_partition() downloads a
// partition missing locally (or of another generation) before DuckDB reads it; snapshot
// locations are s3:// URLs, which resolve_location() (lake_locations.hpp) turns into local
// directories.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace reelhouse {
struct Config;
}

namespace reelhouse::lake {

class RemoteLake;

enum class Layer { raw, landing, quarantine, cleansed, aggregated };

std::string_view layer_name(Layer layer);

// A partition being written. Owns its staging directory: unless commit() succeeded, the
// destructor removes it, so an abandoned write never becomes visible.
class StagedPartition {
 public:
  StagedPartition(std::filesystem::path staging_dir, std::filesystem::path final_dir);
  // A partition of a lake in an object store: commit() uploads it under `partition_key`
  // before the local rename.
  StagedPartition(std::filesystem::path staging_dir, std::filesystem::path final_dir,
                  std::shared_ptr<const RemoteLake> remote, std::string partition_key,
                  int64_t run_id);
  StagedPartition(StagedPartition&& other) noexcept;
  StagedPartition& operator=(StagedPartition&&) = delete;
  StagedPartition(const StagedPartition&) = delete;
  StagedPartition& operator=(const StagedPartition&) = delete;
  ~StagedPartition();

  // Where to write the partition's files.
  const std::filesystem::path& dir() const { return m_staging_dir; }
  const std::filesystem::path& final_dir() const { return m_final_dir; }
  // What the catalog records as the snapshot's location: the final directory, or the
  // partition's s3:// URL in an object-store lake.
  std::string location() const;

  // Makes the staged files the partition, atomically replacing any previous version: in an
  // object-store lake, uploads them and writes the manifest first (the commit point), then
  // renames locally. REQUIRES: not yet committed.
  Result<> commit();

 private:
  Result<> commit_locally();

  std::filesystem::path m_staging_dir;
  std::filesystem::path m_final_dir;
  std::shared_ptr<const RemoteLake> m_remote;
  std::string m_partition_key;
  int64_t m_run_id = 0;
  bool m_committed = false;
};

class Lake {
 public:
  // A local lake.
  explicit Lake(std::filesystem::path root);
  // A lake in an object store with `root` as its local working copy.
  Lake(std::filesystem::path root, std::shared_ptr<const RemoteLake> remote);

  // The lake `config` describes: local, or in the object store of lake.url (lake.endpoint,
  // lake.region, credentials from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY), checked with one
  // LIST request. Also makes the lake the one resolve_location() uses in this process.
  // Errors: config, naming the key or variable at fault and what to do.
  static Result<Lake> open(const Config& config);
  // As open() without the request, for places that cannot fail (RunContext): a lake whose
  // store cannot be set up returns that error from stage() and local_partition().
  static Lake open_unchecked(const Config& config);

  const std::filesystem::path& root() const { return m_root; }
  bool in_object_store() const { return m_remote != nullptr || m_open_error.has_value(); }
  // The object store side, or nullptr for a local lake.
  const std::shared_ptr<const RemoteLake>& remote() const { return m_remote; }

  // The run whose commits this lake records in manifests (0: none).
  void set_run_id(int64_t run_id) { m_run_id = run_id; }

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

  // Committed ingest dates of a table, ascending (an object-store lake: those with a
  // manifest; a failure to list is logged and gives none — use committed_dates()).
  std::vector<std::string> partition_dates(Layer layer, std::string_view table) const;
  Result<std::vector<std::string>> committed_dates(Layer layer, std::string_view table) const;

  // The partition's local directory, ready for DuckDB: in an object-store lake, downloaded
  // first (into staging, then renamed) unless the local copy holds the committed generation.
  // Errors: not_found when the partition is not committed.
  Result<std::filesystem::path> local_partition(Layer layer, std::string_view table,
                                                std::string_view ingest_date) const;

  // Uploads raw/<source>/<dataset>/ingest_date=<date> (a fetched file and its _meta.json) as a
  // committed partition, unless the store already holds the same files. No-op when local.
  Result<> commit_raw(std::string_view source, std::string_view dataset,
                      std::string_view ingest_date) const;
  // As commit_raw for any directory under raw/ (e.g. raw/providers/<provider>/ingest_date=D).
  Result<> commit_raw_dir(const std::filesystem::path& dir) const;

  // Removes staging directories and partial files left by crashed runs; in an object-store
  // lake also aborts multipart uploads and removes data objects no manifest names, when older
  // than k_object_grace. Returns how many.
  Result<int> remove_abandoned_staging() const;
  // The object-store part of remove_abandoned_staging, with a given grace period.
  Result<int> clean_object_store(std::chrono::seconds grace) const;

  // How old an unreferenced upload must be before clean-up removes it: longer than any
  // commit's upload takes, so a concurrent writer is never disturbed.
  static constexpr std::chrono::seconds k_object_grace{3600};

 private:
  Result<StagedPartition> stage_locally(Layer layer, std::string_view table,
                                        std::string_view ingest_date) const;
  // The partition key ("landing/t/ingest_date=D/") of a local directory under the root.
  std::string partition_key_of(const std::filesystem::path& dir) const;
  Result<> require_store() const;
  // Local copies of the partitions a view partition's SQL reads (depth-limited).
  Result<> resolve_view_inputs(const std::filesystem::path& dir, int depth) const;
  Result<std::filesystem::path> local_partition_at(Layer layer, std::string_view table,
                                                   std::string_view ingest_date, int depth) const;

  std::filesystem::path m_root;
  std::shared_ptr<const RemoteLake> m_remote;
  std::optional<Error> m_open_error;
  int64_t m_run_id = 0;
};

}  // namespace reelhouse::lake
