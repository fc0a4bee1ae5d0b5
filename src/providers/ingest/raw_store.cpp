#include "providers/ingest/raw_store.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <system_error>

#include "fetch/sha256.hpp"
#include "util/atomic_file.hpp"

namespace reelhouse::providers::ingest {

namespace {

constexpr int k_json_indent = 2;
constexpr std::string_view k_date_prefix = "ingest_date=";

std::optional<std::string> read_whole_file(const std::filesystem::path& path) {
  std::ifstream stream(path, std::ios::binary);
  if (!stream) return std::nullopt;
  std::ostringstream content;
  content << stream.rdbuf();
  if (stream.bad()) return std::nullopt;
  return std::move(content).str();
}

// Writes `content` to a temporary name next to `path` and renames it over `path`: readers see
// the old file or the new one, never a part. No fsync (see the header comment).
Result<> write_file_renaming(const std::filesystem::path& path, std::string_view content) {
  static std::atomic<uint64_t> sequence{0};
  const std::filesystem::path temporary =
      path.string() + fmt::format(".tmp.{}.{}", ::getpid(), sequence.fetch_add(1));
  const int descriptor = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (descriptor < 0) {
    return make_error(ErrorCode::io, "cannot create {}: {}", temporary.string(),
                      std::strerror(errno));
  }
  Result<> written = util::write_all(descriptor, content, path);
  if (::close(descriptor) != 0 && written) {
    written = make_error(ErrorCode::io, "cannot write {}: {}", path.string(), std::strerror(errno));
  }
  if (written && std::rename(temporary.c_str(), path.c_str()) != 0) {
    written = make_error(ErrorCode::io, "cannot rename {} to {}: {}", temporary.string(),
                         path.string(), std::strerror(errno));
  }
  if (!written) std::remove(temporary.c_str());
  return written;
}

}  // namespace

std::string utc_timestamp_ms(std::chrono::system_clock::time_point time) {
  const auto milliseconds =
      std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count();
  const time_t seconds = static_cast<time_t>(milliseconds / 1000);
  std::tm parts{};
  gmtime_r(&seconds, &parts);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", parts.tm_year + 1900,
                     parts.tm_mon + 1, parts.tm_mday, parts.tm_hour, parts.tm_min, parts.tm_sec,
                     milliseconds % 1000);
}

std::string response_meta_to_json(const ResponseMeta& meta) {
  nlohmann::ordered_json json;
  json["url"] = meta.url;
  json["status"] = meta.status;
  json["fetched_at"] = meta.fetched_at;
  json["latency_ms"] = meta.latency_ms;
  json["attempts"] = meta.attempts;
  json["bytes"] = meta.bytes;
  json["sha256"] = meta.sha256;
  json["run_id"] = meta.run_id;
  return json.dump(k_json_indent) + "\n";
}

Result<ResponseMeta> parse_response_meta(std::string_view text, std::string_view origin) {
  const nlohmann::json json = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded() || !json.is_object()) {
    return make_error(ErrorCode::parse, "{} is not a JSON object", origin);
  }
  ResponseMeta meta;
  try {
    meta.url = json.at("url").get<std::string>();
    meta.status = json.at("status").get<long>();
    meta.fetched_at = json.at("fetched_at").get<std::string>();
    meta.latency_ms = json.at("latency_ms").get<int64_t>();
    meta.attempts = json.at("attempts").get<int>();
    meta.bytes = json.at("bytes").get<int64_t>();
    meta.sha256 = json.at("sha256").get<std::string>();
    meta.run_id = json.at("run_id").get<int64_t>();
  } catch (const nlohmann::json::exception& error) {
    return make_error(ErrorCode::parse, "{}: a field is missing or has the wrong type: {}", origin,
                      error.what());
  }
  return meta;
}

std::filesystem::path provider_date_directory(const std::filesystem::path& lake_root,
                                              std::string_view provider, std::string_view date) {
  return lake_root / "raw" / "providers" / std::string(provider) /
         fmt::format("{}{}", k_date_prefix, date);
}

std::filesystem::path list_body_path(const std::filesystem::path& date_directory) {
  return date_directory / "movies.json";
}

std::filesystem::path detail_body_path(const std::filesystem::path& date_directory,
                                       std::string_view movie_id) {
  return date_directory / "movie" / fmt::format("{}.json", movie_id);
}

std::filesystem::path sidecar_path(const std::filesystem::path& body_path) {
  return body_path.string() + ".meta";
}

bool is_stored_intact(const std::filesystem::path& body_path) {
  const std::optional<std::string> sidecar = read_whole_file(sidecar_path(body_path));
  if (!sidecar) return false;
  const Result<ResponseMeta> meta = parse_response_meta(*sidecar, "");
  if (!meta) return false;
  const std::optional<std::string> body = read_whole_file(body_path);
  if (!body || static_cast<int64_t>(body->size()) != meta->bytes) return false;
  return fetch::sha256_hex(*body) == meta->sha256;
}

Result<> store_response(const std::filesystem::path& body_path, std::string_view body,
                        const ResponseMeta& meta) {
  std::error_code error;
  std::filesystem::create_directories(body_path.parent_path(), error);
  if (error) {
    return make_error(ErrorCode::io, "cannot create {}: {}", body_path.parent_path().string(),
                      error.message());
  }
  TRY(write_file_renaming(sidecar_path(body_path), response_meta_to_json(meta)));
  TRY(write_file_renaming(body_path, body));
  return {};
}

std::optional<std::string> newest_list_date_before(const std::filesystem::path& lake_root,
                                                   std::string_view provider,
                                                   std::string_view date) {
  const std::filesystem::path provider_directory =
      lake_root / "raw" / "providers" / std::string(provider);
  std::error_code error;
  std::optional<std::string> newest;
  for (std::filesystem::directory_iterator entry(provider_directory, error), end;
       !error && entry != end; entry.increment(error)) {
    const std::string name = entry->path().filename().string();
    if (!name.starts_with(k_date_prefix)) continue;
    const std::string candidate = name.substr(k_date_prefix.size());
    // ISO dates compare correctly as text.
    if (candidate >= date || (newest && candidate <= *newest)) continue;
    if (is_stored_intact(list_body_path(entry->path()))) newest = candidate;
  }
  return newest;
}

void remove_stale_temporaries(const std::filesystem::path& date_directory) {
  const std::string own_marker = fmt::format(".tmp.{}.", ::getpid());
  for (const auto& directory :
       {date_directory, date_directory / "movie", date_directory / "requests"}) {
    std::error_code error;
    for (std::filesystem::directory_iterator entry(directory, error), end; !error && entry != end;
         entry.increment(error)) {
      const std::string name = entry->path().filename().string();
      if (name.find(".tmp.") == std::string::npos || name.find(own_marker) != std::string::npos) {
        continue;
      }
      std::error_code ignored;
      std::filesystem::remove(entry->path(), ignored);
    }
  }
}

Result<> sync_lake(const std::filesystem::path& lake_root) {
  const int descriptor = ::open(lake_root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (descriptor < 0) {
    return make_error(ErrorCode::io, "cannot open {} to flush it: {}", lake_root.string(),
                      std::strerror(errno));
  }
  const int status = ::syncfs(descriptor);
  const int saved_errno = errno;
  ::close(descriptor);
  if (status != 0) {
    return make_error(ErrorCode::io, "cannot flush {} to disk: {}", lake_root.string(),
                      std::strerror(saved_errno));
  }
  return {};
}

}  // namespace reelhouse::providers::ingest
