// ObjectStore: the seam between reelhouse and where the lake's bytes live.
//
// A flat namespace of keys ("landing/title_basics/ingest_date=2024-01-01/part-0.parquet")
// mapping to immutable byte strings, under one root: an S3 bucket and key prefix
// (s3_object_store.hpp), or later a local directory. Keys are relative to that root, use '/'
// as separator and never start with '/'. Every write of a whole object is atomic: a reader sees
// the old object, the new one or none, never part of one — a single PUT, or a multipart upload
// that becomes visible only when completed. Large objects go up in parts (put_file switches
// to a multipart upload above the store's threshold) and a crash mid-upload leaves a pending
// upload, invisible to readers, that list_multipart_uploads() finds and
// abort_multipart_upload() removes (abort_stale_multipart_uploads() does both).
//
// Errors follow core/error.hpp: not_found for a missing key or upload, transient codes
// (timeout, connection, rate_limited, server_error) when trying again may help — an
// implementation has already retried those with backoff before returning them — and
// permanent ones otherwise. Messages name the store, the key and the server's answer.
//
// Implementations are safe to use from several threads at once.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace reelhouse::objectstore {

// What the store knows of one object.
struct ObjectInfo {
  std::string key{};            // relative to the store's root
  uint64_t size = 0;            // bytes
  std::string etag{};           // opaque version tag, without quotes
  std::string last_modified{};  // as the store reports it (ISO 8601 or an HTTP date)
};

// Bytes [offset, offset + length) of an object; without a length, from offset to the end.
struct ByteRange {
  uint64_t offset = 0;
  std::optional<uint64_t> length{};
};

struct ListOptions {
  std::string prefix{};  // only keys starting with this (relative to the root)
  int max_keys = 1000;   // page size, 1…1000
  // From the previous page's next_token; absent for the first page.
  std::optional<std::string> continuation_token{};
};

// One page of a listing, keys in ascending byte order.
struct ListPage {
  std::vector<ObjectInfo> objects{};
  // Present when more keys follow: pass it as ListOptions::continuation_token.
  std::optional<std::string> next_token{};
};

// A part of a multipart upload, as upload_part() returned it.
struct UploadedPart {
  int part_number = 0;  // 1…10000
  std::string etag{};   // as the server returned it (quotes included), echoed on completion
};

// A multipart upload that was started and neither completed nor aborted.
struct PendingUpload {
  std::string key{};        // relative to the store's root
  std::string upload_id{};  // opaque
  std::chrono::system_clock::time_point initiated{};
};

class ObjectStore {
 public:
  virtual ~ObjectStore() = default;

  // The root, for messages: "s3://bucket/prefix" or a directory path.
  virtual std::string describe() const = 0;

  // Stores `data` as `key`, replacing any previous object. Returns what was stored.
  virtual Result<ObjectInfo> put_bytes(std::string_view key, std::string_view data) = 0;

  // Stores the content of `file` as `key`: one PUT up to the store's multipart threshold,
  // a multipart upload above it (aborted again when any part fails). Errors: io when the file
  // cannot be read (naming it), otherwise as put_bytes.
  virtual Result<ObjectInfo> put_file(std::string_view key, const std::filesystem::path& file) = 0;

  // The object's bytes, or those of `range` (clamped to the object's end; a range starting
  // at or past the end is an error). Errors: not_found when the key does not exist.
  virtual Result<std::string> get_bytes(std::string_view key,
                                        std::optional<ByteRange> range = std::nullopt) = 0;

  // Writes the object (or `range` of it) to `destination` atomically (util::AtomicFile): the
  // destination holds the old content or all of the new, never part. The parent directory
  // must exist. Returns the object's info (size = bytes written).
  virtual Result<ObjectInfo> get_file(std::string_view key,
                                      const std::filesystem::path& destination,
                                      std::optional<ByteRange> range = std::nullopt) = 0;

  // Size, etag and date of `key` without its bytes. Errors: not_found.
  virtual Result<ObjectInfo> head(std::string_view key) = 0;

  // One page of the keys under options.prefix.
  virtual Result<ListPage> list_page(const ListOptions& options) = 0;

  // Removes `key`. Removing a key that does not exist succeeds (S3 semantics).
  virtual Result<> remove(std::string_view key) = 0;

  // Multipart upload, for objects too large for one request. The object appears only on
  // complete_multipart_upload(); until then the upload is pending (list_multipart_uploads).
  // Every part but the last must be at least k_min_part_size bytes (S3's rule).
  virtual Result<std::string> create_multipart_upload(std::string_view key) = 0;
  virtual Result<UploadedPart> upload_part(std::string_view key, std::string_view upload_id,
                                           int part_number, std::string_view data) = 0;
  // REQUIRES: parts in ascending part_number order.
  virtual Result<ObjectInfo> complete_multipart_upload(std::string_view key,
                                                       std::string_view upload_id,
                                                       const std::vector<UploadedPart>& parts) = 0;
  // Drops a pending upload and its parts. Errors: not_found when no such upload is pending.
  virtual Result<> abort_multipart_upload(std::string_view key, std::string_view upload_id) = 0;
  // Pending uploads whose key starts with `prefix`, all pages, ordered by key.
  virtual Result<std::vector<PendingUpload>> list_multipart_uploads(std::string_view prefix) = 0;

  // All objects under `prefix`, following continuation tokens across pages.
  Result<std::vector<ObjectInfo>> list_all(std::string_view prefix);

  // Aborts the pending uploads under `prefix` initiated before `initiated_before` (uploads
  // left by crashed writers; pass a time far enough back that no live writer is affected).
  // An upload that vanished meanwhile (completed or aborted by someone else) is not an error.
  // Returns how many were aborted.
  Result<int> abort_stale_multipart_uploads(std::string_view prefix,
                                            std::chrono::system_clock::time_point initiated_before);
};

// S3's smallest allowed part (all but the last part of a multipart upload): 5 MiB.
inline constexpr uint64_t k_min_part_size = uint64_t{5} << 20;

}  // namespace reelhouse::objectstore
