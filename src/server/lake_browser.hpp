// Browsing the lake over HTTP, confined to the lake root.
//
// A requested path is relative to the lake root. It is refused when it is absolute, contains
// a NUL byte, a backslash or a `..` component, or when — after resolving symbolic links — it
// lands outside the root (a symlink pointing out). Percent-decoding happens before (cpp-httplib
// decodes query parameters), so an encoded `%2e%2e%2f` is refused like a plain `../`.
#pragma once

#include <cstdint>
#include <expected>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace reelhouse::server {

enum class LakePathProblem { malformed, outside_root, not_found };

struct LakePathError {
  LakePathProblem problem = LakePathProblem::malformed;
  std::string message{};
};

// The canonical path of `relative` inside `root` (itself canonicalised), which exists.
std::expected<std::filesystem::path, LakePathError> resolve_lake_path(
    const std::filesystem::path& root, std::string_view relative);

struct LakeEntry {
  std::string name{};
  std::string path{};  // relative to the lake root, '/'-separated
  bool is_directory = false;
  int64_t size = 0;        // bytes, 0 for directories
  std::string modified{};  // UTC ISO-8601
};

// The entries of directory `directory` (inside `root`), directories first, then by name.
// Entries that are symlinks pointing outside the root are left out.
std::vector<LakeEntry> list_lake_directory(const std::filesystem::path& root,
                                           const std::filesystem::path& directory);

// The path of `target` relative to `root`, '/'-separated ("" for the root itself).
std::string lake_relative(const std::filesystem::path& root, const std::filesystem::path& target);

}  // namespace reelhouse::server
