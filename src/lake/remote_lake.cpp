#include "lake/remote_lake.hpp"

#include <fmt/chrono.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include "fetch/sha256.hpp"
#include "util/atomic_file.hpp"

namespace reelhouse::lake {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view k_manifest_name = "_manifest.json";
constexpr std::string_view k_partition_prefix = "ingest_date=";
constexpr int k_manifest_read_attempts = 5;
constexpr std::chrono::milliseconds k_manifest_retry_delay{20};

// Files a commit uploads: everything under `dir` but the generation marker, downloads in
// progress (`*.part`) and temporaries of atomic writes (`*.tmp.*`), by relative name.
Result<std::vector<ManifestFile>> directory_files(const fs::path& dir) {
  std::vector<ManifestFile> files;
  std::error_code error;
  for (auto it = fs::recursive_directory_iterator(dir, error);
       !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
    if (!it->is_regular_file()) continue;
    const std::string name = it->path().lexically_relative(dir).generic_string();
    const std::string file_name = it->path().filename().string();
    if (name == k_generation_marker || file_name.ends_with(".part") ||
        file_name.find(".tmp.") != std::string::npos) {
      continue;
    }
    files.push_back(ManifestFile{.name = name,
                                 .size = static_cast<uint64_t>(it->file_size()),
                                 .sha256 = TRY(fetch::sha256_file(it->path()))});
  }
  if (error) return make_error(ErrorCode::io, "cannot list {}: {}", dir.string(), error.message());
  std::sort(files.begin(), files.end(),
            [](const ManifestFile& a, const ManifestFile& b) { return a.name < b.name; });
  return files;
}

bool same_files(const std::vector<ManifestFile>& a, const std::vector<ManifestFile>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                    [](const ManifestFile& x, const ManifestFile& y) {
                      return x.name == y.name && x.size == y.size && x.sha256 == y.sha256;
                    });
}

std::string utc_now() {
  const auto now = std::chrono::system_clock::now();
  const auto milliseconds =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  return fmt::format("{:%Y-%m-%dT%H:%M:%S}.{:03}Z",
                     fmt::gmtime(std::chrono::system_clock::to_time_t(now)), milliseconds);
}

// The partition key ("…/ingest_date=D/") of a data or manifest key, and the rest after it.
std::optional<std::pair<std::string, std::string>> split_partition_key(std::string_view key) {
  const size_t partition = key.find(k_partition_prefix);
  if (partition == std::string_view::npos) return std::nullopt;
  const size_t slash = key.find('/', partition);
  if (slash == std::string_view::npos) return std::nullopt;
  return std::pair{std::string(key.substr(0, slash + 1)), std::string(key.substr(slash + 1))};
}

}  // namespace

std::string read_generation_marker(const fs::path& dir) {
  std::ifstream input(dir / k_generation_marker);
  std::string generation;
  std::getline(input, generation);
  return generation;
}

RemoteLake::RemoteLake(std::shared_ptr<objectstore::ObjectStore> store, std::string url)
    : m_store(std::move(store)), m_url(std::move(url)) {
  while (m_url.ends_with('/')) m_url.pop_back();
}

std::string RemoteLake::location_of(std::string_view partition_key) const {
  std::string_view key = partition_key;
  while (key.ends_with('/')) key.remove_suffix(1);
  return fmt::format("{}/{}", m_url, key);
}

std::optional<std::string> RemoteLake::key_of_location(std::string_view location) const {
  if (!location.starts_with(m_url) || location.size() <= m_url.size() + 1 ||
      location[m_url.size()] != '/') {
    return std::nullopt;
  }
  std::string key(location.substr(m_url.size() + 1));
  if (!key.ends_with('/')) key += '/';
  return key;
}

Result<std::optional<PartitionManifest>> RemoteLake::read_manifest(
    std::string_view partition_key) const {
  const std::string key = fmt::format("{}{}", partition_key, k_manifest_name);
  for (int attempt = 1;; ++attempt) {
    auto text = m_store->get_bytes(key);
    if (!text) {
      if (text.error().code == ErrorCode::not_found) return std::nullopt;
      return std::unexpected(
          text.error().with_context(fmt::format("reading {}", location_of(key))));
    }
    auto manifest = manifest_from_json(*text, location_of(key));
    if (manifest) return std::move(*manifest);
    // S3 replaces an object atomically, but some S3-compatible servers (s3rver) let a GET
    // racing with the PUT of a re-commit read a truncated body: read it again.
    if (attempt == k_manifest_read_attempts) return std::unexpected(manifest.error());
    std::this_thread::sleep_for(k_manifest_retry_delay);
  }
}

Result<PartitionManifest> RemoteLake::commit_directory(const fs::path& dir,
                                                       std::string_view partition_key,
                                                       int64_t run_id,
                                                       SkipUnchanged skip_unchanged) const {
  const std::optional<PartitionManifest> previous = TRY(read_manifest(partition_key));
  PartitionManifest manifest{
      .generation = {}, .run_id = run_id, .committed_at = {}, .files = TRY(directory_files(dir))};
  if (skip_unchanged == SkipUnchanged::yes && previous &&
      same_files(previous->files, manifest.files)) {
    return *previous;
  }
  manifest.generation = new_generation();
  for (const auto& file : manifest.files) {
    const std::string key = fmt::format("{}{}/{}", partition_key, manifest.generation, file.name);
    const auto stored = TRY(m_store->put_file(key, dir / file.name));
    if (stored.size != file.size) {
      return make_error(ErrorCode::corrupt, "{}: stored {} bytes of {} ({} bytes)",
                        location_of(key), stored.size, (dir / file.name).string(), file.size);
    }
  }
  manifest.committed_at = utc_now();
  // The commit point: from here on readers see the new generation.
  TRY(m_store->put_bytes(fmt::format("{}{}", partition_key, k_manifest_name),
                         manifest_to_json(manifest)));
  if (previous && previous->generation != manifest.generation) {
    for (const auto& file : previous->files) {
      const std::string key =
          fmt::format("{}{}/{}", partition_key, previous->generation, file.name);
      if (auto removed = m_store->remove(key); !removed) {
        spdlog::warn("cannot remove {} of a replaced generation (cleanup will): {}",
                     location_of(key), removed.error().message);
      }
    }
  }
  return manifest;
}

Result<> RemoteLake::download(const PartitionManifest& manifest, std::string_view partition_key,
                              const fs::path& dir) const {
  for (const auto& file : manifest.files) {
    const std::string key = fmt::format("{}{}/{}", partition_key, manifest.generation, file.name);
    const fs::path destination = dir / file.name;
    std::error_code error;
    fs::create_directories(destination.parent_path(), error);
    if (error) {
      return make_error(ErrorCode::io, "cannot create {}: {}", destination.parent_path().string(),
                        error.message());
    }
    const auto fetched = TRY(m_store->get_file(key, destination));
    if (fetched.size != file.size) {
      return make_error(ErrorCode::corrupt, "{}: {} bytes where the manifest says {}",
                        location_of(key), fetched.size, file.size);
    }
    if (TRY(fetch::sha256_file(destination)) != file.sha256) {
      return make_error(ErrorCode::corrupt, "{}: SHA-256 differs from the manifest's",
                        location_of(key));
    }
  }
  return util::write_file_atomically(dir / k_generation_marker, manifest.generation + "\n");
}

Result<std::vector<std::string>> RemoteLake::committed_dates(std::string_view table_key) const {
  std::vector<std::string> dates;
  for (const auto& object : TRY(m_store->list_all(table_key))) {
    const std::string_view rest = std::string_view(object.key).substr(table_key.size());
    if (!rest.starts_with(k_partition_prefix)) continue;
    const size_t slash = rest.find('/');
    if (slash == std::string_view::npos || rest.substr(slash + 1) != k_manifest_name) continue;
    dates.emplace_back(rest.substr(k_partition_prefix.size(), slash - k_partition_prefix.size()));
  }
  std::sort(dates.begin(), dates.end());
  return dates;
}

Result<RemoteLake::CleanupCounts> RemoteLake::cleanup(std::chrono::seconds grace) const {
  const auto cutoff = std::chrono::system_clock::now() - grace;
  CleanupCounts counts;
  counts.aborted_uploads = TRY(m_store->abort_stale_multipart_uploads("", cutoff));
  const auto objects = TRY(m_store->list_all(""));
  // The generation each committed partition's manifest names.
  std::map<std::string, std::string> committed;
  for (const auto& object : objects) {
    const auto split = split_partition_key(object.key);
    if (!split || split->second != k_manifest_name) continue;
    const auto manifest = TRY(read_manifest(split->first));
    if (manifest) committed[split->first] = manifest->generation;
  }
  for (const auto& object : objects) {
    const auto split = split_partition_key(object.key);
    if (!split || split->second == k_manifest_name) continue;
    const std::string generation = split->second.substr(0, split->second.find('/'));
    const auto started = generation_time(generation);
    if (!started || *started > cutoff) continue;  // not ours, or maybe still being written
    if (const auto it = committed.find(split->first);
        it != committed.end() && it->second == generation) {
      continue;
    }
    TRY(m_store->remove(object.key));
    ++counts.removed_objects;
  }
  return counts;
}

}  // namespace reelhouse::lake
