// What every route handler shares: the options, the warehouse reader, the metrics, the
// provider gateway and the httplib server itself. Internal to src/server.
#pragma once

#include <httplib.h>

#include <chrono>
#include <semaphore>

#include "server/api_server.hpp"
#include "server/json_response.hpp"
#include "server/provider_gateway.hpp"
#include "server/request_validation.hpp"
#include "server/server_metrics.hpp"
#include "server/warehouse_reader.hpp"

namespace reelhouse::server {

inline constexpr std::ptrdiff_t k_max_query_threads = 1024;

// Holds one of the context's query slots for its lifetime.
class QuerySlot {
 public:
  explicit QuerySlot(std::counting_semaphore<k_max_query_threads>& slots) : m_slots(slots) {
    m_slots.acquire();
  }
  QuerySlot(const QuerySlot&) = delete;
  QuerySlot& operator=(const QuerySlot&) = delete;
  ~QuerySlot() { m_slots.release(); }

 private:
  std::counting_semaphore<k_max_query_threads>& m_slots;
};

struct ServerContext {
  explicit ServerContext(ServerOptions server_options);

  ServerOptions options;
  WarehouseReader warehouse;
  ServerMetrics metrics;
  ProviderGateway gateway;
  httplib::Server http;
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
  // At most options.threads queries run in DuckDB at once (the connection threads are many
  // more: cpp-httplib holds a thread per keep-alive connection, mostly waiting on the socket).
  std::counting_semaphore<k_max_query_threads> query_slots;
  // A scratch in-memory DuckDB reading older lake snapshots (as_of), created on first use.
  std::mutex lake_reader_mutex;
  std::shared_ptr<WarehouseSnapshot> lake_reader;
};

using RouteHandler = std::function<void(const httplib::Request&, httplib::Response&)>;

// Registers `handler` for `method` ("GET"/"POST") and the regex `pattern`; `label` names the
// route in metrics and logs (e.g. "/api/v1/{product}").
void add_route(ServerContext& context, std::string_view method, const std::string& pattern,
               std::string label, RouteHandler handler);

// The route groups, one file each.
void register_product_routes(ServerContext& context);  // product_routes.cpp
void register_run_routes(ServerContext& context);      // run_routes.cpp
void register_lake_routes(ServerContext& context);     // lake_routes.cpp
void register_compat_routes(ServerContext& context);   // compat_routes.cpp
void register_gateway_routes(ServerContext& context);  // gateway_routes.cpp
void register_service_routes(ServerContext& context);  // service_routes.cpp: healthz, metrics
void register_docs_routes(ServerContext& context);     // docs_routes.cpp: OpenAPI, docs page
void register_static_routes(ServerContext& context);   // static_routes.cpp: /, /assets/*

// Answers a product request from the current warehouse (shared by /api/v1 and compat routes):
// {"product", "total", "limit", "offset", "items"}. Writes 422/500 itself.
void answer_product(ServerContext& context, const std::string& product, const QueryParams& params,
                    httplib::Response& response);

}  // namespace reelhouse::server
