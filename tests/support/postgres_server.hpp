// A real, throw-away PostgreSQL server for tests (team mode: the PostgreSQL warehouse).
//
// `PostgresServer::start()` copies a cluster made by Debian's `initdb` into a fresh temporary
// directory and starts `postgres` on it (the first initdb of a version is kept as a template,
// <tmp>/reelhouse-pg-template-<version>-uid<uid>, because ctest starts one server per test
// process and initdb takes seconds), listening only on 127.0.0.1 on a free port with its unix
// socket inside the temporary directory and `trust` authentication (nothing leaves the machine).
// PostgreSQL refuses to run as root, and CI runs as root: then the directory is handed to the
// `postgres` user and both programs run as that user (setuid in a forked child). The destructor
// stops the server (fast shutdown, SIGKILL after a bounded wait) and removes the directory.
//
// When the binaries (or, as root, the `postgres` user) are missing, start() returns nullptr and
// says why in `skip_reason`: tests then GTEST_SKIP with that message (see SKIP_WITHOUT_POSTGRES).
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <memory>
#include <string>

namespace reelhouse::testing {

class PostgresServer {
 public:
  // Starts a server. nullptr with `skip_reason` set when PostgreSQL is not installed; a server
  // that is installed but fails to start is a test failure (ADD_FAILURE with its log) and also
  // returns nullptr with the reason.
  static std::unique_ptr<PostgresServer> start(std::string& skip_reason);

  // One server for the whole test binary, started on first use and stopped at exit; nullptr
  // (and the reason) as for start().
  static PostgresServer* shared(std::string& skip_reason);

  PostgresServer(const PostgresServer&) = delete;
  PostgresServer& operator=(const PostgresServer&) = delete;
  ~PostgresServer();

  int port() const { return m_port; }

  // postgresql://postgres@127.0.0.1:<port>/<database> (no password: trust authentication).
  std::string url(const std::string& database = "postgres") const;

  // Creates a fresh, empty database (dropping one of that name) and returns its URL.
  std::string create_database(const std::string& database) const;

 private:
  PostgresServer() = default;
  void stop();

  std::filesystem::path m_dir;  // data/, the socket and server.log
  pid_t m_pid = -1;
  int m_port = 0;
};

}  // namespace reelhouse::testing

// Declares `PostgresServer* var` (the shared server) or skips the test with the reason.
#define SKIP_WITHOUT_POSTGRES(var)                                                     \
  std::string var##_skip_reason;                                                       \
  ::reelhouse::testing::PostgresServer* var =                                          \
      ::reelhouse::testing::PostgresServer::shared(var##_skip_reason);                 \
  if (var == nullptr) GTEST_SKIP() << "PostgreSQL unavailable: " << var##_skip_reason; \
  static_assert(true)
