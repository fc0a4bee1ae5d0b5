#include "server/lake_browser.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <algorithm>
#include <chrono>

namespace reelhouse::server {

namespace fs = std::filesystem;

namespace {

bool is_within(const fs::path& root, const fs::path& candidate) {
  auto root_it = root.begin();
  auto candidate_it = candidate.begin();
  for (; root_it != root.end(); ++root_it, ++candidate_it) {
    if (root_it->empty() && std::next(root_it) == root.end()) break;  // trailing separator
    if (candidate_it == candidate.end() || *root_it != *candidate_it) return false;
  }
  return true;
}

std::string modified_text(const fs::path& path) {
  std::error_code error;
  const auto time = fs::last_write_time(path, error);
  if (error) return {};
  const auto system_time = std::chrono::time_point_cast<std::chrono::system_clock::duration>(
      std::chrono::file_clock::to_sys(time));
  return fmt::format("{:%Y-%m-%dT%H:%M:%S}Z",
                     fmt::gmtime(std::chrono::system_clock::to_time_t(system_time)));
}

}  // namespace

std::expected<fs::path, LakePathError> resolve_lake_path(const fs::path& root,
                                                         std::string_view relative) {
  auto refuse = [](LakePathProblem problem, std::string message) {
    return std::unexpected(LakePathError{.problem = problem, .message = std::move(message)});
  };
  if (relative.find('\0') != std::string_view::npos ||
      relative.find('\\') != std::string_view::npos) {
    return refuse(LakePathProblem::malformed, "path contains a NUL byte or a backslash");
  }
  if (relative.size() > 4096) return refuse(LakePathProblem::malformed, "path is too long");
  const fs::path requested(relative);
  if (requested.is_absolute() || relative.starts_with('/')) {
    return refuse(LakePathProblem::outside_root, "path must be relative to the lake root");
  }
  for (const auto& component : requested) {
    if (component == "..") {
      return refuse(LakePathProblem::outside_root, "path must not contain '..'");
    }
  }
  std::error_code error;
  const fs::path canonical_root = fs::canonical(root, error);
  if (error) return refuse(LakePathProblem::not_found, "the lake root does not exist yet");
  const fs::path candidate = canonical_root / requested;
  if (!fs::exists(fs::symlink_status(candidate, error))) {
    return refuse(LakePathProblem::not_found, "no such file or directory in the lake");
  }
  const fs::path resolved = fs::canonical(candidate, error);
  if (error) return refuse(LakePathProblem::not_found, "no such file or directory in the lake");
  if (!is_within(canonical_root, resolved)) {
    return refuse(LakePathProblem::outside_root, "path leads outside the lake root");
  }
  return resolved;
}

std::string lake_relative(const fs::path& root, const fs::path& target) {
  std::error_code error;
  const fs::path canonical_root = fs::canonical(root, error);
  const fs::path relative = target.lexically_relative(error ? root : canonical_root);
  const std::string text = relative.generic_string();
  return text == "." ? "" : text;
}

std::vector<LakeEntry> list_lake_directory(const fs::path& root, const fs::path& directory) {
  std::vector<LakeEntry> entries;
  std::error_code error;
  const fs::path canonical_root = fs::canonical(root, error);
  for (const auto& item : fs::directory_iterator(directory, error)) {
    std::error_code item_error;
    const fs::path resolved = fs::canonical(item.path(), item_error);
    if (item_error || !is_within(canonical_root, resolved)) continue;
    LakeEntry entry;
    entry.name = item.path().filename().string();
    entry.path = lake_relative(canonical_root, directory / entry.name);
    entry.is_directory = fs::is_directory(resolved, item_error);
    if (!entry.is_directory) entry.size = static_cast<int64_t>(fs::file_size(resolved, item_error));
    entry.modified = modified_text(resolved);
    entries.push_back(std::move(entry));
  }
  std::ranges::sort(entries, [](const LakeEntry& left, const LakeEntry& right) {
    if (left.is_directory != right.is_directory) return left.is_directory;
    return left.name < right.name;
  });
  return entries;
}

}  // namespace reelhouse::server
