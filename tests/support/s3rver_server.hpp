// A real S3-compatible server for tests: s3rver (deps/node_modules/s3rver) run by node through
// tests/support/s3rver_launcher.cjs, on 127.0.0.1 and a port the kernel picks, storing its
// objects in a directory the caller owns.
//
// The server is a child process that exits when its stdin pipe closes, so it ends with the
// S3rverServer object and also when the test process dies (even by kill -9). Credentials are
// s3rver's account: access key "S3RVER", secret "S3RVER". Header-only because the test target
// lists its support sources explicitly.
#pragma once

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace reelhouse::testing {

inline constexpr char k_s3rver_access_key[] = "S3RVER";
inline constexpr char k_s3rver_secret_key[] = "S3RVER";

class S3rverServer {
 public:
  // Why the server cannot run here (node or deps/node_modules/s3rver missing), or nullopt.
  static std::optional<std::string> unavailable_reason() {
    if (!find_node()) return "node is not on PATH";
    if (!std::filesystem::exists(modules_dir() / "s3rver" / "package.json")) {
      return "deps/node_modules/s3rver is missing (run scripts/setup.sh)";
    }
    return std::nullopt;
  }

  // Starts the server with `bucket` created, storing data under `data_dir`; waits until it
  // listens. On failure returns nullptr and sets `error`.
  static std::unique_ptr<S3rverServer> start(const std::filesystem::path& data_dir,
                                             const std::string& bucket, std::string& error) {
    const std::optional<std::string> node = find_node();
    if (!node) {
      error = "node is not on PATH";
      return nullptr;
    }
    int stdin_pipe[2];
    int stdout_pipe[2];
    if (pipe2(stdin_pipe, O_CLOEXEC) != 0 || pipe2(stdout_pipe, O_CLOEXEC) != 0) {
      error = "pipe2 failed";
      return nullptr;
    }
    const std::string launcher =
        (std::filesystem::path(REELHOUSE_SOURCE_DIR) / "tests/support/s3rver_launcher.cjs")
            .string();
    const std::string modules = modules_dir().string();
    const std::string directory = data_dir.string();
    // s3rver's continuation tokens use DES, which Node 17+ (OpenSSL 3) only offers with
    // the legacy provider.
    std::vector<std::string> arguments = {*node,     "--openssl-legacy-provider",
                                          launcher,  "--modules",
                                          modules,   "--directory",
                                          directory, "--bucket",
                                          bucket};
    const pid_t child = fork();
    if (child < 0) {
      error = "fork failed";
      return nullptr;
    }
    if (child == 0) {
      dup2(stdin_pipe[0], STDIN_FILENO);
      dup2(stdout_pipe[1], STDOUT_FILENO);
      std::vector<char*> argv;
      for (std::string& argument : arguments) argv.push_back(argument.data());
      argv.push_back(nullptr);
      execv(argv[0], argv.data());
      _exit(127);
    }
    close(stdin_pipe[0]);
    close(stdout_pipe[1]);
    auto server = std::unique_ptr<S3rverServer>(new S3rverServer(child, stdin_pipe[1]));
    const std::optional<int> port = read_ready_port(stdout_pipe[0], error);
    close(stdout_pipe[0]);
    if (!port) return nullptr;  // the destructor stops the child
    server->m_port = *port;
    return server;
  }

  S3rverServer(const S3rverServer&) = delete;
  S3rverServer& operator=(const S3rverServer&) = delete;

  ~S3rverServer() {
    close(m_stdin_fd);  // the launcher exits on end of input
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    int status = 0;
    while (waitpid(m_pid, &status, WNOHANG) == 0) {
      if (std::chrono::steady_clock::now() > deadline) {
        kill(m_pid, SIGKILL);
        waitpid(m_pid, &status, 0);
        break;
      }
      usleep(20'000);
    }
  }

  int port() const { return m_port; }
  std::string endpoint() const { return "http://127.0.0.1:" + std::to_string(m_port); }

 private:
  S3rverServer(pid_t pid, int stdin_fd) : m_pid(pid), m_stdin_fd(stdin_fd) {}

  static std::filesystem::path modules_dir() {
    return std::filesystem::path(REELHOUSE_SOURCE_DIR) / "deps" / "node_modules";
  }

  static std::optional<std::string> find_node() {
    const char* path = std::getenv("PATH");
    std::string_view rest = path ? path : "/usr/bin:/bin";
    while (!rest.empty()) {
      const size_t colon = rest.find(':');
      const std::filesystem::path candidate =
          std::filesystem::path(std::string(rest.substr(0, colon))) / "node";
      if (access(candidate.c_str(), X_OK) == 0) return candidate.string();
      if (colon == std::string_view::npos) break;
      rest.remove_prefix(colon + 1);
    }
    return std::nullopt;
  }

  // Reads the launcher's "READY <port>" line (node takes a few seconds on a busy machine).
  static std::optional<int> read_ready_port(int fd, std::string& error) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    std::string line;
    while (line.find('\n') == std::string::npos) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) {
        error = "s3rver did not report READY within 60 s";
        return std::nullopt;
      }
      pollfd descriptor{.fd = fd, .events = POLLIN, .revents = 0};
      if (poll(&descriptor, 1, static_cast<int>(left.count())) <= 0) continue;
      char buffer[256];
      const ssize_t count = read(fd, buffer, sizeof buffer);
      if (count <= 0) {
        error = "s3rver exited before it was ready (see its messages on stderr)";
        return std::nullopt;
      }
      line.append(buffer, static_cast<size_t>(count));
    }
    if (!line.starts_with("READY ")) {
      error = "unexpected first line from the s3rver launcher: " + line;
      return std::nullopt;
    }
    return std::atoi(line.c_str() + 6);
  }

  pid_t m_pid = -1;
  int m_stdin_fd = -1;
  int m_port = 0;
};

}  // namespace reelhouse::testing
