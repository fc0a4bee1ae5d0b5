#include "lake/partition_manifest.hpp"

#include <unistd.h>

#include <atomic>
#include <charconv>
#include <nlohmann/json.hpp>

namespace reelhouse::lake {

namespace {

constexpr int k_manifest_format = 1;

}  // namespace

std::string manifest_to_json(const PartitionManifest& manifest) {
  nlohmann::json files = nlohmann::json::array();
  for (const auto& file : manifest.files) {
    files.push_back({{"name", file.name}, {"size", file.size}, {"sha256", file.sha256}});
  }
  const nlohmann::json document = {{"format", k_manifest_format},
                                   {"generation", manifest.generation},
                                   {"run_id", manifest.run_id},
                                   {"committed_at", manifest.committed_at},
                                   {"files", std::move(files)}};
  return document.dump(1);
}

Result<PartitionManifest> manifest_from_json(std::string_view text, std::string_view where) {
  const nlohmann::json document = nlohmann::json::parse(text, nullptr, false);
  if (document.is_discarded() || !document.is_object()) {
    return make_error(ErrorCode::parse, "{}: not a JSON object", where);
  }
  try {
    if (document.at("format").get<int>() != k_manifest_format) {
      return make_error(ErrorCode::parse, "{}: unknown manifest format {} (this build reads {})",
                        where, document.at("format").dump(), k_manifest_format);
    }
    PartitionManifest manifest{.generation = document.at("generation").get<std::string>(),
                               .run_id = document.value("run_id", int64_t{0}),
                               .committed_at = document.value("committed_at", std::string()),
                               .files = {}};
    for (const auto& file : document.at("files")) {
      manifest.files.push_back(ManifestFile{.name = file.at("name").get<std::string>(),
                                            .size = file.at("size").get<uint64_t>(),
                                            .sha256 = file.at("sha256").get<std::string>()});
    }
    if (manifest.generation.empty() || !generation_time(manifest.generation)) {
      return make_error(ErrorCode::parse, "{}: \"{}\" is not a generation name", where,
                        manifest.generation);
    }
    return manifest;
  } catch (const nlohmann::json::exception& error) {
    return make_error(ErrorCode::parse, "{}: {}", where, error.what());
  }
}

std::string new_generation() {
  static std::atomic<int> counter{0};
  const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::system_clock::now().time_since_epoch());
  return fmt::format("g{}-{}-{}", now.count(), getpid(), counter++);
}

std::optional<std::chrono::system_clock::time_point> generation_time(std::string_view name) {
  if (!name.starts_with('g')) return std::nullopt;
  const size_t dash = name.find('-');
  if (dash == std::string_view::npos || dash < 2) return std::nullopt;
  int64_t milliseconds = 0;
  const auto [end, error] = std::from_chars(name.data() + 1, name.data() + dash, milliseconds);
  if (error != std::errc() || end != name.data() + dash) return std::nullopt;
  return std::chrono::system_clock::time_point(std::chrono::milliseconds(milliseconds));
}

}  // namespace reelhouse::lake
