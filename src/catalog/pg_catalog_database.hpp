// The PostgreSQL implementation of CatalogDatabase (team mode: `catalog.url`), over libpq
// (postgres/pg_connection.hpp), so that reelhouse processes on several machines share one
// catalog.
//
// Statements keep the catalog's SQLite-style placeholders: prepare() rewrites `?` and `?N` to
// `$N` outside quoted literals and identifiers; parameters travel as text and the server infers
// their types from the statement. step() runs the statement on its first call and walks the
// rows it returned.
//
// A write transaction is BEGIN followed by pg_advisory_xact_lock(k_catalog_lock_key): every
// writer of the catalog queues on that one lock, which gives the same serialisation as SQLite's
// BEGIN IMMEDIATE (the catalog's read-then-write logic relies on it), at READ COMMITTED so each
// statement after the lock sees everything earlier writers committed. A row-locking
// transaction is a plain BEGIN (leases lock their row with FOR UPDATE SKIP LOCKED). Both set
// lock_timeout to the caller's patience: a lock still taken after it fails with ErrorCode::busy
// (SQLSTATE 55P03), like deadlocks and serialization failures; a lost connection is
// ErrorCode::connection. Both are transient: callers may retry; a dropped connection is
// re-established before the next statement outside a transaction.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include "catalog/catalog_database.hpp"
#include "postgres/pg_connection.hpp"

namespace reelhouse::catalog {

// The advisory lock every catalog writer takes ("reelhous" in ASCII).
inline constexpr int64_t k_catalog_lock_key = 0x7265656c686f7573;

class PgCatalogDatabase final : public CatalogDatabase {
 public:
  // Connects (see PgConnection::connect: the password only from PGPASSWORD or ~/.pgpass).
  // Errors: config (bad URL, password in it, authentication), connection.
  static Result<std::unique_ptr<PgCatalogDatabase>> connect(std::string_view url);

  CatalogDialect dialect() const override { return CatalogDialect::postgres; }
  std::string describe() const override { return m_connection.describe(); }
  Result<> execute(std::string_view sql) override { return m_connection.execute(sql); }
  Result<CatalogStatement> prepare(std::string_view sql) override;
  int64_t changes() const override { return m_changes; }
  Result<int64_t> last_insert_id() override;
  std::string_view now_sql() const override;
  std::string expiry_sql(std::chrono::milliseconds ttl) const override;
  std::string_view schema_version_probe_sql() const override;

  // Runs `sql` ($N placeholders) and remembers its affected rows for changes().
  Result<postgres::PgResult> run_query(std::string_view sql,
                                       const std::vector<postgres::PgParam>& params);

 protected:
  Result<> begin_transaction(bool serialised, std::chrono::milliseconds patience) override;
  Result<> commit_transaction() override;
  void rollback_transaction() override;

 private:
  explicit PgCatalogDatabase(postgres::PgConnection connection)
      : m_connection(std::move(connection)) {}

  // A connection the server dropped is re-established (PQreset) before the next statement or
  // transaction, unless a transaction was open on it: that one failed and says so.
  void reconnect_if_lost();

  postgres::PgConnection m_connection;
  int64_t m_changes = 0;
  bool m_in_transaction = false;
};

}  // namespace reelhouse::catalog
