// The server's Prometheus metrics (/metrics, text exposition format 0.0.4).
//
// Request metrics are recorded as requests finish: reelhouse_http_requests_total{route,
// method,status} and reelhouse_http_request_duration_seconds{route} (a histogram). `route` is
// the route's pattern (e.g. "/api/v1/{product}"), never the raw path, so the number of series
// stays bounded whatever clients send. Figures that live elsewhere (runs by outcome in the
// catalog, rows per warehouse table) are set as gauges at scrape time by the caller.
#pragma once

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <map>
#include <memory>
#include <string>
#include <string_view>

namespace reelhouse::server {

class ServerMetrics {
 public:
  ServerMetrics();

  void observe_request(std::string_view route, std::string_view method, int status, double seconds);

  // Sets gauge `name`{labels} (created on first use) to `value`.
  void set_gauge(const std::string& name, const std::string& help,
                 const std::map<std::string, std::string>& labels, double value);

  // Everything registered, in the Prometheus text format.
  std::string render() const;

 private:
  std::shared_ptr<prometheus::Registry> m_registry;
  prometheus::Family<prometheus::Counter>* m_requests = nullptr;
  prometheus::Family<prometheus::Histogram>* m_durations = nullptr;
  std::mutex m_gauge_mutex;
  std::map<std::string, prometheus::Family<prometheus::Gauge>*> m_gauges;
};

}  // namespace reelhouse::server
