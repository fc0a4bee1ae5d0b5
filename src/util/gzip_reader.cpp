#include "util/gzip_reader.hpp"

#include <fcntl.h>
#include <isa-l/igzip_lib.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

namespace reelhouse::util {

namespace {

// Compressed bytes read from the file per system call.
constexpr size_t k_input_buffer_bytes = 512 * 1024;
constexpr uint8_t k_gzip_magic_first = 0x1f;
constexpr uint8_t k_gzip_magic_second = 0x8b;

// The outcome of one inflate call over the current input.
struct InflateStep {
  size_t consumed = 0;
  size_t produced = 0;
  bool member_finished = false;
  std::string error;  // non-empty when the data is invalid
};

// One gzip member decoder; `begin_member` re-arms it for the next member of the stream.
class Inflater {
 public:
  virtual ~Inflater() = default;
  virtual void begin_member() = 0;
  virtual InflateStep inflate(const uint8_t* input, size_t input_size, char* output,
                              size_t output_size) = 0;
};

const char* isal_error_text(int code) {
  switch (code) {
    case ISAL_INVALID_BLOCK:
      return "invalid deflate block";
    case ISAL_INVALID_SYMBOL:
      return "invalid deflate symbol";
    case ISAL_INVALID_LOOKBACK:
      return "invalid lookback distance";
    case ISAL_INVALID_WRAPPER:
      return "invalid gzip header";
    case ISAL_UNSUPPORTED_METHOD:
      return "unsupported compression method";
    case ISAL_INCORRECT_CHECKSUM:
      return "gzip checksum mismatch";
    case ISAL_NEED_DICT:
      return "stream needs a preset dictionary";
    default:
      return "inflate failed";
  }
}

class IsalInflater final : public Inflater {
 public:
  IsalInflater() : m_state(std::make_unique<inflate_state>()) { isal_inflate_init(m_state.get()); }

  void begin_member() override {
    isal_inflate_reset(m_state.get());
    m_state->crc_flag = ISAL_GZIP;  // parse the gzip header, verify the CRC32 trailer
  }

  InflateStep inflate(const uint8_t* input, size_t input_size, char* output,
                      size_t output_size) override {
    // ISA-L counts in uint32_t; callers keep buffers far below 4 GiB.
    m_state->next_in = const_cast<uint8_t*>(input);
    m_state->avail_in = static_cast<uint32_t>(input_size);
    m_state->next_out = reinterpret_cast<uint8_t*>(output);
    m_state->avail_out = static_cast<uint32_t>(output_size);
    const int code = isal_inflate(m_state.get());
    InflateStep step;
    step.consumed = input_size - m_state->avail_in;
    step.produced = output_size - m_state->avail_out;
    if (code < 0) {
      step.error = isal_error_text(code);
      return step;
    }
    step.member_finished = m_state->block_state == ISAL_BLOCK_FINISH;
    return step;
  }

 private:
  std::unique_ptr<inflate_state> m_state;  // ~90 KB, too large for the stack
};

class ZlibInflater final : public Inflater {
 public:
  ZlibInflater() {
    // 16 + MAX_WBITS: expect a gzip wrapper and verify its CRC32 and length.
    m_initialised = inflateInit2(&m_stream, 16 + MAX_WBITS) == Z_OK;
  }
  ~ZlibInflater() override {
    if (m_initialised) inflateEnd(&m_stream);
  }

  void begin_member() override {
    if (m_initialised) inflateReset(&m_stream);
  }

  InflateStep inflate(const uint8_t* input, size_t input_size, char* output,
                      size_t output_size) override {
    InflateStep step;
    if (!m_initialised) {
      step.error = "cannot initialise zlib";
      return step;
    }
    m_stream.next_in = const_cast<Bytef*>(input);
    m_stream.avail_in = static_cast<uInt>(input_size);
    m_stream.next_out = reinterpret_cast<Bytef*>(output);
    m_stream.avail_out = static_cast<uInt>(output_size);
    const int code = ::inflate(&m_stream, Z_NO_FLUSH);
    step.consumed = input_size - m_stream.avail_in;
    step.produced = output_size - m_stream.avail_out;
    if (code == Z_STREAM_END) {
      step.member_finished = true;
    } else if (code != Z_OK && code != Z_BUF_ERROR) {
      step.error = m_stream.msg ? m_stream.msg : "inflate failed";
    }
    return step;
  }

 private:
  z_stream m_stream{};
  bool m_initialised = false;
};

enum class MemberState { between_members, inside_member, finished };

}  // namespace

struct GzipReader::Impl {
  std::filesystem::path path;
  int fd = -1;
  InputFormat format = InputFormat::plain;
  uint64_t file_size = 0;
  uint64_t bytes_out = 0;
  uint64_t member_count = 0;

  std::unique_ptr<Inflater> inflater;
  MemberState member_state = MemberState::between_members;
  std::vector<uint8_t> input;
  size_t input_begin = 0;          // first unconsumed byte in `input`
  size_t input_end = 0;            // one past the last valid byte in `input`
  uint64_t input_file_offset = 0;  // file offset of input[0]
  bool end_of_file = false;

  ~Impl() {
    if (fd >= 0) ::close(fd);
  }

  uint64_t consumed_offset() const { return input_file_offset + input_begin; }
  size_t available() const { return input_end - input_begin; }

  // Moves unconsumed bytes to the front and reads more behind them.
  Result<> refill() {
    if (end_of_file) return {};
    if (input_begin > 0) {
      std::memmove(input.data(), input.data() + input_begin, available());
      input_file_offset += input_begin;
      input_end -= input_begin;
      input_begin = 0;
    }
    while (input_end < input.size()) {
      const ssize_t count = ::read(fd, input.data() + input_end, input.size() - input_end);
      if (count < 0) {
        if (errno == EINTR) continue;
        return make_error(ErrorCode::io, "cannot read \"{}\": {}", path.string(),
                          std::strerror(errno));
      }
      if (count == 0) {
        end_of_file = true;
        break;
      }
      input_end += static_cast<size_t>(count);
      break;  // one system call per refill keeps latency low
    }
    return {};
  }

  Result<size_t> read_plain(std::span<char> out) {
    size_t produced = 0;
    while (produced < out.size()) {
      const ssize_t count = ::read(fd, out.data() + produced, out.size() - produced);
      if (count < 0) {
        if (errno == EINTR) continue;
        return make_error(ErrorCode::io, "cannot read \"{}\": {}", path.string(),
                          std::strerror(errno));
      }
      if (count == 0) break;
      produced += static_cast<size_t>(count);
    }
    return produced;
  }

  std::unexpected<Error> corrupt(std::string_view what, uint64_t offset) const {
    return make_error(ErrorCode::corrupt,
                      "corrupt gzip file \"{}\": {} at compressed byte offset {} (file size {} "
                      "bytes, {} bytes decompressed); fetch the file again",
                      path.string(), what, offset, file_size, bytes_out);
  }

  // Between members: decides whether another member starts, the stream ends (possibly
  // after zero padding), or junk follows.
  Result<> start_next_member() {
    while (true) {
      if (available() < 2 && !end_of_file) {
        TRY(refill());
        continue;
      }
      if (available() == 0) {
        member_state = MemberState::finished;
        return {};
      }
      const uint8_t first = input[input_begin];
      if (first == 0 && member_count > 0) {
        // Zero padding after the last member: skip it; anything but zeros after it is junk.
        while (input_begin < input_end && input[input_begin] == 0) ++input_begin;
        if (available() == 0 && end_of_file) {
          member_state = MemberState::finished;
          return {};
        }
        if (available() == 0) {
          TRY(refill());
          continue;
        }
        return corrupt("unexpected data after zero padding", consumed_offset());
      }
      if (available() < 2) {
        return corrupt("truncated gzip header", consumed_offset());
      }
      if (first != k_gzip_magic_first || input[input_begin + 1] != k_gzip_magic_second) {
        return corrupt(
            member_count == 0 ? "not a gzip stream" : "unexpected data after gzip member",
            consumed_offset());
      }
      inflater->begin_member();
      ++member_count;
      member_state = MemberState::inside_member;
      return {};
    }
  }

  Result<size_t> read_gzip(std::span<char> out) {
    size_t produced = 0;
    while (produced < out.size() && member_state != MemberState::finished) {
      if (member_state == MemberState::between_members) {
        TRY(start_next_member());
        continue;
      }
      if (available() == 0) {
        TRY(refill());
        if (available() == 0) {
          return corrupt("the file ends inside gzip member " + std::to_string(member_count) +
                             " (truncated download?)",
                         consumed_offset());
        }
      }
      const InflateStep step = inflater->inflate(input.data() + input_begin, available(),
                                                 out.data() + produced, out.size() - produced);
      input_begin += step.consumed;
      produced += step.produced;
      bytes_out += step.produced;
      if (!step.error.empty()) return corrupt(step.error, consumed_offset());
      if (step.member_finished) {
        member_state = MemberState::between_members;
      } else if (step.consumed == 0 && step.produced == 0) {
        // No progress with input left: the decoder needs more bytes than are buffered.
        if (end_of_file) {
          return corrupt("the file ends inside gzip member " + std::to_string(member_count) +
                             " (truncated download?)",
                         consumed_offset());
        }
        TRY(refill());
      }
    }
    return produced;
  }
};

GzipReader::GzipReader(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
GzipReader::GzipReader(GzipReader&& other) noexcept = default;
GzipReader& GzipReader::operator=(GzipReader&& other) noexcept = default;
GzipReader::~GzipReader() = default;

Result<GzipReader> GzipReader::open(const std::filesystem::path& path, InflateBackend backend) {
  auto impl = std::make_unique<Impl>();
  impl->path = path;
  impl->fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (impl->fd < 0) {
    const int open_errno = errno;
    return make_error(open_errno == ENOENT ? ErrorCode::not_found : ErrorCode::io,
                      "cannot open \"{}\": {}", path.string(), std::strerror(open_errno));
  }
  struct stat file_status {};
  if (::fstat(impl->fd, &file_status) != 0) {
    return make_error(ErrorCode::io, "cannot stat \"{}\": {}", path.string(), std::strerror(errno));
  }
  impl->file_size = static_cast<uint64_t>(file_status.st_size);
  ::posix_fadvise(impl->fd, 0, 0, POSIX_FADV_SEQUENTIAL);

  uint8_t magic[2] = {0, 0};
  const ssize_t magic_size = ::pread(impl->fd, magic, sizeof(magic), 0);
  if (magic_size < 0) {
    return make_error(ErrorCode::io, "cannot read \"{}\": {}", path.string(), std::strerror(errno));
  }
  if (magic_size == 2 && magic[0] == k_gzip_magic_first && magic[1] == k_gzip_magic_second) {
    impl->format = InputFormat::gzip;
    impl->input.resize(k_input_buffer_bytes);
    if (backend == InflateBackend::isal) {
      impl->inflater = std::make_unique<IsalInflater>();
    } else {
      impl->inflater = std::make_unique<ZlibInflater>();
    }
  }
  return GzipReader(std::move(impl));
}

Result<size_t> GzipReader::read(std::span<char> out) {
  if (m_impl->format == InputFormat::plain) {
    const size_t produced = TRY(m_impl->read_plain(out));
    m_impl->bytes_out += produced;
    return produced;
  }
  return m_impl->read_gzip(out);
}

InputFormat GzipReader::format() const {
  return m_impl->format;
}
uint64_t GzipReader::file_size() const {
  return m_impl->file_size;
}
uint64_t GzipReader::bytes_out() const {
  return m_impl->bytes_out;
}
uint64_t GzipReader::member_count() const {
  return m_impl->member_count;
}
const std::filesystem::path& GzipReader::path() const {
  return m_impl->path;
}

}  // namespace reelhouse::util
