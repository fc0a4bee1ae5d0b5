#include "providers/ingest/request_outcome.hpp"

namespace reelhouse::providers::ingest {

std::string_view to_string(RequestOutcome outcome) {
  switch (outcome) {
    case RequestOutcome::ok:
      return "ok";
    case RequestOutcome::server_error:
      return "server_error";
    case RequestOutcome::timeout:
      return "timeout";
    case RequestOutcome::connection:
      return "connection";
    case RequestOutcome::rate_limited:
      return "rate_limited";
    case RequestOutcome::invalid_body:
      return "invalid_body";
    case RequestOutcome::not_found:
      return "not_found";
    case RequestOutcome::http:
      return "http";
    case RequestOutcome::breaker_open:
      return "breaker_open";
    case RequestOutcome::deadline:
      return "deadline";
    case RequestOutcome::cancelled:
      return "cancelled";
  }
  return "unknown";
}

RequestOutcome outcome_for_error(const Error& error) {
  switch (error.code) {
    case ErrorCode::server_error:
      return RequestOutcome::server_error;
    case ErrorCode::timeout:
      return RequestOutcome::timeout;
    case ErrorCode::connection:
      return RequestOutcome::connection;
    case ErrorCode::rate_limited:
      return RequestOutcome::rate_limited;
    case ErrorCode::parse:
    case ErrorCode::corrupt:
      return RequestOutcome::invalid_body;
    case ErrorCode::not_found:
      return RequestOutcome::not_found;
    case ErrorCode::cancelled:
      return RequestOutcome::deadline;
    default:
      return RequestOutcome::http;
  }
}

bool is_retryable(RequestOutcome outcome) {
  switch (outcome) {
    case RequestOutcome::server_error:
    case RequestOutcome::timeout:
    case RequestOutcome::connection:
    case RequestOutcome::rate_limited:
    case RequestOutcome::invalid_body:
      return true;
    default:
      return false;
  }
}

bool counts_against_breaker(RequestOutcome outcome) {
  switch (outcome) {
    case RequestOutcome::server_error:
    case RequestOutcome::timeout:
    case RequestOutcome::connection:
    case RequestOutcome::invalid_body:
      return true;
    default:
      return false;
  }
}

bool stops_provider(long http_status) {
  return http_status == 401 || http_status == 403;
}

}  // namespace reelhouse::providers::ingest
