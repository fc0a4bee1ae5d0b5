// LoopbackHttpServer: a scripted HTTP/1.1 server on 127.0.0.1 for the fetch tests.
//
// Each request is answered by a handler returning a ScriptedReply, which can also misbehave
// the ways real servers do: close the connection in the middle of the body, or read the
// request and never answer. Every request is recorded (method, target, headers) so tests can
// assert what the client sent (hit counts, `Range: bytes=N-`). One connection at a time, one
// request per connection ("Connection: close"); every wait is bounded, and the destructor
// stops the thread within ~50 ms.
//
// Written on raw sockets rather than cpp-httplib: Debian's libcpp-httplib-dev is not
// header-only (its implementation is in libcpp-httplib.so, not linked into the tests), and
// raw sockets make "half a body, then close" exact.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace reelhouse::testing {

struct RecordedRequest {
  std::string method;
  std::string target;
  std::map<std::string, std::string> headers;  // lower-case names

  std::optional<std::string> header(const std::string& lower_case_name) const {
    const auto found = headers.find(lower_case_name);
    if (found == headers.end()) return std::nullopt;
    return found->second;
  }
};

struct ScriptedReply {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // Content-Length to announce; the body's size when absent.
  std::optional<size_t> declared_length;
  // Close the connection after sending this many body bytes (a connection dropped mid-body).
  std::optional<size_t> cut_after;
  // With cut_after: after those bytes, hold the connection open in silence (a stalled
  // transfer) instead of closing it.
  bool stall_after_cut = false;
  // Read the request, then say nothing until the client gives up or the server stops.
  bool never_answer = false;
};

class LoopbackHttpServer {
 public:
  using Handler = std::function<ScriptedReply(const RecordedRequest&)>;

  explicit LoopbackHttpServer(Handler handler) : m_handler(std::move(handler)) {
    m_listener = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    const int reuse = 1;
    ::setsockopt(m_listener, SOL_SOCKET, SO_REUSEADDR, &reuse, sizeof reuse);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;  // the kernel picks a free port
    if (::bind(m_listener, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        ::listen(m_listener, k_backlog) != 0) {
      ::close(m_listener);
      throw std::runtime_error("cannot listen on 127.0.0.1");
    }
    socklen_t length = sizeof address;
    ::getsockname(m_listener, reinterpret_cast<sockaddr*>(&address), &length);
    m_port = ntohs(address.sin_port);
    m_thread = std::thread([this] { serve(); });
  }

  LoopbackHttpServer(const LoopbackHttpServer&) = delete;
  LoopbackHttpServer& operator=(const LoopbackHttpServer&) = delete;

  ~LoopbackHttpServer() {
    m_stopping = true;
    m_thread.join();
    ::close(m_listener);
  }

  int port() const { return m_port; }

  std::string url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(m_port) + path;
  }

  std::vector<RecordedRequest> requests() const {
    std::lock_guard lock(m_mutex);
    return m_requests;
  }

  size_t request_count() const {
    std::lock_guard lock(m_mutex);
    return m_requests.size();
  }

 private:
  static constexpr int k_backlog = 16;
  static constexpr int k_poll_ms = 50;
  static constexpr auto k_request_deadline = std::chrono::seconds(5);
  static constexpr auto k_silence_limit = std::chrono::seconds(30);

  static const char* reason_phrase(int status) {
    switch (status) {
      case 200:
        return "OK";
      case 206:
        return "Partial Content";
      case 302:
        return "Found";
      case 403:
        return "Forbidden";
      case 404:
        return "Not Found";
      case 416:
        return "Range Not Satisfiable";
      case 429:
        return "Too Many Requests";
      case 500:
        return "Internal Server Error";
      case 503:
        return "Service Unavailable";
      default:
        return "Status";
    }
  }

  // Waits until `descriptor` is readable, the server stops, or the deadline passes.
  bool wait_readable(int descriptor, std::chrono::steady_clock::time_point deadline) const {
    while (!m_stopping && std::chrono::steady_clock::now() < deadline) {
      pollfd entry{descriptor, POLLIN, 0};
      if (::poll(&entry, 1, k_poll_ms) > 0) return true;
    }
    return false;
  }

  void serve() {
    while (!m_stopping) {
      pollfd entry{m_listener, POLLIN, 0};
      if (::poll(&entry, 1, k_poll_ms) <= 0) continue;
      const int connection = ::accept4(m_listener, nullptr, nullptr, SOCK_CLOEXEC);
      if (connection < 0) continue;
      handle(connection);
      ::close(connection);
    }
  }

  void handle(int connection) {
    std::string received;
    const auto deadline = std::chrono::steady_clock::now() + k_request_deadline;
    while (received.find("\r\n\r\n") == std::string::npos) {
      if (!wait_readable(connection, deadline)) return;
      char buffer[4096];
      const ssize_t count = ::recv(connection, buffer, sizeof buffer, 0);
      if (count <= 0) return;
      received.append(buffer, static_cast<size_t>(count));
    }
    const RecordedRequest request = parse(received.substr(0, received.find("\r\n\r\n")));
    {
      std::lock_guard lock(m_mutex);
      m_requests.push_back(request);
    }
    const ScriptedReply reply = m_handler(request);
    if (reply.never_answer) {
      hold_silently(connection);
      return;
    }
    std::string head =
        "HTTP/1.1 " + std::to_string(reply.status) + " " + reason_phrase(reply.status) + "\r\n";
    for (const auto& [name, value] : reply.headers) head += name + ": " + value + "\r\n";
    head += "Content-Length: " + std::to_string(reply.declared_length.value_or(reply.body.size())) +
            "\r\n";
    head += "Connection: close\r\n\r\n";
    std::string bytes = head;
    if (request.method != "HEAD") {
      bytes += reply.body.substr(0, reply.cut_after.value_or(reply.body.size()));
    }
    send_all(connection, bytes);
    if (reply.cut_after && reply.stall_after_cut) hold_silently(connection);
    ::shutdown(connection, SHUT_WR);
  }

  // Keeps the connection open, saying nothing, until the client hangs up (or a bound).
  void hold_silently(int connection) const {
    const auto silence_end = std::chrono::steady_clock::now() + k_silence_limit;
    char buffer[256];
    while (wait_readable(connection, silence_end) &&
           ::recv(connection, buffer, sizeof buffer, 0) > 0) {
    }
  }

  static void send_all(int connection, const std::string& bytes) {
    size_t sent = 0;
    while (sent < bytes.size()) {
      const ssize_t count =
          ::send(connection, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
      if (count <= 0) return;
      sent += static_cast<size_t>(count);
    }
  }

  static RecordedRequest parse(const std::string& head) {
    RecordedRequest request;
    size_t line_start = 0;
    bool first_line = true;
    while (line_start <= head.size()) {
      size_t line_end = head.find("\r\n", line_start);
      if (line_end == std::string::npos) line_end = head.size();
      const std::string line = head.substr(line_start, line_end - line_start);
      if (first_line) {
        const size_t first_space = line.find(' ');
        const size_t second_space = line.find(' ', first_space + 1);
        request.method = line.substr(0, first_space);
        request.target = line.substr(first_space + 1, second_space - first_space - 1);
        first_line = false;
      } else if (const size_t colon = line.find(':'); colon != std::string::npos) {
        std::string name = line.substr(0, colon);
        std::transform(name.begin(), name.end(), name.begin(),
                       [](unsigned char character) { return std::tolower(character); });
        const size_t value_start = line.find_first_not_of(' ', colon + 1);
        request.headers[name] = value_start == std::string::npos ? "" : line.substr(value_start);
      }
      line_start = line_end + 2;
    }
    return request;
  }

  Handler m_handler;
  int m_listener = -1;
  int m_port = 0;
  std::atomic<bool> m_stopping{false};
  mutable std::mutex m_mutex;
  std::vector<RecordedRequest> m_requests;
  std::thread m_thread;
};

}  // namespace reelhouse::testing
