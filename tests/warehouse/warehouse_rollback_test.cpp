// `reelhouse warehouse rollback`: the DuckDB file's `.previous` kept by each publication and
// swapped back atomically, and the same command on a PostgreSQL warehouse.
#include "warehouse/warehouse_rollback.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "postgres/pg_connection.hpp"
#include "support/postgres_server.hpp"
#include "support/test_support.hpp"

namespace reelhouse::warehouse {
namespace {

using ::testing::HasSubstr;
using testing::read_file;
using testing::run_reelhouse;
using testing::TempDir;
using testing::write_file;

Config config_in(const TempDir& home) {
  Config config;
  config.home = home.path();
  return config;
}

TEST(WarehouseRollbackTest, EachPublicationKeepsThePreviousAndRollbackSwapsThemBack) {
  TempDir home;
  const Config config = config_in(home);
  const auto current = config.warehouse_path();
  // What the publisher does around its rename: keep the old file, rename the new one in.
  write_file(current, "publication 1");
  ASSERT_TRUE(keep_previous_warehouse(current));
  write_file(home.path() / "new", "publication 2");
  std::filesystem::rename(home.path() / "new", current);
  EXPECT_EQ(read_file(previous_warehouse_path(current)), "publication 1");

  const auto rolled_back = rollback_warehouse(config);
  ASSERT_TRUE(rolled_back) << rolled_back.error().message;
  EXPECT_EQ(read_file(current), "publication 1");
  EXPECT_EQ(read_file(previous_warehouse_path(current)), "publication 2");
  ASSERT_TRUE(rollback_warehouse(config));  // a second rollback undoes the first
  EXPECT_EQ(read_file(current), "publication 2");
}

TEST(WarehouseRollbackTest, NothingPublishedTwiceIsNotFoundWithTheReason) {
  TempDir home;
  const Config config = config_in(home);
  ASSERT_TRUE(keep_previous_warehouse(config.warehouse_path()));  // nothing yet: a no-op
  EXPECT_FALSE(std::filesystem::exists(previous_warehouse_path(config.warehouse_path())));
  write_file(config.warehouse_path(), "only publication");
  const auto refused = rollback_warehouse(config);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::not_found);
  EXPECT_THAT(refused.error().message, HasSubstr("nothing was published twice"));
  EXPECT_EQ(read_file(config.warehouse_path()), "only publication");
}

// The command on a PostgreSQL warehouse swaps the `reelhouse` and `reelhouse_previous` schemas.
TEST(WarehouseRollbackTest, CommandRollsBackAPostgresWarehouse) {
  SKIP_WITHOUT_POSTGRES(server);
  const std::string url = server->create_database("rollback_command");
  auto connection = postgres::PgConnection::connect(url);
  ASSERT_TRUE(connection) << connection.error().message;
  ASSERT_TRUE(connection->execute(
      "CREATE SCHEMA reelhouse; CREATE TABLE reelhouse.people (publication INT);"
      "INSERT INTO reelhouse.people VALUES (2);"
      "CREATE SCHEMA reelhouse_previous; CREATE TABLE reelhouse_previous.people (publication INT);"
      "INSERT INTO reelhouse_previous.people VALUES (1);"));
  TempDir home;
  const auto rolled_back = run_reelhouse(
      {"--home", home.path().string(), "--set", "warehouse.url=" + url, "warehouse", "rollback"});
  ASSERT_EQ(rolled_back.exit_code, 0) << rolled_back.output;
  EXPECT_THAT(rolled_back.output, HasSubstr("the previous publication serves again"));
  EXPECT_EQ(connection->query_int("SELECT publication FROM reelhouse.people"), 1);
  EXPECT_EQ(connection->query_int("SELECT publication FROM reelhouse_previous.people"), 2);

  const auto no_url_password = run_reelhouse(
      {"--home", home.path().string(), "--set",
       "warehouse.url=postgresql://postgres:secret@127.0.0.1/x", "warehouse", "rollback"});
  EXPECT_NE(no_url_password.exit_code, 0);
  EXPECT_THAT(no_url_password.output, HasSubstr("PGPASSWORD"));
}

}  // namespace
}  // namespace reelhouse::warehouse
