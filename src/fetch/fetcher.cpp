#include "fetch/fetcher.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <utility>
#include <vector>

#include "fetch/http_client.hpp"
#include "fetch/http_download.hpp"
#include "fetch/part_file.hpp"
#include "fetch/sha256.hpp"

namespace reelhouse::fetch {

namespace {

constexpr size_t k_copy_block_size = 1 << 20;

// An open read-only file descriptor, closed on destruction.
class ReadOnlyFile {
 public:
  explicit ReadOnlyFile(int descriptor) : m_descriptor(descriptor) {}
  ReadOnlyFile(const ReadOnlyFile&) = delete;
  ReadOnlyFile& operator=(const ReadOnlyFile&) = delete;
  ~ReadOnlyFile() { ::close(m_descriptor); }
  int get() const { return m_descriptor; }

 private:
  int m_descriptor;
};

struct TransferSummary {
  std::optional<std::string> etag;
  std::optional<std::string> last_modified;
  int attempts = 1;
};

// An HTTP-date ("Wed, 21 Oct 2015 07:28:00 GMT"), as a server would send Last-Modified.
std::string http_date(time_t seconds) {
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[64] = {};
  std::strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S GMT", &utc);
  return text;
}

// Opens the source of a file:// URL before anything is created, so a wrong URL leaves no
// empty directory behind.
Result<std::unique_ptr<ReadOnlyFile>> open_local_source(const std::filesystem::path& path) {
  const int descriptor = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (descriptor < 0) {
    if (errno == ENOENT || errno == ENOTDIR) {
      return make_error(ErrorCode::not_found,
                        "source file {} does not exist: check the url setting of this source "
                        "(sources.<name>.url)",
                        path.string());
    }
    return make_error(ErrorCode::io, "cannot open source file {}: {}", path.string(),
                      std::strerror(errno));
  }
  auto file = std::make_unique<ReadOnlyFile>(descriptor);
  struct stat status {};
  if (::fstat(descriptor, &status) != 0 || !S_ISREG(status.st_mode)) {
    return make_error(ErrorCode::invalid_argument, "source {} is not a regular file",
                      path.string());
  }
  return file;
}

// Streams a local file into `part`, hashing as it copies.
Result<TransferSummary> copy_local(const ReadOnlyFile& source, const std::filesystem::path& path,
                                   PartFile& part, ProgressBar& progress) {
  struct stat status {};
  ::fstat(source.get(), &status);
  progress.set_total(static_cast<uint64_t>(status.st_size));
  std::vector<char> block(k_copy_block_size);
  while (true) {
    const ssize_t read_count = ::read(source.get(), block.data(), block.size());
    if (read_count == 0) break;
    if (read_count < 0) {
      if (errno == EINTR) continue;
      return make_error(ErrorCode::io, "cannot read source file {}: {}", path.string(),
                        std::strerror(errno));
    }
    TRY(part.append(std::string_view(block.data(), static_cast<size_t>(read_count))));
    progress.update(part.size());
  }
  return TransferSummary{std::nullopt, http_date(status.st_mtime), 1};
}

Result<> remove_if_present(const std::filesystem::path& path) {
  std::error_code status;
  std::filesystem::remove(path, status);
  if (status) {
    return make_error(ErrorCode::io, "cannot remove {}: {}", path.string(), status.message());
  }
  return {};
}

FetchedFile fetched_from_meta(const std::filesystem::path& directory, const FileMeta& meta,
                              bool reused) {
  return FetchedFile{directory / meta.file, meta.size, meta.sha256, reused, meta.url,
                     meta.attempts};
}

}  // namespace

FetchPolicy fetch_policy_from_config(const FetchConfig& config) {
  FetchPolicy policy;
  policy.connect_timeout = std::chrono::seconds{config.connect_timeout_seconds};
  policy.total_timeout = std::chrono::seconds{config.timeout_seconds};
  policy.low_speed_time = std::chrono::seconds{config.low_speed_seconds};
  policy.max_attempts = static_cast<int>(config.max_attempts);
  policy.backoff_initial = std::chrono::milliseconds{config.backoff_initial_ms};
  policy.backoff_max = std::chrono::milliseconds{config.backoff_max_ms};
  return policy;
}

Result<FetchedFile> verify_fetched_file(const std::filesystem::path& directory) {
  const std::optional<FileMeta> meta = TRY(read_file_meta(directory));
  if (!meta) {
    return make_error(ErrorCode::not_found,
                      "{} has no {}: nothing was fetched there, or the fetch did not finish",
                      directory.string(), k_meta_file_name);
  }
  const std::filesystem::path path = directory / meta->file;
  std::error_code status;
  const uint64_t size = std::filesystem::file_size(path, status);
  if (status) {
    return make_error(ErrorCode::not_found, "{} names {}, which is missing", k_meta_file_name,
                      path.string());
  }
  if (size != meta->size) {
    return make_error(ErrorCode::corrupt, "{} has {} bytes but {} records {}: fetch it again",
                      path.string(), size, k_meta_file_name, meta->size);
  }
  const std::string sha256 = TRY(sha256_file(path));
  if (sha256 != meta->sha256) {
    return make_error(ErrorCode::corrupt,
                      "{} has SHA-256 {} but {} records {}: the file changed after it was "
                      "fetched; fetch it again",
                      path.string(), sha256, k_meta_file_name, meta->sha256);
  }
  return fetched_from_meta(directory, *meta, /*reused=*/true);
}

Result<FetchedFile> fetch_file(const std::string& url, const std::filesystem::path& target_dir,
                               const std::string& file_name, const FetchPolicy& policy,
                               Refresh refresh, Progress progress) {
  if (!is_plain_file_name(file_name)) {
    return make_error(ErrorCode::invalid_argument, "\"{}\" cannot name a raw file", file_name);
  }
  if (policy.max_attempts < 1) {
    return make_error(ErrorCode::invalid_argument, "fetch.max_attempts must be at least 1, not {}",
                      policy.max_attempts);
  }
  const UrlScheme scheme = TRY(url_scheme(url));
  std::unique_ptr<ReadOnlyFile> local_source;
  std::filesystem::path local_path;
  if (scheme == UrlScheme::file) {
    local_path = TRY(file_url_to_path(url));
    local_source = TRY(open_local_source(local_path));
  }

  // The cache: a committed copy of the same URL under the same name that still verifies. A
  // _meta.json that does not parse is simply not trusted; the fetch below replaces it.
  const Result<std::optional<FileMeta>> previous = read_file_meta(target_dir);
  if (refresh == Refresh::no && previous && *previous && (*previous)->url == url &&
      (*previous)->file == file_name) {
    if (Result<FetchedFile> verified = verify_fetched_file(target_dir)) return *verified;
  }

  std::error_code status;
  std::filesystem::create_directories(target_dir, status);
  if (status) {
    return make_error(ErrorCode::io, "cannot create directory {}: {}", target_dir.string(),
                      status.message());
  }
  PartFile part = TRY(PartFile::open(target_dir / file_name));
  ProgressBar progress_bar(file_name, progress);
  TransferSummary transfer;
  if (scheme == UrlScheme::file) {
    transfer = TRY(copy_local(*local_source, local_path, part, progress_bar));
  } else {
    const DownloadSummary download = TRY(download_http(url, part, policy, progress_bar));
    transfer = TransferSummary{download.etag, download.last_modified, download.attempts};
  }
  progress_bar.finish();

  const FileMeta meta{.url = url,
                      .file = file_name,
                      .size = part.size(),
                      .sha256 = part.sha256(),
                      .etag = transfer.etag,
                      .last_modified = transfer.last_modified,
                      .fetched_at = format_utc_timestamp(std::chrono::system_clock::now()),
                      .attempts = transfer.attempts};
  // Withdraw the old commit record first: once the new bytes are renamed in, no _meta.json
  // may still vouch for the old ones, even if we crash before writing the new record.
  TRY(remove_if_present(target_dir / k_meta_file_name));
  TRY(part.commit());
  TRY(write_file_meta(target_dir, meta));
  if (previous && *previous && (*previous)->file != file_name) {
    // One dataset per directory: the file the old record described is now an orphan.
    TRY(remove_if_present(target_dir / (*previous)->file));
  }
  return fetched_from_meta(target_dir, meta, /*reused=*/false);
}

Result<bool> url_exists(const std::string& url, const FetchPolicy& policy) {
  const UrlScheme scheme = TRY(url_scheme(url));
  if (scheme == UrlScheme::file) {
    const std::filesystem::path path = TRY(file_url_to_path(url));
    std::error_code status;
    return std::filesystem::is_regular_file(path, status);
  }
  CurlEasy easy = TRY(CurlEasy::create());
  HttpRequest request;
  request.url = url;
  request.method = HttpMethod::head;
  request.connect_timeout = policy.connect_timeout;
  request.total_timeout = policy.total_timeout;
  request.low_speed_time = policy.low_speed_time;
  const HttpOutcome outcome =
      http_perform(easy, request, [](const ResponseHead&, std::string_view) { return Result<>{}; });
  if (outcome.result) return true;
  if (outcome.result.error().code == ErrorCode::not_found) return false;
  return std::unexpected(outcome.result.error());
}

Result<std::string> file_name_of(const std::string& url) {
  std::string_view path = url;
  path = path.substr(0, path.find_first_of("?#"));
  const size_t slash = path.rfind('/');
  const std::string name =
      TRY(percent_decode(slash == std::string_view::npos ? path : path.substr(slash + 1)));
  if (!is_plain_file_name(name)) {
    return make_error(ErrorCode::invalid_argument, "URL \"{}\" does not end in a file name", url);
  }
  return name;
}

}  // namespace reelhouse::fetch
