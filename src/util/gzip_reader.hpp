// Streaming reader of a possibly gzip-compressed file.
//
// `GzipReader` turns a file into its decompressed byte stream, one caller-sized buffer at a
// time, with memory that does not grow with the file. Whether the file is gzip is decided by
// its first two bytes (1f 8b), never by its name, so `x.tsv` and `x.tsv.gz` are read alike
// and a plain file is passed through as-is. Inflation uses ISA-L's igzip (several times
// zlib's speed) by default; zlib stays selectable as a reference and fallback.
//
// Concatenated gzip members (what `cat a.gz b.gz` or parallel compressors produce) are read
// as one stream; zero bytes after the last member (tape-style padding) are ignored. Anything
// else that is not a complete, checksum-valid member — a truncated download, a flipped bit,
// trailing junk — is an ErrorCode::corrupt error naming the file and the compressed byte
// offset where reading stopped, so a half-fetched file is never mistaken for a short one.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>

#include "core/error.hpp"

namespace reelhouse::util {

// Which inflate implementation decodes gzip members.
enum class InflateBackend { isal, zlib };

// What `GzipReader::open` found at the start of the file.
enum class InputFormat { plain, gzip };

class GzipReader {
 public:
  // Opens `path` and sniffs its format.
  // Errors: ErrorCode::not_found (no such file), ErrorCode::io (cannot open or read).
  static Result<GzipReader> open(const std::filesystem::path& path,
                                 InflateBackend backend = InflateBackend::isal);

  GzipReader(GzipReader&& other) noexcept;
  GzipReader& operator=(GzipReader&& other) noexcept;
  GzipReader(const GzipReader&) = delete;
  GzipReader& operator=(const GzipReader&) = delete;
  ~GzipReader();

  // Fills `out` with the next bytes of the decompressed stream. Returns how many were
  // written: exactly out.size() except at the end of the stream, after which it returns 0.
  // Errors: ErrorCode::corrupt (truncated or invalid gzip data; the message names the file
  // and the compressed byte offset), ErrorCode::io (read failure). After an error the reader
  // must not be used again.
  Result<size_t> read(std::span<char> out);

  InputFormat format() const;
  // Size of the file on disk, in bytes.
  uint64_t file_size() const;
  // Decompressed bytes returned by `read` so far.
  uint64_t bytes_out() const;
  // Number of gzip members started so far (0 for plain files).
  uint64_t member_count() const;
  const std::filesystem::path& path() const;

 private:
  struct Impl;
  explicit GzipReader(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> m_impl;
};

}  // namespace reelhouse::util
