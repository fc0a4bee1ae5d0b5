// The HTTP client of the fetch stage: one GET (or HEAD) over libcurl's easy interface.
//
// `CurlEasy` owns a `CURL*` (RAII, move-only); `ensure_curl_global_init()` runs
// curl_global_init once per process before the first handle is made. `http_get` performs one
// request and streams the body of a successful (2xx) final response to a callback; it does
// not retry — retry, backoff and resume policy live in `http_download`. Failures are mapped
// onto the error model so the caller can tell transient from permanent:
//
//   HTTP 404, 410             → not_found   (permanent)
//   HTTP 401, 403, other 4xx  → http        (permanent)
//   HTTP 429                  → rate_limited (transient; Retry-After kept in the response head)
//   HTTP 5xx                  → server_error (transient)
//   curl timeouts, low speed  → timeout      (transient)
//   refused, reset, DNS, TLS handshake, truncated body → connection (transient)
#pragma once

#include <curl/curl.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace reelhouse::fetch {

// Calls curl_global_init(CURL_GLOBAL_DEFAULT) exactly once per process (thread-safe). The
// matching cleanup is deliberately never called: at exit other threads may still hold handles.
// Errors: internal when libcurl cannot initialise.
Result<> ensure_curl_global_init();

class CurlEasy {
 public:
  // Initialises libcurl if needed and creates a handle. Errors: internal.
  static Result<CurlEasy> create();

  CurlEasy(CurlEasy&& other) noexcept;
  CurlEasy& operator=(CurlEasy&& other) noexcept;
  CurlEasy(const CurlEasy&) = delete;
  CurlEasy& operator=(const CurlEasy&) = delete;
  ~CurlEasy();

  CURL* get() const { return m_handle; }

 private:
  explicit CurlEasy(CURL* handle) : m_handle(handle) {}
  CURL* m_handle = nullptr;
};

// "bytes <first>-<last>/<total>" of a 206 answer; total is absent for "/*".
struct ContentRange {
  uint64_t first = 0;
  uint64_t last = 0;
  std::optional<uint64_t> total;
};

// What the final response (after redirects) said about itself.
struct ResponseHead {
  long status = 0;
  std::optional<std::string> etag;
  std::optional<std::string> last_modified;
  bool accepts_ranges = false;  // "Accept-Ranges: bytes"
  std::optional<uint64_t> content_length;
  std::optional<ContentRange> content_range;
  std::optional<std::chrono::seconds> retry_after;
};

enum class HttpMethod { get, head };

struct HttpRequest {
  std::string url;
  HttpMethod method = HttpMethod::get;
  // When set, asks for the bytes from this offset on ("Range: bytes=<offset>-").
  std::optional<uint64_t> range_from;
  // Sent as If-Range with range_from, so a changed resource comes back whole (200).
  std::optional<std::string> if_range;
  std::chrono::seconds connect_timeout{15};
  std::chrono::seconds total_timeout{3600};
  // Abort when slower than k_low_speed_bytes_per_second for this long.
  std::chrono::seconds low_speed_time{60};
};

inline constexpr long k_low_speed_bytes_per_second = 1024;

// Receives each body chunk of a 2xx final response, with that response's head (complete by
// the time the first chunk arrives). Returning an error aborts the transfer; that error
// becomes the outcome of http_get.
using BodySink = std::function<Result<>(const ResponseHead& head, std::string_view chunk)>;

struct HttpOutcome {
  ResponseHead head;        // whatever was received, also on failure (status 0 if none)
  Result<> result;          // success, or the mapped error (see the table above)
  uint64_t body_bytes = 0;  // body bytes handed to the sink
};

// Performs one request on `easy` (redirects followed, http and https only). Never throws;
// errors are in HttpOutcome::result and name the URL.
HttpOutcome http_perform(CurlEasy& easy, const HttpRequest& request, const BodySink& sink);

// The error for a final HTTP status ≥ 400 (see the table above).
Error error_for_http_status(long status, std::string_view url,
                            std::optional<std::chrono::seconds> retry_after);

// The error for a failed curl transfer; `detail` is curl's error buffer (may be empty).
Error error_for_curl_code(CURLcode code, std::string_view detail, std::string_view url);

// Parses a Retry-After value: delay-seconds or an HTTP-date (relative to `now`).
std::optional<std::chrono::seconds> parse_retry_after(std::string_view value,
                                                      std::chrono::system_clock::time_point now);

// Parses a Content-Range value "bytes 100-199/200" (or ".../*").
std::optional<ContentRange> parse_content_range(std::string_view value);

}  // namespace reelhouse::fetch
