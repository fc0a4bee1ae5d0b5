// Helpers shared by the catalog tests: a fixture owning a fresh catalog in its own temporary
// directory, a raw second connection to inspect or tamper with the file, and checks of the
// catalog's formats.
#pragma once

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <optional>
#include <regex>
#include <string>

#include "catalog/catalog.hpp"
#include "catalog/sqlite_handle.hpp"
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

// A second, raw connection, to look at or tamper with what the catalog stored.
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

class CatalogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = Catalog::open(catalog_path());
    ASSERT_TRUE(opened) << opened.error().message;
    m_catalog.emplace(std::move(*opened));
  }

  std::filesystem::path catalog_path() const { return m_home.path() / "state" / "catalog.sqlite"; }
  Catalog& catalog() { return *m_catalog; }

  int64_t begin_run(std::string_view pipeline = "imdb", std::string_view date = "2026-01-05") {
    const auto run_id = catalog().begin_run(pipeline, date, "manual");
    EXPECT_TRUE(run_id) << run_id.error().message;
    return run_id.value_or(0);
  }

  testing::TempDir m_home;
  std::optional<Catalog> m_catalog;
};

}  // namespace reelhouse::catalog
