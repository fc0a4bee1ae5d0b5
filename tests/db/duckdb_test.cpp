#include "db/duckdb.hpp"

#include <gtest/gtest.h>

namespace reelhouse::db {
namespace {

DuckConnection memory_connection(DuckDatabase& database) {
  return DuckConnection::connect(database).value();
}

TEST(DuckDbTest, RendersEveryTypeAsText) {
  auto database = DuckDatabase::open("").value();
  auto connection = memory_connection(database);
  struct Case {
    std::string sql;
    std::optional<std::string> expected;
  };
  const std::vector<Case> cases = {
      {"SELECT 42", "42"},
      {"SELECT CAST(7.5 AS DECIMAL(3,1))", "7.5"},
      {"SELECT 'O''Brien'", "O'Brien"},
      {"SELECT NULL", std::nullopt},
      {"SELECT DATE '2024-01-02'", "2024-01-02"},
      {"SELECT [1, 2]", "[1, 2]"},
      {"SELECT {'a': 1}", "{'a': 1}"},
      {"SELECT 'x'::ENUM ('x', 'y')", "x"},
      {"SELECT TIMESTAMP_NS '2024-01-02 03:04:05'", "2024-01-02 03:04:05"},
  };
  for (const auto& test_case : cases) {
    const auto result = connection.query_text(test_case.sql);
    ASSERT_TRUE(result) << test_case.sql << ": " << result.error().message;
    ASSERT_EQ(result->rows.size(), 1u);
    EXPECT_EQ(result->rows[0][0], test_case.expected) << test_case.sql;
  }
}

TEST(DuckDbTest, BindsParametersAndReportsErrors) {
  auto database = DuckDatabase::open("").value();
  auto connection = memory_connection(database);
  const auto bound = connection.query_text("SELECT ? || '-' || CAST(? AS VARCHAR), ? IS NULL",
                                           {std::string("a'b"), int64_t{7}, std::monostate{}});
  ASSERT_TRUE(bound) << bound.error().message;
  EXPECT_EQ(bound->rows[0][0], "a'b-7");
  EXPECT_EQ(bound->rows[0][1], "true");
  EXPECT_EQ(connection.query_int("SELECT ? * 2", {int64_t{21}}).value(), 42);

  const auto failed = connection.execute("SELECT * FROM no_such_table");
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().code, ErrorCode::sql);
  EXPECT_NE(failed.error().message.find("no_such_table"), std::string::npos);
}

TEST(DuckDbTest, QuotesLiteralsAndIdentifiers) {
  EXPECT_EQ(sql_quote("it's"), "'it''s'");
  EXPECT_EQ(sql_identifier("my \"table\""), "\"my \"\"table\"\"\"");
  EXPECT_EQ(sql_read_parquet("/lake/x/*.parquet"),
            "read_parquet('/lake/x/*.parquet', hive_partitioning = false)");
}

TEST(DuckDbTest, OpeningAMissingReadOnlyDatabaseFails) {
  const auto opened = DuckDatabase::open("/nonexistent/dir/w.duckdb", {.read_only = true});
  ASSERT_FALSE(opened);
  EXPECT_NE(opened.error().message.find("/nonexistent/dir/w.duckdb"), std::string::npos);
}

}  // namespace
}  // namespace reelhouse::db
