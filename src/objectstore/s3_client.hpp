// S3Client: signed requests to one bucket of an S3-compatible server, over libcurl.
//
// Addressing is path-style (`<endpoint>/<bucket>/<key>`), which every S3 clone supports and
// which needs no DNS per bucket. Requests are signed by libcurl itself (CURLOPT_AWS_SIGV4 =
// "aws:amz:<region>:s3"). Two things libcurl 7.88 (Debian 12) leaves to the caller, found by
// checking its signatures against a SigV4 verifier (tests/support/s3rver_launcher.cjs):
//   - it does not add x-amz-content-sha256, which S3 requires on every request; when the
//     header is set, libcurl signs it and uses its value as the payload hash. So every request
//     carries the real SHA-256 of its body (bodies are in memory: at most one part), which
//     also lets S3 reject a body corrupted in transit (XAmzContentSHA256Mismatch).
//   - it signs the query string as given, without sorting or normalising it, while S3 signs
//     the canonical form. So the query is built canonical: names sorted, every name and
//     value URI-encoded, "name=" for empty values (`?uploads=`, not `?uploads`).
//
// Each request is retried with full-jitter backoff (fetch/backoff.hpp) while its failure is
// transient: connection errors and timeouts, HTTP 5xx, 429, S3's SlowDown and RequestTimeout.
// A missing bucket (NoSuchBucket) is a config error, so that it is never mistaken for a
// missing object (not_found). Errors name the operation, s3://bucket/key, the HTTP status and S3's
// error code and message, and say what to check for credential and bucket errors. Curl handles are
// pooled (their connections kept alive) and the client is safe to use from several threads.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.hpp"
#include "fetch/http_client.hpp"
#include "objectstore/object_store.hpp"

namespace reelhouse::objectstore::s3 {

struct Credentials {
  std::string access_key_id{};
  std::string secret_access_key{};
  std::string session_token{};  // AWS_SESSION_TOKEN, for temporary credentials; may be empty
};

// AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and (optional) AWS_SESSION_TOKEN.
// Errors: config, naming the missing variable. Credentials never come from the command line.
Result<Credentials> credentials_from_environment();

struct RetryPolicy {
  int max_attempts = 5;  // including the first
  std::chrono::milliseconds initial_delay{200};
  std::chrono::milliseconds max_delay{5000};
};

struct ClientOptions {
  std::string endpoint{};  // "http://127.0.0.1:9000" or "https://s3.eu-west-1.amazonaws.com"
  std::string region = "us-east-1";
  std::string bucket{};
  Credentials credentials{};
  RetryPolicy retry{};
  std::chrono::seconds connect_timeout{10};
  std::chrono::seconds request_timeout{900};  // one attempt, whole transfer
};

enum class Method { get, head, put, post, del };

std::string_view method_name(Method method);

// Receives the body of a successful response. restart() is called before each attempt after
// the first, so a retried download starts over.
class BodySink {
 public:
  virtual ~BodySink() = default;
  virtual Result<> restart() = 0;
  virtual Result<> write(std::string_view chunk) = 0;
};

struct Request {
  Method method = Method::get;
  std::string key{};  // full key in the bucket; empty for a bucket-level call
  // Query parameters, unencoded; the client sorts and encodes them.
  std::vector<std::pair<std::string, std::string>> query{};
  std::vector<std::string> headers{};  // extra "Name: value" lines
  std::string_view body{};             // PUT/POST payload; must outlive the call
  std::optional<ByteRange> range{};    // GET only
  BodySink* sink = nullptr;            // where a 2xx body goes; nullptr: Response::body
};

struct Response {
  long status = 0;
  std::string body{};  // the 2xx body when Request::sink is null
  std::optional<std::string> etag{};
  std::optional<uint64_t> content_length{};
  std::optional<fetch::ContentRange> content_range{};
  std::optional<std::string> last_modified{};
};

class S3Client {
 public:
  // Errors: config when the endpoint is not http(s)://… or the bucket or region is empty.
  static Result<std::unique_ptr<S3Client>> create(ClientOptions options);

  // Performs `request` with retries; a final status outside 2xx is an error (see above).
  Result<Response> perform(const Request& request);

  const ClientOptions& options() const { return m_options; }

  // "s3://bucket/key" for messages.
  std::string describe_key(std::string_view key) const;

 private:
  explicit S3Client(ClientOptions options) : m_options(std::move(options)) {}

  Result<fetch::CurlEasy> acquire_handle();
  void release_handle(fetch::CurlEasy handle);
  // One attempt. Transient failures come back as transient errors.
  Result<Response> perform_once(fetch::CurlEasy& easy, const Request& request,
                                const std::string& payload_sha256);

  ClientOptions m_options;
  std::mutex m_pool_mutex;
  std::vector<fetch::CurlEasy> m_pool;
};

// URI-encodes as SigV4 wants: every byte but A-Z a-z 0-9 - _ . ~ (and '/' when keep_slash)
// as %XX with uppercase hex.
std::string uri_encode(std::string_view text, bool keep_slash);

// The canonical query string of `parameters`: sorted by name then value, encoded, "name=value"
// joined by '&'.
std::string canonical_query(std::vector<std::pair<std::string, std::string>> parameters);

// The error for a final HTTP status ≥ 300 of `request` (body: S3's <Error> document if any).
Error error_for_s3_status(const S3Client& client, const Request& request, long status,
                          std::string_view body);

}  // namespace reelhouse::objectstore::s3
