// The PostgreSQL catalog (team mode) beyond the shared catalog tests, which run on both
// backends (catalog_test_support.hpp): placeholder rewriting, migrations on a fresh database
// (version 4, the same tables and columns as SQLite, concurrent openers migrating once, a newer
// schema refused), and leases taken with FOR UPDATE SKIP LOCKED — contended by many threads
// each with its own connection, skipped while another transaction holds the row, expired and
// taken over, renewed and released.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <thread>

#include "catalog/catalog_schema.hpp"
#include "catalog/catalog_test_support.hpp"
#include "catalog/pg_catalog_database.hpp"

namespace reelhouse::catalog {
namespace {

using ::testing::HasSubstr;

class CatalogPostgresTest : public CatalogFixture {
 protected:
  CatalogBackend backend() const override { return CatalogBackend::postgres; }

  std::set<std::string> columns(CatalogDatabase& database, std::string_view sql) {
    std::set<std::string> names;
    auto select = database.prepare(sql);
    EXPECT_TRUE(select) << select.error().message;
    if (!select) return names;
    while (select->step().value_or(StepResult::done) == StepResult::row) {
      names.insert(select->column_text(0) + "." + select->column_text(1));
    }
    return names;
  }
};

TEST_F(CatalogPostgresTest, FreshDatabaseGetsTheNewestSchemaLikeSqlite) {
  EXPECT_EQ(catalog().schema_version().value(), newest_schema_version());
  EXPECT_EQ(catalog().dialect(), CatalogDialect::postgres);
  EXPECT_THAT(catalog().location(), HasSubstr("@127.0.0.1:"));
  auto pg = raw();
  ASSERT_TRUE(pg);
  EXPECT_EQ(query_int(*pg, "SELECT count(*) FROM schema_version"),
            static_cast<int64_t>(postgres_catalog_migrations().size()));
  const auto pg_columns = columns(*pg,
                                  "SELECT table_name, column_name FROM information_schema.columns "
                                  "WHERE table_schema = current_schema()");

  testing::TempDir home;
  ASSERT_TRUE(Catalog::open(home.path() / "catalog.sqlite"));
  auto sqlite = SqliteCatalogDatabase::open(home.path() / "catalog.sqlite", k_test_busy_timeout);
  ASSERT_TRUE(sqlite);
  const auto sqlite_columns =
      columns(**sqlite,
              "SELECT m.name, p.name FROM sqlite_master AS m, pragma_table_info(m.name) AS p "
              "WHERE m.type IN ('table', 'view')");
  EXPECT_FALSE(sqlite_columns.empty());
  EXPECT_EQ(pg_columns, sqlite_columns);
  // The same versions and descriptions.
  ASSERT_EQ(postgres_catalog_migrations().size(), catalog_migrations().size());
  for (size_t index = 0; index < catalog_migrations().size(); ++index) {
    EXPECT_EQ(postgres_catalog_migrations()[index].version, catalog_migrations()[index].version);
    EXPECT_EQ(postgres_catalog_migrations()[index].description,
              catalog_migrations()[index].description);
  }
}

TEST_F(CatalogPostgresTest, TimestampsHaveTheCatalogFormat) {
  const int64_t run_id = begin_run();
  const auto run = catalog().run(run_id).value();
  ASSERT_TRUE(run);
  EXPECT_TRUE(is_timestamp(run->started_at)) << run->started_at;
  // Close to this machine's clock, in UTC.
  EXPECT_EQ(run->started_at.substr(0, 13), timestamp_now().substr(0, 13));
}

TEST_F(CatalogPostgresTest, ConcurrentOpenersOfAFreshDatabaseMigrateOnce) {
  std::string reason;
  auto* server = testing::PostgresServer::shared(reason);
  ASSERT_NE(server, nullptr);
  const std::string url = server->create_database(test_database_name() + "_fresh");
  constexpr int k_openers = 4;
  std::vector<std::string> errors(k_openers);
  std::vector<std::thread> openers;
  for (int index = 0; index < k_openers; ++index) {
    openers.emplace_back([&, index] {
      auto opened = Catalog::open(url);
      if (!opened) errors[index] = opened.error().message;
    });
  }
  for (auto& opener : openers) opener.join();
  for (const auto& error : errors) EXPECT_EQ(error, "");
  auto pg = PgCatalogDatabase::connect(url);
  ASSERT_TRUE(pg) << pg.error().message;
  EXPECT_EQ(query_int(**pg, "SELECT count(*) FROM schema_version"),
            static_cast<int64_t>(catalog_migrations().size()));
  EXPECT_EQ(query_int(**pg, "SELECT max(version) FROM schema_version"), newest_schema_version());
}

TEST_F(CatalogPostgresTest, NewerSchemaIsRefused) {
  auto pg = raw();
  ASSERT_TRUE(pg);
  ASSERT_TRUE(
      pg->execute(fmt::format("INSERT INTO schema_version VALUES ({}, 'from the future', 'x')",
                              newest_schema_version() + 1)));
  const auto opened = Catalog::open(location());
  ASSERT_FALSE(opened);
  EXPECT_THAT(opened.error().message, HasSubstr("upgrade reelhouse"));
  EXPECT_THAT(opened.error().message, HasSubstr(catalog().location()));
}

TEST_F(CatalogPostgresTest, PasswordInTheUrlIsRefused) {
  const auto opened = Catalog::open("postgresql://postgres:secret@127.0.0.1:1/x");
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().code, ErrorCode::config);
  EXPECT_THAT(opened.error().message, HasSubstr("PGPASSWORD"));
  EXPECT_THAT(opened.error().message, ::testing::Not(HasSubstr("secret")));
}

TEST_F(CatalogPostgresTest, ContendingThreadsNeverHoldALeaseTogether) {
  constexpr int k_threads = 6;
  constexpr int k_attempts = 25;
  std::atomic<int> holders{0};
  std::atomic<int> overlaps{0};
  std::atomic<int> acquisitions{0};
  std::vector<std::string> errors(k_threads);
  std::vector<std::thread> threads;
  for (int index = 0; index < k_threads; ++index) {
    threads.emplace_back([&, index] {
      auto opened = Catalog::open(location());
      if (!opened) {
        errors[index] = opened.error().message;
        return;
      }
      const std::string holder = fmt::format("host:{}:thread{}", getpid(), index);
      for (int attempt = 0; attempt < k_attempts; ++attempt) {
        auto taken =
            opened->try_acquire_lease("pipeline:contended", holder, std::chrono::seconds{30});
        if (!taken) {
          errors[index] = taken.error().message;
          return;
        }
        if (!taken->acquired) {
          if (taken->lease.holder == holder) ++overlaps;  // said no, yet names us
          std::this_thread::sleep_for(std::chrono::milliseconds{1});
          continue;
        }
        if (++holders != 1) ++overlaps;
        ++acquisitions;
        std::this_thread::sleep_for(std::chrono::milliseconds{2});
        --holders;
        if (auto released = opened->release_lease("pipeline:contended", holder); !released) {
          errors[index] = released.error().message;
          return;
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (const auto& error : errors) EXPECT_EQ(error, "");
  EXPECT_EQ(overlaps.load(), 0);
  EXPECT_GT(acquisitions.load(), 0);
  EXPECT_FALSE(catalog().lease("pipeline:contended").value());
}

TEST_F(CatalogPostgresTest, ALeaseRowLockedByAnotherContenderIsSkippedNotWaitedFor) {
  ASSERT_TRUE(catalog().try_acquire_lease("pipeline:x", "a:1:n", std::chrono::milliseconds{1}));
  std::this_thread::sleep_for(std::chrono::milliseconds{20});  // expired: anyone may take it
  auto other = postgres::PgConnection::connect(location());
  ASSERT_TRUE(other) << other.error().message;
  ASSERT_TRUE(other->execute("BEGIN; SELECT * FROM leases WHERE name = 'pipeline:x' FOR UPDATE"));
  const auto start = std::chrono::steady_clock::now();
  const auto skipped = catalog().try_acquire_lease("pipeline:x", "b:2:n", std::chrono::seconds{5});
  ASSERT_TRUE(skipped) << skipped.error().message;
  EXPECT_FALSE(skipped->acquired);
  EXPECT_EQ(skipped->lease.holder, "a:1:n");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds{2});
  ASSERT_TRUE(other->execute("ROLLBACK"));
  const auto taken = catalog().try_acquire_lease("pipeline:x", "b:2:n", std::chrono::seconds{5});
  ASSERT_TRUE(taken) << taken.error().message;
  EXPECT_TRUE(taken->acquired);
  EXPECT_EQ(taken->lease.holder, "b:2:n");
}

TEST_F(CatalogPostgresTest, LeasesExpireRenewAndRelease) {
  const auto first = catalog().try_acquire_lease("pipeline:y", "a:1:n", std::chrono::seconds{30});
  ASSERT_TRUE(first && first->acquired);
  ASSERT_TRUE(catalog().set_lease_run("pipeline:y", "a:1:n", begin_run()));
  // Held and live: another holder is refused and told who holds it.
  const auto refused = catalog().try_acquire_lease("pipeline:y", "b:2:n", std::chrono::seconds{1});
  ASSERT_TRUE(refused);
  EXPECT_FALSE(refused->acquired);
  EXPECT_EQ(refused->lease.holder, "a:1:n");
  // Ours again: renewed, keeping acquired_at and run_id.
  const auto renewed = catalog().try_acquire_lease("pipeline:y", "a:1:n", std::chrono::seconds{30});
  ASSERT_TRUE(renewed && renewed->acquired);
  EXPECT_EQ(renewed->lease.acquired_at, first->lease.acquired_at);
  EXPECT_TRUE(renewed->lease.run_id);
  EXPECT_TRUE(is_timestamp(renewed->lease.expires_at));
  EXPECT_GT(renewed->lease.expires_at, timestamp_now());
  EXPECT_TRUE(catalog().renew_lease("pipeline:y", "a:1:n", std::chrono::milliseconds{1}).value());
  std::this_thread::sleep_for(std::chrono::milliseconds{20});
  // Expired: taken over, with a new acquired_at and no run.
  const auto taken = catalog().try_acquire_lease("pipeline:y", "b:2:n", std::chrono::seconds{30});
  ASSERT_TRUE(taken && taken->acquired);
  EXPECT_EQ(taken->lease.holder, "b:2:n");
  EXPECT_FALSE(taken->lease.run_id);
  EXPECT_FALSE(catalog().renew_lease("pipeline:y", "a:1:n", std::chrono::seconds{30}).value());
  EXPECT_EQ(catalog().set_lease_run("pipeline:y", "a:1:n", 1).error().code, ErrorCode::busy);
  ASSERT_TRUE(catalog().release_lease("pipeline:y", "a:1:n"));  // not the holder: no effect
  EXPECT_EQ(catalog().lease("pipeline:y").value()->holder, "b:2:n");
  ASSERT_TRUE(catalog().release_lease("pipeline:y", "b:2:n"));
  EXPECT_FALSE(catalog().lease("pipeline:y").value());
  EXPECT_EQ(catalog().leases().value().size(), 0u);
}

}  // namespace
}  // namespace reelhouse::catalog
