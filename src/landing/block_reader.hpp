// Decompression on its own thread, delivering the stream as blocks of whole lines.
//
// `BlockReader` runs a reader thread that inflates the input (see util/gzip_reader.hpp) into
// blocks of about `block_bytes` and hands them over a bounded queue, so decompression of
// block N+1 overlaps the parsing of block N and memory stays at roughly
// (queue_depth + blocks in use) × block_bytes whatever the file size. Each block ends at a
// line end — the partial line at the end of a buffer is carried to the next block — so
// parsers never see a line split across blocks. A line longer than a block grows the block,
// up to `max_line_bytes`.
//
// Trailing empty lines of the stream ("\n", "\r\n") are dropped by the reader, and a
// non-final block never ends with empty lines (they are carried forward), so a parser can
// treat every empty line it sees as an empty line in the middle of the file.
//
// Each block also says whether all its bytes are valid UTF-8, computed on the reader thread
// where it is nearly free, so parsers validate line by line only in the rare bad block.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string_view>
#include <thread>

#include "core/error.hpp"
#include "util/gzip_reader.hpp"

namespace reelhouse::landing {

// Bytes readable past the end of every block buffer, so word-at-a-time and SIMD scanners
// may load a full register at the last line without bounds checks.
constexpr size_t k_block_padding = 64;

// A run of whole lines of the decompressed stream (the last line of the stream may lack its
// newline). Immutable once handed out.
struct LineBlock {
  std::unique_ptr<char[]> buffer;  // capacity + k_block_padding bytes
  size_t capacity = 0;
  size_t size = 0;             // bytes of whole lines in buffer
  uint64_t stream_offset = 0;  // offset of buffer[0] in the decompressed stream
  bool valid_utf8 = true;      // all `size` bytes are valid UTF-8
  bool is_last = false;        // no block follows

  const char* data() const { return buffer.get(); }
  std::string_view text() const { return {buffer.get(), size}; }
};

using BlockPtr = std::shared_ptr<const LineBlock>;

struct BlockReaderOptions {
  size_t block_bytes = size_t{1} << 20;      // 1 MiB: stays in L2/L3 between inflate and parse
  size_t queue_depth = 8;                    // blocks decompressed ahead of the parser
  size_t max_line_bytes = size_t{64} << 20;  // longer lines are not IMDb data
  util::InflateBackend backend = util::InflateBackend::isal;
};

class BlockReader {
 public:
  // Opens `path` (gzip or plain, by magic bytes) and starts the reader thread.
  // Errors: those of util::GzipReader::open.
  static Result<std::unique_ptr<BlockReader>> start(const std::filesystem::path& path,
                                                    const BlockReaderOptions& options = {});

  BlockReader(const BlockReader&) = delete;
  BlockReader& operator=(const BlockReader&) = delete;
  // Stops the reader thread (even mid-file) and waits for it.
  ~BlockReader();

  // The next block in stream order, waiting for the reader thread if needed; nullptr after
  // the last block. The first block always exists (it is empty for an empty file).
  // Errors: ErrorCode::corrupt / io from decompression, ErrorCode::parse for a line longer
  // than max_line_bytes. Once an error is returned, every later call returns it too.
  // Thread-safe, but callers that need stream order must serialise their calls.
  Result<BlockPtr> next();

  uint64_t file_size() const { return m_file_size; }
  util::InputFormat format() const { return m_format; }
  // Total decompressed bytes, including dropped trailing empty lines; final once next()
  // has returned nullptr.
  uint64_t bytes_uncompressed() const;

 private:
  BlockReader(util::GzipReader reader, const BlockReaderOptions& options);
  void run();
  Result<> produce_blocks();
  // Waits for room in the queue and appends `item`; false when stopping.
  bool push(Result<BlockPtr> item);
  std::unique_ptr<LineBlock> acquire_block(size_t minimum_capacity);

  util::GzipReader m_reader;
  BlockReaderOptions m_options;
  uint64_t m_file_size = 0;
  util::InputFormat m_format = util::InputFormat::plain;

  mutable std::mutex m_mutex;
  std::condition_variable m_not_empty;
  std::condition_variable m_not_full;
  std::deque<Result<BlockPtr>> m_queue;
  bool m_stopping = false;
  bool m_delivered_last = false;
  std::optional<Error> m_error;
  uint64_t m_bytes_uncompressed = 0;

  // Buffers of finished blocks, reused so steady state allocates nothing.
  struct Pool;
  std::shared_ptr<Pool> m_pool;

  std::thread m_thread;
};

}  // namespace reelhouse::landing
