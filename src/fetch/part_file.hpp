// PartFile: a download in progress, `<target>.part` next to its final name.
//
// Bytes are appended and hashed in the same step, so the running SHA-256 always covers
// exactly the bytes on disk: a resumed download continues the hash instead of re-reading the
// prefix, and a restart from zero (reset()) truncates the file and the hash together.
// commit() fsyncs, renames `.part` onto the final name and fsyncs the directory.
//
// The `.part` file is locked (flock) while open, so two processes fetching the same file into
// the same directory do not interleave their bytes: the second gets ErrorCode::busy. A
// `.part` left by a crashed process is truncated on open, because nothing records which
// version of the resource its bytes came from. An uncommitted PartFile is removed by its
// destructor, so a failed fetch leaves no litter.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "fetch/sha256.hpp"

namespace reelhouse::fetch {

class PartFile {
 public:
  // Opens (creating or truncating) `<final_path>.part` and locks it.
  // Errors: busy when another process holds the lock; io otherwise. Both name the path.
  static Result<PartFile> open(const std::filesystem::path& final_path);

  PartFile(PartFile&& other) noexcept;
  PartFile& operator=(PartFile&& other) noexcept;
  PartFile(const PartFile&) = delete;
  PartFile& operator=(const PartFile&) = delete;
  // Removes the `.part` file unless commit() succeeded.
  ~PartFile();

  // Appends `data` and adds it to the hash. Errors: io (disk full, …), naming the path.
  Result<> append(std::string_view data);

  // Truncates to zero bytes and restarts the hash. Errors: io.
  Result<> reset();

  // Bytes written (and hashed) so far.
  uint64_t size() const { return m_hasher.byte_count(); }

  // SHA-256 of the bytes written so far, lowercase hex.
  std::string sha256() const { return m_hasher.hex_digest(); }

  // fsyncs, closes and renames the part file onto the final path (replacing it), then
  // fsyncs the directory. Errors: io, naming both paths.
  Result<> commit();

  const std::filesystem::path& final_path() const { return m_final_path; }
  const std::filesystem::path& part_path() const { return m_part_path; }

 private:
  PartFile(std::filesystem::path final_path, std::filesystem::path part_path, int descriptor);
  void discard() noexcept;

  std::filesystem::path m_final_path;
  std::filesystem::path m_part_path;
  int m_descriptor = -1;
  Sha256 m_hasher;
};

}  // namespace reelhouse::fetch
