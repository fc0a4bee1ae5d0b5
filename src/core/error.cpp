#include "core/error.hpp"

namespace reelhouse {

std::string_view to_string(ErrorCode code) {
  switch (code) {
    case ErrorCode::timeout:
      return "timeout";
    case ErrorCode::connection:
      return "connection";
    case ErrorCode::rate_limited:
      return "rate_limited";
    case ErrorCode::server_error:
      return "server_error";
    case ErrorCode::busy:
      return "busy";
    case ErrorCode::not_found:
      return "not_found";
    case ErrorCode::invalid_argument:
      return "invalid_argument";
    case ErrorCode::config:
      return "config";
    case ErrorCode::parse:
      return "parse";
    case ErrorCode::corrupt:
      return "corrupt";
    case ErrorCode::io:
      return "io";
    case ErrorCode::sql:
      return "sql";
    case ErrorCode::http:
      return "http";
    case ErrorCode::cancelled:
      return "cancelled";
    case ErrorCode::internal:
      return "internal";
  }
  return "unknown";
}

bool Error::is_transient() const {
  switch (code) {
    case ErrorCode::timeout:
    case ErrorCode::connection:
    case ErrorCode::rate_limited:
    case ErrorCode::server_error:
    case ErrorCode::busy:
      return true;
    default:
      return false;
  }
}

Error Error::with_context(std::string_view context) const {
  return Error{code, fmt::format("{}: {}", context, message)};
}

}  // namespace reelhouse
