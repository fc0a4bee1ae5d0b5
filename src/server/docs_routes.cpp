// GET /api/openapi.json and GET /api/docs (both computed once: the product table is fixed).
#include "server/openapi_document.hpp"
#include "server/server_context.hpp"

namespace reelhouse::server {

void register_docs_routes(ServerContext& context) {
  static const Json document = openapi_document();
  static const std::string document_text = dump_json(document);
  static const std::string page = api_docs_page(document);
  add_route(context, "GET", "/api/openapi.json", "/api/openapi.json",
            [](const httplib::Request&, httplib::Response& response) {
              response.set_content(document_text, k_json_type);
            });
  add_route(context, "GET", "/api/docs", "/api/docs",
            [](const httplib::Request&, httplib::Response& response) {
              response.set_content(page, "text/html; charset=utf-8");
            });
}

}  // namespace reelhouse::server
