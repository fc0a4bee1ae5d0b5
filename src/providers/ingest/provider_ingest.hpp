// Resilient ingestion of the movie-price providers (cinemaworld, filmworld): collects every
// film's detail and price from flaky APIs into the raw layer of the lake, and says exactly what
// it could not get.
//
// For each provider: `GET <base_url><provider>/movies` (once per ingest date), then
// `GET <base_url><provider>/movie/<ID>` for every listed film not yet stored for that date —
// all through one libcurl multi event loop (ingest_engine.hpp) with, per provider, bounded
// concurrency and a circuit breaker; per request a connect and a total timeout; retries of
// transient failures (5xx, 429, timeouts, resets, invalid bodies) with full-jitter backoff and
// Retry-After honoured; permanent failures (404 and other 4xx) not retried, and a 401/403
// (bad token) stopping that provider. Every body is validated (provider_json.hpp) before it is
// stored (raw_store.hpp); each attempt is logged (request_log.hpp). A detail attempt that is
// slower than most of the provider's answers gets one hedged duplicate (hedge_delay.hpp), so
// a request that never answers costs a few hundred milliseconds instead of the timeout; one
// body is stored per film whichever twin wins.
//
// Resume: a detail whose body is stored intact for the date is not fetched again, and the list
// is fetched once per date (unless `refresh`). If the list of the date cannot be obtained, the
// newest earlier stored list says which films exist (`list_date`), and their details are still
// fetched. The run stops at `limits.deadline`; what was not collected by then is reported.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "core/config.hpp"
#include "core/error.hpp"

namespace reelhouse::providers::ingest {

struct IngestLimits {
  int concurrency = 8;  // fresh requests in flight per provider (hedges: see `hedging`)
  std::chrono::milliseconds connect_timeout{5000};
  std::chrono::milliseconds request_timeout{30000};  // per attempt, headers and body
  std::chrono::seconds deadline{900};                // for the whole run
  int max_attempts = 10;                             // per request, including the first
  std::chrono::milliseconds backoff_initial{200};
  std::chrono::milliseconds backoff_max{20000};
  int breaker_failures = 8;  // consecutive failures that (with ≥75% of the last 4×) open it
  std::chrono::milliseconds breaker_open{5000};
  // Hedged requests (hedge_delay.hpp): a film's attempt older than the provider's hedge delay
  // (≈ the p95 of its recent good answers) gets one duplicate; the first valid answer wins,
  // the other transfer is cancelled. Fresh attempts hold at most `concurrency` transfers;
  // hedges may bring the total to concurrency + max(1, concurrency / 4) (extra_hedge_slots in
  // hedge_delay.hpp) and take a free slot before a new film does.
  bool hedging = true;
};

// The [providers] settings as limits (values below 1 where 1 is the minimum are raised to 1).
IngestLimits limits_from_config(const ProvidersConfig& config);

struct IngestRequest {
  std::string base_url{};  // "<base_url><provider>/movies", e.g. "http://127.0.0.1:8080/api/"
  std::vector<std::string> providers{};
  std::string token{};                // sent as x-access-token
  std::filesystem::path lake_root{};  // raw files under lake_root/raw/providers/…
  std::string ingest_date{};          // YYYY-MM-DD
  int64_t run_id = 0;
  IngestLimits limits{};
  bool refresh = false;  // fetch again what the date already has
  uint64_t seed = 0;     // of the backoff jitter; 0: from the clock
};

// A film the run could not collect, with the last error seen for it.
struct MissingFilm {
  std::string provider{};
  std::string movie_id{};
  std::string title{};
  std::string last_error{};
};

struct ProviderReport {
  std::string provider{};
  bool list_fetched = false;   // the list of the ingest date is stored (now or by an earlier run)
  std::string list_date{};     // date of the list used ("" when none was available)
  std::string list_error{};    // why the date's list could not be obtained ("" when it was)
  int64_t listed = 0;          // distinct films in the list used
  int64_t already_stored = 0;  // details found stored intact for the date at the start
  int64_t fetched = 0;         // details fetched and stored by this run
  int64_t breaker_trips = 0;
  int64_t requests = 0;                // attempts made against this provider
  int64_t hedges = 0;                  // duplicates started for slow attempts (in `requests`)
  int64_t hedges_won = 0;              // of them, the ones that answered first
  std::vector<MissingFilm> missing{};  // listed − already_stored − fetched, in list order
};

struct IngestReport {
  std::vector<ProviderReport> providers{};
  bool deadline_hit = false;
  int64_t requests = 0;  // attempts made by this run, all providers
};

// Runs one ingestion (see the header comment). Provider failures are reported, not returned:
// the Error is only for local faults — bad arguments (empty date, unknown layout), a disk
// that refuses writes, libcurl that cannot start.
Result<IngestReport> ingest_providers(const IngestRequest& request);

}  // namespace reelhouse::providers::ingest
