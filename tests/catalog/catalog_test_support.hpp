// Helpers shared by the catalog tests: a fixture owning a fresh catalog (SQLite file or
// PostgreSQL database, the test's parameter), a raw second connection to inspect or tamper
// with it, and checks of the catalog's formats.
#pragma once

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <memory>
#include <optional>
#include <regex>
#include <string>

#include "catalog/catalog.hpp"
#include "catalog/pg_catalog_database.hpp"
#include "catalog/sqlite_catalog_database.hpp"
#include "catalog/sqlite_handle.hpp"
#include "support/postgres_server.hpp"
#include "support/test_support.hpp"

namespace reelhouse::catalog {

inline constexpr std::chrono::milliseconds k_test_busy_timeout{10'000};

// Matches the catalog's timestamp format: 2026-11-23T10:00:00.123Z.
inline bool is_timestamp(const std::optional<std::string>& text) {
  static const std::regex k_format(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)");
  return text && std::regex_match(*text, k_format);
}

// A pid that belonged to a process which has exited and been reaped.
inline int64_t dead_pid() {
  const pid_t child = fork();
  if (child == 0) _exit(0);
  int status = 0;
  waitpid(child, &status, 0);
  return child;
}

// A second, raw connection, to look at or tamper with what the catalog stored (SQLite).
inline SqliteDatabase raw_connection(const std::filesystem::path& path) {
  auto database = SqliteDatabase::open(path, k_test_busy_timeout);
  EXPECT_TRUE(database) << database.error().message;
  return std::move(*database);
}

inline int64_t query_int(const SqliteDatabase& database, std::string_view sql) {
  auto statement = database.prepare(sql);
  EXPECT_TRUE(statement) << statement.error().message;
  EXPECT_EQ(statement->step().value(), StepResult::row);
  return statement->column_int(0);
}

inline int64_t query_int(CatalogDatabase& database, std::string_view sql) {
  auto statement = database.prepare(sql);
  EXPECT_TRUE(statement) << statement.error().message;
  EXPECT_EQ(statement->step().value(), StepResult::row);
  return statement->column_int(0);
}

// The catalog backends the shared catalog tests run against.
enum class CatalogBackend { sqlite, postgres };

inline std::string backend_name(const ::testing::TestParamInfo<CatalogBackend>& info) {
  return info.param == CatalogBackend::sqlite ? "sqlite" : "postgres";
}

// A database name unique to the running test (PostgreSQL names: lower case, <= 63 bytes).
inline std::string test_database_name() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  static int counter = 0;
  std::string name = fmt::format("cat_{}_{}_{}", getpid(), ++counter,
                                 info ? std::string(info->name()) : std::string("x"));
  for (char& character : name) {
    character = std::isalnum(static_cast<unsigned char>(character))
                    ? static_cast<char>(std::tolower(static_cast<unsigned char>(character)))
                    : '_';
  }
  return name.substr(0, 63);
}

// A fixture owning a fresh catalog: a SQLite file in its own temporary directory, or a fresh
// PostgreSQL database on the shared test server (skipped when PostgreSQL is not installed).
class CatalogFixture : public ::testing::Test {
 protected:
  virtual CatalogBackend backend() const = 0;

  void SetUp() override {
    if (backend() == CatalogBackend::postgres) {
      std::string reason;
      auto* server = testing::PostgresServer::shared(reason);
      if (server == nullptr) GTEST_SKIP() << "PostgreSQL unavailable: " << reason;
      m_location = server->create_database(test_database_name());
    } else {
      m_location = catalog_path().string();
    }
    auto opened = Catalog::open(m_location);
    ASSERT_TRUE(opened) << opened.error().message;
    m_catalog.emplace(std::move(*opened));
  }

  std::filesystem::path catalog_path() const { return m_home.path() / "state" / "catalog.sqlite"; }
  // What Catalog::open takes: the SQLite path or the PostgreSQL URL.
  const std::string& location() const { return m_location; }
  Catalog& catalog() { return *m_catalog; }

  // A second, raw connection of the same backend, to look at or tamper with the catalog.
  std::unique_ptr<CatalogDatabase> raw() const {
    if (backend() == CatalogBackend::postgres) {
      auto database = PgCatalogDatabase::connect(m_location);
      EXPECT_TRUE(database) << database.error().message;
      return database ? std::move(*database) : nullptr;
    }
    auto database = SqliteCatalogDatabase::open(catalog_path(), k_test_busy_timeout);
    EXPECT_TRUE(database) << database.error().message;
    return database ? std::move(*database) : nullptr;
  }

  int64_t begin_run(std::string_view pipeline = "imdb", std::string_view date = "2026-01-05") {
    const auto run_id = catalog().begin_run(pipeline, date, "manual");
    EXPECT_TRUE(run_id) << run_id.error().message;
    return run_id.value_or(0);
  }

  testing::TempDir m_home;
  std::string m_location;
  std::optional<Catalog> m_catalog;
};

// The shared catalog tests: TEST_P(CatalogTest, …) runs on both backends (instantiated once,
// in catalog_test.cpp, as Catalog/CatalogTest.<name>/{sqlite,postgres}).
class CatalogTest : public CatalogFixture, public ::testing::WithParamInterface<CatalogBackend> {
 protected:
  CatalogBackend backend() const override { return GetParam(); }
};

// Tests of SQLite internals (WAL mode, sqlite_master, the file).
class CatalogSqliteTest : public CatalogFixture {
 protected:
  CatalogBackend backend() const override { return CatalogBackend::sqlite; }
};

}  // namespace reelhouse::catalog
