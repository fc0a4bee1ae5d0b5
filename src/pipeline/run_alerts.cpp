#include "pipeline/run_alerts.hpp"

#include <curl/curl.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <map>
#include <random>
#include <thread>

#include "fetch/backoff.hpp"
#include "fetch/http_client.hpp"

extern char** environ;

namespace reelhouse::pipeline {

namespace {

using Clock = std::chrono::steady_clock;
using nlohmann::json;

// The backoff ceiling for retries of one alert channel.
constexpr std::chrono::milliseconds k_backoff_max{30'000};
// How much of a command's output or a webhook's answer an error message quotes.
constexpr size_t k_quoted_output_bytes = 512;

json optional_json(const std::optional<std::string>& text) {
  return text ? json(*text) : json(nullptr);
}

json text_or_null(const std::string& text) {
  return text.empty() ? json(nullptr) : json(text);
}

std::string quoted_tail(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) {
    text.pop_back();
  }
  if (text.size() > k_quoted_output_bytes) {
    text = "…" + text.substr(text.size() - k_quoted_output_bytes);
  }
  return text;
}

// Retries `attempt` (returning "" on success, else the error and whether it is worth
// retrying) up to alerts.max_attempts with full-jitter backoff.
template <typename Attempt>
AlertDelivery with_retries(const AlertsConfig& alerts, std::string_view what, Attempt&& attempt) {
  static thread_local std::mt19937_64 random{std::random_device{}()};
  const int max_attempts = static_cast<int>(std::max<int64_t>(1, alerts.max_attempts));
  AlertDelivery delivery;
  for (int number = 1; number <= max_attempts; ++number) {
    delivery.attempts = number;
    const auto [error, transient] = attempt();
    if (error.empty()) {
      delivery.delivered = true;
      delivery.error.clear();
      return delivery;
    }
    delivery.error = error;
    const bool retry = transient && number < max_attempts;
    spdlog::warn("alert {} attempt {} of {} failed{}: {}", what, number, max_attempts,
                 retry ? " (will retry)" : "", error);
    if (!retry) break;
    std::this_thread::sleep_for(fetch::full_jitter_delay(
        number - 1, std::chrono::milliseconds(alerts.backoff_initial_ms), k_backoff_max, random));
  }
  return delivery;
}

struct AttemptOutcome {
  std::string error{};  // "" = delivered
  bool transient = false;
};

// --- webhook ----------------------------------------------------------------------------

class CurlHeaders {
 public:
  CurlHeaders() = default;
  CurlHeaders(const CurlHeaders&) = delete;
  CurlHeaders& operator=(const CurlHeaders&) = delete;
  ~CurlHeaders() { curl_slist_free_all(m_list); }
  bool add(const char* header) {
    curl_slist* extended = curl_slist_append(m_list, header);
    if (extended == nullptr) return false;
    m_list = extended;
    return true;
  }
  curl_slist* get() const { return m_list; }

 private:
  curl_slist* m_list = nullptr;
};

size_t keep_answer(char* data, size_t size, size_t count, void* user) {
  auto& answer = *static_cast<std::string*>(user);
  const size_t bytes = size * count;
  if (answer.size() < k_quoted_output_bytes) {
    answer.append(data, std::min(bytes, k_quoted_output_bytes - answer.size()));
  }
  return bytes;
}

AttemptOutcome post_once(const AlertsConfig& alerts, const std::string& body) {
  auto easy = fetch::CurlEasy::create();
  if (!easy) return {.error = easy.error().message, .transient = false};
  CurlHeaders headers;
  if (!headers.add("Content-Type: application/json") || !headers.add("Expect:")) {
    return {.error = "out of memory building the webhook request", .transient = false};
  }
  CURL* handle = easy->get();
  char error_buffer[CURL_ERROR_SIZE] = {};
  std::string answer;
  curl_easy_setopt(handle, CURLOPT_URL, alerts.webhook_url.c_str());
  curl_easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(handle, CURLOPT_USERAGENT, "reelhouse-alerts");
  curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, error_buffer);
  curl_easy_setopt(handle, CURLOPT_TIMEOUT_MS, static_cast<long>(alerts.timeout_ms));
  curl_easy_setopt(handle, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(alerts.timeout_ms));
  curl_easy_setopt(handle, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(handle, CURLOPT_POSTFIELDS, body.data());
  curl_easy_setopt(handle, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, keep_answer);
  curl_easy_setopt(handle, CURLOPT_WRITEDATA, &answer);
  const CURLcode code = curl_easy_perform(handle);
  if (code != CURLE_OK) {
    const Error error = fetch::error_for_curl_code(code, error_buffer, alerts.webhook_url);
    return {.error = error.message, .transient = error.is_transient()};
  }
  long status = 0;
  curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &status);
  if (status >= 200 && status < 300) return {};
  Error error = status >= 400
                    ? fetch::error_for_http_status(status, alerts.webhook_url, std::nullopt)
                    : Error{.code = ErrorCode::http,
                            .message = fmt::format("{} answered HTTP {} (expected 2xx)",
                                                   alerts.webhook_url, status)};
  if (const auto quoted = quoted_tail(answer); !quoted.empty()) {
    error.message += fmt::format(" — it said: {}", quoted);
  }
  return {.error = error.message, .transient = error.is_transient()};
}

// --- command ----------------------------------------------------------------------------

class FileDescriptor {
 public:
  FileDescriptor() = default;
  explicit FileDescriptor(int fd) : m_fd(fd) {}
  FileDescriptor(FileDescriptor&& other) noexcept : m_fd(std::exchange(other.m_fd, -1)) {}
  FileDescriptor& operator=(FileDescriptor&&) = delete;
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  ~FileDescriptor() { reset(); }
  int get() const { return m_fd; }
  void reset() {
    if (m_fd >= 0) ::close(m_fd);
    m_fd = -1;
  }

 private:
  int m_fd = -1;
};

std::string errno_text() {
  return std::strerror(errno);
}

// Waits for `child` until `deadline`; kills its process group when the deadline passes.
// Returns the wait status, or nullopt when it had to be killed.
std::optional<int> reap(pid_t child, Clock::time_point deadline) {
  int status = 0;
  while (true) {
    const pid_t done = waitpid(child, &status, WNOHANG);
    if (done == child) return status;
    if (done < 0 && errno != EINTR) return status;
    if (Clock::now() >= deadline) {
      kill(-child, SIGKILL);
      kill(child, SIGKILL);
      while (waitpid(child, &status, 0) < 0 && errno == EINTR) {
      }
      return std::nullopt;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

AttemptOutcome run_command_once(const AlertsConfig& alerts, const std::string& body,
                                const std::vector<std::string>& environment) {
  // stdin is a socket so that writing to a command that does not read it gives EPIPE
  // (MSG_NOSIGNAL) instead of a SIGPIPE that would kill reelhouse.
  int input_pair[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, input_pair) != 0) {
    return {.error = fmt::format("cannot create the command's stdin: {}", errno_text())};
  }
  FileDescriptor input_ours(input_pair[0]);
  FileDescriptor input_theirs(input_pair[1]);
  int output_pipe[2];
  if (pipe2(output_pipe, O_CLOEXEC) != 0) {
    return {.error = fmt::format("cannot create the command's output pipe: {}", errno_text())};
  }
  FileDescriptor output_ours(output_pipe[0]);
  FileDescriptor output_theirs(output_pipe[1]);

  // Everything the child needs is prepared before fork: after it only async-signal-safe calls.
  std::vector<std::string> variables;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    variables.emplace_back(*entry);
  }
  variables.insert(variables.end(), environment.begin(), environment.end());
  std::vector<char*> envp;
  for (auto& variable : variables) envp.push_back(variable.data());
  envp.push_back(nullptr);
  const char* shell = "/bin/sh";
  std::string shell_name = shell;
  std::string dash_c = "-c";
  std::string command = alerts.command;
  std::array<char*, 4> argv{shell_name.data(), dash_c.data(), command.data(), nullptr};

  const auto deadline = Clock::now() + std::chrono::milliseconds(alerts.timeout_ms);
  const pid_t child = fork();
  if (child < 0) return {.error = fmt::format("cannot start /bin/sh: {}", errno_text())};
  if (child == 0) {
    setpgid(0, 0);  // its own group, so a timeout kills what the shell started too
    if (dup2(input_theirs.get(), STDIN_FILENO) < 0 ||
        dup2(output_theirs.get(), STDOUT_FILENO) < 0 ||
        dup2(output_theirs.get(), STDERR_FILENO) < 0) {
      _exit(127);
    }
    execve(shell, argv.data(), envp.data());
    _exit(127);
  }
  setpgid(child, child);  // also from here, whichever runs first
  input_theirs.reset();
  output_theirs.reset();

  // Feed stdin and collect the output until both are done or the deadline passes.
  size_t written = 0;
  std::string output;
  bool timed_out = false;
  std::string write_error;
  if (body.empty()) input_ours.reset();
  while (output_ours.get() >= 0) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) {
      timed_out = true;
      break;
    }
    pollfd fds[2] = {{.fd = output_ours.get(), .events = POLLIN, .revents = 0},
                     {.fd = input_ours.get(), .events = POLLOUT, .revents = 0}};
    const int ready = poll(fds, input_ours.get() >= 0 ? 2 : 1, static_cast<int>(left.count()));
    if (ready < 0 && errno != EINTR) break;
    if (ready <= 0) continue;
    if (input_ours.get() >= 0 && (fds[1].revents & (POLLOUT | POLLERR | POLLHUP)) != 0) {
      const ssize_t sent = send(input_ours.get(), body.data() + written, body.size() - written,
                                MSG_NOSIGNAL | MSG_DONTWAIT);
      if (sent < 0 && errno != EAGAIN && errno != EINTR) {
        // The command closed its stdin early; not an error by itself, its exit status says.
        if (errno != EPIPE && errno != ECONNRESET) write_error = errno_text();
        input_ours.reset();
      } else if (sent > 0) {
        written += static_cast<size_t>(sent);
        if (written == body.size()) input_ours.reset();  // EOF for the command
      }
    }
    if ((fds[0].revents & (POLLIN | POLLHUP | POLLERR)) != 0) {
      char buffer[4096];
      const ssize_t got = read(output_ours.get(), buffer, sizeof buffer);
      if (got > 0) {
        output.append(buffer, static_cast<size_t>(got));
        if (output.size() > 4 * k_quoted_output_bytes) {
          output.erase(0, output.size() - 2 * k_quoted_output_bytes);
        }
      } else if (got == 0 || errno != EINTR) {
        output_ours.reset();  // every writer closed: the command (and its children) ended
      }
    }
  }
  input_ours.reset();
  const auto status = reap(child, timed_out ? Clock::now() : deadline);
  const std::string quoted = quoted_tail(output);
  const std::string said = quoted.empty() ? "" : fmt::format(" — output: {}", quoted);
  if (timed_out || !status) {
    return {.error = fmt::format("alerts.command did not finish within {} ms (alerts.timeout_ms); "
                                 "killed{}",
                                 alerts.timeout_ms, said),
            .transient = true};
  }
  if (WIFSIGNALED(*status)) {
    return {
        .error = fmt::format("alerts.command was killed by signal {}{}", WTERMSIG(*status), said),
        .transient = true};
  }
  const int exit_code = WIFEXITED(*status) ? WEXITSTATUS(*status) : -1;
  if (exit_code != 0) {
    return {.error = fmt::format("alerts.command exited with status {}{}{}", exit_code,
                                 exit_code == 127 ? " (command not found?)" : "", said),
            .transient = true};
  }
  if (!write_error.empty()) {
    spdlog::warn("could not write the whole run summary to alerts.command: {}", write_error);
  }
  return {};
}

// --- summary ----------------------------------------------------------------------------

std::string one_line_summary(const catalog::RunRecord& run) {
  std::string text = fmt::format("run {} of {} for {} {}", run.run_id, run.pipeline,
                                 run.ingest_date, catalog::to_string(run.state));
  if (!run.error.empty()) text += fmt::format(": {}", run.error);
  if (run.partial) text += fmt::format(" (partial: {})", *run.partial);
  return text;
}

}  // namespace

Result<> validate_alerts_config(const AlertsConfig& alerts) {
  if (alerts.on != "failure" && alerts.on != "always" && alerts.on != "never") {
    return make_error(ErrorCode::config,
                      "alerts.on is \"{}\"; expected \"failure\", \"always\" or \"never\"",
                      alerts.on);
  }
  const std::string_view url = alerts.webhook_url;
  if (!url.empty() && !url.starts_with("http://") && !url.starts_with("https://")) {
    return make_error(ErrorCode::config,
                      "alerts.webhook_url \"{}\" is not an http:// or https:// URL", url);
  }
  return {};
}

bool run_needs_alert(const AlertsConfig& alerts, const catalog::RunRecord& run) {
  if (alerts.on == "never") return false;
  if (alerts.on == "always") return true;
  switch (run.state) {
    case catalog::RunState::failed:
      return true;
    case catalog::RunState::cancelled:
      return !run.error.starts_with("interrupted");
    case catalog::RunState::succeeded:
      return run.partial.has_value();
    case catalog::RunState::running:
      return false;
  }
  return false;
}

Result<json> run_summary_json(catalog::Catalog& catalog, int64_t run_id) {
  const auto found = TRY(catalog.run(run_id));
  if (!found) return make_error(ErrorCode::not_found, "run {} is not in the catalog", run_id);
  const catalog::RunRecord& run = *found;

  // The last attempt of each task, in the order the tasks first began.
  std::vector<std::string> order;
  std::map<std::string, catalog::TaskRecord> last_attempt;
  for (auto& attempt : TRY(catalog.tasks_of_run(run_id))) {
    auto [entry, inserted] = last_attempt.try_emplace(attempt.task, attempt);
    if (inserted) {
      order.push_back(attempt.task);
    } else if (attempt.attempt >= entry->second.attempt) {
      entry->second = std::move(attempt);
    }
  }
  json tasks = json::array();
  for (const auto& name : order) {
    const auto& task = last_attempt.at(name);
    tasks.push_back({{"task", task.task},
                     {"state", catalog::to_string(task.state)},
                     {"attempts", task.attempt},
                     {"started_at", optional_json(task.started_at)},
                     {"finished_at", optional_json(task.finished_at)},
                     {"error", text_or_null(task.error)},
                     {"rows_in", task.counters.rows_in},
                     {"rows_out", task.counters.rows_out},
                     {"rows_rejected", task.counters.rows_rejected},
                     {"bytes", task.counters.bytes}});
  }
  json checks = json::array();
  for (const auto& check : TRY(catalog.check_results(run_id))) {
    checks.push_back({{"name", check.check_name},
                      {"table", check.table_name},
                      {"kind", check.kind},
                      {"level", check.level},
                      {"passed", check.passed},
                      {"observed", check.observed},
                      {"message", text_or_null(check.message)}});
  }
  return json{{"summary", one_line_summary(run)},
              {"run",
               {{"id", run.run_id},
                {"pipeline", run.pipeline},
                {"ingest_date", run.ingest_date},
                {"state", catalog::to_string(run.state)},
                {"trigger", run.trigger},
                {"started_at", run.started_at},
                {"finished_at", optional_json(run.finished_at)},
                {"host", run.host},
                {"pid", run.pid},
                {"scheduled_for", optional_json(run.scheduled_for)},
                {"recovered", run.recovered}}},
              {"state", catalog::to_string(run.state)},
              {"error", text_or_null(run.error)},
              {"partial", optional_json(run.partial)},
              {"tasks", std::move(tasks)},
              {"checks", std::move(checks)}};
}

AlertDelivery post_alert_webhook(const AlertsConfig& alerts, const std::string& body) {
  return with_retries(alerts, fmt::format("webhook {}", alerts.webhook_url),
                      [&] { return post_once(alerts, body); });
}

AlertDelivery run_alert_command(const AlertsConfig& alerts, const std::string& body,
                                const std::vector<std::string>& environment) {
  return with_retries(alerts, "command",
                      [&] { return run_command_once(alerts, body, environment); });
}

void send_run_alerts(const Config& config, catalog::Catalog& catalog, int64_t run_id) {
  const AlertsConfig& alerts = config.alerts;
  if (alerts.command.empty() && alerts.webhook_url.empty()) return;
  const auto record = [&](std::string_view channel, std::string_view target,
                          const AlertDelivery& delivery) {
    const auto stored = catalog.record_alert({.run_id = run_id,
                                              .channel = std::string(channel),
                                              .target = std::string(target),
                                              .state = delivery.delivered ? "delivered" : "failed",
                                              .attempts = delivery.attempts,
                                              .error = delivery.error});
    if (!stored) {
      spdlog::warn("could not record the {} alert of run {}: {}", channel, run_id,
                   stored.error().message);
    }
  };
  const auto fail_all = [&](const std::string& error) {
    spdlog::error("run {}: no alert sent: {}", run_id, error);
    if (!alerts.command.empty()) record("command", alerts.command, {.error = error});
    if (!alerts.webhook_url.empty()) record("webhook", alerts.webhook_url, {.error = error});
  };
  try {
    if (auto valid = validate_alerts_config(alerts); !valid) return fail_all(valid.error().message);
    const auto run = catalog.run(run_id);
    if (!run || !*run) {
      return fail_all(run ? fmt::format("run {} is not in the catalog", run_id)
                          : run.error().message);
    }
    if (!run_needs_alert(alerts, **run)) return;
    const auto summary = run_summary_json(catalog, run_id);
    if (!summary) return fail_all(summary.error().message);
    const std::string body = summary->dump();
    if (!alerts.command.empty()) {
      const auto delivery =
          run_alert_command(alerts, body,
                            {fmt::format("REELHOUSE_RUN_ID={}", run_id),
                             fmt::format("REELHOUSE_PIPELINE={}", (*run)->pipeline),
                             fmt::format("REELHOUSE_INGEST_DATE={}", (*run)->ingest_date),
                             fmt::format("REELHOUSE_RUN_STATE={}", to_string((*run)->state))});
      record("command", alerts.command, delivery);
    }
    if (!alerts.webhook_url.empty()) {
      record("webhook", alerts.webhook_url, post_alert_webhook(alerts, body));
    }
  } catch (const std::exception& error) {
    fail_all(fmt::format("unexpected exception: {}", error.what()));
  }
}

}  // namespace reelhouse::pipeline
