// bench_prices_ingest: one run of reelhouse's resilient provider ingestion against a provider
// API (the simulator in bench/prices/run_prices.sh), printing one JSON line with the wall time,
// the requests made and the films collected and lost.
//
//   bench_prices_ingest --url http://127.0.0.1:P/api/ --token T --lake DIR [--date D]
//       [--time-scale X]      multiplies every duration of the [providers] defaults
//       [--concurrency N] [--deadline-seconds S] [--no-hedging]
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>

#include "core/config.hpp"
#include "providers/ingest/provider_ingest.hpp"

using namespace reelhouse;
using namespace reelhouse::providers::ingest;

int main(int argc, char** argv) {
  CLI::App app{"One run of the resilient provider ingestion"};
  IngestRequest request{
      .providers = {"cinemaworld", "filmworld"}, .ingest_date = "2026-01-01", .run_id = 1};
  std::string lake;
  double time_scale = 1.0;
  int64_t concurrency = 8;
  int64_t deadline_seconds = 900;
  app.add_option("--url", request.base_url)->required();
  app.add_option("--token", request.token)->required();
  app.add_option("--lake", lake)->required();
  app.add_option("--date", request.ingest_date);
  app.add_option("--time-scale", time_scale);
  app.add_option("--concurrency", concurrency);
  app.add_option("--deadline-seconds", deadline_seconds);
  bool no_hedging = false;
  app.add_flag("--no-hedging", no_hedging, "no hedged duplicates of slow requests");
  CLI11_PARSE(app, argc, argv);

  // The [providers] defaults, every duration scaled like the simulator's latencies.
  ProvidersConfig config;
  auto scaled = [&](int64_t milliseconds) {
    return std::max<int64_t>(1,
                             static_cast<int64_t>(static_cast<double>(milliseconds) * time_scale));
  };
  config.concurrency = concurrency;
  config.connect_timeout_ms = scaled(config.connect_timeout_ms);
  config.request_timeout_ms = scaled(config.request_timeout_ms);
  config.backoff_initial_ms = scaled(config.backoff_initial_ms);
  config.backoff_max_ms = scaled(config.backoff_max_ms);
  config.breaker_open_ms = scaled(config.breaker_open_ms);
  config.deadline_seconds = deadline_seconds;
  request.limits = limits_from_config(config);
  request.limits.hedging = !no_hedging;
  request.lake_root = lake;

  const auto started = std::chrono::steady_clock::now();
  const auto report = ingest_providers(request);
  const double wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (!report) {
    fmt::print(stderr, "bench_prices_ingest: {}\n", report.error().message);
    return 1;
  }
  int64_t listed = 0, collected = 0, missing = 0, trips = 0, hedges = 0, hedges_won = 0;
  for (const ProviderReport& provider : report->providers) {
    listed += provider.listed;
    collected += provider.already_stored + provider.fetched;
    missing += static_cast<int64_t>(provider.missing.size());
    trips += provider.breaker_trips;
    hedges += provider.hedges;
    hedges_won += provider.hedges_won;
  }
  fmt::print(
      "{{\"tool\":\"reelhouse\",\"wall_s\":{:.3f},\"requests\":{},\"listed\":{},\"collected\":{},"
      "\"lost\":{},\"breaker_trips\":{},\"hedges\":{},\"hedges_won\":{},\"deadline_hit\":{}}}\n",
      wall_seconds, report->requests, listed, collected, missing, trips, hedges, hedges_won,
      report->deadline_hit);
  return 0;
}
