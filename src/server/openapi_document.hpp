// The OpenAPI 3.0 document of the API, derived from the product table (product_catalog.hpp)
// plus the fixed routes, and a readable HTML rendering of it (no scripts, no CDN).
#pragma once

#include <string>

#include "server/json_response.hpp"

namespace reelhouse::server {

Json openapi_document();

// A self-contained HTML page describing every route and parameter.
std::string api_docs_page(const Json& document);

}  // namespace reelhouse::server
