#include "providers/ingest/request_log.hpp"

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <system_error>

#include "util/atomic_file.hpp"

namespace reelhouse::providers::ingest {

std::string attempt_record_to_json(const AttemptRecord& record) {
  nlohmann::ordered_json json;
  json["provider"] = record.provider;
  json["endpoint"] = record.endpoint;
  json["movie_id"] = record.movie_id;
  json["attempt"] = record.attempt;
  json["started_at"] = record.started_at;
  json["latency_ms"] = record.latency_ms;
  json["status"] = record.status;
  json["outcome"] = to_string(record.outcome);
  json["retry_after_ms"] =
      record.retry_after_ms ? nlohmann::ordered_json(*record.retry_after_ms) : nullptr;
  json["hedge"] = record.hedge;
  return json.dump();
}

RequestLog::RequestLog(const std::filesystem::path& date_directory, int64_t run_id)
    : m_path(date_directory / "requests" / fmt::format("run-{}.jsonl", run_id)) {
  std::ifstream previous(m_path, std::ios::binary);
  if (previous) {
    std::ostringstream content;
    content << previous.rdbuf();
    m_lines = std::move(content).str();
    // Drop a last line without its newline: it cannot have been written by flush().
    const size_t last_newline = m_lines.rfind('\n');
    m_lines.resize(last_newline == std::string::npos ? 0 : last_newline + 1);
  }
}

bool RequestLog::append(const AttemptRecord& record) {
  m_lines += attempt_record_to_json(record);
  m_lines += '\n';
  ++m_attempts;
  return ++m_unflushed >= k_flush_every;
}

Result<> RequestLog::flush() {
  if (m_attempts == 0) return {};
  std::error_code error;
  std::filesystem::create_directories(m_path.parent_path(), error);
  if (error) {
    return make_error(ErrorCode::io, "cannot create {}: {}", m_path.parent_path().string(),
                      error.message());
  }
  TRY(util::write_file_atomically(m_path, m_lines));
  m_unflushed = 0;
  return {};
}

}  // namespace reelhouse::providers::ingest
