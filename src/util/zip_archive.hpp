// Reading one member of a zip archive as a stream, and writing zip archives atomically.
//
// Upstream datasets arrive as zip files (The Movies Dataset is one zip of five CSVs). They
// are never extracted to disk: `ZipMemberReader` opens the archive with libarchive, finds the
// named member through the central directory and hands out its inflated bytes one
// caller-sized buffer at a time, so memory does not grow with the member (a 700 MB
// ratings.csv streams through a 256 KiB buffer). Only the seekable zip reader is enabled: a
// zip without its central directory — a truncated download — is refused at open instead of
// being half read, and a damaged member fails its CRC check when read.
//
// `ZipWriter` builds a zip (deflate) for generators and tests. Its bytes go through an
// AtomicFile: only `commit()` puts the archive in place, and a writer destroyed before that
// leaves nothing behind.
//
// This file knows nothing about movies.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace reelhouse::util {

// One member of a zip archive as listed by its central directory.
struct ZipMemberInfo {
  std::string name;
  std::optional<uint64_t> uncompressed_size;  // nullopt when the archive does not say
};

// Lists the members of `zip_path` in directory order (directories included, with a trailing
// '/'). Errors: not_found (no such file), io (cannot read), corrupt (not a zip, truncated or
// damaged; the message names the file).
Result<std::vector<ZipMemberInfo>> list_zip_members(const std::filesystem::path& zip_path);

class ZipMemberReader {
 public:
  // Opens `zip_path` and positions the reader at the start of the member named exactly
  // `member_name` (a path inside the archive, e.g. "movies_metadata.csv").
  // Errors: not_found (no such zip file; or no such member — the message names the zip and
  // the member and lists what the zip holds), io (cannot read), corrupt (not a zip file, a
  // truncated or damaged zip; the message names the file), invalid_argument (the member is a
  // directory or uses an unsupported compression or encryption).
  static Result<ZipMemberReader> open(const std::filesystem::path& zip_path,
                                      std::string_view member_name);

  ZipMemberReader(ZipMemberReader&& other) noexcept;
  ZipMemberReader& operator=(ZipMemberReader&& other) noexcept;
  ZipMemberReader(const ZipMemberReader&) = delete;
  ZipMemberReader& operator=(const ZipMemberReader&) = delete;
  ~ZipMemberReader();

  // Fills `out` with the next bytes of the member. Returns how many were written: exactly
  // out.size() except at the end of the member, after which it returns 0.
  // Errors: corrupt (inflate error, CRC mismatch, truncated data; names the zip, the member
  // and the uncompressed offset). After an error the reader must not be used again.
  Result<size_t> read(std::span<char> out);

  // Streams the rest of the member to `consume` in chunks of at most `chunk_size` bytes
  // (each non-empty); stops at the first error `consume` returns and returns it.
  // Errors: those of read() and of `consume`.
  Result<> for_each_chunk(const std::function<Result<>(std::string_view chunk)>& consume,
                          size_t chunk_size = 256 * 1024);

  // The member's uncompressed size as recorded in the archive, when it is recorded.
  std::optional<uint64_t> uncompressed_size() const;
  // Uncompressed bytes returned so far.
  uint64_t bytes_out() const;
  // Size of the zip file on disk.
  uint64_t zip_file_size() const;
  const std::filesystem::path& zip_path() const;
  const std::string& member_name() const;

 private:
  struct Impl;
  explicit ZipMemberReader(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> m_impl;
};

struct ZipWriterOptions {
  // Modification time (seconds since the epoch) stamped on every member; nullopt = the time
  // each member is added. A fixed time makes the archive's bytes reproducible.
  std::optional<int64_t> member_mtime{};
};

class ZipWriter {
 public:
  // Starts writing the zip `zip_path` (through a temporary file beside it; the directory must
  // exist). Errors: io when the temporary file cannot be created.
  static Result<ZipWriter> create(const std::filesystem::path& zip_path,
                                  ZipWriterOptions options = {});

  ZipWriter(ZipWriter&& other) noexcept;
  ZipWriter& operator=(ZipWriter&& other) noexcept;
  ZipWriter(const ZipWriter&) = delete;
  ZipWriter& operator=(const ZipWriter&) = delete;
  // Removes the temporary file unless commit() succeeded.
  ~ZipWriter();

  // Adds the regular file `source` as member `member_name`, deflated, streamed in chunks.
  // Errors: not_found / io (source unreadable), io (write failure).
  Result<> add_file(std::string_view member_name, const std::filesystem::path& source);

  // Adds `data` as member `member_name`, deflated. Errors: io.
  Result<> add_data(std::string_view member_name, std::string_view data);

  // Starts a member whose size is not known in advance (written with a data descriptor);
  // its bytes follow through write(). The member ends at the next add_*/begin_member or at
  // commit(). Errors: io.
  Result<> begin_member(std::string_view member_name);
  // Appends `data` to the member started by begin_member. Errors: io.
  // REQUIRES: begin_member was called and no other member was added since.
  Result<> write(std::string_view data);

  // Writes the central directory, then fsyncs and renames the file onto `zip_path`.
  // Errors: io. REQUIRES: called at most once; the writer is inert afterwards.
  Result<> commit();

 private:
  struct Impl;
  explicit ZipWriter(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> m_impl;
};

}  // namespace reelhouse::util
