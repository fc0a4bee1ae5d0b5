#include "server/provider_gateway.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <random>
#include <thread>

#include "fetch/backoff.hpp"
#include "fetch/http_client.hpp"
#include "providers/provider_json.hpp"

namespace reelhouse::server {

namespace {

constexpr size_t k_max_cache_entries = 20000;
constexpr size_t k_max_body_bytes = 8 << 20;

struct Attempt {
  long status = 0;  // 0: no HTTP answer
  CURLcode code = CURLE_OK;
  std::string body{};
  std::optional<std::chrono::seconds> retry_after{};
  std::string detail{};
};

size_t append_body(char* data, size_t size, size_t count, void* user) {
  auto* body = static_cast<std::string*>(user);
  if (body->size() + size * count > k_max_body_bytes) return 0;  // aborts the transfer
  body->append(data, size * count);
  return size * count;
}

size_t read_header(char* data, size_t size, size_t count, void* user) {
  auto* attempt = static_cast<Attempt*>(user);
  std::string_view line(data, size * count);
  constexpr std::string_view k_retry_after = "retry-after:";
  if (line.size() > k_retry_after.size()) {
    std::string lower(line.substr(0, k_retry_after.size()));
    std::ranges::transform(lower, lower.begin(), [](unsigned char c) { return std::tolower(c); });
    if (lower == k_retry_after) {
      std::string_view value = line.substr(k_retry_after.size());
      while (!value.empty() && (value.front() == ' ')) value.remove_prefix(1);
      while (!value.empty() && (value.back() == '\r' || value.back() == '\n'))
        value.remove_suffix(1);
      attempt->retry_after = fetch::parse_retry_after(value, std::chrono::system_clock::now());
    }
  }
  return size * count;
}

Attempt perform(const GatewayOptions& options, const std::string& url) {
  Attempt attempt;
  auto easy = fetch::CurlEasy::create();
  if (!easy) {
    attempt.code = CURLE_FAILED_INIT;
    attempt.detail = easy.error().message;
    return attempt;
  }
  CURL* handle = easy->get();
  char error_buffer[CURL_ERROR_SIZE] = {};
  curl_slist* headers = nullptr;
  headers = curl_slist_append(headers, ("x-access-token: " + options.token).c_str());
  curl_easy_setopt(handle, CURLOPT_URL, url.c_str());
  curl_easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(handle, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, error_buffer);
  curl_easy_setopt(handle, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(options.connect_timeout.count()));
  curl_easy_setopt(handle, CURLOPT_TIMEOUT_MS, static_cast<long>(options.request_timeout.count()));
  curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, append_body);
  curl_easy_setopt(handle, CURLOPT_WRITEDATA, &attempt.body);
  curl_easy_setopt(handle, CURLOPT_HEADERFUNCTION, read_header);
  curl_easy_setopt(handle, CURLOPT_HEADERDATA, &attempt);
  attempt.code = curl_easy_perform(handle);
  curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &attempt.status);
  curl_slist_free_all(headers);
  attempt.detail = error_buffer;
  return attempt;
}

// A body is passed on only when it is what the provider's API promises (provider_json.hpp):
// a truncated or malformed 200 is retried like a 5xx.
Result<> validate_body(std::string_view provider, std::string_view upstream_path,
                       std::string_view body) {
  constexpr std::string_view k_detail_prefix = "movie/";
  if (upstream_path.starts_with(k_detail_prefix)) {
    TRY(providers::parse_movie_detail(body, upstream_path.substr(k_detail_prefix.size())));
  } else {
    TRY(providers::parse_movie_list(body, provider));
  }
  return {};
}

std::string error_body(std::string_view message) {
  return nlohmann::json{{"error", message}}.dump();
}

}  // namespace

bool ProviderGateway::knows_provider(const std::string& provider) const {
  return std::ranges::find(m_options.providers, provider) != m_options.providers.end();
}

GatewayAnswer ProviderGateway::get(const std::string& provider, const std::string& upstream_path) {
  const std::string url = m_options.base_url + provider + "/" + upstream_path;
  const auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(m_mutex);
    const auto found = m_cache.find(url);
    if (found != m_cache.end() && found->second.expires > now) {
      return {.status = 200, .body = found->second.body, .from_cache = true};
    }
  }
  GatewayAnswer answer = fetch(url, provider, upstream_path);
  if (answer.status == 200 && m_options.cache_ttl.count() > 0) {
    std::lock_guard lock(m_mutex);
    if (m_cache.size() >= k_max_cache_entries) m_cache.clear();
    m_cache[url] = {.body = answer.body, .expires = now + m_options.cache_ttl};
  }
  return answer;
}

GatewayAnswer ProviderGateway::fetch(const std::string& url, const std::string& provider,
                                     const std::string& upstream_path) {
  thread_local std::mt19937_64 generator{std::random_device{}()};
  const auto deadline = std::chrono::steady_clock::now() + m_options.budget;
  GatewayAnswer answer;
  std::string last_problem = "no attempt made";
  bool last_was_timeout = false;
  for (int attempt_idx = 0; attempt_idx < std::max(1, m_options.max_attempts); ++attempt_idx) {
    ++answer.attempts;
    Attempt attempt = perform(m_options, url);
    std::optional<std::chrono::seconds> retry_after;
    if (attempt.code == CURLE_OK && attempt.status == 200) {
      const Result<> valid = validate_body(provider, upstream_path, attempt.body);
      if (valid) {
        answer.status = 200;
        answer.body = std::move(attempt.body);
        return answer;
      }
      last_problem = "the provider answered 200 with an invalid body: " + valid.error().message;
      last_was_timeout = false;
    } else if (attempt.code == CURLE_OK && (attempt.status == 404 || attempt.status == 410)) {
      answer.status = 404;
      answer.body = attempt.body.empty() ? error_body("not found at the provider") : attempt.body;
      return answer;
    } else if (attempt.code == CURLE_OK && attempt.status == 401) {
      answer.status = 502;
      answer.body = error_body("the provider rejected the gateway's token (providers.token)");
      return answer;
    } else if (attempt.code == CURLE_OK && attempt.status >= 400 && attempt.status < 500 &&
               attempt.status != 429) {
      answer.status = 502;
      answer.body = error_body(fmt::format("the provider answered HTTP {}", attempt.status));
      return answer;
    } else if (attempt.code == CURLE_OK) {
      last_problem = fmt::format("the provider answered HTTP {}", attempt.status);
      last_was_timeout = false;
      retry_after = attempt.retry_after;
    } else {
      last_problem = fetch::error_for_curl_code(attempt.code, attempt.detail, url).message;
      last_was_timeout = attempt.code == CURLE_OPERATION_TIMEDOUT;
    }
    auto delay = fetch::full_jitter_delay(attempt_idx, m_options.backoff_initial,
                                          m_options.backoff_max, generator);
    if (retry_after) delay = std::max<std::chrono::milliseconds>(delay, *retry_after);
    if (attempt_idx + 1 >= m_options.max_attempts ||
        std::chrono::steady_clock::now() + delay >= deadline) {
      break;
    }
    std::this_thread::sleep_for(delay);
  }
  answer.status = last_was_timeout ? 504 : 502;
  answer.body = error_body(
      fmt::format("the provider failed after {} attempt(s): {}", answer.attempts, last_problem));
  return answer;
}

}  // namespace reelhouse::server
