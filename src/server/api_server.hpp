// `reelhouse serve`: the HTTP server of the JSON API (and, later, the dashboard).
//
// cpp-httplib bound to `bind:port` (port 0 picks a free one). cpp-httplib gives each
// keep-alive connection a pool thread until it closes, so the pool has 256 threads (clients
// beyond that wait for a free one); at most `threads` of them run DuckDB queries at once. Routes
// (see doc/api.md): /healthz, /metrics, /api/openapi.json, /api/docs, /api/v1/{product} for every
// product of product_catalog, /api/v1/runs[/{id}], /api/v1/lake[/download],
// /api/gateway/{provider}/…, the compatibility endpoints POST /top_actor_actress/ and POST
// /etl_pipeline_status/, and the static assets (/ and /assets/*). When `token` is set every route
// except /healthz, the docs and the static assets needs "Authorization: Bearer <token>". Bodies
// above `max_body_bytes` are refused with 413.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "core/config.hpp"
#include "core/error.hpp"
#include "db/duckdb.hpp"
#include "server/provider_gateway.hpp"

namespace reelhouse::server {

struct ServerOptions {
  std::string bind = "127.0.0.1";
  int port = 0;
  std::string token{};
  int threads = 8;  // concurrent DuckDB queries
  int64_t max_body_bytes = 65536;
  std::filesystem::path warehouse_path{};
  // Team mode: serve the PostgreSQL warehouse at this URL (warehouse.url) instead of the file,
  // through at most `warehouse_pool_size` connections (warehouse.pool_size).
  std::string warehouse_url{};
  int warehouse_pool_size = 8;
  std::filesystem::path lake_root{};
  std::filesystem::path catalog_path{};
  std::vector<std::string> providers{};  // accepted values of provider filters
  GatewayOptions gateway{};
  int64_t response_cache_bytes = 64 << 20;  // per warehouse snapshot; 0 disables the cache
  db::DuckOptions duck{};
  ScheduleConfig schedule{};  // shown by /api/v1/schedule
};

// The options `reelhouse serve` derives from the configuration ([serve], [providers], paths).
ServerOptions server_options_from_config(const Config& config);

struct ServerContext;

class ApiServer {
 public:
  // Binds and starts serving on a background thread.
  // Errors: connection (cannot bind: address in use, bad address), config (bad options).
  static Result<std::unique_ptr<ApiServer>> start(ServerOptions options);

  ApiServer(const ApiServer&) = delete;
  ApiServer& operator=(const ApiServer&) = delete;
  ~ApiServer();  // stops

  int port() const { return m_port; }
  std::string base_url() const;  // "http://<bind>:<port>"

  // Stops accepting, lets in-flight requests finish, joins the thread. Idempotent.
  void stop();

 private:
  ApiServer() = default;

  std::unique_ptr<ServerContext> m_context;
  std::thread m_thread;
  int m_port = 0;
  std::string m_bind;
};

}  // namespace reelhouse::server
