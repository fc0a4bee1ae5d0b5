// The dashboard's files compiled into the binary (src/server/web_assets.hpp): every page
// module, the stylesheet and the vendored Chart.js are found with the right content type,
// lookups are exact, and URLs map to assets only under / and /assets/.
#include "server/web_assets.hpp"

#include <gtest/gtest.h>

#include <string>

namespace reelhouse::server {
namespace {

TEST(WebAssets, EveryDashboardFileIsEmbeddedWithItsContentType) {
  const struct {
    std::string_view path;
    std::string_view content_type;
  } k_expected[] = {
      {"index.html", "text/html; charset=utf-8"},
      {"css/app.css", "text/css; charset=utf-8"},
      {"js/app.js", "text/javascript; charset=utf-8"},
      {"js/api.js", "text/javascript; charset=utf-8"},
      {"js/pages/overview.js", "text/javascript; charset=utf-8"},
      {"js/pages/prices.js", "text/javascript; charset=utf-8"},
      {"js/pages/top_films.js", "text/javascript; charset=utf-8"},
      {"js/pages/companies.js", "text/javascript; charset=utf-8"},
      {"js/pages/people.js", "text/javascript; charset=utf-8"},
      {"js/pages/runs.js", "text/javascript; charset=utf-8"},
      {"js/pages/lake.js", "text/javascript; charset=utf-8"},
      {"img/favicon.svg", "image/svg+xml"},
      {"vendor/chart.umd.min.js", "text/javascript; charset=utf-8"},
  };
  for (const auto& expected : k_expected) {
    const auto asset = find_asset(expected.path);
    ASSERT_TRUE(asset.has_value()) << expected.path;
    EXPECT_EQ(asset->path, expected.path);
    EXPECT_EQ(asset->content_type, expected.content_type) << expected.path;
    EXPECT_FALSE(asset->bytes.empty()) << expected.path;
  }
}

TEST(WebAssets, BytesAreTheFilesExactContent) {
  const auto index = find_asset("index.html");
  ASSERT_TRUE(index.has_value());
  EXPECT_TRUE(index->bytes.starts_with("<!doctype html>"));
  EXPECT_NE(index->bytes.find("/assets/vendor/chart.umd.min.js"), std::string_view::npos);
  EXPECT_TRUE(index->bytes.ends_with("</html>\n"));
  const auto chart = find_asset("vendor/chart.umd.min.js");
  ASSERT_TRUE(chart.has_value());
  EXPECT_GT(chart->bytes.size(), 100'000u);  // the whole minified library, not a stub
  EXPECT_NE(chart->bytes.find("Chart.js v4."), std::string_view::npos);
}

TEST(WebAssets, LookupsAreExact) {
  for (std::string_view path : {"", "/index.html", "index.htm", "index.html.map", "js", "js/",
                                "../web/index.html", "js/../index.html", "JS/APP.JS"}) {
    EXPECT_FALSE(find_asset(path).has_value()) << path;
  }
}

TEST(WebAssets, UrlsMapToAssetsOnlyUnderRootAndAssets) {
  EXPECT_EQ(asset_for_url("/")->path, "index.html");
  EXPECT_EQ(asset_for_url("/index.html")->path, "index.html");
  EXPECT_EQ(asset_for_url("/assets/js/app.js")->path, "js/app.js");
  EXPECT_EQ(asset_for_url("/assets/vendor/chart.umd.min.js")->path, "vendor/chart.umd.min.js");
  for (std::string_view url : {"/js/app.js", "/assets/", "/assets/../index.html", "/api/v1/people",
                               "/assets//js/app.js", "assets/js/app.js"}) {
    EXPECT_FALSE(asset_for_url(url).has_value()) << url;
  }
}

}  // namespace
}  // namespace reelhouse::server
