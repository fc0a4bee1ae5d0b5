// Signed S3 requests over libcurl with retries and S3-aware errors (see s3_client.hpp).
#include "objectstore/s3_client.hpp"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <random>
#include <thread>

#include "fetch/backoff.hpp"
#include "fetch/sha256.hpp"
#include "objectstore/s3_xml.hpp"

namespace reelhouse::objectstore::s3 {
namespace {

constexpr size_t k_max_error_body_bytes = 64 * 1024;
constexpr char k_user_agent[] = "reelhouse-objectstore/1";

struct SlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using Slist = std::unique_ptr<curl_slist, SlistDeleter>;

Result<> append_header(Slist& list, const std::string& line) {
  curl_slist* appended = curl_slist_append(list.get(), line.c_str());
  if (!appended) return make_error(ErrorCode::internal, "out of memory building HTTP headers");
  (void)list.release();
  list.reset(appended);
  return {};
}

// State shared with the curl callbacks of one attempt.
struct Transfer {
  const Request* request = nullptr;
  Response response;
  std::string_view upload;  // remaining PUT body
  std::string error_body;   // body of a non-2xx answer (capped)
  Error sink_error;
  bool sink_failed = false;
  bool success_status() const { return response.status >= 200 && response.status < 300; }
};

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r' ||
                           text.back() == '\n')) {
    text.remove_suffix(1);
  }
  return text;
}

bool header_is(std::string_view name, std::string_view wanted) {
  return name.size() == wanted.size() &&
         std::equal(name.begin(), name.end(), wanted.begin(), [](char left, char right) {
           return std::tolower(static_cast<unsigned char>(left)) == right;
         });
}

size_t on_header(char* data, size_t size, size_t count, void* user_data) {
  auto* transfer = static_cast<Transfer*>(user_data);
  const std::string_view line(data, size * count);
  Response& response = transfer->response;
  if (line.starts_with("HTTP/")) {
    // A new response (after "100 Continue" or a redirect): forget the previous head.
    const std::string_view after_version = line.substr(line.find(' ') + 1);
    long status = 0;
    std::from_chars(after_version.data(), after_version.data() + after_version.size(), status);
    response = Response{.status = status};
    return line.size();
  }
  const size_t colon = line.find(':');
  if (colon == std::string_view::npos) return line.size();
  const std::string_view name = line.substr(0, colon);
  const std::string_view value = trim(line.substr(colon + 1));
  if (header_is(name, "etag")) {
    response.etag = std::string(value);
  } else if (header_is(name, "content-length")) {
    uint64_t length = 0;
    const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), length);
    if (error == std::errc() && end == value.data() + value.size())
      response.content_length = length;
  } else if (header_is(name, "content-range")) {
    response.content_range = fetch::parse_content_range(value);
  } else if (header_is(name, "last-modified")) {
    response.last_modified = std::string(value);
  }
  return line.size();
}

size_t on_body(char* data, size_t size, size_t count, void* user_data) {
  auto* transfer = static_cast<Transfer*>(user_data);
  const std::string_view chunk(data, size * count);
  if (!transfer->success_status()) {
    const size_t room =
        k_max_error_body_bytes - std::min(k_max_error_body_bytes, transfer->error_body.size());
    transfer->error_body.append(chunk.substr(0, room));
    return chunk.size();
  }
  if (transfer->request->sink == nullptr) {
    transfer->response.body.append(chunk);
    return chunk.size();
  }
  Result<> written = transfer->request->sink->write(chunk);
  if (!written) {
    transfer->sink_error = written.error();
    transfer->sink_failed = true;
    return 0;  // aborts the transfer
  }
  return chunk.size();
}

size_t on_read(char* buffer, size_t size, size_t count, void* user_data) {
  auto* transfer = static_cast<Transfer*>(user_data);
  const size_t amount = std::min(size * count, transfer->upload.size());
  std::copy_n(transfer->upload.data(), amount, buffer);
  transfer->upload.remove_prefix(amount);
  return amount;
}

std::string range_header(const ByteRange& range) {
  if (!range.length) return fmt::format("Range: bytes={}-", range.offset);
  return fmt::format("Range: bytes={}-{}", range.offset, range.offset + *range.length - 1);
}

std::string credential_hint(std::string_view code) {
  if (code == "SignatureDoesNotMatch" || code == "InvalidAccessKeyId" || code == "AccessDenied" ||
      code == "InvalidToken" || code == "ExpiredToken") {
    return "; check AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN) and "
           "lake.region";
  }
  if (code == "NoSuchBucket") return "; create the bucket or fix lake.url";
  if (code == "AuthorizationHeaderMalformed") return "; check lake.region";
  if (code == "RequestTimeTooSkewed") return "; the local clock is off: synchronise it";
  return {};
}

}  // namespace

Result<Credentials> credentials_from_environment() {
  const char* access_key = std::getenv("AWS_ACCESS_KEY_ID");
  const char* secret_key = std::getenv("AWS_SECRET_ACCESS_KEY");
  if (access_key == nullptr || *access_key == '\0') {
    return make_error(ErrorCode::config,
                      "AWS_ACCESS_KEY_ID is not set: an S3 lake takes its credentials from "
                      "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment");
  }
  if (secret_key == nullptr || *secret_key == '\0') {
    return make_error(ErrorCode::config,
                      "AWS_SECRET_ACCESS_KEY is not set: an S3 lake takes its credentials from "
                      "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment");
  }
  const char* session_token = std::getenv("AWS_SESSION_TOKEN");
  return Credentials{.access_key_id = access_key,
                     .secret_access_key = secret_key,
                     .session_token = session_token ? session_token : ""};
}

std::string_view method_name(Method method) {
  switch (method) {
    case Method::get:
      return "GET";
    case Method::head:
      return "HEAD";
    case Method::put:
      return "PUT";
    case Method::post:
      return "POST";
    case Method::del:
      return "DELETE";
  }
  return "?";
}

std::string uri_encode(std::string_view text, bool keep_slash) {
  constexpr char k_hex[] = "0123456789ABCDEF";
  std::string encoded;
  encoded.reserve(text.size());
  for (const char character : text) {
    const auto byte = static_cast<unsigned char>(character);
    const bool unreserved = (byte >= 'A' && byte <= 'Z') || (byte >= 'a' && byte <= 'z') ||
                            (byte >= '0' && byte <= '9') || byte == '-' || byte == '_' ||
                            byte == '.' || byte == '~' || (keep_slash && byte == '/');
    if (unreserved) {
      encoded += character;
    } else {
      encoded += '%';
      encoded += k_hex[byte >> 4];
      encoded += k_hex[byte & 0x0F];
    }
  }
  return encoded;
}

std::string canonical_query(std::vector<std::pair<std::string, std::string>> parameters) {
  for (auto& [name, value] : parameters) {
    name = uri_encode(name, false);
    value = uri_encode(value, false);
  }
  std::sort(parameters.begin(), parameters.end());
  std::string query;
  for (const auto& [name, value] : parameters) {
    if (!query.empty()) query += '&';
    query += name;
    query += '=';
    query += value;
  }
  return query;
}

Result<std::unique_ptr<S3Client>> S3Client::create(ClientOptions options) {
  if (!options.endpoint.starts_with("http://") && !options.endpoint.starts_with("https://")) {
    return make_error(ErrorCode::config,
                      "lake.endpoint \"{}\" must start with http:// or https:// (for example "
                      "https://s3.eu-west-1.amazonaws.com or http://127.0.0.1:9000)",
                      options.endpoint);
  }
  while (options.endpoint.ends_with('/')) options.endpoint.pop_back();
  if (options.bucket.empty()) return make_error(ErrorCode::config, "the S3 bucket name is empty");
  if (options.region.empty()) {
    return make_error(ErrorCode::config, "lake.region is empty (use us-east-1 for most S3 clones)");
  }
  if (options.retry.max_attempts < 1) options.retry.max_attempts = 1;
  TRY(fetch::ensure_curl_global_init());
  return std::unique_ptr<S3Client>(new S3Client(std::move(options)));
}

std::string S3Client::describe_key(std::string_view key) const {
  return fmt::format("s3://{}/{}", m_options.bucket, key);
}

Result<fetch::CurlEasy> S3Client::acquire_handle() {
  {
    std::lock_guard lock(m_pool_mutex);
    if (!m_pool.empty()) {
      fetch::CurlEasy handle = std::move(m_pool.back());
      m_pool.pop_back();
      return handle;
    }
  }
  return fetch::CurlEasy::create();
}

void S3Client::release_handle(fetch::CurlEasy handle) {
  curl_easy_reset(handle.get());  // keeps the connection cache
  std::lock_guard lock(m_pool_mutex);
  m_pool.push_back(std::move(handle));
}

Result<Response> S3Client::perform(const Request& request) {
  const std::string payload_sha256 = fetch::sha256_hex(request.body);
  fetch::CurlEasy easy = TRY(acquire_handle());
  std::mt19937_64 generator(std::random_device{}());
  Result<Response> result;
  for (int attempt = 0; attempt < m_options.retry.max_attempts; ++attempt) {
    if (attempt > 0) {
      std::this_thread::sleep_for(fetch::full_jitter_delay(
          attempt - 1, m_options.retry.initial_delay, m_options.retry.max_delay, generator));
      if (request.sink != nullptr) {
        if (Result<> restarted = request.sink->restart(); !restarted) {
          result = std::unexpected(restarted.error());
          break;
        }
      }
      // A failed transfer may leave the connection in an unknown state: start afresh.
      curl_easy_reset(easy.get());
    }
    result = perform_once(easy, request, payload_sha256);
    if (result || !result.error().is_transient()) break;
  }
  release_handle(std::move(easy));
  if (!result && result.error().is_transient() && m_options.retry.max_attempts > 1) {
    return std::unexpected(result.error().with_context(
        fmt::format("gave up after {} attempts", m_options.retry.max_attempts)));
  }
  return result;
}

Result<Response> S3Client::perform_once(fetch::CurlEasy& easy, const Request& request,
                                        const std::string& payload_sha256) {
  CURL* handle = easy.get();
  std::string url = fmt::format("{}/{}", m_options.endpoint, m_options.bucket);
  if (!request.key.empty()) {
    url += '/';
    url += uri_encode(request.key, true);
  }
  if (!request.query.empty()) {
    url += '?';
    url += canonical_query(request.query);
  }

  Slist headers;
  TRY(append_header(headers, "x-amz-content-sha256: " + payload_sha256));
  if (!m_options.credentials.session_token.empty()) {
    TRY(append_header(headers, "x-amz-security-token: " + m_options.credentials.session_token));
  }
  if (request.range) TRY(append_header(headers, range_header(*request.range)));
  for (const std::string& line : request.headers) TRY(append_header(headers, line));

  Transfer transfer;
  transfer.request = &request;
  transfer.upload = request.body;
  char error_buffer[CURL_ERROR_SIZE] = {};
  const std::string sigv4 = fmt::format("aws:amz:{}:s3", m_options.region);

  curl_easy_setopt(handle, CURLOPT_URL, url.c_str());
  curl_easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(handle, CURLOPT_USERAGENT, k_user_agent);
  curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, error_buffer);
  curl_easy_setopt(handle, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(m_options.connect_timeout.count() * 1000));
  curl_easy_setopt(handle, CURLOPT_TIMEOUT_MS,
                   static_cast<long>(m_options.request_timeout.count() * 1000));
  curl_easy_setopt(handle, CURLOPT_AWS_SIGV4, sigv4.c_str());
  curl_easy_setopt(handle, CURLOPT_USERNAME, m_options.credentials.access_key_id.c_str());
  curl_easy_setopt(handle, CURLOPT_PASSWORD, m_options.credentials.secret_access_key.c_str());
  curl_easy_setopt(handle, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(handle, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(handle, CURLOPT_HEADERDATA, &transfer);
  curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(handle, CURLOPT_WRITEDATA, &transfer);
  switch (request.method) {
    case Method::get:
      curl_easy_setopt(handle, CURLOPT_HTTPGET, 1L);
      break;
    case Method::head:
      curl_easy_setopt(handle, CURLOPT_NOBODY, 1L);
      break;
    case Method::put:
      curl_easy_setopt(handle, CURLOPT_UPLOAD, 1L);
      curl_easy_setopt(handle, CURLOPT_READFUNCTION, on_read);
      curl_easy_setopt(handle, CURLOPT_READDATA, &transfer);
      curl_easy_setopt(handle, CURLOPT_INFILESIZE_LARGE,
                       static_cast<curl_off_t>(request.body.size()));
      break;
    case Method::post:
      curl_easy_setopt(handle, CURLOPT_POST, 1L);
      curl_easy_setopt(handle, CURLOPT_POSTFIELDS, request.body.data());
      curl_easy_setopt(handle, CURLOPT_POSTFIELDSIZE_LARGE,
                       static_cast<curl_off_t>(request.body.size()));
      break;
    case Method::del:
      curl_easy_setopt(handle, CURLOPT_CUSTOMREQUEST, "DELETE");
      break;
  }

  const CURLcode code = curl_easy_perform(handle);
  // The options point into this frame: drop them before the handle is reused.
  curl_easy_setopt(handle, CURLOPT_HTTPHEADER, nullptr);
  curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, nullptr);
  const std::string context =
      fmt::format("S3 {} {}", method_name(request.method), describe_key(request.key));
  if (transfer.sink_failed) return std::unexpected(transfer.sink_error.with_context(context));
  if (code != CURLE_OK) {
    return std::unexpected(
        fetch::error_for_curl_code(code, error_buffer, url).with_context(context));
  }
  if (!transfer.success_status()) {
    return std::unexpected(
        error_for_s3_status(*this, request, transfer.response.status, transfer.error_body));
  }
  return std::move(transfer.response);
}

Error error_for_s3_status(const S3Client& client, const Request& request, long status,
                          std::string_view body) {
  const std::optional<S3ErrorBody> parsed = parse_error_body(body);
  const std::string code_text = parsed ? parsed->code : std::string();
  ErrorCode code = ErrorCode::http;
  if (code_text == "NoSuchBucket") {
    code = ErrorCode::config;  // a wrong lake.url, not a missing object
  } else if (status == 404) {
    code = ErrorCode::not_found;
  } else if (status == 429 || code_text == "SlowDown") {
    code = ErrorCode::rate_limited;
  } else if (status >= 500) {
    code = ErrorCode::server_error;
  } else if (status == 408 || code_text == "RequestTimeout") {
    code = ErrorCode::timeout;
  }
  std::string detail;
  if (parsed) {
    detail = fmt::format(" {}: {}", parsed->code, parsed->message);
    if (!parsed->request_id.empty()) detail += fmt::format(" (request id {})", parsed->request_id);
  } else if (request.method == Method::head) {
    detail = " (a HEAD answer has no error body)";
  }
  return Error{code, fmt::format("S3 {} {} (endpoint {}, region {}): HTTP {}{}{}",
                                 method_name(request.method), client.describe_key(request.key),
                                 client.options().endpoint, client.options().region, status, detail,
                                 credential_hint(code_text))};
}

}  // namespace reelhouse::objectstore::s3
