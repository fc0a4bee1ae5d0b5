// The prices pipeline (the movie-price providers cinemaworld, filmworld…), as a table of
// contents:
//
//   ingest_providers          providers.url → raw/providers/<provider>/ingest_date=…/ (list,
//                             details, request logs; providers/ingest), resumable; the run's
//                             report → raw/providers/_runs/…/run-<id>.json and run_metrics;
//                             films still missing make the run partial
//   land_price_observations   stored details → landing/price_observations (+ quarantine)
//   land_provider_listings    stored lists → landing/provider_listings
//   land_provider_requests    request logs → landing/provider_requests
//   land_provider_runs        ingest reports → landing/provider_runs
//   aggregate_<product>       price_observations (all dates ≤ the run's), prices_latest,
//                             price_changes, cheapest_films, cheapest_directors,
//                             price_comparison, provider_health, missing_films
//                             (sql/prices/aggregated/, doc/products.md)
//   publish                   aggregated + catalog → the warehouse, swapped in atomically
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "pipeline/task.hpp"

namespace reelhouse::pipeline {

// Every task of `reelhouse run prices`.
std::vector<Task> prices_pipeline_tasks();

// The tasks after ingestion (landing, products, publish) over whatever the raw layer holds
// for the run's date: the seam tests use to run the products on hand-made raw files.
// `after` is what the landing tasks depend on (empty: nothing).
std::vector<Task> prices_processing_tasks(const std::vector<std::string>& after);

}  // namespace reelhouse::pipeline
