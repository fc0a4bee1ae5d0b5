// The fetch stage: copy one upstream file, byte for byte, into the raw layer.
//
// `fetch_file(url, dir, name, …)` brings the file at `url` (https://, http:// or file://) to
// `dir/name` and commits it with `dir/_meta.json` (see file_meta.hpp): the bytes are streamed
// into `name.part` while being hashed, fsynced, renamed into place, and only then described
// by `_meta.json`. The raw layer is also the cache: when `name` and its `_meta.json` are
// already there, from the same URL, and the size and SHA-256 check out, nothing is fetched.
//
// Over HTTP a failed attempt is retried when the error is transient (timeouts, resets, 429,
// 5xx) with exponential backoff and full jitter (backoff.hpp), honouring Retry-After. When an
// attempt dies mid-body and the server identified the resource (ETag / Last-Modified) or
// advertised byte ranges, the next attempt asks only for the missing bytes
// (`Range: bytes=<have>-`, with If-Range); a server answering 200 instead of 206 (or 416)
// makes the download start again from zero. Permanent errors (404, 403, …) are not retried.
//
// Typical use for IMDb:
//   const std::string url = TRY(resolve_source_file(config.imdb.url, "title.basics.tsv"));
//   const FetchedFile file = TRY(fetch_file(url, lake / "raw/imdb/title.basics/ingest_date=…",
//                                           file_name_of(url), policy, Refresh::no,
//                                           Progress::auto_detect));
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

#include "core/config.hpp"
#include "core/error.hpp"
#include "fetch/file_meta.hpp"
#include "fetch/progress_bar.hpp"
#include "fetch/source_url.hpp"

namespace reelhouse::fetch {

struct FetchPolicy {
  std::chrono::seconds connect_timeout{15};
  std::chrono::seconds total_timeout{3600};  // per attempt
  std::chrono::seconds low_speed_time{60};   // abort below 1 KB/s for this long
  int max_attempts = 5;                      // requests in all, first one included
  std::chrono::milliseconds backoff_initial{500};
  std::chrono::milliseconds backoff_max{30000};
  // A 429 whose Retry-After asks for longer than this fails at once instead of waiting.
  std::chrono::seconds max_retry_after{600};
  // How to wait between attempts; empty means std::this_thread::sleep_for. Tests inject a
  // recorder so they neither sleep nor lose the information.
  std::function<void(std::chrono::milliseconds)> sleep;
};

// The policy described by the [fetch] section of the configuration.
FetchPolicy fetch_policy_from_config(const FetchConfig& config);

// Refresh::yes fetches again even when a verified copy is present.
enum class Refresh { no, yes };

struct FetchedFile {
  std::filesystem::path path;  // target_dir / file_name
  uint64_t bytes = 0;
  std::string sha256;   // lowercase hex
  bool reused = false;  // already present and verified; nothing was fetched
  std::string url;
  int attempts = 0;  // requests this fetch took (as recorded in _meta.json when reused)
};

// Fetches `url` into `target_dir/file_name` (creating `target_dir`) and commits it with
// `target_dir/_meta.json`. A previous file of another name described by that `_meta.json`
// is removed after the commit: a raw directory holds one dataset.
// REQUIRES: `file_name` is a plain name (is_plain_file_name), policy.max_attempts ≥ 1.
// Errors: invalid_argument (bad URL, file name or policy); not_found (missing file:// source,
//   naming the path; HTTP 404/410); http (401/403/other 4xx); timeout, connection,
//   server_error, rate_limited when the attempts are exhausted (message says how many);
//   busy when another process is fetching the same file; io for local file system failures.
Result<FetchedFile> fetch_file(const std::string& url, const std::filesystem::path& target_dir,
                               const std::string& file_name, const FetchPolicy& policy,
                               Refresh refresh, Progress progress);

// Checks the file committed in `directory`: reads `_meta.json` and re-hashes the file it names.
// Returns it with reused=true. Errors: not_found when `_meta.json` or the file is missing;
// corrupt when the size or SHA-256 differ; parse when `_meta.json` is malformed; io.
Result<FetchedFile> verify_fetched_file(const std::filesystem::path& directory);

// Whether `url` names an existing file: stat for file://, one HEAD request for http(s)
// (2xx → true, 404/410 → false). Errors: invalid_argument for a bad URL; for HTTP the mapped
// error of any other failure (see http_client.hpp).
Result<bool> url_exists(const std::string& url, const FetchPolicy& policy);

// The last path segment of `url`, percent-decoded ("…/title.basics.tsv.gz" →
// "title.basics.tsv.gz"). Errors: invalid_argument when it is not a plain file name.
Result<std::string> file_name_of(const std::string& url);

}  // namespace reelhouse::fetch
