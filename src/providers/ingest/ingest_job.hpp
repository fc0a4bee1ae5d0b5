// What the ingestion's event loop tracks: one job per request to make (a provider's list or
// one film's detail), and per provider its queues, breaker, request log and report.
#pragma once

#include <cstdint>
#include <deque>
#include <filesystem>
#include <map>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "providers/ingest/circuit_breaker.hpp"
#include "providers/ingest/hedge_delay.hpp"
#include "providers/ingest/provider_ingest.hpp"
#include "providers/ingest/request_log.hpp"
#include "providers/provider_film.hpp"

namespace reelhouse::providers::ingest {

enum class Endpoint { movies, movie };

inline std::string_view to_string(Endpoint endpoint) {
  return endpoint == Endpoint::movies ? "movies" : "movie";
}

struct IngestJob {
  size_t provider_index = 0;
  Endpoint endpoint = Endpoint::movies;
  std::string movie_id{};   // "" for the list
  int attempts = 0;         // made so far
  SteadyTime not_before{};  // earliest start of the next attempt
};

struct ProviderRun {
  ProviderRun(std::string name, std::filesystem::path date_directory, int64_t run_id,
              CircuitBreaker breaker_, HedgeDelay hedge_delay_)
      : breaker(std::move(breaker_)), hedge_delay(hedge_delay_), log(date_directory, run_id) {
    report.provider = std::move(name);
    directory = std::move(date_directory);
  }

  ProviderReport report{};
  std::filesystem::path directory{};  // raw/providers/<provider>/ingest_date=D
  CircuitBreaker breaker;
  HedgeDelay hedge_delay;  // when a slow detail attempt gets its duplicate
  RequestLog log;
  std::deque<IngestJob> ready{};                   // may start now (breaker permitting)
  std::multimap<SteadyTime, IngestJob> waiting{};  // retries waiting for their backoff
  int in_flight = 0;                               // transfers on the wire, hedges included
  int hedges_in_flight = 0;                        // of them, hedged duplicates
  bool list_known = false;                         // a list (today's or an earlier one) is applied
  std::string stopped_reason{};                    // set when the provider is stopped (bad token)
  std::vector<ListedMovie> films{};                // the list used, distinct IDs, in list order
  std::unordered_set<std::string> collected{};
  std::unordered_map<std::string, std::string> last_error{};  // by movie ID
};

}  // namespace reelhouse::providers::ingest
