// The provider gateway: GET /api/gateway/{provider}/movies and …/movie/{ID} answered from the
// configured price API (providers.url, providers.token), so that browsers and scripts never
// hold the provider token and an unreliable provider looks reliable.
//
// Answers are cached for `cache_ttl` (only 200s). A miss is fetched with retries on transient
// failures (5xx, 429, timeouts, resets, a body that is not JSON) with full-jitter backoff
// (fetch/backoff.hpp), honouring Retry-After, within `budget` for the whole request. Concurrent
// misses for the same key each fetch (no request coalescing): the cache bounds repeat load.
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace reelhouse::server {

struct GatewayOptions {
  std::string base_url{};  // "<url><provider>/movies"
  std::string token{};     // sent as x-access-token
  std::vector<std::string> providers{};
  std::chrono::seconds cache_ttl{60};
  int max_attempts = 4;
  std::chrono::milliseconds backoff_initial{200};
  std::chrono::milliseconds backoff_max{2000};
  std::chrono::milliseconds connect_timeout{5000};
  std::chrono::milliseconds request_timeout{10000};  // per attempt
  std::chrono::milliseconds budget{20000};           // for all attempts of one request
};

struct GatewayAnswer {
  int status = 0;      // the status to answer the client with
  std::string body{};  // the provider's body (200, 404) or a JSON error
  bool from_cache = false;
  int attempts = 0;
};

class ProviderGateway {
 public:
  explicit ProviderGateway(GatewayOptions options) : m_options(std::move(options)) {}

  // `upstream_path` is "movies" or "movie/<ID>" (validated by the caller).
  // 200/404 as the provider said; 401 from the provider → 502 (our token is wrong);
  // transient failures after the retries → 502 (or 504 for timeouts).
  GatewayAnswer get(const std::string& provider, const std::string& upstream_path);

  bool knows_provider(const std::string& provider) const;

 private:
  struct CachedAnswer {
    std::string body;
    std::chrono::steady_clock::time_point expires;
  };

  // `provider` and `upstream_path` ("movies" or "movie/<ID>") say how a body is validated.
  GatewayAnswer fetch(const std::string& url, const std::string& provider,
                      const std::string& upstream_path);

  GatewayOptions m_options;
  std::mutex m_mutex;
  std::map<std::string, CachedAnswer> m_cache;
};

}  // namespace reelhouse::server
