#include "fetch/part_file.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "util/atomic_file.hpp"

namespace reelhouse::fetch {

namespace {

constexpr mode_t k_new_file_mode = 0666;
constexpr int k_max_open_attempts = 4;

std::string errno_text(int error_number) {
  return std::strerror(error_number);
}

// True when `descriptor` is still the file at `path` (it may have been removed or replaced by
// another process between our open() and our flock()).
bool still_linked(int descriptor, const std::filesystem::path& path) {
  struct stat open_status {};
  struct stat path_status {};
  if (::fstat(descriptor, &open_status) != 0 || ::stat(path.c_str(), &path_status) != 0) {
    return false;
  }
  return open_status.st_dev == path_status.st_dev && open_status.st_ino == path_status.st_ino;
}

}  // namespace

Result<PartFile> PartFile::open(const std::filesystem::path& final_path) {
  std::filesystem::path part_path = final_path;
  part_path += ".part";
  for (int attempt = 0; attempt < k_max_open_attempts; ++attempt) {
    const int descriptor = ::open(part_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, k_new_file_mode);
    if (descriptor < 0) {
      return make_error(ErrorCode::io, "cannot create {}: {}", part_path.string(),
                        errno_text(errno));
    }
    if (::flock(descriptor, LOCK_EX | LOCK_NB) != 0) {
      const int error_number = errno;
      ::close(descriptor);
      if (error_number == EWOULDBLOCK) {
        return make_error(ErrorCode::busy,
                          "another process is already fetching {} (it holds {}); try again "
                          "when it has finished",
                          final_path.string(), part_path.string());
      }
      return make_error(ErrorCode::io, "cannot lock {}: {}", part_path.string(),
                        errno_text(error_number));
    }
    if (!still_linked(descriptor, part_path)) {
      ::close(descriptor);  // the previous holder committed or removed it: open afresh
      continue;
    }
    if (::ftruncate(descriptor, 0) != 0) {
      const int error_number = errno;
      ::close(descriptor);
      return make_error(ErrorCode::io, "cannot truncate {}: {}", part_path.string(),
                        errno_text(error_number));
    }
    return PartFile(final_path, std::move(part_path), descriptor);
  }
  return make_error(ErrorCode::busy, "{} keeps being replaced by another process",
                    part_path.string());
}

PartFile::PartFile(std::filesystem::path final_path, std::filesystem::path part_path,
                   int descriptor)
    : m_final_path(std::move(final_path)),
      m_part_path(std::move(part_path)),
      m_descriptor(descriptor) {}

PartFile::PartFile(PartFile&& other) noexcept
    : m_final_path(std::move(other.m_final_path)),
      m_part_path(std::move(other.m_part_path)),
      m_descriptor(std::exchange(other.m_descriptor, -1)),
      m_hasher(std::move(other.m_hasher)) {}

PartFile& PartFile::operator=(PartFile&& other) noexcept {
  if (this != &other) {
    discard();
    m_final_path = std::move(other.m_final_path);
    m_part_path = std::move(other.m_part_path);
    m_descriptor = std::exchange(other.m_descriptor, -1);
    m_hasher = std::move(other.m_hasher);
  }
  return *this;
}

PartFile::~PartFile() {
  discard();
}

void PartFile::discard() noexcept {
  if (m_descriptor < 0) return;
  // Unlink while still holding the lock, so no other process adopts a file being removed.
  ::unlink(m_part_path.c_str());
  ::close(m_descriptor);
  m_descriptor = -1;
}

Result<> PartFile::append(std::string_view data) {
  TRY(util::write_all(m_descriptor, data, m_part_path));
  m_hasher.update(data);
  return {};
}

Result<> PartFile::reset() {
  if (::ftruncate(m_descriptor, 0) != 0 || ::lseek(m_descriptor, 0, SEEK_SET) != 0) {
    return make_error(ErrorCode::io, "cannot truncate {}: {}", m_part_path.string(),
                      errno_text(errno));
  }
  m_hasher.reset();
  return {};
}

Result<> PartFile::commit() {
  if (::fsync(m_descriptor) != 0) {
    return make_error(ErrorCode::io, "cannot flush {} to disk: {}", m_part_path.string(),
                      errno_text(errno));
  }
  if (::rename(m_part_path.c_str(), m_final_path.c_str()) != 0) {
    return make_error(ErrorCode::io, "cannot rename {} to {}: {}", m_part_path.string(),
                      m_final_path.string(), errno_text(errno));
  }
  ::close(std::exchange(m_descriptor, -1));  // releases the lock on the renamed file
  const std::filesystem::path directory = m_final_path.parent_path();
  return util::sync_directory(directory.empty() ? std::filesystem::path(".") : directory);
}

}  // namespace reelhouse::fetch
