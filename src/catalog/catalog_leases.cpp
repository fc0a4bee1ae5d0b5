// Named leases in the catalog: the mutual exclusion that keeps two runs of one pipeline (from
// two schedulers, a scheduler and a manual `run`, …) from overlapping, across processes and
// hosts sharing the catalog. A lease has a holder and an expiry on the catalog's clock; the
// holder renews it (its heartbeat), and a lease whose holder stopped renewing expires and may
// be taken by anyone. Every decision is one statement inside BEGIN IMMEDIATE, so two
// contenders can never both win.
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

// SQL for "now + ttl" in the catalog's timestamp format.
std::string expiry_sql(std::chrono::milliseconds ttl) {
  return fmt::format("strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '+{}.{:03} seconds')",
                     ttl.count() / 1000, ttl.count() % 1000);
}

LeaseRecord read_lease(const SqliteStatement& row) {
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
  auto transaction = TRY(begin_write());
  // Inserted when free; taken over when expired; renewed when already ours (keeping when it
  // was first acquired and the run it is for). Otherwise the row is left alone.
  auto upsert = TRY(m_database.prepare(fmt::format(
      "INSERT INTO leases (name, holder, acquired_at, heartbeat_at, expires_at, run_id) "
      "VALUES (?1, ?2, {0}, {0}, {1}, NULL) "
      "ON CONFLICT (name) DO UPDATE SET "
      "acquired_at = CASE WHEN leases.holder = excluded.holder THEN leases.acquired_at "
      "  ELSE excluded.acquired_at END, "
      "run_id = CASE WHEN leases.holder = excluded.holder THEN leases.run_id ELSE NULL END, "
      "holder = excluded.holder, heartbeat_at = excluded.heartbeat_at, "
      "expires_at = excluded.expires_at "
      "WHERE leases.holder = excluded.holder OR leases.expires_at <= excluded.heartbeat_at",
      k_now_sql, expiry_sql(ttl))));
  TRY(upsert.bind_all(name, holder));
  TRY(upsert.run());
  auto select =
      TRY(m_database.prepare(fmt::format("SELECT {} FROM leases WHERE name = ?", k_lease_columns)));
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

Result<bool> Catalog::renew_lease(std::string_view name, std::string_view holder,
                                  std::chrono::milliseconds ttl) {
  TRY(check_lease_arguments(name, holder, ttl));
  auto transaction = TRY(begin_write());
  auto update =
      TRY(m_database.prepare(fmt::format("UPDATE leases SET heartbeat_at = {}, expires_at = {} "
                                         "WHERE name = ? AND holder = ?",
                                         k_now_sql, expiry_sql(ttl))));
  TRY(update.bind_all(name, holder));
  TRY(update.run());
  const bool renewed = m_database.changes() > 0;
  TRY(transaction.commit());
  return renewed;
}

Result<> Catalog::release_lease(std::string_view name, std::string_view holder) {
  auto transaction = TRY(begin_write());
  auto remove = TRY(m_database.prepare("DELETE FROM leases WHERE name = ? AND holder = ?"));
  TRY(remove.bind_all(name, holder));
  TRY(remove.run());
  return transaction.commit();
}

Result<> Catalog::set_lease_run(std::string_view name, std::string_view holder, int64_t run_id) {
  auto transaction = TRY(begin_write());
  auto update =
      TRY(m_database.prepare("UPDATE leases SET run_id = ? WHERE name = ? AND holder = ?"));
  TRY(update.bind_all(run_id, name, holder));
  TRY(update.run());
  if (m_database.changes() == 0) {
    return make_error(ErrorCode::busy,
                      "lease {} is no longer held by {} (it expired and was taken over)", name,
                      holder);
  }
  return transaction.commit();
}

Result<std::optional<LeaseRecord>> Catalog::lease(std::string_view name) {
  auto select =
      TRY(m_database.prepare(fmt::format("SELECT {} FROM leases WHERE name = ?", k_lease_columns)));
  TRY(select.bind_all(name));
  if (TRY(select.step()) == StepResult::done) return std::nullopt;
  return read_lease(select);
}

Result<std::vector<LeaseRecord>> Catalog::leases() {
  auto select =
      TRY(m_database.prepare(fmt::format("SELECT {} FROM leases ORDER BY name", k_lease_columns)));
  std::vector<LeaseRecord> leases;
  while (TRY(select.step()) == StepResult::row) leases.push_back(read_lease(select));
  return leases;
}

}  // namespace reelhouse::catalog
