// A bounded pool of PostgreSQL connections on which statements are prepared once each.
//
// `PgStatementPool` opens at most `size` connections to one server, lazily, and hands them out
// one request at a time (a caller waits up to `acquire_timeout` for a free one). `execute()`
// takes SQL written with `?` placeholders (the DuckDB style the API's statements use),
// translates them to $1, $2 …, prepares the statement on the leased connection under a name
// of its own the first time that connection sees it (PQprepare), and from then on only binds
// and executes it (PQexecPrepared). A statement the server no longer knows or whose cached plan
// changed result type (a publication changed a table's columns) is prepared again, once. A
// connection that broke is closed, not returned; a statement that failed on an idle connection
// the server dropped meanwhile is retried once on a fresh one (the pool's statements only
// read), and the pool recovers by itself when the server comes back. Thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "postgres/pg_connection.hpp"
#include "postgres/placeholders.hpp"

namespace reelhouse::postgres {

struct PgStatementPoolOptions {
  std::string url{};  // postgresql://… without a password
  int size = 8;       // connections at most
  std::chrono::milliseconds acquire_timeout{30000};
  // Run on every new connection before use (SET …), e.g. the session's time zone.
  std::string session_setup{};
};

class PgStatementPool {
 public:
  explicit PgStatementPool(PgStatementPoolOptions options);
  PgStatementPool(const PgStatementPool&) = delete;
  PgStatementPool& operator=(const PgStatementPool&) = delete;

  // Runs `sql` (`?` placeholders) with `params` on a pooled connection, prepared once per
  // connection. Errors: busy (no connection free within acquire_timeout), connection (server
  // unreachable or lost), config (login refused), sql.
  Result<PgResult> execute(const std::string& sql, const std::vector<PgParam>& params);

  // Runs `sql` (no parameters, not prepared: one-off catalog reads) on a pooled connection.
  Result<PgResult> query_once(std::string_view sql);

  // Connections currently open (leased or idle).
  int open_connections() const;
  const PgStatementPoolOptions& options() const { return m_options; }

 private:
  struct Pooled {
    PgConnection connection;
    std::map<std::string, std::string, std::less<>> statements{};  // SQL -> statement name
    int64_t next_statement = 0;
    bool used = false;    // served a statement before (may have gone stale while idle)
    bool broken = false;  // lost: close instead of returning to the pool
  };
  // A leased connection, returned to the pool (or closed when broken) on destruction.
  class Lease;

  Result<std::unique_ptr<Pooled>> acquire();
  void release(std::unique_ptr<Pooled> pooled);
  Result<PgResult> execute_on(Pooled& pooled, const std::string& sql,
                              const std::vector<PgParam>& params);

  PgStatementPoolOptions m_options;
  mutable std::mutex m_mutex;
  std::condition_variable m_released;
  std::vector<std::unique_ptr<Pooled>> m_idle;
  int m_open = 0;  // leased + idle (+ being opened)
};

}  // namespace reelhouse::postgres
