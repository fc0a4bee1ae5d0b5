// Named leases in the catalog: the mutual exclusion that keeps two runs of one pipeline (from
// two schedulers, a scheduler and a manual `run`, …) from overlapping, across processes and
// hosts sharing the catalog. A lease has a holder and an expiry on the catalog's clock; the
// holder renews it (its heartbeat), and a lease whose holder stopped renewing expires and may
// be taken by anyone. On SQLite every decision is one statement inside BEGIN IMMEDIATE; on
// PostgreSQL the contender locks the lease's row with SELECT … FOR UPDATE SKIP LOCKED (a row
// another contender has locked means "not acquired") and decides and updates in the same
// transaction, without the catalog-wide write lock. Either way two contenders never both win.
#include <fmt/format.h>

#include <chrono>

#include "catalog/catalog.hpp"
#include "catalog/catalog_internal.hpp"
#include "catalog/catalog_schema.hpp"

namespace reelhouse::catalog {

std::string timestamp_now() {
  const auto now =
      std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
  const auto days = std::chrono::floor<std::chrono::days>(now);
  const std::chrono::year_month_day date{days};
  const std::chrono::hh_mm_ss time{now - days};
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", static_cast<int>(date.year()),
                     static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                     time.hours().count(), time.minutes().count(), time.seconds().count(),
                     time.subseconds().count());
}

namespace {

constexpr std::string_view k_lease_columns =
    "name, holder, acquired_at, heartbeat_at, expires_at, run_id";

LeaseRecord read_lease(const CatalogStatement& row) {
  return LeaseRecord{.name = row.column_text(0),
                     .holder = row.column_text(1),
                     .acquired_at = row.column_text(2),
                     .heartbeat_at = row.column_text(3),
                     .expires_at = row.column_text(4),
                     .run_id = row.column_optional_int(5)};
}

Result<> check_lease_arguments(std::string_view name, std::string_view holder,
                               std::chrono::milliseconds ttl) {
  if (name.empty() || holder.empty()) {
    return make_error(ErrorCode::invalid_argument, "a lease needs a name and a holder");
  }
  if (ttl.count() <= 0) {
    return make_error(ErrorCode::invalid_argument, "lease {}: ttl must be positive, not {} ms",
                      name, ttl.count());
  }
  return {};
}

}  // namespace

Result<LeaseAttempt> Catalog::try_acquire_lease(std::string_view name, std::string_view holder,
                                                std::chrono::milliseconds ttl) {
  TRY(check_lease_arguments(name, holder, ttl));
  if (m_database->dialect() == CatalogDialect::postgres) {
    return try_acquire_lease_row_locked(name, holder, ttl);
  }
  auto transaction = TRY(begin_write());
  // Inserted when free; taken over when expired; renewed when already ours (keeping when it
  // was first acquired and the run it is for). Otherwise the row is left alone.
  auto upsert = TRY(m_database->prepare(fmt::format(
      "INSERT INTO leases (name, holder, acquired_at, heartbeat_at, expires_at, run_id) "
      "VALUES (?1, ?2, {0}, {0}, {1}, NULL) "
      "ON CONFLICT (name) DO UPDATE SET "
      "acquired_at = CASE WHEN leases.holder = excluded.holder THEN leases.acquired_at "
      "  ELSE excluded.acquired_at END, "
      "run_id = CASE WHEN leases.holder = excluded.holder THEN leases.run_id ELSE NULL END, "
      "holder = excluded.holder, heartbeat_at = excluded.heartbeat_at, "
      "expires_at = excluded.expires_at "
      "WHERE leases.holder = excluded.holder OR leases.expires_at <= excluded.heartbeat_at",
      m_database->now_sql(), m_database->expiry_sql(ttl))));
  TRY(upsert.bind_all(name, holder));
  TRY(upsert.run());
  auto select = TRY(
      m_database->prepare(fmt::format("SELECT {} FROM leases WHERE name = ?", k_lease_columns)));
  TRY(select.bind_all(name));
  if (TRY(select.step()) == StepResult::done) {
    return make_error(ErrorCode::internal, "lease {} vanished while it was being taken", name);
  }
  LeaseAttempt attempt{.acquired = false, .lease = read_lease(select)};
  attempt.acquired = attempt.lease.holder == holder;
  select.reset();
  TRY(transaction.commit());
  return attempt;
}

Result<LeaseAttempt> Catalog::try_acquire_lease_row_locked(std::string_view name,
                                                           std::string_view holder,
                                                           std::chrono::milliseconds ttl) {
  const std::string select_sql =
      fmt::format("SELECT {} FROM leases WHERE name = ?", k_lease_columns);
  // A lease released between our INSERT and our SELECT is gone from both: try again.
  constexpr int k_attempts = 3;
  for (int attempt = 0; attempt < k_attempts; ++attempt) {
    auto transaction = TRY(begin_lease());
    // A free lease is simply inserted as ours (a concurrent insert of the same name waits for
    // this one to end, then conflicts).
    auto insert = TRY(m_database->prepare(fmt::format(
        "INSERT INTO leases (name, holder, acquired_at, heartbeat_at, expires_at, run_id) "
        "VALUES (?1, ?2, {0}, {0}, {1}, NULL) ON CONFLICT (name) DO NOTHING",
        m_database->now_sql(), m_database->expiry_sql(ttl))));
    TRY(insert.bind_all(name, holder));
    TRY(insert.run());
    bool acquired = m_database->changes() > 0;
    if (!acquired) {
      auto lock = TRY(m_database->prepare(
          fmt::format("SELECT holder, CASE WHEN expires_at <= {} THEN 1 ELSE 0 END FROM leases "
                      "WHERE name = ? FOR UPDATE SKIP LOCKED",
                      m_database->now_sql())));
      TRY(lock.bind_all(name));
      if (TRY(lock.step()) == StepResult::row) {
        const bool ours = lock.column_text(0) == holder;
        const bool expired = lock.column_int(1) != 0;
        if (ours || expired) {
          // Renewed when ours (keeping when it was first acquired and the run it is for),
          // taken over when expired.
          auto take = TRY(m_database->prepare(
              fmt::format("UPDATE leases SET "
                          "acquired_at = CASE WHEN holder = ?2 THEN acquired_at ELSE {0} END, "
                          "run_id = CASE WHEN holder = ?2 THEN run_id ELSE NULL END, "
                          "holder = ?2, heartbeat_at = {0}, expires_at = {1} WHERE name = ?1",
                          m_database->now_sql(), m_database->expiry_sql(ttl))));
          TRY(take.bind_all(name, holder));
          TRY(take.run());
          acquired = true;
        }
      } else {
        // Another contender holds the row lock: it decides; we did not get the lease.
        transaction.rollback();
      }
    }
    auto select = TRY(m_database->prepare(select_sql));
    TRY(select.bind_all(name));
    if (TRY(select.step()) == StepResult::done) continue;
    LeaseAttempt result{.acquired = acquired, .lease = read_lease(select)};
    if (transaction.active()) TRY(transaction.commit());
    return result;
  }
  return make_error(ErrorCode::busy,
                    "lease {} kept being released while it was being taken; try again", name);
}

Result<bool> Catalog::renew_lease(std::string_view name, std::string_view holder,
                                  std::chrono::milliseconds ttl) {
  TRY(check_lease_arguments(name, holder, ttl));
  auto transaction = TRY(begin_lease());
  auto update =
      TRY(m_database->prepare(fmt::format("UPDATE leases SET heartbeat_at = {}, expires_at = {} "
                                          "WHERE name = ? AND holder = ?",
                                          m_database->now_sql(), m_database->expiry_sql(ttl))));
  TRY(update.bind_all(name, holder));
  TRY(update.run());
  const bool renewed = m_database->changes() > 0;
  TRY(transaction.commit());
  return renewed;
}

Result<> Catalog::release_lease(std::string_view name, std::string_view holder) {
  auto transaction = TRY(begin_lease());
  auto remove = TRY(m_database->prepare("DELETE FROM leases WHERE name = ? AND holder = ?"));
  TRY(remove.bind_all(name, holder));
  TRY(remove.run());
  return transaction.commit();
}

Result<> Catalog::set_lease_run(std::string_view name, std::string_view holder, int64_t run_id) {
  auto transaction = TRY(begin_lease());
  auto update =
      TRY(m_database->prepare("UPDATE leases SET run_id = ? WHERE name = ? AND holder = ?"));
  TRY(update.bind_all(run_id, name, holder));
  TRY(update.run());
  if (m_database->changes() == 0) {
    return make_error(ErrorCode::busy,
                      "lease {} is no longer held by {} (it expired and was taken over)", name,
                      holder);
  }
  return transaction.commit();
}

Result<std::optional<LeaseRecord>> Catalog::lease(std::string_view name) {
  auto select = TRY(
      m_database->prepare(fmt::format("SELECT {} FROM leases WHERE name = ?", k_lease_columns)));
  TRY(select.bind_all(name));
  if (TRY(select.step()) == StepResult::done) return std::nullopt;
  return read_lease(select);
}

Result<std::vector<LeaseRecord>> Catalog::leases() {
  auto select =
      TRY(m_database->prepare(fmt::format("SELECT {} FROM leases ORDER BY name", k_lease_columns)));
  std::vector<LeaseRecord> leases;
  while (TRY(select.step()) == StepResult::row) leases.push_back(read_lease(select));
  return leases;
}

}  // namespace reelhouse::catalog
