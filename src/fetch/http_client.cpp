#include "fetch/http_client.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <mutex>
#include <utility>

namespace reelhouse::fetch {

namespace {

constexpr long k_max_redirects = 10;
constexpr size_t k_error_body_excerpt = 200;
constexpr const char* k_user_agent = "reelhouse/0.1 (+libcurl)";

std::string lower(std::string_view text) {
  std::string lowered(text);
  std::transform(lowered.begin(), lowered.end(), lowered.begin(),
                 [](unsigned char character) { return std::tolower(character); });
  return lowered;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  return text;
}

std::optional<uint64_t> parse_unsigned(std::string_view text) {
  uint64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || text.empty()) {
    return std::nullopt;
  }
  return value;
}

// State shared with curl's callbacks during one transfer.
struct TransferState {
  const BodySink* sink = nullptr;
  ResponseHead head;
  std::optional<Error> sink_error;
  uint64_t body_bytes = 0;
  std::string error_body;  // the start of a non-2xx body, for the error message
};

void record_header(ResponseHead& head, std::string_view line) {
  line = trim(line);
  if (line.starts_with("HTTP/")) {
    // A new response (redirect hop, 100 Continue, the final answer): forget the previous one.
    head = ResponseHead{};
    const size_t space = line.find(' ');
    if (space != std::string_view::npos) {
      const auto status = parse_unsigned(trim(line.substr(space + 1, 3)));
      head.status = status ? static_cast<long>(*status) : 0;
    }
    return;
  }
  const size_t colon = line.find(':');
  if (colon == std::string_view::npos) return;
  const std::string name = lower(trim(line.substr(0, colon)));
  const std::string_view value = trim(line.substr(colon + 1));
  if (name == "etag") {
    head.etag = std::string(value);
  } else if (name == "last-modified") {
    head.last_modified = std::string(value);
  } else if (name == "accept-ranges") {
    head.accepts_ranges = lower(value) == "bytes";
  } else if (name == "content-length") {
    head.content_length = parse_unsigned(value);
  } else if (name == "content-range") {
    head.content_range = parse_content_range(value);
  } else if (name == "retry-after") {
    head.retry_after = parse_retry_after(value, std::chrono::system_clock::now());
  }
}

size_t on_header(char* data, size_t size, size_t count, void* user_data) {
  auto* state = static_cast<TransferState*>(user_data);
  record_header(state->head, std::string_view(data, size * count));
  return size * count;
}

size_t on_body(char* data, size_t size, size_t count, void* user_data) {
  auto* state = static_cast<TransferState*>(user_data);
  const std::string_view chunk(data, size * count);
  const bool success_status = state->head.status >= 200 && state->head.status < 300;
  if (!success_status) {
    // Never let an error page reach the file; keep its start to explain the failure.
    const size_t room =
        k_error_body_excerpt - std::min(k_error_body_excerpt, state->error_body.size());
    state->error_body.append(chunk.substr(0, room));
    return chunk.size();
  }
  if (Result<> accepted = (*state->sink)(state->head, chunk); !accepted) {
    state->sink_error = std::move(accepted.error());
    return CURL_WRITEFUNC_ERROR;
  }
  state->body_bytes += chunk.size();
  return chunk.size();
}

void configure(CURL* handle, const HttpRequest& request, TransferState& state, char* error_buffer,
               std::string& range) {
  curl_easy_reset(handle);
  curl_easy_setopt(handle, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(handle, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(handle, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(handle, CURLOPT_MAXREDIRS, k_max_redirects);
  curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);  // signals and threads do not mix
  curl_easy_setopt(handle, CURLOPT_USERAGENT, k_user_agent);
  curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, error_buffer);
  curl_easy_setopt(handle, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(request.connect_timeout.count() * 1000));
  curl_easy_setopt(handle, CURLOPT_TIMEOUT_MS,
                   static_cast<long>(request.total_timeout.count() * 1000));
  curl_easy_setopt(handle, CURLOPT_LOW_SPEED_LIMIT, k_low_speed_bytes_per_second);
  curl_easy_setopt(handle, CURLOPT_LOW_SPEED_TIME,
                   static_cast<long>(request.low_speed_time.count()));
  curl_easy_setopt(handle, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(handle, CURLOPT_HEADERDATA, &state);
  curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(handle, CURLOPT_WRITEDATA, &state);
  if (request.method == HttpMethod::head) curl_easy_setopt(handle, CURLOPT_NOBODY, 1L);
  // CURLOPT_RANGE rather than CURLOPT_RESUME_FROM_LARGE: with the latter curl itself fails a
  // 200 answer to a range request (CURLE_RANGE_ERROR), costing a second request; with a
  // plain Range header the caller sees the 200 and restarts from zero on the same response.
  if (request.range_from && *request.range_from > 0) {
    range = fmt::format("{}-", *request.range_from);
    curl_easy_setopt(handle, CURLOPT_RANGE, range.c_str());
  }
}

}  // namespace

Result<> ensure_curl_global_init() {
  static std::once_flag once;
  static CURLcode status = CURLE_OK;
  std::call_once(once, [] { status = curl_global_init(CURL_GLOBAL_DEFAULT); });
  if (status != CURLE_OK) {
    return make_error(ErrorCode::internal, "cannot initialise libcurl: {}",
                      curl_easy_strerror(status));
  }
  return {};
}

Result<CurlEasy> CurlEasy::create() {
  TRY(ensure_curl_global_init());
  CURL* handle = curl_easy_init();
  if (handle == nullptr) return make_error(ErrorCode::internal, "cannot create a curl handle");
  return CurlEasy(handle);
}

CurlEasy::CurlEasy(CurlEasy&& other) noexcept : m_handle(std::exchange(other.m_handle, nullptr)) {}

CurlEasy& CurlEasy::operator=(CurlEasy&& other) noexcept {
  if (this != &other) {
    if (m_handle != nullptr) curl_easy_cleanup(m_handle);
    m_handle = std::exchange(other.m_handle, nullptr);
  }
  return *this;
}

CurlEasy::~CurlEasy() {
  if (m_handle != nullptr) curl_easy_cleanup(m_handle);
}

HttpOutcome http_perform(CurlEasy& easy, const HttpRequest& request, const BodySink& sink) {
  TransferState state;
  state.sink = &sink;
  char error_buffer[CURL_ERROR_SIZE] = {};
  std::string range;
  curl_slist* headers = nullptr;
  configure(easy.get(), request, state, error_buffer, range);
  if (request.range_from && *request.range_from > 0 && request.if_range) {
    headers = curl_slist_append(headers, fmt::format("If-Range: {}", *request.if_range).c_str());
    curl_easy_setopt(easy.get(), CURLOPT_HTTPHEADER, headers);
  }
  const CURLcode code = curl_easy_perform(easy.get());
  curl_slist_free_all(headers);
  curl_easy_setopt(easy.get(), CURLOPT_HTTPHEADER, nullptr);

  long status = 0;
  curl_easy_getinfo(easy.get(), CURLINFO_RESPONSE_CODE, &status);
  if (status != 0) state.head.status = status;

  HttpOutcome outcome;
  outcome.body_bytes = state.body_bytes;
  if (state.sink_error) {
    outcome.result = std::unexpected(std::move(*state.sink_error));
  } else if (state.head.status >= 400) {
    Error error = error_for_http_status(state.head.status, request.url, state.head.retry_after);
    const std::string_view excerpt = trim(state.error_body);
    if (!excerpt.empty()) error.message += fmt::format(" — server said: {}", excerpt);
    outcome.result = std::unexpected(std::move(error));
  } else if (code != CURLE_OK) {
    outcome.result = std::unexpected(error_for_curl_code(code, error_buffer, request.url));
  } else if (state.head.status < 200 || state.head.status >= 300) {
    outcome.result =
        make_error(ErrorCode::http, "unexpected HTTP {} from {}", state.head.status, request.url);
  }
  outcome.head = std::move(state.head);
  return outcome;
}

Error error_for_http_status(long status, std::string_view url,
                            std::optional<std::chrono::seconds> retry_after) {
  if (status == 404 || status == 410) {
    return Error{ErrorCode::not_found,
                 fmt::format("{} does not exist (HTTP {}): check the source URL in the "
                             "configuration",
                             url, status)};
  }
  if (status == 401 || status == 403) {
    return Error{ErrorCode::http,
                 fmt::format("access to {} was refused (HTTP {}): check the URL and any "
                             "credentials it needs",
                             url, status)};
  }
  if (status == 429) {
    const std::string wait =
        retry_after ? fmt::format("; the server asks to retry after {} s", retry_after->count())
                    : std::string();
    return Error{ErrorCode::rate_limited,
                 fmt::format("{} is rate limited (HTTP 429){}", url, wait)};
  }
  if (status >= 500) {
    return Error{
        ErrorCode::server_error,
        fmt::format("server error from {} (HTTP {}); retrying later may succeed", url, status)};
  }
  return Error{ErrorCode::http, fmt::format("HTTP {} from {}", status, url)};
}

Error error_for_curl_code(CURLcode code, std::string_view detail, std::string_view url) {
  const std::string reason = detail.empty() ? curl_easy_strerror(code) : std::string(detail);
  switch (code) {
    case CURLE_OPERATION_TIMEDOUT:
      return Error{ErrorCode::timeout, fmt::format("timed out fetching {}: {}", url, reason)};
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
    case CURLE_WEIRD_SERVER_REPLY:
    case CURLE_AGAIN:
      return Error{ErrorCode::connection,
                   fmt::format("connection problem fetching {}: {}", url, reason)};
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT:
      return Error{ErrorCode::invalid_argument,
                   fmt::format("cannot fetch {}: {} (only http, https and file URLs are "
                               "supported)",
                               url, reason)};
    case CURLE_WRITE_ERROR:
      return Error{ErrorCode::io, fmt::format("cannot store the body of {}: {}", url, reason)};
    case CURLE_ABORTED_BY_CALLBACK:
      return Error{ErrorCode::cancelled, fmt::format("fetching {} was cancelled", url)};
    default:
      return Error{ErrorCode::http, fmt::format("cannot fetch {}: {}", url, reason)};
  }
}

std::optional<std::chrono::seconds> parse_retry_after(std::string_view value,
                                                      std::chrono::system_clock::time_point now) {
  value = trim(value);
  if (const auto seconds = parse_unsigned(value)) {
    return std::chrono::seconds{static_cast<int64_t>(*seconds)};
  }
  const std::string text(value);
  const time_t when = curl_getdate(text.c_str(), nullptr);
  if (when < 0) return std::nullopt;
  const auto delay = std::chrono::system_clock::from_time_t(when) - now;
  return std::max(std::chrono::seconds{0}, std::chrono::ceil<std::chrono::seconds>(delay));
}

std::optional<ContentRange> parse_content_range(std::string_view value) {
  value = trim(value);
  if (!value.starts_with("bytes ")) return std::nullopt;
  value.remove_prefix(6);
  const size_t dash = value.find('-');
  const size_t slash = value.find('/');
  if (dash == std::string_view::npos || slash == std::string_view::npos || slash < dash) {
    return std::nullopt;
  }
  const auto first = parse_unsigned(trim(value.substr(0, dash)));
  const auto last = parse_unsigned(trim(value.substr(dash + 1, slash - dash - 1)));
  if (!first || !last || *last < *first) return std::nullopt;
  ContentRange range{*first, *last, std::nullopt};
  const std::string_view total = trim(value.substr(slash + 1));
  if (total != "*") {
    range.total = parse_unsigned(total);
    if (!range.total) return std::nullopt;
  }
  return range;
}

}  // namespace reelhouse::fetch
