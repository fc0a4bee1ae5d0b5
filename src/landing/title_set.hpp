// A set of normalised titles that can be probed with a string_view, without allocating.
//
// The abstracts scan looks up the normalised title of every page of the dump (millions) in
// the set of film titles; heterogeneous lookup (C++20) lets it probe with the scanner's
// reusable buffer instead of building a std::string per page.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <unordered_set>

namespace reelhouse::landing {

struct TitleHash {
  using is_transparent = void;
  size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
};

using TitleSet = std::unordered_set<std::string, TitleHash, std::equal_to<>>;

}  // namespace reelhouse::landing
