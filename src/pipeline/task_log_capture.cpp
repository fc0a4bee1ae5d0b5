#include "pipeline/task_log_capture.hpp"

#include <spdlog/sinks/sink.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <ctime>

#include "pipeline/run_context.hpp"

namespace reelhouse::pipeline {

namespace {

thread_local std::shared_ptr<TaskLogCapture> t_capture;

std::string_view level_name(spdlog::level::level_enum level) {
  switch (level) {
    case spdlog::level::trace:
      return "trace";
    case spdlog::level::debug:
      return "debug";
    case spdlog::level::info:
      return "info";
    case spdlog::level::warn:
      return "warning";
    case spdlog::level::err:
      return "error";
    default:
      return "critical";
  }
}

// The catalog's timestamp format: 2026-11-23T10:00:00.123Z.
std::string utc_timestamp(std::chrono::system_clock::time_point time) {
  const auto since_epoch = time.time_since_epoch();
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(since_epoch);
  const auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(since_epoch - seconds);
  const std::time_t whole = seconds.count();
  std::tm parts{};
  gmtime_r(&whole, &parts);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", parts.tm_year + 1900,
                     parts.tm_mon + 1, parts.tm_mday, parts.tm_hour, parts.tm_min, parts.tm_sec,
                     millis.count());
}

// Copies the lines of bound threads into their capture; ignores every other line. Keeps the
// message text only (no pattern): the catalog stores level and time in their own columns.
class CaptureSink final : public spdlog::sinks::sink {
 public:
  void log(const spdlog::details::log_msg& message) override {
    const auto capture = t_capture;
    if (!capture) return;
    capture->append(std::string(level_name(message.level)), utc_timestamp(message.time),
                    std::string(message.payload.data(), message.payload.size()));
  }
  void flush() override {}
  void set_pattern(const std::string&) override {}
  void set_formatter(std::unique_ptr<spdlog::formatter>) override {}
};

std::shared_ptr<CaptureSink> capture_sink() {
  static const auto sink = std::make_shared<CaptureSink>();
  return sink;
}

}  // namespace

TaskLogCapture::TaskLogCapture(int64_t run_id, std::string task, int attempt, size_t max_lines)
    : m_run_id(run_id), m_task(std::move(task)), m_attempt(attempt), m_max_lines(max_lines) {}

void TaskLogCapture::append(std::string level, std::string logged_at, std::string message) {
  std::lock_guard lock(m_mutex);
  if (m_kept >= m_max_lines) {
    ++m_dropped;
    return;
  }
  ++m_kept;
  m_lines.push_back({.run_id = m_run_id,
                     .task = m_task,
                     .attempt = m_attempt,
                     .seq = m_next_seq++,
                     .logged_at = std::move(logged_at),
                     .level = std::move(level),
                     .message = std::move(message)});
}

std::vector<catalog::TaskLogLine> TaskLogCapture::take_lines() {
  std::lock_guard lock(m_mutex);
  std::vector<catalog::TaskLogLine> lines = std::move(m_lines);
  m_lines.clear();
  if (m_dropped > 0) {
    lines.push_back({.run_id = m_run_id,
                     .task = m_task,
                     .attempt = m_attempt,
                     .seq = m_next_seq++,
                     .logged_at = utc_timestamp(std::chrono::system_clock::now()),
                     .level = "warning",
                     .message = fmt::format("… {} lines dropped (only the first {} lines of an "
                                            "attempt are kept)",
                                            m_dropped, m_max_lines)});
    m_dropped = 0;
  }
  return lines;
}

void install_task_log_sink() {
  static std::mutex install_mutex;
  std::lock_guard lock(install_mutex);
  const auto logger = spdlog::default_logger();
  if (!logger) return;
  auto& sinks = logger->sinks();
  const auto sink = capture_sink();
  if (std::ranges::find(sinks, sink) == sinks.end()) sinks.push_back(sink);
}

TaskLogScope::TaskLogScope(int64_t run_id, std::string task, int attempt, size_t max_lines)
    : m_capture(std::make_shared<TaskLogCapture>(run_id, std::move(task), attempt, max_lines)),
      m_previous(t_capture) {
  install_task_log_sink();
  t_capture = m_capture;
}

TaskLogScope::~TaskLogScope() {
  t_capture = std::move(m_previous);
}

std::shared_ptr<TaskLogCapture> current_task_log_capture() {
  return t_capture;
}

TaskLogThreadBinding::TaskLogThreadBinding(std::shared_ptr<TaskLogCapture> capture)
    : m_previous(std::exchange(t_capture, std::move(capture))) {}

TaskLogThreadBinding::~TaskLogThreadBinding() {
  t_capture = std::move(m_previous);
}

AttemptLogCapture::AttemptLogCapture(RunContext& context, std::string task, int attempt)
    : m_context(context) {
  m_scope.emplace(context.run_id(), std::move(task), attempt);
}

AttemptLogCapture::~AttemptLogCapture() {
  auto lines = m_scope->take_lines();
  m_scope.reset();  // unbind first: the warning below must not be captured
  if (lines.empty()) return;
  const auto stored = m_context.with_catalog(
      [&](catalog::Catalog& catalog) { return catalog.append_task_logs(lines); });
  if (!stored) {
    spdlog::warn("could not store the {} log lines of task {} attempt {} of run {}: {}",
                 lines.size(), lines.front().task, lines.front().attempt, lines.front().run_id,
                 stored.error().message);
  }
}

}  // namespace reelhouse::pipeline
