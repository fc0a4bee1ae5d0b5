#include "util/zip_archive.hpp"

#include <archive.h>
#include <archive_entry.h>

#include <cerrno>
#include <ctime>
#include <fstream>
#include <utility>

#include "util/atomic_file.hpp"

namespace reelhouse::util {

namespace {

// libarchive reads the zip file in blocks of this size.
constexpr size_t k_read_block_bytes = 256 * 1024;
// The writer hands libarchive's output to the AtomicFile in blocks of this size.
constexpr int k_write_block_bytes = 256 * 1024;
// File copy buffer for ZipWriter::add_file.
constexpr size_t k_copy_buffer_bytes = 256 * 1024;
// A missing-member error lists at most this many member names.
constexpr size_t k_max_listed_members = 20;
constexpr mode_t k_member_permissions = 0644;

struct ArchiveReadFree {
  void operator()(archive* handle) const { archive_read_free(handle); }
};
struct ArchiveWriteFree {
  void operator()(archive* handle) const { archive_write_free(handle); }
};
struct ArchiveEntryFree {
  void operator()(archive_entry* entry) const { archive_entry_free(entry); }
};
using ReadArchive = std::unique_ptr<archive, ArchiveReadFree>;
using WriteArchive = std::unique_ptr<archive, ArchiveWriteFree>;
using Entry = std::unique_ptr<archive_entry, ArchiveEntryFree>;

std::string archive_error_text(archive* handle) {
  const char* text = archive_error_string(handle);
  return text != nullptr ? text : "unknown libarchive error";
}

std::string entry_name(archive_entry* entry) {
  const char* name = archive_entry_pathname_utf8(entry);
  if (name == nullptr) name = archive_entry_pathname(entry);
  return name != nullptr ? name : "";
}

// Opens `zip_path` with libarchive's seekable zip reader (central directory required).
Result<ReadArchive> open_zip(const std::filesystem::path& zip_path) {
  std::error_code status_error;
  const auto status = std::filesystem::status(zip_path, status_error);
  if (!std::filesystem::exists(status)) {
    return make_error(ErrorCode::not_found, "zip archive \"{}\" does not exist", zip_path.string());
  }
  if (!std::filesystem::is_regular_file(status)) {
    return make_error(ErrorCode::io, "zip archive \"{}\" is not a regular file", zip_path.string());
  }
  ReadArchive handle(archive_read_new());
  if (!handle) return make_error(ErrorCode::internal, "libarchive: out of memory");
  archive_read_support_format_zip_seekable(handle.get());
  if (archive_read_open_filename(handle.get(), zip_path.c_str(), k_read_block_bytes) !=
      ARCHIVE_OK) {
    const int error_number = archive_errno(handle.get());
    if (error_number == EACCES || error_number == EIO || error_number == EISDIR) {
      return make_error(ErrorCode::io, "cannot read zip archive \"{}\": {}", zip_path.string(),
                        archive_error_text(handle.get()));
    }
    return make_error(ErrorCode::corrupt,
                      "\"{}\" is not a valid zip archive ({}): no readable central directory, so "
                      "the file is truncated, damaged or not a zip; fetch it again",
                      zip_path.string(), archive_error_text(handle.get()));
  }
  return handle;
}

// Advances to the next member. Returns nullptr at the end of the archive.
Result<archive_entry*> next_entry(archive* handle, const std::filesystem::path& zip_path) {
  archive_entry* entry = nullptr;
  const int status = archive_read_next_header(handle, &entry);
  if (status == ARCHIVE_EOF) return nullptr;
  if (status != ARCHIVE_OK && status != ARCHIVE_WARN) {
    return make_error(ErrorCode::corrupt, "zip archive \"{}\" is damaged: {}", zip_path.string(),
                      archive_error_text(handle));
  }
  return entry;
}

std::string list_for_message(const std::vector<std::string>& names) {
  if (names.empty()) return "nothing (the archive is empty)";
  std::string listed;
  for (size_t name_idx = 0; name_idx < names.size() && name_idx < k_max_listed_members;
       ++name_idx) {
    if (name_idx > 0) listed += ", ";
    listed += names[name_idx];
  }
  if (names.size() > k_max_listed_members) {
    listed += fmt::format(" and {} more", names.size() - k_max_listed_members);
  }
  return listed;
}

}  // namespace

Result<std::vector<ZipMemberInfo>> list_zip_members(const std::filesystem::path& zip_path) {
  ReadArchive handle = TRY(open_zip(zip_path));
  std::vector<ZipMemberInfo> members;
  while (archive_entry* entry = TRY(next_entry(handle.get(), zip_path))) {
    ZipMemberInfo info;
    info.name = entry_name(entry);
    if (archive_entry_size_is_set(entry)) {
      info.uncompressed_size = static_cast<uint64_t>(archive_entry_size(entry));
    }
    members.push_back(std::move(info));
  }
  return members;
}

// ---------------------------------------------------------------------------------------------
// ZipMemberReader

struct ZipMemberReader::Impl {
  std::filesystem::path zip_path;
  std::string member_name;
  ReadArchive handle;
  std::optional<uint64_t> uncompressed_size;
  uint64_t bytes_out = 0;
  uint64_t zip_file_size = 0;
  bool finished = false;
};

ZipMemberReader::ZipMemberReader(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
ZipMemberReader::ZipMemberReader(ZipMemberReader&& other) noexcept = default;
ZipMemberReader& ZipMemberReader::operator=(ZipMemberReader&& other) noexcept = default;
ZipMemberReader::~ZipMemberReader() = default;

Result<ZipMemberReader> ZipMemberReader::open(const std::filesystem::path& zip_path,
                                              std::string_view member_name) {
  auto impl = std::make_unique<Impl>();
  impl->zip_path = zip_path;
  impl->member_name = std::string(member_name);
  impl->handle = TRY(open_zip(zip_path));
  std::error_code size_error;
  impl->zip_file_size = std::filesystem::file_size(zip_path, size_error);

  std::vector<std::string> seen;
  while (archive_entry* entry = TRY(next_entry(impl->handle.get(), zip_path))) {
    std::string name = entry_name(entry);
    if (name != member_name) {
      seen.push_back(std::move(name));
      continue;
    }
    if (archive_entry_filetype(entry) != AE_IFREG) {
      return make_error(ErrorCode::invalid_argument,
                        "member \"{}\" of zip archive \"{}\" is not a regular file",
                        impl->member_name, zip_path.string());
    }
    if (archive_entry_is_encrypted(entry)) {
      return make_error(ErrorCode::invalid_argument,
                        "member \"{}\" of zip archive \"{}\" is encrypted, which is not supported",
                        impl->member_name, zip_path.string());
    }
    if (archive_entry_size_is_set(entry)) {
      impl->uncompressed_size = static_cast<uint64_t>(archive_entry_size(entry));
    }
    return ZipMemberReader(std::move(impl));
  }
  return make_error(ErrorCode::not_found, "zip archive \"{}\" has no member \"{}\"; it holds: {}",
                    zip_path.string(), impl->member_name, list_for_message(seen));
}

Result<size_t> ZipMemberReader::read(std::span<char> out) {
  Impl& impl = *m_impl;
  size_t filled = 0;
  while (filled < out.size() && !impl.finished) {
    const la_ssize_t produced =
        archive_read_data(impl.handle.get(), out.data() + filled, out.size() - filled);
    if (produced < 0) {
      return make_error(ErrorCode::corrupt,
                        "cannot read member \"{}\" of zip archive \"{}\" at uncompressed offset "
                        "{}: {}; the zip is damaged, fetch it again",
                        impl.member_name, impl.zip_path.string(), impl.bytes_out + filled,
                        archive_error_text(impl.handle.get()));
    }
    if (produced == 0) {
      impl.finished = true;
      break;
    }
    filled += static_cast<size_t>(produced);
  }
  impl.bytes_out += filled;
  if (impl.finished && impl.uncompressed_size && impl.bytes_out != *impl.uncompressed_size) {
    return make_error(ErrorCode::corrupt,
                      "member \"{}\" of zip archive \"{}\" ended after {} bytes but the archive "
                      "records {}; the zip is damaged, fetch it again",
                      impl.member_name, impl.zip_path.string(), impl.bytes_out,
                      *impl.uncompressed_size);
  }
  return filled;
}

Result<> ZipMemberReader::for_each_chunk(
    const std::function<Result<>(std::string_view chunk)>& consume, size_t chunk_size) {
  std::vector<char> buffer(chunk_size > 0 ? chunk_size : k_read_block_bytes);
  while (true) {
    const size_t produced = TRY(read(buffer));
    if (produced == 0) return {};
    TRY(consume(std::string_view(buffer.data(), produced)));
    if (produced < buffer.size()) return {};
  }
}

std::optional<uint64_t> ZipMemberReader::uncompressed_size() const {
  return m_impl->uncompressed_size;
}
uint64_t ZipMemberReader::bytes_out() const {
  return m_impl->bytes_out;
}
uint64_t ZipMemberReader::zip_file_size() const {
  return m_impl->zip_file_size;
}
const std::filesystem::path& ZipMemberReader::zip_path() const {
  return m_impl->zip_path;
}
const std::string& ZipMemberReader::member_name() const {
  return m_impl->member_name;
}

// ---------------------------------------------------------------------------------------------
// ZipWriter

struct ZipWriter::Impl {
  explicit Impl(AtomicFile atomic_file) : file(std::move(atomic_file)) {}

  // Declared before `handle` so that the archive (whose free may still write) goes first.
  AtomicFile file;
  std::optional<Error> write_error;
  WriteArchive handle;
  ZipWriterOptions options;
  bool in_streamed_member = false;
  bool committed = false;

  static la_ssize_t write_callback(archive* handle, void* client, const void* buffer,
                                   size_t length) {
    auto* impl = static_cast<Impl*>(client);
    Result<> written = impl->file.write(std::string_view(static_cast<const char*>(buffer), length));
    if (!written) {
      if (!impl->write_error) impl->write_error = written.error();
      archive_set_error(handle, EIO, "%s", written.error().message.c_str());
      return -1;
    }
    return static_cast<la_ssize_t>(length);
  }

  Error failure(std::string_view what) const {
    if (write_error) return *write_error;
    return Error{ErrorCode::io,
                 fmt::format("cannot write zip archive \"{}\" ({}): {}", file.path().string(), what,
                             archive_error_text(handle.get()))};
  }

  Result<> start_member(std::string_view member_name, std::optional<uint64_t> size) {
    if (committed) {
      return make_error(ErrorCode::internal, "zip archive \"{}\" is already committed",
                        file.path().string());
    }
    in_streamed_member = false;
    Entry entry(archive_entry_new());
    const std::string name(member_name);
    archive_entry_set_pathname_utf8(entry.get(), name.c_str());
    archive_entry_set_filetype(entry.get(), AE_IFREG);
    archive_entry_set_perm(entry.get(), k_member_permissions);
    archive_entry_set_mtime(entry.get(), options.member_mtime.value_or(std::time(nullptr)), 0);
    if (size) archive_entry_set_size(entry.get(), static_cast<la_int64_t>(*size));
    if (archive_write_header(handle.get(), entry.get()) != ARCHIVE_OK) {
      return std::unexpected(failure(fmt::format("header of member \"{}\"", name)));
    }
    return {};
  }

  Result<> write_data(std::string_view data) {
    while (!data.empty()) {
      const la_ssize_t written = archive_write_data(handle.get(), data.data(), data.size());
      if (written <= 0) return std::unexpected(failure("member data"));
      data.remove_prefix(static_cast<size_t>(written));
    }
    return {};
  }

  Result<> finish_member() {
    if (archive_write_finish_entry(handle.get()) != ARCHIVE_OK) {
      return std::unexpected(failure("end of member"));
    }
    return {};
  }
};

ZipWriter::ZipWriter(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
ZipWriter::ZipWriter(ZipWriter&& other) noexcept = default;
ZipWriter& ZipWriter::operator=(ZipWriter&& other) noexcept = default;
ZipWriter::~ZipWriter() = default;

Result<ZipWriter> ZipWriter::create(const std::filesystem::path& zip_path,
                                    ZipWriterOptions options) {
  auto impl = std::make_unique<Impl>(TRY(AtomicFile::open(zip_path)));
  impl->options = options;
  impl->handle.reset(archive_write_new());
  archive* handle = impl->handle.get();
  if (handle == nullptr) return make_error(ErrorCode::internal, "libarchive: out of memory");
  if (archive_write_set_format_zip(handle) != ARCHIVE_OK ||
      archive_write_zip_set_compression_deflate(handle) != ARCHIVE_OK ||
      archive_write_set_bytes_per_block(handle, k_write_block_bytes) != ARCHIVE_OK ||
      archive_write_set_bytes_in_last_block(handle, 1) != ARCHIVE_OK ||
      archive_write_open(handle, impl.get(), nullptr, &Impl::write_callback, nullptr) !=
          ARCHIVE_OK) {
    return std::unexpected(impl->failure("setting up the writer"));
  }
  return ZipWriter(std::move(impl));
}

Result<> ZipWriter::add_file(std::string_view member_name, const std::filesystem::path& source) {
  std::error_code size_error;
  const uint64_t size = std::filesystem::file_size(source, size_error);
  if (size_error) {
    return make_error(
        size_error == std::errc::no_such_file_or_directory ? ErrorCode::not_found : ErrorCode::io,
        "cannot add \"{}\" to zip archive \"{}\": {}", source.string(),
        m_impl->file.path().string(), size_error.message());
  }
  std::ifstream input(source, std::ios::binary);
  if (!input) {
    return make_error(ErrorCode::io, "cannot open \"{}\" to add it to zip archive \"{}\"",
                      source.string(), m_impl->file.path().string());
  }
  TRY(m_impl->start_member(member_name, size));
  std::vector<char> buffer(k_copy_buffer_bytes);
  uint64_t copied = 0;
  while (input) {
    input.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    const auto got = static_cast<size_t>(input.gcount());
    if (got == 0) break;
    TRY(m_impl->write_data(std::string_view(buffer.data(), got)));
    copied += got;
  }
  if (input.bad() || copied != size) {
    return make_error(ErrorCode::io,
                      "cannot read \"{}\" while adding it to zip archive \"{}\" ({} of {} bytes)",
                      source.string(), m_impl->file.path().string(), copied, size);
  }
  return m_impl->finish_member();
}

Result<> ZipWriter::add_data(std::string_view member_name, std::string_view data) {
  TRY(m_impl->start_member(member_name, data.size()));
  TRY(m_impl->write_data(data));
  return m_impl->finish_member();
}

Result<> ZipWriter::begin_member(std::string_view member_name) {
  TRY(m_impl->start_member(member_name, std::nullopt));
  m_impl->in_streamed_member = true;
  return {};
}

Result<> ZipWriter::write(std::string_view data) {
  if (!m_impl->in_streamed_member) {
    return make_error(ErrorCode::internal,
                      "ZipWriter::write on \"{}\" without a member started by begin_member",
                      m_impl->file.path().string());
  }
  return m_impl->write_data(data);
}

Result<> ZipWriter::commit() {
  Impl& impl = *m_impl;
  if (impl.committed) {
    return make_error(ErrorCode::internal, "zip archive \"{}\" is already committed",
                      impl.file.path().string());
  }
  impl.committed = true;
  impl.in_streamed_member = false;
  if (archive_write_close(impl.handle.get()) != ARCHIVE_OK) {
    return std::unexpected(impl.failure("central directory"));
  }
  return impl.file.commit();
}

}  // namespace reelhouse::util
