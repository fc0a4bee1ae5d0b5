#include "util/atomic_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <random>
#include <utility>

namespace reelhouse::util {

namespace {

// File mode before the umask, as for any file created by open(2) or fopen(3).
constexpr mode_t k_new_file_mode = 0666;
constexpr int k_max_name_attempts = 8;

std::string errno_text(int error_number) {
  return std::strerror(error_number);
}

std::string random_suffix() {
  thread_local std::mt19937_64 generator{std::random_device{}()};
  return fmt::format("{:012x}", generator() & 0xffffffffffffULL);
}

std::filesystem::path directory_of(const std::filesystem::path& path) {
  std::filesystem::path parent = path.parent_path();
  return parent.empty() ? std::filesystem::path(".") : parent;
}

}  // namespace

Result<AtomicFile> AtomicFile::open(const std::filesystem::path& path) {
  // O_EXCL with a random name: two writers of the same target never share a temporary file.
  for (int attempt = 0; attempt < k_max_name_attempts; ++attempt) {
    std::filesystem::path temporary_path = path;
    temporary_path += fmt::format(".tmp.{}.{}", getpid(), random_suffix());
    const int descriptor =
        ::open(temporary_path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, k_new_file_mode);
    if (descriptor >= 0) return AtomicFile(path, std::move(temporary_path), descriptor);
    if (errno != EEXIST) {
      return make_error(ErrorCode::io, "cannot create temporary file {} for {}: {}",
                        temporary_path.string(), path.string(), errno_text(errno));
    }
  }
  return make_error(ErrorCode::io, "cannot find a free temporary name next to {}", path.string());
}

AtomicFile::AtomicFile(std::filesystem::path path, std::filesystem::path temporary_path,
                       int descriptor)
    : m_path(std::move(path)),
      m_temporary_path(std::move(temporary_path)),
      m_descriptor(descriptor) {}

AtomicFile::AtomicFile(AtomicFile&& other) noexcept
    : m_path(std::move(other.m_path)),
      m_temporary_path(std::move(other.m_temporary_path)),
      m_descriptor(std::exchange(other.m_descriptor, -1)) {}

AtomicFile& AtomicFile::operator=(AtomicFile&& other) noexcept {
  if (this != &other) {
    discard();
    m_path = std::move(other.m_path);
    m_temporary_path = std::move(other.m_temporary_path);
    m_descriptor = std::exchange(other.m_descriptor, -1);
  }
  return *this;
}

AtomicFile::~AtomicFile() {
  discard();
}

void AtomicFile::discard() noexcept {
  if (m_descriptor < 0) return;
  ::close(m_descriptor);
  m_descriptor = -1;
  ::unlink(m_temporary_path.c_str());
}

Result<> AtomicFile::write(std::string_view data) {
  if (m_descriptor < 0) {
    return make_error(ErrorCode::internal, "write to {} after commit", m_path.string());
  }
  return write_all(m_descriptor, data, m_path);
}

Result<> AtomicFile::commit() {
  if (m_descriptor < 0) {
    return make_error(ErrorCode::internal, "{} committed twice", m_path.string());
  }
  if (::fsync(m_descriptor) != 0) {
    return make_error(ErrorCode::io, "cannot flush {} to disk: {}", m_temporary_path.string(),
                      errno_text(errno));
  }
  if (::close(std::exchange(m_descriptor, -1)) != 0) {
    const int error_number = errno;
    ::unlink(m_temporary_path.c_str());
    return make_error(ErrorCode::io, "cannot close {}: {}", m_temporary_path.string(),
                      errno_text(error_number));
  }
  if (::rename(m_temporary_path.c_str(), m_path.c_str()) != 0) {
    const int error_number = errno;
    ::unlink(m_temporary_path.c_str());
    return make_error(ErrorCode::io, "cannot rename {} to {}: {}", m_temporary_path.string(),
                      m_path.string(), errno_text(error_number));
  }
  return sync_directory(directory_of(m_path));
}

Result<> write_file_atomically(const std::filesystem::path& path, std::string_view content) {
  AtomicFile file = TRY(AtomicFile::open(path));
  TRY(file.write(content));
  return file.commit();
}

Result<> sync_directory(const std::filesystem::path& directory) {
  const int descriptor = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (descriptor < 0) {
    return make_error(ErrorCode::io, "cannot open directory {}: {}", directory.string(),
                      errno_text(errno));
  }
  const int status = ::fsync(descriptor);
  const int error_number = errno;
  ::close(descriptor);
  // Some file systems (and /proc-like mounts) refuse fsync on directories; that is not a
  // failure of the write itself.
  if (status != 0 && error_number != EINVAL && error_number != EROFS) {
    return make_error(ErrorCode::io, "cannot flush directory {} to disk: {}", directory.string(),
                      errno_text(error_number));
  }
  return {};
}

Result<> write_all(int descriptor, std::string_view data,
                   const std::filesystem::path& path_for_messages) {
  while (!data.empty()) {
    const ssize_t written = ::write(descriptor, data.data(), data.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      return make_error(ErrorCode::io, "cannot write to {}: {}", path_for_messages.string(),
                        errno_text(errno));
    }
    data.remove_prefix(static_cast<size_t>(written));
  }
  return {};
}

}  // namespace reelhouse::util
