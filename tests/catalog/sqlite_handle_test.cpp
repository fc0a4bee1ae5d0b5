#include "catalog/sqlite_handle.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "catalog/catalog_test_support.hpp"

namespace reelhouse::catalog {
namespace {

using ::testing::HasSubstr;
using testing::TempDir;

TEST(SqliteHandleTest, BusyCodesAreTransient) {
  TempDir home;
  auto database = raw_connection(home.path() / "x.sqlite");
  struct Case {
    int code;
    ErrorCode expected;
  };
  const Case cases[] = {{SQLITE_BUSY, ErrorCode::busy},
                        {SQLITE_BUSY_SNAPSHOT, ErrorCode::busy},
                        {SQLITE_LOCKED, ErrorCode::busy},
                        {SQLITE_CONSTRAINT, ErrorCode::sql},
                        {SQLITE_CORRUPT, ErrorCode::sql}};
  for (const auto& test_case : cases) {
    const Error error = database.error_for(test_case.code, "testing");
    EXPECT_EQ(error.code, test_case.expected) << test_case.code;
    EXPECT_THAT(error.message, HasSubstr((home.path() / "x.sqlite").string()));
  }
}

TEST(SqliteHandleTest, WriteTransactionRollsBackUnlessCommitted) {
  TempDir home;
  auto database = raw_connection(home.path() / "x.sqlite");
  ASSERT_TRUE(database.execute("CREATE TABLE t (value TEXT)"));
  {
    auto transaction = WriteTransaction::begin(database, std::chrono::seconds(1));
    ASSERT_TRUE(transaction);
    auto insert = database.prepare("INSERT INTO t VALUES (?)").value();
    ASSERT_TRUE(insert.bind_all("it's; DROP TABLE t; --"));
    ASSERT_TRUE(insert.run());
  }
  EXPECT_EQ(query_int(database, "SELECT count(*) FROM t"), 0);
  {
    auto transaction = WriteTransaction::begin(database, std::chrono::seconds(1)).value();
    auto insert = database.prepare("INSERT INTO t VALUES (?)").value();
    ASSERT_TRUE(insert.bind_all(std::optional<std::string>{}));
    ASSERT_TRUE(insert.run());
    ASSERT_TRUE(transaction.commit());
  }
  EXPECT_EQ(query_int(database, "SELECT count(*) FROM t WHERE value IS NULL"), 1);
}

}  // namespace
}  // namespace reelhouse::catalog
