// GET /healthz (liveness plus what is served) and GET /metrics (Prometheus text: request
// counts and latencies, plus gauges set at scrape time: runs by pipeline and state from the
// catalog, rows per warehouse table, warehouse swaps).
#include <spdlog/spdlog.h>

#include "catalog/catalog.hpp"
#include "server/server_context.hpp"

namespace reelhouse::server {

namespace {

void set_catalog_gauges(ServerContext& context) {
  if (!catalog::catalog_exists(context.options.catalog_path.string())) return;
  auto catalog = catalog::Catalog::open(context.options.catalog_path);
  if (!catalog) return spdlog::warn("metrics: {}", catalog.error().message);
  auto runs = catalog->recent_runs(0, std::nullopt);
  if (!runs) return spdlog::warn("metrics: {}", runs.error().message);
  std::map<std::pair<std::string, std::string>, int64_t> counts;
  for (const auto& run : *runs) {
    ++counts[{run.pipeline, std::string(catalog::to_string(run.state))}];
  }
  for (const auto& [key, count] : counts) {
    context.metrics.set_gauge("reelhouse_runs", "Runs recorded in the catalog, by outcome.",
                              {{"pipeline", key.first}, {"state", key.second}},
                              static_cast<double>(count));
  }
}

}  // namespace

void register_service_routes(ServerContext& context) {
  add_route(context, "GET", "/healthz", "/healthz",
            [&context](const httplib::Request&, httplib::Response& response) {
              auto snapshot = context.warehouse.current();
              Json body = {{"status", "ok"},
                           {"warehouse", snapshot->present()       ? "published"
                                         : snapshot->unavailable() ? "unavailable"
                                                                   : "absent"},
                           {"warehouse_backend", context.warehouse.backend()},
                           {"warehouse_location", context.warehouse.location()},
                           {"warehouse_generation", snapshot->generation()},
                           {"warehouse_opened_at", snapshot->opened_at()},
                           {"tables", snapshot->tables().size()},
                           {"swaps", context.warehouse.swaps()}};
              const std::string open_error = context.warehouse.last_open_error();
              if (!open_error.empty()) body["warehouse_error"] = open_error;
              send_json(response, 200, body);
            });
  add_route(context, "GET", "/metrics", "/metrics",
            [&context](const httplib::Request&, httplib::Response& response) {
              auto snapshot = context.warehouse.current();
              for (const auto& [name, table] : snapshot->tables()) {
                if (!table.rows) continue;
                context.metrics.set_gauge("reelhouse_warehouse_rows",
                                          "Rows of each table of the served warehouse.",
                                          {{"table", name}}, static_cast<double>(*table.rows));
              }
              context.metrics.set_gauge("reelhouse_warehouse_swaps",
                                        "Newly published warehouses swapped in since start.", {},
                                        static_cast<double>(context.warehouse.swaps()));
              context.metrics.set_gauge(
                  "reelhouse_uptime_seconds", "Seconds since the server started.", {},
                  std::chrono::duration<double>(std::chrono::steady_clock::now() - context.started)
                      .count());
              set_catalog_gauges(context);
              response.set_content(context.metrics.render(), "text/plain; version=0.0.4");
            });
}

}  // namespace reelhouse::server
