// The libcurl pieces of the ingestion's event loop: an owned multi handle, and one GET with
// everything libcurl needs to stay alive while it runs (body buffer, headers, error buffer).
//
// A ProviderTransfer is configured on a reused CurlEasy (connections stay in the multi
// handle's cache, so reuse saves only allocations) and attached to the multi handle; when
// libcurl reports it done, `finish_transfer` turns what happened into an Error with the same
// mapping as the rest of reelhouse (fetch::error_for_http_status / error_for_curl_code).
#pragma once

#include <curl/curl.h>

#include <chrono>
#include <optional>
#include <string>

#include "core/error.hpp"
#include "fetch/http_client.hpp"

namespace reelhouse::providers::ingest {

// RAII owner of a CURLM*.
class CurlMulti {
 public:
  // Errors: internal when libcurl cannot initialise.
  static Result<CurlMulti> create();
  CurlMulti(CurlMulti&& other) noexcept;
  CurlMulti& operator=(CurlMulti&&) = delete;
  CurlMulti(const CurlMulti&) = delete;
  CurlMulti& operator=(const CurlMulti&) = delete;
  ~CurlMulti();
  CURLM* get() const { return m_handle; }

 private:
  explicit CurlMulti(CURLM* handle) : m_handle(handle) {}
  CURLM* m_handle = nullptr;
};

// Bodies larger than this are refused (a provider's detail is ~2 KB, a 100k-film list ~20 MB).
inline constexpr size_t k_max_body_bytes = 256u << 20;

// One GET in flight. Not movable once configured: libcurl holds pointers into it.
struct ProviderTransfer {
  fetch::CurlEasy easy;
  std::string url{};
  std::string body{};
  long status = 0;  // of the last response head seen
  std::optional<std::chrono::seconds> retry_after{};
  curl_slist* headers = nullptr;
  char error_buffer[CURL_ERROR_SIZE] = {};
  std::chrono::steady_clock::time_point started{};
  std::chrono::system_clock::time_point started_wall{};

  explicit ProviderTransfer(fetch::CurlEasy handle) : easy(std::move(handle)) {}
  ProviderTransfer(const ProviderTransfer&) = delete;
  ProviderTransfer& operator=(const ProviderTransfer&) = delete;
  ~ProviderTransfer();
};

struct TransferTimeouts {
  std::chrono::milliseconds connect{};
  std::chrono::milliseconds total{};
};

// Resets `transfer` for a GET of `url` with the x-access-token header and the timeouts;
// CURLOPT_PRIVATE points at `transfer`.
void configure_transfer(ProviderTransfer& transfer, std::string url, const std::string& token,
                        TransferTimeouts timeouts);

// The error of a finished transfer, or success when a 2xx response arrived complete. `code` is
// the CURLcode libcurl reported for it; an HTTP error status wins over a curl failure that
// followed it (a 500 whose connection then dropped is a server error).
Result<> finish_transfer(ProviderTransfer& transfer, CURLcode code);

}  // namespace reelhouse::providers::ingest
