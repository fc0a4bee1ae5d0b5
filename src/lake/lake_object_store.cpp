// The object-store half of Lake (lake.hpp): downloading partitions into the local working
// copy, committing raw directories, cleaning up after crashed writers.
#include <spdlog/spdlog.h>

#include <fstream>
#include <sstream>

#include "lake/lake.hpp"
#include "lake/remote_lake.hpp"

namespace reelhouse::lake {

namespace fs = std::filesystem;

namespace {

constexpr int k_max_view_depth = 4;
constexpr int k_download_attempts = 3;
constexpr std::string_view k_view_suffix = ".view.sql";
constexpr std::string_view k_partition_prefix = "ingest_date=";
constexpr size_t k_date_length = 10;  // YYYY-MM-DD

std::optional<Layer> layer_from_name(std::string_view name) {
  for (Layer layer : {Layer::landing, Layer::quarantine, Layer::cleansed, Layer::aggregated}) {
    if (layer_name(layer) == name) return layer;
  }
  return std::nullopt;
}

}  // namespace

Result<fs::path> Lake::local_partition(Layer layer, std::string_view table,
                                       std::string_view ingest_date) const {
  return local_partition_at(layer, table, ingest_date, 0);
}

Result<fs::path> Lake::local_partition_at(Layer layer, std::string_view table,
                                          std::string_view ingest_date, int depth) const {
  TRY(require_store());
  const fs::path dir = partition_dir(layer, table, ingest_date);
  if (!m_remote) return dir;
  const std::string key = partition_key_of(dir);
  for (int attempt = 1;; ++attempt) {
    const auto manifest = TRY(m_remote->read_manifest(key));
    if (!manifest) {
      return make_error(ErrorCode::not_found, "{} is not committed (it has no _manifest.json)",
                        m_remote->location_of(key));
    }
    if (read_generation_marker(dir) != manifest->generation) {
      auto staged = TRY(stage_locally(layer, table, ingest_date));
      auto downloaded = m_remote->download(*manifest, key, staged.dir());
      if (!downloaded && downloaded.error().code == ErrorCode::not_found &&
          attempt < k_download_attempts) {
        continue;  // re-committed meanwhile: its older generation is gone; read it again
      }
      if (!downloaded) {
        return std::unexpected(downloaded.error().with_context(
            fmt::format("downloading {} into {}", m_remote->location_of(key), dir.string())));
      }
      TRY(staged.commit());
      spdlog::info("downloaded {} (generation {}) into {}", m_remote->location_of(key),
                   manifest->generation, dir.string());
    }
    TRY(resolve_view_inputs(dir, depth));
    return dir;
  }
}

Result<> Lake::resolve_view_inputs(const fs::path& dir, int depth) const {
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(dir, error)) {
    if (!entry.path().filename().string().ends_with(k_view_suffix)) continue;
    if (depth >= k_max_view_depth) {
      return make_error(ErrorCode::invalid_argument, "{}: views nested deeper than {}",
                        entry.path().string(), k_max_view_depth);
    }
    std::ifstream input(entry.path());
    std::stringstream text_stream;
    text_stream << input.rdbuf();
    const std::string text = text_stream.str();
    // A view binds its inputs by absolute paths under the root: …/<layer>/<table>/ingest_date=D/
    const std::string root_prefix = m_root.string() + "/";
    for (size_t at = text.find(root_prefix); at != std::string::npos;
         at = text.find(root_prefix, at + 1)) {
      const size_t start = at + root_prefix.size();
      const size_t layer_end = text.find('/', start);
      if (layer_end == std::string::npos) break;
      const size_t table_end = text.find('/', layer_end + 1);
      if (table_end == std::string::npos) break;
      const auto layer = layer_from_name(std::string_view(text).substr(start, layer_end - start));
      if (!layer ||
          text.compare(table_end + 1, k_partition_prefix.size(), k_partition_prefix) != 0) {
        continue;
      }
      const std::string table = text.substr(layer_end + 1, table_end - layer_end - 1);
      const std::string date =
          text.substr(table_end + 1 + k_partition_prefix.size(), k_date_length);
      TRY(local_partition_at(*layer, table, date, depth + 1));
    }
  }
  return {};
}

Result<> Lake::commit_raw(std::string_view source, std::string_view dataset,
                          std::string_view ingest_date) const {
  return commit_raw_dir(raw_dir(source, dataset, ingest_date));
}

Result<> Lake::commit_raw_dir(const fs::path& dir) const {
  TRY(require_store());
  if (!m_remote) return {};
  const auto manifest =
      TRY(m_remote->commit_directory(dir, partition_key_of(dir), m_run_id, SkipUnchanged::yes));
  spdlog::info("raw {} is in the lake's object store (generation {}, {} file(s))",
               m_remote->location_of(partition_key_of(dir)), manifest.generation,
               manifest.files.size());
  return {};
}

Result<int> Lake::clean_object_store(std::chrono::seconds grace) const {
  TRY(require_store());
  if (!m_remote) return 0;
  const auto counts = TRY(m_remote->cleanup(grace));
  if (counts.aborted_uploads > 0 || counts.removed_objects > 0) {
    spdlog::info("{}: aborted {} stale multipart upload(s), removed {} unreferenced object(s)",
                 m_remote->url(), counts.aborted_uploads, counts.removed_objects);
  }
  return counts.aborted_uploads + counts.removed_objects;
}

}  // namespace reelhouse::lake
