#include "support/postgres_server.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <grp.h>
#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

namespace reelhouse::testing {

namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

constexpr auto k_ready_timeout = 30s;
constexpr auto k_stop_timeout = 10s;
constexpr int k_start_attempts = 3;  // a free port can be taken between probe and bind

// The newest /usr/lib/postgresql/<version>/bin holding initdb and postgres, or empty.
fs::path find_bin_dir() {
  std::vector<fs::path> candidates;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator("/usr/lib/postgresql", error)) {
    const fs::path bin = entry.path() / "bin";
    if (fs::exists(bin / "initdb") && fs::exists(bin / "postgres")) candidates.push_back(bin);
  }
  if (candidates.empty()) return {};
  std::sort(candidates.begin(), candidates.end(), [](const fs::path& left, const fs::path& right) {
    return std::stoi(left.parent_path().filename()) < std::stoi(right.parent_path().filename());
  });
  return candidates.back();
}

// A port on 127.0.0.1 nobody listens on right now.
int free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof(address);
  int port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
    port = ntohs(address.sin_port);
  }
  ::close(fd);
  return port;
}

// Who runs the server: ourselves, or the `postgres` user when we are root.
struct RunAs {
  bool switch_user = false;
  uid_t uid = 0;
  gid_t gid = 0;
};

// Forks and execs `argv` (as `run_as`), stdout and stderr appended to `log`. Returns the pid.
pid_t spawn(const std::vector<std::string>& argv, const RunAs& run_as, const fs::path& log) {
  std::vector<char*> args;
  for (const auto& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  const std::string log_path = log.string();
  const pid_t pid = ::fork();
  if (pid != 0) return pid;
  // The child: only async-signal-safe calls until exec.
  const int log_fd = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  if (log_fd >= 0) {
    ::dup2(log_fd, STDOUT_FILENO);
    ::dup2(log_fd, STDERR_FILENO);
    ::close(log_fd);
  }
  const int null_fd = ::open("/dev/null", O_RDONLY);
  if (null_fd >= 0) ::dup2(null_fd, STDIN_FILENO);
  ::setsid();  // a Ctrl-C on the test run must not reach the server before teardown does
  if (run_as.switch_user) {
    if (::setgroups(0, nullptr) != 0 || ::setgid(run_as.gid) != 0 || ::setuid(run_as.uid) != 0) {
      ::_exit(126);
    }
  }
  ::execv(args[0], args.data());
  ::_exit(127);
}

std::string tail_of(const fs::path& log) {
  std::ifstream in(log);
  std::stringstream content;
  content << in.rdbuf();
  const std::string text = content.str();
  return text.size() > 4000 ? text.substr(text.size() - 4000) : text;
}

// Waits for `pid` to exit, at most `timeout`; true when it did.
bool wait_for_exit(pid_t pid, std::chrono::milliseconds timeout, int* status = nullptr) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  int local_status = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    const pid_t done = ::waitpid(pid, &local_status, WNOHANG);
    if (done == pid || done < 0) {
      if (status) *status = local_status;
      return true;
    }
    std::this_thread::sleep_for(20ms);
  }
  return false;
}

// Runs `sql` on the server's maintenance database; returns libpq's error text or "".
std::string run_admin_sql(const std::string& url, const std::string& sql) {
  PGconn* connection = PQconnectdb(url.c_str());
  PQsetNoticeProcessor(
      connection, [](void*, const char*) {}, nullptr);  // "does not exist, skipping"
  std::string error;
  if (PQstatus(connection) != CONNECTION_OK) {
    error = PQerrorMessage(connection);
  } else {
    PGresult* result = PQexec(connection, sql.c_str());
    if (PQresultStatus(result) != PGRES_COMMAND_OK) error = PQerrorMessage(connection);
    PQclear(result);
  }
  PQfinish(connection);
  return error;
}

// Runs `argv` (as `run_as`) to its end, at most 120 s; true when it exited with status 0.
bool run_to_completion(const std::vector<std::string>& argv, const RunAs& run_as,
                       const fs::path& log) {
  const pid_t pid = spawn(argv, run_as, log);
  int status = 0;
  const bool exited = wait_for_exit(pid, 120s, &status);
  if (!exited) {
    ::kill(pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
  }
  return exited && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

// An initdb'ed data directory to copy: initdb takes seconds (far more on a busy machine) and
// ctest runs every test in its own process, each with its own server, so the first initdb of
// a PostgreSQL version (per user) is kept under the temp dir and later servers copy it.
// Empty on failure (the reason is in `log`).
fs::path initialised_template(const fs::path& bin, const RunAs& run_as, const fs::path& log) {
  const std::string version = bin.parent_path().filename().string();
  const fs::path template_dir = fs::temp_directory_path() / ("reelhouse-pg-template-" + version +
                                                             "-uid" + std::to_string(::geteuid()));
  const fs::path data = template_dir / "data";
  if (fs::exists(data / "PG_VERSION")) return data;

  // Built beside it and renamed into place, so a concurrent or interrupted test never uses a
  // half-initialised template.
  const fs::path staging = template_dir.string() + ".tmp-" + std::to_string(::getpid());
  std::error_code error;
  fs::remove_all(staging, error);
  fs::create_directories(staging, error);
  if (run_as.switch_user && ::chown(staging.c_str(), run_as.uid, run_as.gid) != 0) return {};
  const bool initialised = run_to_completion(
      {(bin / "initdb").string(), "-D", (staging / "data").string(), "-U", "postgres", "-A",
       "trust", "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions"},
      run_as, log);
  if (initialised) fs::rename(staging, template_dir, error);  // fails if another process won
  fs::remove_all(staging, error);
  return fs::exists(data / "PG_VERSION") ? data : fs::path();
}

}  // namespace

std::unique_ptr<PostgresServer> PostgresServer::start(std::string& skip_reason) {
  const fs::path bin = find_bin_dir();
  if (bin.empty()) {
    skip_reason =
        "no /usr/lib/postgresql/*/bin/{initdb,postgres} (Debian package `postgresql`; "
        "scripts/setup.sh installs it)";
    return nullptr;
  }
  RunAs run_as;
  if (::geteuid() == 0) {
    const passwd* user = ::getpwnam("postgres");
    if (user == nullptr) {
      skip_reason = "running as root and there is no `postgres` user to run the server as";
      return nullptr;
    }
    run_as = RunAs{.switch_user = true, .uid = user->pw_uid, .gid = user->pw_gid};
  }

  std::unique_ptr<PostgresServer> server(new PostgresServer());
  char dir_template[] = "/tmp/reelhouse-pg-XXXXXX";
  if (::mkdtemp(dir_template) == nullptr) {
    skip_reason = "cannot create a temporary directory for the server";
    ADD_FAILURE() << skip_reason;
    return nullptr;
  }
  server->m_dir = dir_template;
  if (run_as.switch_user && ::chown(dir_template, run_as.uid, run_as.gid) != 0) {
    skip_reason = "cannot hand " + server->m_dir.string() + " to the postgres user";
    ADD_FAILURE() << skip_reason;
    return nullptr;  // the destructor removes the directory
  }
  const fs::path log = server->m_dir / "server.log";
  const fs::path data = server->m_dir / "data";

  const auto initialised = initialised_template(bin, run_as, log);
  if (initialised.empty()) {
    skip_reason = "initdb failed:\n" + tail_of(log);
    ADD_FAILURE() << skip_reason;
    return nullptr;
  }
  if (!run_to_completion({"/bin/cp", "-a", initialised.string(), data.string()}, run_as, log)) {
    skip_reason =
        "cannot copy the initialised cluster " + initialised.string() + ":\n" + tail_of(log);
    ADD_FAILURE() << skip_reason;
    return nullptr;
  }

  for (int attempt = 1; attempt <= k_start_attempts; ++attempt) {
    server->m_port = free_port();
    server->m_pid =
        spawn({(bin / "postgres").string(), "-D", data.string(), "-k", server->m_dir.string(), "-h",
               "127.0.0.1", "-p", std::to_string(server->m_port), "-c", "fsync=off", "-c",
               "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "shared_buffers=32MB",
               "-c", "max_connections=40"},
              run_as, log);
    const auto deadline = std::chrono::steady_clock::now() + k_ready_timeout;
    const std::string conninfo = server->url() + "?connect_timeout=2";
    while (std::chrono::steady_clock::now() < deadline) {
      if (PQping(conninfo.c_str()) == PQPING_OK) return server;
      if (::waitpid(server->m_pid, nullptr, WNOHANG) == server->m_pid) {
        server->m_pid = -1;
        break;  // exited (port taken?): try another port
      }
      std::this_thread::sleep_for(50ms);
    }
    server->stop();
  }
  skip_reason = "postgres did not become ready:\n" + tail_of(log);
  ADD_FAILURE() << skip_reason;
  return nullptr;
}

PostgresServer* PostgresServer::shared(std::string& skip_reason) {
  static std::string shared_reason;
  static std::unique_ptr<PostgresServer> server = start(shared_reason);
  skip_reason = shared_reason;
  return server.get();
}

void PostgresServer::stop() {
  if (m_pid <= 0) return;
  ::kill(m_pid, SIGINT);  // fast shutdown: abort sessions, clean exit
  if (!wait_for_exit(m_pid, k_stop_timeout)) {
    ::kill(m_pid, SIGKILL);
    ::waitpid(m_pid, nullptr, 0);
  }
  m_pid = -1;
}

PostgresServer::~PostgresServer() {
  stop();
  std::error_code ignored;
  if (!m_dir.empty()) fs::remove_all(m_dir, ignored);
}

std::string PostgresServer::url(const std::string& database) const {
  return "postgresql://postgres@127.0.0.1:" + std::to_string(m_port) + "/" + database;
}

std::string PostgresServer::create_database(const std::string& database) const {
  const std::string quoted = "\"" + database + "\"";
  const std::string drop_error =
      run_admin_sql(url(), "DROP DATABASE IF EXISTS " + quoted + " WITH (FORCE)");
  EXPECT_EQ(drop_error, "");
  const std::string create_error = run_admin_sql(url(), "CREATE DATABASE " + quoted);
  EXPECT_EQ(create_error, "");
  return url(database);
}

}  // namespace reelhouse::testing
