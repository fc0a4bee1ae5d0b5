#include "postgres/pg_statement_pool.hpp"

#include <fmt/format.h>

namespace reelhouse::postgres {

namespace {

// Statements prepared per connection before the connection's set is reset (query shapes are
// bounded by the products, but sort orders multiply them).
constexpr size_t k_max_statements_per_connection = 256;

// A prepared statement to prepare again: gone from the session (26000) or its cached plan
// would now return other column types (0A000, after a publication changed a table).
bool needs_prepare_again(const Error& error) {
  return error.code == ErrorCode::sql &&
         (error.message.find("(SQLSTATE 26000)") != std::string::npos ||
          error.message.find("(SQLSTATE 0A000)") != std::string::npos);
}

}  // namespace

class PgStatementPool::Lease {
 public:
  Lease(PgStatementPool& pool, std::unique_ptr<Pooled> pooled)
      : m_pool(pool), m_pooled(std::move(pooled)) {}
  Lease(const Lease&) = delete;
  Lease& operator=(const Lease&) = delete;
  ~Lease() { m_pool.release(std::move(m_pooled)); }
  Pooled& operator*() { return *m_pooled; }

 private:
  PgStatementPool& m_pool;
  std::unique_ptr<Pooled> m_pooled;
};

PgStatementPool::PgStatementPool(PgStatementPoolOptions options) : m_options(std::move(options)) {
  if (m_options.size < 1) m_options.size = 1;
}

int PgStatementPool::open_connections() const {
  std::lock_guard lock(m_mutex);
  return m_open;
}

Result<std::unique_ptr<PgStatementPool::Pooled>> PgStatementPool::acquire() {
  {
    std::unique_lock lock(m_mutex);
    const bool ready = m_released.wait_for(lock, m_options.acquire_timeout, [this] {
      return !m_idle.empty() || m_open < m_options.size;
    });
    if (!ready) {
      return make_error(ErrorCode::busy,
                        "all {} PostgreSQL connections of the pool (warehouse.pool_size) stayed "
                        "busy for {} ms",
                        m_options.size, m_options.acquire_timeout.count());
    }
    if (!m_idle.empty()) {
      auto pooled = std::move(m_idle.back());
      m_idle.pop_back();
      return pooled;
    }
    ++m_open;  // reserve the slot, connect outside the lock
  }
  auto connection = PgConnection::connect(m_options.url);
  if (connection && !m_options.session_setup.empty()) {
    if (auto setup = connection->execute(m_options.session_setup); !setup) {
      connection = std::unexpected(setup.error());
    }
  }
  if (!connection) {
    {
      std::lock_guard lock(m_mutex);
      --m_open;
    }
    m_released.notify_one();
    return std::unexpected(connection.error());
  }
  return std::make_unique<Pooled>(Pooled{.connection = std::move(*connection)});
}

void PgStatementPool::release(std::unique_ptr<Pooled> pooled) {
  {
    std::lock_guard lock(m_mutex);
    if (pooled && !pooled->broken && pooled->connection.healthy()) {
      m_idle.push_back(std::move(pooled));
    } else {
      --m_open;  // closed below, outside the lock
    }
  }
  m_released.notify_one();
  pooled.reset();
}

Result<PgResult> PgStatementPool::execute_on(Pooled& pooled, const std::string& sql,
                                             const std::vector<PgParam>& params) {
  auto statement = pooled.statements.find(sql);
  if (statement == pooled.statements.end()) {
    if (pooled.statements.size() >= k_max_statements_per_connection) {
      TRY(pooled.connection.execute("DEALLOCATE ALL"));
      pooled.statements.clear();
    }
    const std::string name = fmt::format("reelhouse_{}", pooled.next_statement++);
    TRY(pooled.connection.prepare(name, positional_placeholders(sql)));
    statement = pooled.statements.emplace(sql, name).first;
  }
  return pooled.connection.execute_prepared(statement->second, sql, params);
}

Result<PgResult> PgStatementPool::execute(const std::string& sql,
                                          const std::vector<PgParam>& params) {
  for (int attempt = 0;; ++attempt) {
    Lease lease(*this, TRY(acquire()));
    Pooled& pooled = *lease;
    const bool reused = pooled.used;
    pooled.used = true;
    auto result = execute_on(pooled, sql, params);
    if (!result && needs_prepare_again(result.error())) {
      const auto statement = pooled.statements.find(sql);
      if (statement != pooled.statements.end()) {
        (void)pooled.connection.execute(fmt::format("DEALLOCATE {}", statement->second));
        pooled.statements.erase(statement);
      }
      result = execute_on(pooled, sql, params);
    }
    if (!result && result.error().code == ErrorCode::connection) {
      pooled.broken = true;  // closed when the lease ends
      // An idle connection the server dropped meanwhile (restart, idle timeout, terminated
      // backend): the reads are idempotent, so try once more on a fresh connection.
      if (reused && attempt == 0) continue;
    }
    return result;
  }
}

Result<PgResult> PgStatementPool::query_once(std::string_view sql) {
  for (int attempt = 0;; ++attempt) {
    Lease lease(*this, TRY(acquire()));
    Pooled& pooled = *lease;
    const bool reused = pooled.used;
    pooled.used = true;
    auto result = pooled.connection.query(sql);
    if (!result && result.error().code == ErrorCode::connection) {
      pooled.broken = true;
      if (reused && attempt == 0) continue;
    }
    return result;
  }
}

}  // namespace reelhouse::postgres
