// DuckPrepared / DuckQueryResult: prepare once, execute many times with bound values, typed
// cells, wrong parameter counts and failures reported.
#include "db/duck_prepared.hpp"

#include <gtest/gtest.h>

namespace reelhouse::db {
namespace {

TEST(DuckPreparedTest, ExecutesManyTimesWithBoundValuesAndTypedCells) {
  auto database = DuckDatabase::open("");
  ASSERT_TRUE(database.has_value());
  auto connection = DuckConnection::connect(*database);
  ASSERT_TRUE(connection->execute(
      "CREATE TABLE t AS SELECT * FROM (VALUES (1, 'a''b', 2.5::DECIMAL(4,1), "
      "TRUE, DATE '2024-01-02'), (2, NULL, NULL, FALSE, NULL)) v(id, name, price, "
      "flag, day)"));
  auto statement = DuckPrepared::prepare(
      *connection, "SELECT * FROM t WHERE id >= ? AND (? IS NULL OR name = ?) ORDER BY id");
  ASSERT_TRUE(statement.has_value()) << statement.error().message;
  EXPECT_EQ(statement->parameter_count(), 3u);
  auto all = statement->execute({int64_t{1}, std::monostate{}, std::monostate{}});
  ASSERT_TRUE(all.has_value()) << all.error().message;
  ASSERT_EQ(all->row_count(), 2u);
  using Kind = DuckQueryResult::CellKind;
  EXPECT_EQ(all->cell_kind(0), Kind::integer);
  EXPECT_EQ(all->cell_kind(1), Kind::text);
  EXPECT_EQ(all->cell_kind(2), Kind::real);
  EXPECT_EQ(all->cell_kind(3), Kind::boolean);
  EXPECT_EQ(all->cell_kind(4), Kind::text);
  EXPECT_EQ(all->column_name(1), "name");
  EXPECT_EQ(all->text(1, 0), "a'b");
  EXPECT_DOUBLE_EQ(all->real(2, 0), 2.5);
  EXPECT_TRUE(all->boolean(3, 0));
  EXPECT_EQ(all->text(4, 0), "2024-01-02");
  EXPECT_TRUE(all->is_null(1, 1));
  // The same statement again, other values: the quote is data.
  auto one = statement->execute({int64_t{0}, std::string("a'b"), std::string("a'b")});
  ASSERT_TRUE(one.has_value());
  ASSERT_EQ(one->row_count(), 1u);
  EXPECT_EQ(one->integer(0, 0), 1);
  auto none =
      statement->execute({int64_t{0}, std::string("' OR 1=1 --"), std::string("' OR 1=1 --")});
  EXPECT_EQ(none->row_count(), 0u);
}

TEST(DuckPreparedTest, ReportsWrongParameterCountsAndFailures) {
  auto database = DuckDatabase::open("");
  auto connection = DuckConnection::connect(*database);
  auto statement = DuckPrepared::prepare(*connection, "SELECT CAST(? AS INTEGER)");
  ASSERT_TRUE(statement.has_value());
  auto missing = statement->execute({});
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code, ErrorCode::invalid_argument);
  auto bad = statement->execute({std::string("not a number")});
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().code, ErrorCode::sql);
  auto unprepared = DuckPrepared::prepare(*connection, "SELEC 1");
  ASSERT_FALSE(unprepared.has_value());
  EXPECT_NE(unprepared.error().message.find("SELEC 1"), std::string::npos);
}

}  // namespace
}  // namespace reelhouse::db
