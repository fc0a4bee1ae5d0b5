// A gzip file written as a stream, compressed with ISA-L's igzip.
//
// igzip at level 1 compresses several times faster than zlib at a similar ratio, which is
// what a generator of multi-gigabyte dumps needs. The output is one standard gzip member
// (RFC 1952) with a fixed header (no name, mtime 0), so the same input gives the same bytes.
//
// The compressed bytes go through an AtomicFile: only `commit()` puts the file in place, and
// destroying a writer that was not committed removes its temporary file, so a failed or
// interrupted run never leaves a half-written .gz behind.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string_view>

#include "core/error.hpp"

namespace reelhouse::util {

class GzipWriter {
 public:
  // Starts writing `path` (through a temporary file beside it). The directory must exist.
  // Errors: io when the file cannot be created.
  static Result<GzipWriter> create(const std::filesystem::path& path);

  GzipWriter(GzipWriter&& other) noexcept;
  GzipWriter& operator=(GzipWriter&& other) noexcept;
  GzipWriter(const GzipWriter&) = delete;
  GzipWriter& operator=(const GzipWriter&) = delete;
  ~GzipWriter();

  // Compresses `data` and appends it. Errors: io on a failed write (disk full, …).
  // REQUIRES: not yet committed.
  Result<void> write(std::string_view data);

  // Finishes the gzip stream and commits the file (fsync, rename onto `path`).
  // Errors: io. REQUIRES: called at most once.
  Result<void> commit();

  // Bytes given to write() so far, and compressed bytes written to the file so far.
  uint64_t uncompressed_bytes() const;
  uint64_t compressed_bytes() const;

 private:
  struct State;
  explicit GzipWriter(std::unique_ptr<State> state);
  Result<void> deflate_input(std::string_view data, bool end_of_stream);

  std::unique_ptr<State> m_state;
};

}  // namespace reelhouse::util
