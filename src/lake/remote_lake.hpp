// RemoteLake: the lake's partitions in an object store, with commit semantics equal to the
// local atomic rename (doc/lake_layout.md, "Object store").
//
// A partition key is the partition's path under the store root with a trailing '/'
// ("landing/title_basics/ingest_date=2024-01-01/"). Committing a directory uploads its files
// as `<key><generation>/<file>` (a generation is fresh for every commit), then writes
// `<key>_manifest.json` LAST: before that the partition is unchanged for every reader, after
// it readers get the new generation whole. The previous generation's objects are deleted once
// the new manifest is in place. A writer killed mid-way leaves data objects no manifest names
// (and perhaps a pending multipart upload): invisible, and removed by cleanup() once older
// than a grace period, so that a concurrent writer's upload in progress is not touched.
//
// Thread-safe (the store is).
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "lake/partition_manifest.hpp"
#include "objectstore/object_store.hpp"

namespace reelhouse::lake {

// The local file naming the generation a local partition directory holds.
inline constexpr std::string_view k_generation_marker = "_generation";

enum class SkipUnchanged { no, yes };

class RemoteLake {
 public:
  // `url` is the store root as "s3://bucket/prefix" (without a trailing '/'), for locations.
  RemoteLake(std::shared_ptr<objectstore::ObjectStore> store, std::string url);

  objectstore::ObjectStore& store() const { return *m_store; }
  const std::string& url() const { return m_url; }

  // "s3://bucket/prefix/<key without its trailing '/'>": a partition's catalog location.
  std::string location_of(std::string_view partition_key) const;
  // The partition key of a location this lake produced; nullopt for any other location.
  std::optional<std::string> key_of_location(std::string_view location) const;

  // The committed manifest, or nullopt when the partition has none (not committed).
  Result<std::optional<PartitionManifest>> read_manifest(std::string_view partition_key) const;

  // Commits the files under `dir` (recursively, except the generation marker, `*.part` and
  // temporaries) as the partition: data objects, then the manifest, then the previous
  // generation's objects are deleted. With SkipUnchanged::yes nothing is uploaded when the
  // committed manifest already lists the same files (names, sizes, SHA-256). Returns the
  // manifest now committed.
  Result<PartitionManifest> commit_directory(const std::filesystem::path& dir,
                                             std::string_view partition_key, int64_t run_id,
                                             SkipUnchanged skip_unchanged) const;

  // Downloads the manifest's files into `dir` (which must exist), checking sizes and SHA-256,
  // and writes the generation marker. Errors: not_found when a data object is gone (the
  // partition was re-committed meanwhile: read the manifest again), corrupt on a mismatch.
  Result<> download(const PartitionManifest& manifest, std::string_view partition_key,
                    const std::filesystem::path& dir) const;

  // Ingest dates with a manifest under `table_key` ("landing/title_basics/"), ascending.
  Result<std::vector<std::string>> committed_dates(std::string_view table_key) const;

  struct CleanupCounts {
    int aborted_uploads = 0;  // pending multipart uploads aborted
    int removed_objects = 0;  // data objects of generations no manifest names
  };
  // Aborts multipart uploads and removes data objects of unreferenced generations, both only
  // when started more than `grace` ago.
  Result<CleanupCounts> cleanup(std::chrono::seconds grace) const;

 private:
  std::shared_ptr<objectstore::ObjectStore> m_store;
  std::string m_url;
};

// The generation named by `dir`'s marker file, or "" when it has none.
std::string read_generation_marker(const std::filesystem::path& dir);

}  // namespace reelhouse::lake
