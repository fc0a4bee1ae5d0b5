// RequestLog: one JSON line per attempt a run made against one provider, for the
// `provider_requests` landing table and the `provider_health` product.
//
// File: raw/providers/<provider>/ingest_date=D/requests/run-<run_id>.jsonl. Each line holds
// provider, endpoint ("movies" | "movie"), movie_id ("" for the list), attempt (1…),
// started_at (UTC ISO-8601 ms), latency_ms, status (0 when no response), outcome (see
// request_outcome.hpp), retry_after_ms (null unless the server sent Retry-After) and hedge
// (true for a hedged duplicate of a slow attempt, see hedge_delay.hpp).
//
// The whole file is rewritten atomically (util::write_file_atomically) by flush(): the engine
// flushes every k_flush_every attempts and when the run ends, so a killed run loses at most
// the attempts since the last flush and a reader never sees a torn line. When the file already
// exists (the same run id resumed), its lines are kept and new ones appended after them.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "providers/ingest/request_outcome.hpp"

namespace reelhouse::providers::ingest {

struct AttemptRecord {
  std::string provider{};
  std::string endpoint{};  // "movies" or "movie"
  std::string movie_id{};  // "" for the list
  int attempt = 0;
  std::string started_at{};
  int64_t latency_ms = 0;
  long status = 0;
  RequestOutcome outcome = RequestOutcome::ok;
  std::optional<int64_t> retry_after_ms{};
  bool hedge = false;  // a duplicate started because an earlier attempt was slow
};

std::string attempt_record_to_json(const AttemptRecord& record);

class RequestLog {
 public:
  static constexpr int64_t k_flush_every = 1000;

  // The log of `run_id` in `date_directory` (not created until the first flush).
  RequestLog(const std::filesystem::path& date_directory, int64_t run_id);

  const std::filesystem::path& path() const { return m_path; }

  // Adds one attempt. Returns true when k_flush_every attempts have accumulated since the
  // last flush (the caller then flushes).
  bool append(const AttemptRecord& record);

  // Writes every line so far (atomically). No-op when nothing was ever appended.
  // Errors: io, naming the file.
  Result<> flush();

  int64_t attempts() const { return m_attempts; }

 private:
  std::filesystem::path m_path;
  std::string m_lines;  // previous content of the file (if any) followed by our lines
  int64_t m_attempts = 0;
  int64_t m_unflushed = 0;
};

}  // namespace reelhouse::providers::ingest
