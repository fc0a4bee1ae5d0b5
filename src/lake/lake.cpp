#include "lake/lake.hpp"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <stdio.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include "lake/remote_lake.hpp"
#include "util/atomic_file.hpp"

namespace reelhouse::lake {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view k_partition_prefix = "ingest_date=";
constexpr std::string_view k_staging_prefix = "_staging.";

Result<> sync_directory(const fs::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd < 0) return make_error(ErrorCode::io, "cannot open {}: {}", dir.string(), strerror(errno));
  ::fsync(fd);
  ::close(fd);
  return {};
}

// A fresh, empty staging directory beside `final_dir`.
Result<fs::path> create_staging_dir(const fs::path& final_dir, std::string_view ingest_date) {
  static std::atomic<int> counter{0};
  const fs::path staging_dir =
      final_dir.parent_path() / fmt::format("{}{}{}.{}.{}", k_staging_prefix, k_partition_prefix,
                                            ingest_date, getpid(), counter++);
  std::error_code error;
  fs::remove_all(staging_dir, error);
  fs::create_directories(staging_dir, error);
  if (error) {
    return make_error(ErrorCode::io, "cannot create {}: {}", staging_dir.string(), error.message());
  }
  return staging_dir;
}

}  // namespace

std::string_view layer_name(Layer layer) {
  switch (layer) {
    case Layer::raw:
      return "raw";
    case Layer::landing:
      return "landing";
    case Layer::quarantine:
      return "quarantine";
    case Layer::cleansed:
      return "cleansed";
    case Layer::aggregated:
      return "aggregated";
  }
  return "unknown";
}

StagedPartition::StagedPartition(fs::path staging_dir, fs::path final_dir)
    : m_staging_dir(std::move(staging_dir)), m_final_dir(std::move(final_dir)) {}

StagedPartition::StagedPartition(fs::path staging_dir, fs::path final_dir,
                                 std::shared_ptr<const RemoteLake> remote,
                                 std::string partition_key, int64_t run_id)
    : m_staging_dir(std::move(staging_dir)),
      m_final_dir(std::move(final_dir)),
      m_remote(std::move(remote)),
      m_partition_key(std::move(partition_key)),
      m_run_id(run_id) {}

StagedPartition::StagedPartition(StagedPartition&& other) noexcept
    : m_staging_dir(std::move(other.m_staging_dir)),
      m_final_dir(std::move(other.m_final_dir)),
      m_remote(std::move(other.m_remote)),
      m_partition_key(std::move(other.m_partition_key)),
      m_run_id(other.m_run_id),
      m_committed(other.m_committed) {
  other.m_committed = true;  // the moved-from object owns nothing
}

StagedPartition::~StagedPartition() {
  if (m_committed || m_staging_dir.empty()) return;
  std::error_code ignored;
  fs::remove_all(m_staging_dir, ignored);
}

std::string StagedPartition::location() const {
  return m_remote ? m_remote->location_of(m_partition_key) : m_final_dir.string();
}

Result<> StagedPartition::commit() {
  if (m_remote) {
    // The object store first: its manifest is the commit; the local rename only updates the
    // working copy (marked with the generation so readers need not download it again).
    const auto manifest = TRY(
        m_remote->commit_directory(m_staging_dir, m_partition_key, m_run_id, SkipUnchanged::no));
    TRY(util::write_file_atomically(m_staging_dir / k_generation_marker,
                                    manifest.generation + "\n"));
  }
  return commit_locally();
}

Result<> StagedPartition::commit_locally() {
  // Data files must be durable before the rename makes them visible.
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(m_staging_dir, error)) {
    const int fd = ::open(entry.path().c_str(), O_RDONLY);
    if (fd >= 0) {
      ::fsync(fd);
      ::close(fd);
    }
  }
  if (::renameat2(AT_FDCWD, m_staging_dir.c_str(), AT_FDCWD, m_final_dir.c_str(),
                  RENAME_NOREPLACE) == 0) {
    m_committed = true;
    return sync_directory(m_final_dir.parent_path());
  }
  if (errno != EEXIST) {
    return make_error(ErrorCode::io, "cannot commit {}: {}", m_final_dir.string(), strerror(errno));
  }
  // The partition exists (a re-run): swap atomically, then drop the old version, which now
  // sits in the staging directory and is removed by the destructor path below.
  if (::renameat2(AT_FDCWD, m_staging_dir.c_str(), AT_FDCWD, m_final_dir.c_str(),
                  RENAME_EXCHANGE) != 0) {
    return make_error(ErrorCode::io, "cannot replace {}: {}", m_final_dir.string(),
                      strerror(errno));
  }
  TRY(sync_directory(m_final_dir.parent_path()));
  fs::remove_all(m_staging_dir, error);
  m_committed = true;
  return {};
}

Lake::Lake(fs::path root) : m_root(std::move(root)) {}

Lake::Lake(fs::path root, std::shared_ptr<const RemoteLake> remote)
    : m_root(std::move(root)), m_remote(std::move(remote)) {}

Result<> Lake::require_store() const {
  if (m_open_error) return std::unexpected(*m_open_error);
  return {};
}

std::string Lake::partition_key_of(const fs::path& dir) const {
  return dir.lexically_relative(m_root).generic_string() + "/";
}

fs::path Lake::partition_dir(Layer layer, std::string_view table,
                             std::string_view ingest_date) const {
  return m_root / layer_name(layer) / table / fmt::format("{}{}", k_partition_prefix, ingest_date);
}

fs::path Lake::raw_dir(std::string_view source, std::string_view dataset,
                       std::string_view ingest_date) const {
  return m_root / "raw" / source / dataset / fmt::format("{}{}", k_partition_prefix, ingest_date);
}

std::string Lake::parquet_glob(Layer layer, std::string_view table,
                               std::string_view ingest_date) const {
  return (partition_dir(layer, table, ingest_date) / "*.parquet").string();
}

Result<StagedPartition> Lake::stage(Layer layer, std::string_view table,
                                    std::string_view ingest_date) const {
  TRY(require_store());
  const fs::path final_dir = partition_dir(layer, table, ingest_date);
  fs::path staging_dir = TRY(create_staging_dir(final_dir, ingest_date));
  if (!m_remote) return StagedPartition(std::move(staging_dir), final_dir);
  return StagedPartition(std::move(staging_dir), final_dir, m_remote, partition_key_of(final_dir),
                         m_run_id);
}

Result<StagedPartition> Lake::stage_locally(Layer layer, std::string_view table,
                                            std::string_view ingest_date) const {
  const fs::path final_dir = partition_dir(layer, table, ingest_date);
  return StagedPartition(TRY(create_staging_dir(final_dir, ingest_date)), final_dir);
}

std::vector<std::string> Lake::partition_dates(Layer layer, std::string_view table) const {
  auto dates = committed_dates(layer, table);
  if (!dates) {
    spdlog::error("cannot list the partitions of {}/{}: {}", layer_name(layer), table,
                  dates.error().message);
    return {};
  }
  return std::move(*dates);
}

Result<std::vector<std::string>> Lake::committed_dates(Layer layer, std::string_view table) const {
  TRY(require_store());
  if (m_remote) {
    return m_remote->committed_dates(fmt::format("{}/{}/", layer_name(layer), table));
  }
  std::vector<std::string> dates;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(m_root / layer_name(layer) / table, error)) {
    const std::string name = entry.path().filename().string();
    if (entry.is_directory() && name.starts_with(k_partition_prefix)) {
      dates.push_back(name.substr(k_partition_prefix.size()));
    }
  }
  std::sort(dates.begin(), dates.end());
  return dates;
}

Result<int> Lake::remove_abandoned_staging() const {
  int removed = 0;
  std::error_code error;
  for (Layer layer : {Layer::landing, Layer::quarantine, Layer::cleansed, Layer::aggregated}) {
    for (const auto& table : fs::directory_iterator(m_root / layer_name(layer), error)) {
      for (const auto& entry : fs::directory_iterator(table.path(), error)) {
        if (!entry.path().filename().string().starts_with(k_staging_prefix)) continue;
        // Staging directories of live processes in this host must survive: the pid is the
        // second-to-last dot-separated field.
        const std::string name = entry.path().filename().string();
        const auto last_dot = name.rfind('.');
        const auto pid_dot = name.rfind('.', last_dot - 1);
        const pid_t pid = std::atoi(name.substr(pid_dot + 1, last_dot - pid_dot - 1).c_str());
        if (pid > 0 && pid != getpid() && (::kill(pid, 0) == 0 || errno == EPERM)) continue;
        if (pid == getpid()) continue;
        fs::remove_all(entry.path(), error);
        ++removed;
      }
    }
  }
  if (in_object_store()) removed += TRY(clean_object_store(k_object_grace));
  return removed;
}

}  // namespace reelhouse::lake
