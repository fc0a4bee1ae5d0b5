#include "fetch/http_download.hpp"

#include <random>
#include <thread>

#include "fetch/backoff.hpp"
#include "fetch/http_client.hpp"

namespace reelhouse::fetch {

namespace {

// What the server told us about the resource, deciding whether a broken body can be resumed.
struct ResourceIdentity {
  std::optional<std::string> etag;
  std::optional<std::string> last_modified;
  bool accepts_ranges = false;

  bool resumable() const { return accepts_ranges || etag || last_modified; }

  // If-Range takes a strong ETag or a date; a weak ETag ("W/…") is not allowed there.
  std::optional<std::string> if_range() const {
    if (etag && !etag->starts_with("W/")) return etag;
    return last_modified;
  }

  void learn(const ResponseHead& head) {
    if (head.etag) etag = head.etag;
    if (head.last_modified) last_modified = head.last_modified;
    accepts_ranges = accepts_ranges || head.accepts_ranges || head.status == 206;
  }
};

// The bytes the complete file should have, when the response says so.
std::optional<uint64_t> expected_total(const ResponseHead& head, uint64_t requested_from) {
  if (head.status != 206) return head.content_length;
  if (head.content_range && head.content_range->total) return head.content_range->total;
  if (head.content_length) return requested_from + *head.content_length;
  return std::nullopt;
}

// Called with the head of the response before its first body byte: decides whether the body
// continues the part file (206 at the right offset) or replaces it (200).
Result<> begin_body(const ResponseHead& head, uint64_t requested_from, PartFile& part,
                    ProgressBar& progress, const std::string& url) {
  if (requested_from > 0 && head.status == 206) {
    if (!head.content_range || head.content_range->first != requested_from) {
      TRY(part.reset());  // the next attempt starts from zero rather than trust this server
      return make_error(ErrorCode::connection,
                        "{} answered a range request for bytes {}- with a different range", url,
                        requested_from);
    }
  } else if (part.size() > 0) {
    TRY(part.reset());  // a full answer (200): the server ignored or refused our Range
  }
  progress.set_total(expected_total(head, requested_from));
  return {};
}

void wait(const FetchPolicy& policy, std::chrono::milliseconds delay) {
  if (policy.sleep) {
    policy.sleep(delay);
  } else {
    std::this_thread::sleep_for(delay);
  }
}

Error gave_up(const Error& error, int attempts) {
  if (attempts == 1) return error;
  return error.with_context(
      fmt::format("gave up after {} attempt{}", attempts, attempts == 1 ? "" : "s"));
}

}  // namespace

Result<DownloadSummary> download_http(const std::string& url, PartFile& part,
                                      const FetchPolicy& policy, ProgressBar& progress) {
  CurlEasy easy = TRY(CurlEasy::create());
  std::mt19937_64 generator{std::random_device{}()};
  ResourceIdentity identity;
  int retry_index = 0;
  for (int attempt = 1; attempt <= policy.max_attempts; ++attempt) {
    HttpRequest request;
    request.url = url;
    request.connect_timeout = policy.connect_timeout;
    request.total_timeout = policy.total_timeout;
    request.low_speed_time = policy.low_speed_time;
    if (part.size() > 0 && identity.resumable()) {
      request.range_from = part.size();
      request.if_range = identity.if_range();
    } else if (part.size() > 0) {
      TRY(part.reset());  // nothing identifies the resource: the old bytes may not match
    }
    const uint64_t requested_from = request.range_from.value_or(0);
    bool body_started = false;
    const BodySink sink = [&](const ResponseHead& head, std::string_view chunk) -> Result<> {
      if (!body_started) {
        body_started = true;
        TRY(begin_body(head, requested_from, part, progress, url));
      }
      TRY(part.append(chunk));
      progress.update(part.size());
      return {};
    };
    HttpOutcome outcome = http_perform(easy, request, sink);
    const ResponseHead& head = outcome.head;
    if (head.status == 200 || head.status == 206) identity.learn(head);

    if (outcome.result) {
      if (!body_started && head.status == 200) TRY(part.reset());  // empty full body
      const std::optional<uint64_t> total = expected_total(head, requested_from);
      if (!total || part.size() == *total) {
        return DownloadSummary{identity.etag, identity.last_modified, attempt};
      }
      outcome.result = make_error(ErrorCode::connection, "{} ended after {} of {} bytes", url,
                                  part.size(), *total);
    }
    const Error& error = outcome.result.error();
    if (head.status == 416 && requested_from > 0) {
      // Our offset is past the end (the resource shrank or changed): start again at once.
      TRY(part.reset());
      if (attempt == policy.max_attempts) return std::unexpected(gave_up(error, attempt));
      continue;
    }
    if (!error.is_transient()) return std::unexpected(gave_up(error, attempt));
    if (attempt == policy.max_attempts) return std::unexpected(gave_up(error, attempt));

    std::chrono::milliseconds delay =
        full_jitter_delay(retry_index++, policy.backoff_initial, policy.backoff_max, generator);
    if (error.code == ErrorCode::rate_limited && head.retry_after) {
      if (*head.retry_after > policy.max_retry_after) {
        return make_error(ErrorCode::rate_limited,
                          "{} (longer than the {} s this fetch is willing to wait)", error.message,
                          policy.max_retry_after.count());
      }
      delay = std::max<std::chrono::milliseconds>(delay, *head.retry_after);
    }
    wait(policy, delay);
  }
  return make_error(ErrorCode::invalid_argument, "fetch policy allows no attempt (max_attempts {})",
                    policy.max_attempts);
}

}  // namespace reelhouse::fetch
