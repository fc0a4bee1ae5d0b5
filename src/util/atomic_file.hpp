// AtomicFile: a file that readers see either in full or not at all.
//
// In the manner of ccache, the content is written to a temporary file next to the target
// (`<path>.tmp.<pid>.<random>`, same directory so the rename stays on one file system);
// `commit()` flushes it to disk, renames it onto the target and syncs the directory, so a
// crash at any point leaves either the old file or the new one, never half of one. The
// destructor deliberately does NOT commit: an AtomicFile abandoned on an error path (or by an
// exception) removes its temporary file and leaves the target untouched.
//
// This file knows nothing about movies; it is used by every layer that writes to the lake.
#pragma once

#include <filesystem>
#include <string_view>

#include "core/error.hpp"

namespace reelhouse::util {

class AtomicFile {
 public:
  // Creates the temporary file for `path`. The directory of `path` must exist.
  // Errors: io (directory missing, permission denied, …), naming the temporary path.
  static Result<AtomicFile> open(const std::filesystem::path& path);

  AtomicFile(AtomicFile&& other) noexcept;
  AtomicFile& operator=(AtomicFile&& other) noexcept;
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  // Removes the temporary file unless commit() succeeded.
  ~AtomicFile();

  // Appends `data` to the temporary file.
  // REQUIRES: not yet committed. Errors: io (disk full, …), naming the target path.
  Result<> write(std::string_view data);

  // fsyncs the temporary file, renames it onto the target (replacing any existing file) and
  // fsyncs the directory. After success the object is inert. After a failure the temporary
  // file is removed by the destructor and the target keeps its previous content.
  // Errors: io, naming the target path.
  Result<> commit();

  const std::filesystem::path& path() const { return m_path; }
  const std::filesystem::path& temporary_path() const { return m_temporary_path; }

 private:
  AtomicFile(std::filesystem::path path, std::filesystem::path temporary_path, int descriptor);
  void discard() noexcept;

  std::filesystem::path m_path;
  std::filesystem::path m_temporary_path;
  int m_descriptor = -1;
};

// Writes `content` to `path` through an AtomicFile: readers see the old or the new content.
// Errors: io, naming the path.
Result<> write_file_atomically(const std::filesystem::path& path, std::string_view content);

// fsyncs a directory so that a rename or a creation inside it survives a crash.
// Errors: io, naming the directory.
Result<> sync_directory(const std::filesystem::path& directory);

// Writes all of `data` to the open file descriptor, retrying short writes and EINTR.
// Errors: io, naming `path_for_messages`.
Result<> write_all(int descriptor, std::string_view data,
                   const std::filesystem::path& path_for_messages);

}  // namespace reelhouse::util
