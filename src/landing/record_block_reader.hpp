// Decompression on its own thread, delivering the stream as blocks of whole records.
//
// `RecordBlockReader` is the XML counterpart of BlockReader (block_reader.hpp): a reader
// thread inflates the input (util/gzip_reader.hpp, ISA-L) into blocks of about
// `block_bytes` and hands them over a bounded queue, so decompressing block N+1 overlaps
// scanning block N and both cores work. Each block except the last ends right after the
// last occurrence of a terminator (for the abstracts dump, "</doc>"); the bytes after it are
// carried to the front of the next block. A scanner therefore never sees a record split
// across blocks: any record that starts in a block and is complete ends in it.
//
// Memory is bounded by the options, not by the input: (queue_depth + 2) blocks of
// block_bytes, plus one block grown up to max_record_bytes when a record is that long. A
// record longer than max_record_bytes is an error naming its uncompressed byte offset.
//
// Blocks are handed out as unique_ptr and given back with recycle(), so steady state
// allocates nothing.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "core/error.hpp"
#include "util/gzip_reader.hpp"

namespace reelhouse::landing {

struct RecordBlock {
  std::unique_ptr<char[]> buffer;
  size_t capacity = 0;
  size_t size = 0;             // valid bytes in buffer
  uint64_t stream_offset = 0;  // offset of buffer[0] in the decompressed stream
  bool is_last = false;        // no block follows; may end inside a record (truncated input)

  std::string_view text() const { return {buffer.get(), size}; }
};

struct RecordBlockReaderOptions {
  std::string terminator = "</doc>";           // at least 3 bytes
  std::string record_start = "<doc>";          // named in the error about an oversized record
  size_t block_bytes = size_t{1} << 20;        // 1 MiB
  size_t queue_depth = 4;                      // blocks decompressed ahead of the scanner
  size_t max_record_bytes = size_t{16} << 20;  // 16 MiB
  util::InflateBackend backend = util::InflateBackend::isal;
};

class RecordBlockReader {
 public:
  // Opens `path` (gzip or plain, by magic bytes) and starts the reader thread.
  // Errors: those of util::GzipReader::open.
  static Result<std::unique_ptr<RecordBlockReader>> start(
      const std::filesystem::path& path, const RecordBlockReaderOptions& options = {});

  RecordBlockReader(const RecordBlockReader&) = delete;
  RecordBlockReader& operator=(const RecordBlockReader&) = delete;
  // Stops the reader thread (even mid-file) and waits for it.
  ~RecordBlockReader();

  // The next block in stream order, waiting for the reader thread if needed; nullptr after
  // the last block (the first call always returns a block, empty for an empty file).
  // Errors: ErrorCode::corrupt / io from decompression (naming the file), ErrorCode::parse
  // for a record longer than max_record_bytes (naming the file and the offset). Once an
  // error is returned, every later call returns it too.
  Result<std::unique_ptr<RecordBlock>> next();

  // Gives a block back for reuse.
  void recycle(std::unique_ptr<RecordBlock> block);

  const std::filesystem::path& path() const { return m_path; }
  uint64_t file_size() const { return m_file_size; }
  // Decompressed bytes produced so far; the total once next() has returned the last block.
  uint64_t bytes_uncompressed() const;

 private:
  RecordBlockReader(util::GzipReader reader, const RecordBlockReaderOptions& options);
  void run();
  Result<> produce_blocks();
  bool push(Result<std::unique_ptr<RecordBlock>> item);
  std::unique_ptr<RecordBlock> acquire_block(size_t minimum_capacity);
  // Where a non-final block may end: just after the last terminator in data[0, size), or 0.
  size_t find_cut(const char* data, size_t size) const;

  util::GzipReader m_reader;
  RecordBlockReaderOptions m_options;
  std::filesystem::path m_path;
  uint64_t m_file_size = 0;

  mutable std::mutex m_mutex;
  std::condition_variable m_not_empty;
  std::condition_variable m_not_full;
  std::deque<Result<std::unique_ptr<RecordBlock>>> m_queue;
  std::vector<std::unique_ptr<char[]>> m_free_buffers;  // of capacity block_bytes
  bool m_stopping = false;
  bool m_delivered_last = false;
  std::optional<Error> m_error;
  uint64_t m_bytes_uncompressed = 0;

  std::thread m_thread;
};

}  // namespace reelhouse::landing
