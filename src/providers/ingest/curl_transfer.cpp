#include "providers/ingest/curl_transfer.hpp"

#include <cctype>
#include <utility>

namespace reelhouse::providers::ingest {

namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  return text;
}

bool equals_ignoring_case(std::string_view left, std::string_view right) {
  if (left.size() != right.size()) return false;
  for (size_t index = 0; index < left.size(); ++index) {
    if (std::tolower(static_cast<unsigned char>(left[index])) !=
        std::tolower(static_cast<unsigned char>(right[index]))) {
      return false;
    }
  }
  return true;
}

size_t on_header(char* data, size_t size, size_t count, void* user_data) {
  auto* transfer = static_cast<ProviderTransfer*>(user_data);
  const std::string_view line = trim(std::string_view(data, size * count));
  if (line.starts_with("HTTP/")) {
    transfer->retry_after.reset();  // a new response head
    transfer->body.clear();
    return size * count;
  }
  const size_t colon = line.find(':');
  if (colon != std::string_view::npos &&
      equals_ignoring_case(trim(line.substr(0, colon)), "retry-after")) {
    transfer->retry_after =
        fetch::parse_retry_after(trim(line.substr(colon + 1)), std::chrono::system_clock::now());
  }
  return size * count;
}

size_t on_body(char* data, size_t size, size_t count, void* user_data) {
  auto* transfer = static_cast<ProviderTransfer*>(user_data);
  if (transfer->body.size() + size * count > k_max_body_bytes) return CURL_WRITEFUNC_ERROR;
  transfer->body.append(data, size * count);
  return size * count;
}

}  // namespace

Result<CurlMulti> CurlMulti::create() {
  TRY(fetch::ensure_curl_global_init());
  CURLM* handle = curl_multi_init();
  if (handle == nullptr)
    return make_error(ErrorCode::internal, "cannot create a curl multi handle");
  return CurlMulti(handle);
}

CurlMulti::CurlMulti(CurlMulti&& other) noexcept
    : m_handle(std::exchange(other.m_handle, nullptr)) {}

CurlMulti::~CurlMulti() {
  if (m_handle != nullptr) curl_multi_cleanup(m_handle);
}

ProviderTransfer::~ProviderTransfer() {
  curl_slist_free_all(headers);
}

void configure_transfer(ProviderTransfer& transfer, std::string url, const std::string& token,
                        TransferTimeouts timeouts) {
  CURL* handle = transfer.easy.get();
  curl_easy_reset(handle);
  transfer.url = std::move(url);
  transfer.body.clear();
  transfer.status = 0;
  transfer.retry_after.reset();
  transfer.error_buffer[0] = '\0';
  curl_slist_free_all(transfer.headers);
  transfer.headers = nullptr;
  transfer.headers = curl_slist_append(transfer.headers, ("x-access-token: " + token).c_str());
  transfer.headers = curl_slist_append(transfer.headers, "Accept: application/json");
  curl_easy_setopt(handle, CURLOPT_URL, transfer.url.c_str());
  curl_easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(handle, CURLOPT_USERAGENT, "reelhouse/0.1 (+libcurl; prices ingestion)");
  curl_easy_setopt(handle, CURLOPT_HTTPHEADER, transfer.headers);
  curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, transfer.error_buffer);
  curl_easy_setopt(handle, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(timeouts.connect.count()));
  curl_easy_setopt(handle, CURLOPT_TIMEOUT_MS,
                   static_cast<long>(std::max<int64_t>(1, timeouts.total.count())));
  curl_easy_setopt(handle, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(handle, CURLOPT_HEADERDATA, &transfer);
  curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(handle, CURLOPT_WRITEDATA, &transfer);
  curl_easy_setopt(handle, CURLOPT_PRIVATE, &transfer);
}

Result<> finish_transfer(ProviderTransfer& transfer, CURLcode code) {
  long status = 0;
  curl_easy_getinfo(transfer.easy.get(), CURLINFO_RESPONSE_CODE, &status);
  transfer.status = status;
  if (status >= 400) {
    return std::unexpected(
        fetch::error_for_http_status(status, transfer.url, transfer.retry_after));
  }
  if (code != CURLE_OK) {
    return std::unexpected(fetch::error_for_curl_code(code, transfer.error_buffer, transfer.url));
  }
  if (status < 200 || status >= 300) {
    return make_error(ErrorCode::http, "unexpected HTTP {} from {}", status, transfer.url);
  }
  return {};
}

}  // namespace reelhouse::providers::ingest
