// Snapshot locations → local directories DuckDB can read.
//
// The catalog records where each snapshot lives: a local directory, or in an object-store
// lake the partition's URL ("s3://bucket/prefix/landing/title_basics/ingest_date=2024-01-01").
// resolve_location() is the one place that turns either into a directory: a local path as is,
// an s3:// URL by downloading the partition into the lake's local working copy when it is not
// there already (Lake::local_partition). transform::partition_relation() calls it, so every
// reader (models, `query --as-of`, the API's as_of, the warehouse publishers) goes through it.
#pragma once

#include <filesystem>
#include <string_view>

#include "core/error.hpp"

namespace reelhouse {
struct Config;
}

namespace reelhouse::lake {

class Lake;

// Makes `lake` the one this process resolves s3:// locations with (Lake::open does this).
void install_location_lake(const Lake& lake);

// Remembers `config`'s lake for resolve_location(), opened on first need (no request now).
// Called when a command loads its configuration.
void set_location_config(const Config& config);

// The local directory of a snapshot location. Errors: config when the location is an s3://
// URL and no object-store lake is configured (or it is another lake's), not_found when the
// partition is not committed, the store's errors otherwise.
Result<std::filesystem::path> resolve_location(std::string_view location);

}  // namespace reelhouse::lake
