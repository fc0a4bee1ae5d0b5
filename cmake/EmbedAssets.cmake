# Compiles the dashboard (web/**) and the vendored charting library into the binary.
# Included from the top-level CMakeLists.txt after reelhouse_lib is defined: generates
# ${CMAKE_BINARY_DIR}/generated/web_assets.cpp (defining server::find_asset, declared in
# src/server/web_assets.hpp) and adds it to reelhouse_lib. The chart library comes from the
# pinned npm packages under deps/ (scripts/setup.sh installs them); no CDN at run time.
set(chart_js_dist ${CMAKE_SOURCE_DIR}/deps/node_modules/chart.js/dist/chart.umd.min.js)
if(NOT EXISTS ${chart_js_dist})
  message(FATAL_ERROR "Chart.js not found at ${chart_js_dist}: run scripts/setup.sh "
                      "(or `cd deps && npm ci --ignore-scripts`) to install the pinned npm packages.")
endif()
file(GLOB_RECURSE web_asset_files CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/web/*)
set(web_assets_cpp ${CMAKE_BINARY_DIR}/generated/web_assets.cpp)
add_custom_command(
  OUTPUT ${web_assets_cpp}
  COMMAND ${CMAKE_COMMAND} -DWEB_ROOT=${CMAKE_SOURCE_DIR}/web
          "-DEXTRA_FILES=vendor/chart.umd.min.js=${chart_js_dist}" -DOUTPUT=${web_assets_cpp}
          -P ${CMAKE_SOURCE_DIR}/cmake/embed_web_assets.cmake
  DEPENDS ${web_asset_files} ${chart_js_dist} ${CMAKE_SOURCE_DIR}/cmake/embed_web_assets.cmake
  COMMENT "Embedding dashboard assets")
target_sources(reelhouse_lib PRIVATE ${web_assets_cpp})
