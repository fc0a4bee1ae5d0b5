// Every product of every pipeline (imdb, movies and prices, run into one home on small
// generated data and the provider simulator) published into a real PostgreSQL equals the
// DuckDB warehouse's table, row for row, with the exact types and the natural keys.
#include <gtest/gtest.h>

#include <map>

#include "catalog/catalog.hpp"
#include "postgres/pg_connection.hpp"
#include "support/every_pipeline_home.hpp"
#include "support/postgres_server.hpp"
#include "support/reelhouse_home.hpp"
#include "support/warehouse_comparison.hpp"
#include "warehouse/postgres_publisher.hpp"

namespace reelhouse::warehouse {
namespace {

TEST(PostgresProductsTest, EveryPipelinesProductsEqualTheDuckDbWarehouseRowForRow) {
  SKIP_WITHOUT_POSTGRES(server);
  testing::ReelhouseHome home;
  Config config;
  testing::run_every_pipeline(home, config);
  if (HasFatalFailure()) return;

  const std::string url = server->create_database("postgres_products_test");
  auto catalog = catalog::Catalog::open(config.catalog_path());
  ASSERT_TRUE(catalog) << catalog.error().message;
  const auto runs = catalog->recent_runs(1, std::nullopt);
  ASSERT_TRUE(runs && !runs->empty());
  const auto published = publish_postgres_warehouse(config, *catalog, runs->front().run_id, url);
  ASSERT_TRUE(published) << published.error().message;

  const auto compared = testing::expect_products_equal(config.warehouse_path(), url);
  ASSERT_GE(compared.size(), 15u) << "people, 6 movies products, 8 prices products";
  EXPECT_EQ(published->tables, static_cast<int64_t>(compared.size()) + 1);
  auto pg = postgres::PgConnection::connect(url);
  ASSERT_TRUE(pg) << pg.error().message;
  // The documented natural keys hold (the publication would have failed otherwise).
  EXPECT_EQ(pg->query_int("SELECT count(*) FROM pg_constraint c JOIN pg_namespace n ON n.oid = "
                          "c.connamespace WHERE n.nspname = 'reelhouse' AND c.contype = 'p'"),
            4);
}

}  // namespace
}  // namespace reelhouse::warehouse
