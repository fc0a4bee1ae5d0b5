#include "util/gzip_writer.hpp"

#include <isa-l/igzip_lib.h>

#include <algorithm>
#include <string_view>
#include <vector>

#include "util/atomic_file.hpp"

namespace reelhouse::util {

namespace {

constexpr size_t k_output_buffer_bytes = size_t{1} << 20;
// isal_deflate takes a 32-bit avail_in: feed larger writes in slices of this size.
constexpr size_t k_max_input_slice_bytes = size_t{1} << 30;
constexpr uint32_t k_compression_level = 1;  // igzip's fastest level that still uses hashing

}  // namespace

struct GzipWriter::State {
  explicit State(AtomicFile opened) : file(std::move(opened)) {}

  AtomicFile file;
  isal_zstream stream{};
  std::vector<uint8_t> level_buffer;
  std::vector<uint8_t> output_buffer;
  uint64_t uncompressed_bytes = 0;
  uint64_t compressed_bytes = 0;

  // Writes the filled part of the output buffer to the file and resets the buffer.
  Result<void> drain_output() {
    const size_t filled = output_buffer.size() - stream.avail_out;
    TRY(file.write(std::string_view(reinterpret_cast<const char*>(output_buffer.data()), filled)));
    compressed_bytes += filled;
    stream.next_out = output_buffer.data();
    stream.avail_out = static_cast<uint32_t>(output_buffer.size());
    return {};
  }
};

GzipWriter::GzipWriter(std::unique_ptr<State> state) : m_state(std::move(state)) {}
GzipWriter::GzipWriter(GzipWriter&& other) noexcept = default;
GzipWriter& GzipWriter::operator=(GzipWriter&& other) noexcept = default;
GzipWriter::~GzipWriter() = default;

Result<GzipWriter> GzipWriter::create(const std::filesystem::path& path) {
  auto state = std::make_unique<State>(TRY(AtomicFile::open(path)));
  state->level_buffer.resize(ISAL_DEF_LVL1_DEFAULT);
  state->output_buffer.resize(k_output_buffer_bytes);
  isal_deflate_init(&state->stream);
  state->stream.level = k_compression_level;
  state->stream.level_buf = state->level_buffer.data();
  state->stream.level_buf_size = static_cast<uint32_t>(state->level_buffer.size());
  state->stream.gzip_flag = IGZIP_GZIP;
  state->stream.next_out = state->output_buffer.data();
  state->stream.avail_out = static_cast<uint32_t>(state->output_buffer.size());
  return GzipWriter(std::move(state));
}

Result<void> GzipWriter::deflate_input(std::string_view data, bool end_of_stream) {
  State& state = *m_state;
  do {
    const size_t slice = std::min(data.size(), k_max_input_slice_bytes);
    const bool last_slice = slice == data.size();
    state.stream.next_in = reinterpret_cast<uint8_t*>(const_cast<char*>(data.data()));
    state.stream.avail_in = static_cast<uint32_t>(slice);
    state.stream.end_of_stream = end_of_stream && last_slice ? 1 : 0;
    // igzip returns when the input is consumed or the output buffer is full; at the end of
    // the stream it must be called until it has written the trailer (ZSTATE_END).
    while (true) {
      const int status = isal_deflate(&state.stream);
      if (status != COMP_OK) {
        return make_error(ErrorCode::internal, "igzip failed with status {} on {}", status,
                          state.file.path().string());
      }
      if (state.stream.avail_out == 0) {
        TRY(state.drain_output());
        continue;
      }
      if (!state.stream.end_of_stream) break;  // input consumed
      if (state.stream.internal_state.state == ZSTATE_END) {
        TRY(state.drain_output());
        break;
      }
    }
    data.remove_prefix(slice);
  } while (!data.empty());
  return {};
}

Result<void> GzipWriter::write(std::string_view data) {
  m_state->uncompressed_bytes += data.size();
  if (data.empty()) return {};
  return deflate_input(data, /*end_of_stream=*/false);
}

Result<void> GzipWriter::commit() {
  TRY(deflate_input({}, /*end_of_stream=*/true));
  return m_state->file.commit();
}

uint64_t GzipWriter::uncompressed_bytes() const {
  return m_state->uncompressed_bytes;
}
uint64_t GzipWriter::compressed_bytes() const {
  return m_state->compressed_bytes;
}

}  // namespace reelhouse::util
