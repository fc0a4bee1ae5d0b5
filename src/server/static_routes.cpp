// GET / and GET /assets/* from the dashboard files compiled into the binary (web_assets.hpp).
// Asset URLs are not versioned, so every answer is revalidated (no-cache) rather than kept
// stale after an upgrade.
#include "server/server_context.hpp"
#include "server/web_assets.hpp"

namespace reelhouse::server {

void register_static_routes(ServerContext& context) {
  auto serve = [](const httplib::Request& request, httplib::Response& response) {
    const std::optional<Asset> asset = asset_for_url(request.path);
    if (!asset) return send_error(response, 404, "no such asset");
    response.set_header("Cache-Control", "no-cache");
    response.set_content(std::string(asset->bytes), std::string(asset->content_type).c_str());
  };
  add_route(context, "GET", "/", "/", serve);
  add_route(context, "GET", R"(/assets/.+)", "/assets/{file}", serve);
}

}  // namespace reelhouse::server
