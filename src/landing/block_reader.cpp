#include "landing/block_reader.hpp"

#include <algorithm>
#include <cstring>
#include <utility>
#include <vector>

#include "util/utf8.hpp"

namespace reelhouse::landing {

namespace {

// Returns `end` moved back over trailing empty lines ("" or "\r" before a '\n', or an
// unterminated "" / "\r" at the very end) of data[0, end).
size_t trim_trailing_empty_lines(const char* data, size_t end) {
  while (end > 0) {
    const size_t line_end = data[end - 1] == '\n' ? end - 1 : end;
    const void* previous_newline = line_end > 0 ? memrchr(data, '\n', line_end) : nullptr;
    const size_t line_start =
        previous_newline
            ? static_cast<size_t>(static_cast<const char*>(previous_newline) - data) + 1
            : 0;
    size_t content_length = line_end - line_start;
    if (content_length > 0 && data[line_end - 1] == '\r') --content_length;
    if (content_length > 0) break;
    end = line_start;
  }
  return end;
}

// Where a non-final block may end: after the last complete line that is not followed only
// by empty lines; 0 when the block holds no such line yet.
size_t find_block_cut(const char* data, size_t filled) {
  const void* last_newline = memrchr(data, '\n', filled);
  if (!last_newline) return 0;
  const size_t end = static_cast<size_t>(static_cast<const char*>(last_newline) - data) + 1;
  return trim_trailing_empty_lines(data, end);
}

}  // namespace

struct BlockReader::Pool {
  std::mutex mutex;
  std::vector<std::unique_ptr<char[]>> free_buffers;
  size_t buffer_capacity = 0;

  void release(std::unique_ptr<char[]> buffer, size_t capacity) {
    if (capacity != buffer_capacity) return;  // grown for a long line: let it go
    std::lock_guard lock(mutex);
    free_buffers.push_back(std::move(buffer));
  }
};

BlockReader::BlockReader(util::GzipReader reader, const BlockReaderOptions& options)
    : m_reader(std::move(reader)),
      m_options(options),
      m_file_size(m_reader.file_size()),
      m_format(m_reader.format()),
      m_pool(std::make_shared<Pool>()) {
  m_pool->buffer_capacity = options.block_bytes;
}

Result<std::unique_ptr<BlockReader>> BlockReader::start(const std::filesystem::path& path,
                                                        const BlockReaderOptions& options) {
  util::GzipReader reader = TRY(util::GzipReader::open(path, options.backend));
  std::unique_ptr<BlockReader> block_reader(new BlockReader(std::move(reader), options));
  block_reader->m_thread = std::thread([raw = block_reader.get()] { raw->run(); });
  return block_reader;
}

BlockReader::~BlockReader() {
  {
    std::lock_guard lock(m_mutex);
    m_stopping = true;
  }
  m_not_full.notify_all();
  m_not_empty.notify_all();
  if (m_thread.joinable()) m_thread.join();
}

uint64_t BlockReader::bytes_uncompressed() const {
  std::lock_guard lock(m_mutex);
  return m_bytes_uncompressed;
}

std::unique_ptr<LineBlock> BlockReader::acquire_block(size_t minimum_capacity) {
  auto block = std::make_unique<LineBlock>();
  if (minimum_capacity <= m_pool->buffer_capacity) {
    std::lock_guard lock(m_pool->mutex);
    if (!m_pool->free_buffers.empty()) {
      block->buffer = std::move(m_pool->free_buffers.back());
      m_pool->free_buffers.pop_back();
    }
    block->capacity = m_pool->buffer_capacity;
  } else {
    block->capacity = minimum_capacity;
  }
  if (!block->buffer) {
    block->buffer = std::make_unique_for_overwrite<char[]>(block->capacity + k_block_padding);
  }
  return block;
}

bool BlockReader::push(Result<BlockPtr> item) {
  std::unique_lock lock(m_mutex);
  m_not_full.wait(lock, [&] { return m_stopping || m_queue.size() < m_options.queue_depth; });
  if (m_stopping) return false;
  m_queue.push_back(std::move(item));
  lock.unlock();
  m_not_empty.notify_one();
  return true;
}

void BlockReader::run() {
  Result<> outcome = produce_blocks();
  if (!outcome) push(std::unexpected(outcome.error()));
}

Result<> BlockReader::produce_blocks() {
  const std::shared_ptr<Pool> pool = m_pool;
  // Hands a filled block to the queue; its buffer returns to the pool when released.
  auto publish = [&](std::unique_ptr<LineBlock> block) {
    const size_t capacity = block->capacity;
    std::shared_ptr<const LineBlock> shared(block.release(),
                                            [pool, capacity](const LineBlock* done) {
                                              auto* owned = const_cast<LineBlock*>(done);
                                              pool->release(std::move(owned->buffer), capacity);
                                              delete owned;
                                            });
    return push(std::move(shared));
  };

  std::unique_ptr<LineBlock> block = acquire_block(m_options.block_bytes);
  size_t filled = 0;  // bytes in block->buffer, including the carried partial line
  uint64_t stream_offset = 0;
  while (true) {
    const size_t produced =
        TRY(m_reader.read(std::span<char>(block->buffer.get() + filled, block->capacity - filled)));
    filled += produced;
    const bool end_of_stream = filled < block->capacity;
    block->stream_offset = stream_offset;
    if (end_of_stream) {
      block->size = trim_trailing_empty_lines(block->data(), filled);
      block->is_last = true;
      block->valid_utf8 = util::is_valid_utf8(block->text());
      {
        std::lock_guard lock(m_mutex);
        m_bytes_uncompressed = m_reader.bytes_out();
      }
      publish(std::move(block));
      return {};
    }
    const size_t cut = find_block_cut(block->data(), filled);
    if (cut == 0) {
      // No complete line fits: grow the block, unless the line is absurdly long.
      if (block->capacity >= m_options.max_line_bytes) {
        const void* newline = memrchr(block->data(), '\n', filled);
        if (!newline) {
          return make_error(ErrorCode::parse,
                            "\"{}\": the line starting at uncompressed byte offset {} is longer "
                            "than {} MiB; this is not an IMDb TSV file",
                            m_reader.path().string(), stream_offset,
                            m_options.max_line_bytes >> 20);
        }
        // Only empty lines so far: cut after them rather than growing without bound.
        block->size = static_cast<size_t>(static_cast<const char*>(newline) - block->data()) + 1;
      } else {
        std::unique_ptr<LineBlock> larger = acquire_block(block->capacity * 2);
        std::memcpy(larger->buffer.get(), block->data(), filled);
        block = std::move(larger);
        continue;
      }
    } else {
      block->size = cut;
    }
    // Carry the partial line (and held-back empty lines) into the next block.
    const size_t carry = filled - block->size;
    std::unique_ptr<LineBlock> next_block =
        acquire_block(std::max(m_options.block_bytes, carry * 2));
    std::memcpy(next_block->buffer.get(), block->data() + block->size, carry);
    block->valid_utf8 = util::is_valid_utf8(block->text());
    stream_offset += block->size;
    if (!publish(std::move(block))) return {};
    block = std::move(next_block);
    filled = carry;
  }
}

Result<BlockPtr> BlockReader::next() {
  std::unique_lock lock(m_mutex);
  if (m_error) return std::unexpected(*m_error);
  if (m_delivered_last) return BlockPtr{};
  m_not_empty.wait(lock, [&] { return !m_queue.empty(); });
  Result<BlockPtr> item = std::move(m_queue.front());
  m_queue.pop_front();
  lock.unlock();
  m_not_full.notify_one();
  lock.lock();
  if (!item) {
    m_error = item.error();
    return std::unexpected(*m_error);
  }
  if ((*item)->is_last) m_delivered_last = true;
  return item;
}

}  // namespace reelhouse::landing
