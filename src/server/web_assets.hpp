// The dashboard's static files, compiled into the binary. Every file under `web/` in the
// source tree, plus the charting library's dist file (Chart.js, pinned in deps/package.json,
// as "vendor/chart.umd.min.js"), is embedded at build time by cmake/EmbedAssets.cmake into a
// generated source in the build directory; nothing is fetched from a CDN at run time.
//
// URL layout served by `reelhouse serve`:
//   GET /              -> "index.html" (the single-page dashboard)
//   GET /assets/<path> -> "<path>" (e.g. /assets/js/app.js -> "js/app.js")
// asset_for_url() maps a request path to its asset following that layout.
#pragma once

#include <optional>
#include <string_view>

namespace reelhouse::server {

struct Asset {
  std::string_view path{};          // relative to web/, e.g. "js/app.js"
  std::string_view content_type{};  // e.g. "text/javascript; charset=utf-8"
  std::string_view bytes{};         // the file's exact content (static storage)
};

// The embedded file at `path` (relative to web/, no leading slash); nullopt when none.
// Defined in the generated web_assets.cpp.
std::optional<Asset> find_asset(std::string_view path);

// The asset a GET of `url_path` should answer with ("/" and "/index.html" -> index.html,
// "/assets/<p>" -> <p>); nullopt for any other path (the caller answers 404).
inline std::optional<Asset> asset_for_url(std::string_view url_path) {
  if (url_path == "/" || url_path == "/index.html") return find_asset("index.html");
  constexpr std::string_view k_prefix = "/assets/";
  if (url_path.starts_with(k_prefix)) return find_asset(url_path.substr(k_prefix.size()));
  return std::nullopt;
}

}  // namespace reelhouse::server
