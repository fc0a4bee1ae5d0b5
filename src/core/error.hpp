// The one error model of reelhouse.
//
// Every function that can fail for a reason outside the programmer's control returns
// `Result<T>` = `std::expected<T, Error>`. An `Error` carries a code that tells the caller
// whether trying again may help (`is_transient()`: timeouts, 429, 5xx, resets) or not (bad
// config, parse errors, 404), and a message written for the user: what failed, on which
// file/line/key, and what to do. Exceptions are reserved for fatal errors caught in `main`.
#pragma once

#include <fmt/format.h>

#include <expected>
#include <string>
#include <string_view>
#include <utility>

namespace reelhouse {

enum class ErrorCode {
  // Transient: the same call may succeed later.
  timeout,
  connection,    // refused, reset, DNS hiccup
  rate_limited,  // HTTP 429
  server_error,  // HTTP 5xx
  busy,          // a lock or lease held by someone else
  // Permanent: retrying the same call gives the same answer.
  not_found,  // missing file, HTTP 404
  invalid_argument,
  config,
  parse,    // malformed input data
  corrupt,  // checksum mismatch, truncated archive
  io,       // local file system failure
  sql,      // a query failed in DuckDB / SQLite
  http,     // other 4xx
  cancelled,
  internal,
};

std::string_view to_string(ErrorCode code);

struct Error {
  ErrorCode code = ErrorCode::internal;
  std::string message;

  // True when retrying the operation may succeed.
  bool is_transient() const;

  // Returns a copy whose message is "<context>: <message>", to add where the error happened.
  Error with_context(std::string_view context) const;
};

template <typename T = void>
using Result = std::expected<T, Error>;

// Builds an unexpected Error with a fmt-formatted message.
template <typename... Args>
std::unexpected<Error> make_error(ErrorCode code, fmt::format_string<Args...> format,
                                  Args&&... args) {
  return std::unexpected(Error{code, fmt::format(format, std::forward<Args>(args)...)});
}

namespace detail {
template <typename T>
T take_value(std::expected<T, Error>&& result) {
  return std::move(*result);
}
inline void take_value(std::expected<void, Error>&&) {}
}  // namespace detail

}  // namespace reelhouse

// TRY(expr): evaluates a Result; on error returns it from the enclosing function, otherwise
// yields the value (nothing for Result<void>). Uses a GNU statement expression.
#define TRY(expr)                                                             \
  ({                                                                          \
    auto try_result_ = (expr);                                                \
    if (!try_result_) return std::unexpected(std::move(try_result_.error())); \
    ::reelhouse::detail::take_value(std::move(try_result_));                  \
  })
