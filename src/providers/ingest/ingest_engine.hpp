// The ingestion's event loop: one libcurl multi handle driving every request of every
// provider, with per-provider concurrency, circuit breakers, retries and the run's deadline.
//
// Single-threaded by design: libcurl multiplexes the sockets, so there is no lock anywhere and
// the order of events is the order of the loop. Per iteration: retries whose backoff has passed
// move to their provider's ready queue; ready jobs start while the provider has fewer than
// `concurrency` in flight and its breaker allows; libcurl progresses the transfers; finished
// transfers are classified (request_outcome.hpp), validated (provider_json.hpp), stored
// (raw_store.hpp) or scheduled again (retry_delay.hpp), and logged (request_log.hpp); the loop
// then sleeps in curl_multi_poll until a socket, a timer, a retry or the deadline is due.
#pragma once

#include "core/error.hpp"
#include "providers/ingest/provider_ingest.hpp"

namespace reelhouse::providers::ingest {

// Runs the loop for a validated request (see provider_ingest.hpp for the contract).
Result<IngestReport> run_ingest_engine(const IngestRequest& request);

}  // namespace reelhouse::providers::ingest
