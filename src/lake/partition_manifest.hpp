// PartitionManifest: the commit record of one lake partition kept in an object store.
//
// A partition's data objects live under `<partition>/<generation>/<file>`; the manifest,
// `<partition>/_manifest.json`, names the one generation readers may use and lists its files
// with their sizes and SHA-256. It is written last, so a partition without a manifest (or
// with data objects of another generation) is invisible (doc/lake_layout.md, "Object store").
//
//   {"format": 1, "generation": "g1732406400123-4242-0", "run_id": 17,
//    "committed_at": "2024-11-24T00:00:00.123Z",
//    "files": [{"name": "people.parquet", "size": 1234, "sha256": "…"}]}
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace reelhouse::lake {

struct ManifestFile {
  std::string name{};    // relative to the generation ("movie/12.json" for nested raw files)
  uint64_t size = 0;     // bytes
  std::string sha256{};  // lowercase hex
};

struct PartitionManifest {
  std::string generation{};
  int64_t run_id = 0;  // 0 when the commit was not part of a run
  std::string committed_at{};
  std::vector<ManifestFile> files{};
};

std::string manifest_to_json(const PartitionManifest& manifest);

// Errors: parse, naming `where` (the manifest's key) and what is wrong.
Result<PartitionManifest> manifest_from_json(std::string_view text, std::string_view where);

// A fresh generation name, "g<unix ms>-<pid>-<counter>": unique per process, ordered by time.
std::string new_generation();

// When a generation was started, from its name; nullopt when the name is not a generation's.
std::optional<std::chrono::system_clock::time_point> generation_time(std::string_view name);

}  // namespace reelhouse::lake
