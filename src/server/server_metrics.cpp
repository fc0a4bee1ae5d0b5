#include "server/server_metrics.hpp"

#include <prometheus/text_serializer.h>

namespace reelhouse::server {

ServerMetrics::ServerMetrics() : m_registry(std::make_shared<prometheus::Registry>()) {
  m_requests = &prometheus::BuildCounter()
                    .Name("reelhouse_http_requests_total")
                    .Help("HTTP requests answered, by route pattern, method and status.")
                    .Register(*m_registry);
  m_durations = &prometheus::BuildHistogram()
                     .Name("reelhouse_http_request_duration_seconds")
                     .Help("Time from routing a request to finishing its answer, by route.")
                     .Register(*m_registry);
}

void ServerMetrics::observe_request(std::string_view route, std::string_view method, int status,
                                    double seconds) {
  static const prometheus::Histogram::BucketBoundaries k_buckets = {
      0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5};
  m_requests
      ->Add({{"route", std::string(route)},
             {"method", std::string(method)},
             {"status", std::to_string(status)}})
      .Increment();
  m_durations->Add({{"route", std::string(route)}}, k_buckets).Observe(seconds);
}

void ServerMetrics::set_gauge(const std::string& name, const std::string& help,
                              const std::map<std::string, std::string>& labels, double value) {
  prometheus::Family<prometheus::Gauge>* family = nullptr;
  {
    std::lock_guard lock(m_gauge_mutex);
    auto& slot = m_gauges[name];
    if (slot == nullptr) {
      slot = &prometheus::BuildGauge().Name(name).Help(help).Register(*m_registry);
    }
    family = slot;
  }
  family->Add(labels).Set(value);
}

std::string ServerMetrics::render() const {
  return prometheus::TextSerializer().Serialize(m_registry->Collect());
}

}  // namespace reelhouse::server
