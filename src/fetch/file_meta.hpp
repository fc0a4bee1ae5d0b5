// FileMeta: the `_meta.json` that commits a raw file.
//
// The raw layer holds one dataset per directory,
// `raw/<source>/<dataset>/ingest_date=YYYY-MM-DD/<file as downloaded>`, and next to that file a
// `_meta.json` describing it:
//
//   {"url": "https://datasets.imdbws.com/title.basics.tsv.gz", "file": "title.basics.tsv.gz",
//    "size": 123, "sha256": "<64 hex>", "etag": "\"abc\"" | null,
//    "last_modified": "Wed, 21 Oct 2015 07:28:00 GMT" | null,
//    "fetched_at": "2025-01-31T12:00:00Z", "attempts": 1}
//
// The data file is renamed into place first and `_meta.json` written atomically after it, so
// `_meta.json` is the commit record: a data file without one, or whose size or SHA-256 differ
// from it, is not trusted (a crash between the two steps, or a tampered file). Because the
// record names its file, a reader needs no convention beyond "read `_meta.json` first".
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace reelhouse::fetch {

inline constexpr std::string_view k_meta_file_name = "_meta.json";

struct FileMeta {
  std::string url;   // where the bytes came from
  std::string file;  // the data file's name inside the directory (no slashes)
  uint64_t size = 0;
  std::string sha256;  // lowercase hex
  std::optional<std::string> etag;
  std::optional<std::string> last_modified;
  std::string fetched_at;  // UTC ISO-8601, "YYYY-MM-DDTHH:MM:SSZ"
  int attempts = 1;        // requests it took (1 for a local copy)

  bool operator==(const FileMeta&) const = default;
};

// The JSON text of `meta` (pretty-printed, ending in a newline).
std::string file_meta_to_json(const FileMeta& meta);

// Parses `_meta.json` text. `origin` names the file in error messages.
// Errors: parse when the text is not JSON, a field is missing or has the wrong type, or
// `file` is not a plain file name.
Result<FileMeta> parse_file_meta(std::string_view text, const std::filesystem::path& origin);

// Reads `<directory>/_meta.json`; nullopt when it does not exist.
// Errors: io when it cannot be read, parse as for parse_file_meta.
Result<std::optional<FileMeta>> read_file_meta(const std::filesystem::path& directory);

// Writes `<directory>/_meta.json` atomically (AtomicFile). Errors: io, naming the path.
Result<> write_file_meta(const std::filesystem::path& directory, const FileMeta& meta);

// `time` as UTC ISO-8601 with second precision: "2025-01-31T12:00:00Z".
std::string format_utc_timestamp(std::chrono::system_clock::time_point time);

// True when `name` can name a file inside a raw directory: not empty, no '/', not "." or
// "..", not `_meta.json`, and not ending in ".part" (reserved for downloads in progress).
bool is_plain_file_name(std::string_view name);

}  // namespace reelhouse::fetch
