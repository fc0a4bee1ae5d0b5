#include "providers/ingest/provider_ingest.hpp"

#include <algorithm>
#include <regex>

#include "providers/ingest/ingest_engine.hpp"
#include "providers/provider_json.hpp"

namespace reelhouse::providers::ingest {

namespace {

int at_least_one(int64_t value) {
  return static_cast<int>(std::max<int64_t>(1, value));
}

bool is_iso_date(std::string_view text) {
  static const std::regex pattern(R"(\d{4}-\d{2}-\d{2})");
  return std::regex_match(text.begin(), text.end(), pattern);
}

}  // namespace

IngestLimits limits_from_config(const ProvidersConfig& config) {
  return IngestLimits{
      .concurrency = at_least_one(config.concurrency),
      .connect_timeout = std::chrono::milliseconds{std::max<int64_t>(1, config.connect_timeout_ms)},
      .request_timeout = std::chrono::milliseconds{std::max<int64_t>(1, config.request_timeout_ms)},
      .deadline = std::chrono::seconds{std::max<int64_t>(1, config.deadline_seconds)},
      .max_attempts = at_least_one(config.max_attempts),
      .backoff_initial = std::chrono::milliseconds{std::max<int64_t>(0, config.backoff_initial_ms)},
      .backoff_max = std::chrono::milliseconds{std::max<int64_t>(0, config.backoff_max_ms)},
      .breaker_failures = at_least_one(config.breaker_failures),
      .breaker_open = std::chrono::milliseconds{std::max<int64_t>(0, config.breaker_open_ms)},
  };
}

Result<IngestReport> ingest_providers(const IngestRequest& request) {
  if (request.base_url.empty()) {
    return make_error(ErrorCode::config,
                      "providers.url is empty: set the providers' base URL "
                      "(e.g. http://127.0.0.1:8080/api/)");
  }
  if (request.lake_root.empty()) {
    return make_error(ErrorCode::invalid_argument, "no lake root given for the provider ingestion");
  }
  if (!is_iso_date(request.ingest_date)) {
    return make_error(ErrorCode::invalid_argument, "ingest date \"{}\" is not YYYY-MM-DD",
                      request.ingest_date);
  }
  for (const std::string& provider : request.providers) {
    // The name becomes a directory and a URL segment: the same rule as a movie ID.
    if (!is_valid_movie_id(provider)) {
      return make_error(ErrorCode::config,
                        "provider name \"{}\" in providers.names is not 1–64 letters, digits, "
                        "'_' or '-'",
                        provider);
    }
  }
  if (std::ranges::count(request.providers, std::string()) > 0) {
    return make_error(ErrorCode::config, "providers.names holds an empty name");
  }
  IngestRequest checked = request;
  checked.limits.concurrency = std::max(1, checked.limits.concurrency);
  checked.limits.max_attempts = std::max(1, checked.limits.max_attempts);
  checked.limits.breaker_failures = std::max(1, checked.limits.breaker_failures);
  return run_ingest_engine(checked);
}

}  // namespace reelhouse::providers::ingest
