#include "landing/record_block_reader.hpp"

#include <algorithm>
#include <cstring>
#include <utility>

#include "landing/byte_search.hpp"

namespace reelhouse::landing {

RecordBlockReader::RecordBlockReader(util::GzipReader reader,
                                     const RecordBlockReaderOptions& options)
    : m_reader(std::move(reader)),
      m_options(options),
      m_path(m_reader.path()),
      m_file_size(m_reader.file_size()) {}

Result<std::unique_ptr<RecordBlockReader>> RecordBlockReader::start(
    const std::filesystem::path& path, const RecordBlockReaderOptions& options) {
  if (options.terminator.size() < 3 || options.block_bytes == 0 ||
      options.max_record_bytes < options.block_bytes || options.queue_depth == 0) {
    return make_error(ErrorCode::internal, "invalid RecordBlockReader options for \"{}\"",
                      path.string());
  }
  util::GzipReader reader = TRY(util::GzipReader::open(path, options.backend));
  std::unique_ptr<RecordBlockReader> block_reader(
      new RecordBlockReader(std::move(reader), options));
  block_reader->m_thread = std::thread([raw = block_reader.get()] { raw->run(); });
  return block_reader;
}

RecordBlockReader::~RecordBlockReader() {
  {
    std::lock_guard lock(m_mutex);
    m_stopping = true;
  }
  m_not_full.notify_all();
  m_not_empty.notify_all();
  if (m_thread.joinable()) m_thread.join();
}

uint64_t RecordBlockReader::bytes_uncompressed() const {
  std::lock_guard lock(m_mutex);
  return m_bytes_uncompressed;
}

std::unique_ptr<RecordBlock> RecordBlockReader::acquire_block(size_t minimum_capacity) {
  auto block = std::make_unique<RecordBlock>();
  block->capacity = std::max(minimum_capacity, m_options.block_bytes);
  if (block->capacity == m_options.block_bytes) {
    std::lock_guard lock(m_mutex);
    if (!m_free_buffers.empty()) {
      block->buffer = std::move(m_free_buffers.back());
      m_free_buffers.pop_back();
    }
  }
  if (!block->buffer) block->buffer = std::make_unique_for_overwrite<char[]>(block->capacity);
  return block;
}

void RecordBlockReader::recycle(std::unique_ptr<RecordBlock> block) {
  if (!block || block->capacity != m_options.block_bytes) return;  // grown: let it go
  std::lock_guard lock(m_mutex);
  if (m_free_buffers.size() < m_options.queue_depth + 2) {
    m_free_buffers.push_back(std::move(block->buffer));
  }
}

bool RecordBlockReader::push(Result<std::unique_ptr<RecordBlock>> item) {
  std::unique_lock lock(m_mutex);
  m_not_full.wait(lock, [&] { return m_stopping || m_queue.size() < m_options.queue_depth; });
  if (m_stopping) return false;
  m_queue.push_back(std::move(item));
  lock.unlock();
  m_not_empty.notify_one();
  return true;
}

void RecordBlockReader::run() {
  Result<> outcome = produce_blocks();
  if (!outcome) push(std::unexpected(outcome.error()));
}

size_t RecordBlockReader::find_cut(const char* data, size_t size) const {
  // A plain backward loop: the last terminator is usually within a record's length of the
  // end, and in the rare block without one every byte is visited once (memrchr per
  // candidate byte would revisit the tail for every '>' of a long record).
  const std::string_view terminator = m_options.terminator;
  const char last_byte = terminator.back();
  for (size_t end = size; end >= terminator.size(); --end) {
    if (data[end - 1] == last_byte &&
        std::memcmp(data + end - terminator.size(), terminator.data(), terminator.size()) == 0) {
      return end;
    }
  }
  return 0;
}

Result<> RecordBlockReader::produce_blocks() {
  std::unique_ptr<RecordBlock> block = acquire_block(m_options.block_bytes);
  size_t filled = 0;  // bytes in block->buffer, starting with the carried partial record
  uint64_t stream_offset = 0;
  while (true) {
    const size_t produced =
        TRY(m_reader.read(std::span<char>(block->buffer.get() + filled, block->capacity - filled)));
    filled += produced;
    block->stream_offset = stream_offset;
    if (filled < block->capacity) {  // end of stream
      block->size = filled;
      block->is_last = true;
      {
        std::lock_guard lock(m_mutex);
        m_bytes_uncompressed = m_reader.bytes_out();
      }
      push(std::move(block));
      return {};
    }
    const size_t cut = find_cut(block->buffer.get(), filled);
    if (cut == 0) {
      // No record ends in the block: it holds one unfinished record; grow it within bounds.
      if (block->capacity >= m_options.max_record_bytes) {
        const char* data = block->buffer.get();
        const char* start = find_bytes(data, data + filled, m_options.record_start);
        const uint64_t record_offset = stream_offset + (start ? start - data : 0);
        return make_error(
            ErrorCode::parse,
            "\"{}\": the element starting at uncompressed byte offset {} is larger than {} MiB "
            "(no \"{}\" within that many bytes); the file is not a Wikipedia abstracts dump or "
            "is corrupt",
            m_path.string(), record_offset, m_options.max_record_bytes >> 20, m_options.terminator);
      }
      std::unique_ptr<RecordBlock> larger =
          acquire_block(std::min(block->capacity * 2, m_options.max_record_bytes));
      std::memcpy(larger->buffer.get(), block->buffer.get(), filled);
      recycle(std::move(block));
      block = std::move(larger);
      continue;
    }
    block->size = cut;
    const size_t carry = filled - cut;
    std::unique_ptr<RecordBlock> next_block = acquire_block(
        carry * 2 <= m_options.block_bytes
            ? m_options.block_bytes  // the common case: a pooled buffer, no allocation
            : std::min(carry + m_options.block_bytes, m_options.max_record_bytes));
    std::memcpy(next_block->buffer.get(), block->buffer.get() + cut, carry);
    stream_offset += cut;
    if (!push(std::move(block))) return {};
    block = std::move(next_block);
    filled = carry;
  }
}

Result<std::unique_ptr<RecordBlock>> RecordBlockReader::next() {
  std::unique_lock lock(m_mutex);
  if (m_error) return std::unexpected(*m_error);
  if (m_delivered_last) return std::unique_ptr<RecordBlock>{};
  m_not_empty.wait(lock, [&] { return !m_queue.empty(); });
  Result<std::unique_ptr<RecordBlock>> item = std::move(m_queue.front());
  m_queue.pop_front();
  if (!item) {
    m_error = item.error();
    return std::unexpected(*m_error);
  }
  if ((*item)->is_last) m_delivered_last = true;
  lock.unlock();
  m_not_full.notify_one();
  return item;
}

}  // namespace reelhouse::landing
