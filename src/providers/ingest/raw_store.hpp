// RawStore: where accepted provider responses are kept in the lake, and how a run knows what
// it already has.
//
//   raw/providers/<provider>/ingest_date=D/movies.json           list body as received
//   raw/providers/<provider>/ingest_date=D/movies.json.meta      its request metadata (JSON)
//   raw/providers/<provider>/ingest_date=D/movie/<ID>.json       detail body as received
//   raw/providers/<provider>/ingest_date=D/movie/<ID>.json.meta
//   raw/providers/<provider>/ingest_date=D/requests/run-<id>.jsonl  (request_log.hpp)
//
// The sidecar ("<file>.meta", deliberately not ending in .json so globbing *.json finds bodies
// only) is written first and the body second, each to a temporary name renamed into place, so
// the body is the commit marker: a reader trusts a body only when its sidecar exists, and the
// ingestion additionally checks the body's size and SHA-256 against the sidecar before skipping
// it on resume (a body damaged by a power loss is fetched again).
//
// Durability: renames without a per-file fsync (which costs ~9 ms per file here, i.e. minutes
// for 20,000 films), plus `sync_lake()` — one syncfs — every few hundred files and at the end
// of the run. A kill -9 loses nothing that was renamed (the page cache survives the process);
// a power loss may lose the last unsynced files, which the resume check then fetches again.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace reelhouse::providers::ingest {

// The request metadata kept next to each stored body.
struct ResponseMeta {
  std::string url{};
  long status = 0;
  std::string fetched_at{};  // UTC ISO-8601 with milliseconds: "2026-11-23T17:01:02.345Z"
  int64_t latency_ms = 0;    // of the attempt that succeeded
  int attempts = 0;          // attempts it took, including the successful one
  int64_t bytes = 0;
  std::string sha256{};
  int64_t run_id = 0;
};

// "2026-11-23T17:01:02.345Z".
std::string utc_timestamp_ms(std::chrono::system_clock::time_point time);

std::string response_meta_to_json(const ResponseMeta& meta);

// Errors: parse, naming `origin` and the field.
Result<ResponseMeta> parse_response_meta(std::string_view text, std::string_view origin);

// lake_root/raw/providers/<provider>/ingest_date=<date>
std::filesystem::path provider_date_directory(const std::filesystem::path& lake_root,
                                              std::string_view provider, std::string_view date);
std::filesystem::path list_body_path(const std::filesystem::path& date_directory);
std::filesystem::path detail_body_path(const std::filesystem::path& date_directory,
                                       std::string_view movie_id);
// "<body>.meta"
std::filesystem::path sidecar_path(const std::filesystem::path& body_path);

// True when `body_path` and its sidecar exist and the body's size and SHA-256 match the
// sidecar's. Never fails: anything unreadable counts as not stored.
bool is_stored_intact(const std::filesystem::path& body_path);

// Writes the sidecar, then the body, each through a temporary file renamed into place (see
// the header comment on durability). Creates missing directories. Errors: io, naming the path.
Result<> store_response(const std::filesystem::path& body_path, std::string_view body,
                        const ResponseMeta& meta);

// The newest date before `date` whose list body for `provider` is stored intact, if any.
std::optional<std::string> newest_list_date_before(const std::filesystem::path& lake_root,
                                                   std::string_view provider,
                                                   std::string_view date);

// Removes the temporary files ("<name>.tmp.<pid>.<n>") a killed run left in `date_directory`
// and its movie/ and requests/ folders; those of the current process are kept. Never fails (best
// effort).
void remove_stale_temporaries(const std::filesystem::path& date_directory);

// Flushes everything written under `lake_root` to disk (syncfs). Errors: io.
Result<> sync_lake(const std::filesystem::path& lake_root);

}  // namespace reelhouse::providers::ingest
