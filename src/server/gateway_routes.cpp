// GET /api/gateway/{provider}/movies and /api/gateway/{provider}/movie/{ID}: the provider API
// through the cached, retried gateway (provider_gateway.hpp). Unknown provider → 404 (as the
// provider itself answers); an ID that is not 1–32 letters and digits → 422.
#include "server/server_context.hpp"

namespace reelhouse::server {

namespace {

void answer(ServerContext& context, const std::string& provider, const std::string& path,
            httplib::Response& response) {
  if (!context.gateway.knows_provider(provider)) {
    return send_error(response, 404, "unknown provider (see providers.names)", "provider");
  }
  const GatewayAnswer answer = context.gateway.get(provider, path);
  response.status = answer.status;
  response.set_header("X-Gateway-Cache", answer.from_cache ? "hit" : "miss");
  response.set_header("X-Gateway-Attempts", std::to_string(answer.attempts));
  response.set_content(answer.body, k_json_type);
}

}  // namespace

void register_gateway_routes(ServerContext& context) {
  add_route(context, "GET", R"(/api/gateway/([a-z0-9_-]{1,32})/movies)",
            "/api/gateway/{provider}/movies",
            [&context](const httplib::Request& request, httplib::Response& response) {
              answer(context, request.matches[1].str(), "movies", response);
            });
  add_route(context, "GET", R"(/api/gateway/([a-z0-9_-]{1,32})/movie/([^/]*))",
            "/api/gateway/{provider}/movie/{id}",
            [&context](const httplib::Request& request, httplib::Response& response) {
              const std::string id = request.matches[2].str();
              const bool valid =
                  !id.empty() && id.size() <= 32 && std::ranges::all_of(id, [](char character) {
                    return std::isalnum(static_cast<unsigned char>(character)) != 0;
                  });
              if (!valid)
                return send_error(response, 422, "id must be 1 to 32 letters or digits", "id");
              answer(context, request.matches[1].str(), "movie/" + id, response);
            });
}

}  // namespace reelhouse::server
