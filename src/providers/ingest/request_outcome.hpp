// RequestOutcome: what one attempt against a provider came to, and what the ingestion does next.
//
// The outcome names are the vocabulary of the request logs (landed into `provider_requests`)
// and of `provider_health`. Classification reuses the fetch stage's error mapping
// (fetch::error_for_http_status / error_for_curl_code), so an HTTP status or a curl failure
// means the same thing in every part of reelhouse:
//
//   ok            2xx with a body that passed validation
//   server_error  HTTP 5xx                                  transient, counts against the breaker
//   timeout       connect or total timeout                  transient, counts against the breaker
//   connection    refused, reset, nothing received, cut-off transient, counts against the breaker
//   rate_limited  HTTP 429 (Retry-After honoured)           transient, not a breaker failure
//   invalid_body  2xx whose body fails validation           transient, counts against the breaker
//   not_found     HTTP 404, 410                             permanent: not retried
//   http          401, 403 and other 4xx, odd statuses      permanent; 401/403 stop the provider
//   breaker_open  never sent: the provider's breaker stayed open until the deadline
//   deadline      cancelled in flight when the run's deadline came
//   cancelled     taken off the wire in favour of its hedge twin (hedge_delay.hpp): the twin
//                 answered first, or both were slow and the older was dropped; neither a
//                 success nor a failure: not retried, not a breaker result
#pragma once

#include <string_view>

#include "core/error.hpp"

namespace reelhouse::providers::ingest {

enum class RequestOutcome {
  ok,
  server_error,
  timeout,
  connection,
  rate_limited,
  invalid_body,
  not_found,
  http,
  breaker_open,
  deadline,
  cancelled,
};

std::string_view to_string(RequestOutcome outcome);

// The outcome of a failed attempt from the error that describes it (fetch's mapping for HTTP
// statuses and curl codes, ErrorCode::parse from provider_json for a bad body).
RequestOutcome outcome_for_error(const Error& error);

// True when trying the same request again may succeed.
bool is_retryable(RequestOutcome outcome);

// True when the outcome says the provider is unhealthy (feeds the circuit breaker).
bool counts_against_breaker(RequestOutcome outcome);

// True when an HTTP status means no further request to this provider can succeed: 401 or 403,
// a missing or wrong access token (the live API answered 403 for an hour when its token broke).
bool stops_provider(long http_status);

}  // namespace reelhouse::providers::ingest
