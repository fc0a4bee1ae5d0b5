// bench_prices_naive: the provider client of the projects reelhouse replaces, for comparison.
//
// Sequential requests; a request is retried only on HTTP 500, at most 5 times, immediately (no
// backoff); anything else that is not a 200 with a parseable body becomes a null price. Like
// those projects it has no client timeout of its own beyond `--timeout-ms` (default: 100 s ×
// time scale, the client timeout seen in the live logs). Prints one JSON line.
//
//   bench_prices_naive --url http://127.0.0.1:P/api/ --token T [--limit N] [--time-scale X]
//       --limit N: only the first N films of each provider's list (the full run takes long)
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "fetch/http_client.hpp"

using namespace reelhouse;

namespace {

constexpr int k_naive_retries = 5;

struct NaiveClient {
  fetch::CurlEasy easy;
  std::string token;
  std::chrono::milliseconds timeout;
  int64_t requests = 0;

  // GET with the naive policy; nullopt is the "null" those projects stored.
  std::optional<std::string> get(const std::string& url) {
    for (int attempt = 0; attempt <= k_naive_retries; ++attempt) {
      std::string body;
      long status = 0;
      ++requests;
      CURL* handle = easy.get();
      curl_easy_reset(handle);
      curl_slist* headers = curl_slist_append(nullptr, ("x-access-token: " + token).c_str());
      curl_easy_setopt(handle, CURLOPT_URL, url.c_str());
      curl_easy_setopt(handle, CURLOPT_HTTPHEADER, headers);
      curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
      curl_easy_setopt(handle, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout.count()));
      curl_easy_setopt(
          handle, CURLOPT_WRITEFUNCTION, +[](char* data, size_t size, size_t count, void* user) {
            static_cast<std::string*>(user)->append(data, size * count);
            return size * count;
          });
      curl_easy_setopt(handle, CURLOPT_WRITEDATA, &body);
      const CURLcode code = curl_easy_perform(handle);
      curl_slist_free_all(headers);
      curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &status);
      if (code == CURLE_OK && status == 500) continue;  // the only retried case
      if (code != CURLE_OK || status != 200) return std::nullopt;
      return body;
    }
    return std::nullopt;
  }
};

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"The naive provider client (sequential, 5 immediate retries on 500 only)"};
  std::string url;
  std::string token;
  int64_t limit = 0;
  double time_scale = 1.0;
  int64_t timeout_ms = 0;
  app.add_option("--url", url)->required();
  app.add_option("--token", token)->required();
  app.add_option("--limit", limit, "Only the first N films of each provider (0: all)");
  app.add_option("--time-scale", time_scale);
  app.add_option("--timeout-ms", timeout_ms);
  CLI11_PARSE(app, argc, argv);
  if (!url.ends_with('/')) url += '/';

  auto easy = fetch::CurlEasy::create();
  if (!easy) {
    fmt::print(stderr, "{}\n", easy.error().message);
    return 1;
  }
  if (timeout_ms <= 0) timeout_ms = static_cast<int64_t>(100000 * time_scale);
  NaiveClient client{std::move(*easy), token, std::chrono::milliseconds{timeout_ms}};
  const auto started = std::chrono::steady_clock::now();
  int64_t listed = 0, collected = 0, lost = 0, lists_lost = 0;
  for (const std::string provider : {"cinemaworld", "filmworld"}) {
    const auto list_body = client.get(url + provider + "/movies");
    nlohmann::json list =
        list_body ? nlohmann::json::parse(*list_body, nullptr, false) : nlohmann::json();
    if (!list.is_object() || !list.contains("Movies")) {
      ++lists_lost;  // the whole provider is lost for this run
      continue;
    }
    int64_t taken = 0;
    for (const auto& movie : list["Movies"]) {
      if (limit > 0 && taken >= limit) break;
      ++taken;
      ++listed;
      const auto body = client.get(url + provider + "/movie/" + movie.value("ID", ""));
      const auto detail = body ? nlohmann::json::parse(*body, nullptr, false) : nlohmann::json();
      if (detail.is_object() && detail.contains("Price"))
        ++collected;
      else
        ++lost;  // stored as null by those projects
    }
  }
  const double wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  fmt::print(
      "{{\"tool\":\"naive\",\"wall_s\":{:.3f},\"requests\":{},\"listed\":{},\"collected\":{},"
      "\"lost\":{},\"lists_lost\":{}}}\n",
      wall_seconds, client.requests, listed, collected, lost, lists_lost);
  return 0;
}
