// The pure pieces of serving from PostgreSQL: PostgreSQL type names to DuckDB's,
// the location shown for a URL, and the PostgreSQL dialect of the product statements.
#include <gtest/gtest.h>

#include "postgres/pg_statement_pool.hpp"
#include "server/pg_warehouse.hpp"
#include "server/product_query.hpp"

namespace reelhouse::server {
namespace {

TEST(PgWarehouseUnitTest, PostgresTypesAreNamedAsDuckDbNamesThem) {
  EXPECT_EQ(duckdb_type_of("bigint"), "BIGINT");
  EXPECT_EQ(duckdb_type_of("integer"), "INTEGER");
  EXPECT_EQ(duckdb_type_of("numeric(18,2)"), "DECIMAL(18,2)");
  EXPECT_EQ(duckdb_type_of("numeric(39,0)"), "HUGEINT");
  EXPECT_EQ(duckdb_type_of("double precision"), "DOUBLE");
  EXPECT_EQ(duckdb_type_of("real"), "FLOAT");
  EXPECT_EQ(duckdb_type_of("text"), "VARCHAR");
  EXPECT_EQ(duckdb_type_of("character varying(20)"), "VARCHAR");
  EXPECT_EQ(duckdb_type_of("timestamp without time zone"), "TIMESTAMP");
  EXPECT_EQ(duckdb_type_of("timestamp with time zone"), "TIMESTAMP WITH TIME ZONE");
  EXPECT_EQ(duckdb_type_of("boolean"), "BOOLEAN");
  EXPECT_EQ(duckdb_type_of("jsonb"), "JSONB");
  EXPECT_TRUE(type_renders_natively(duckdb_type_of("numeric(3,1)")));
  EXPECT_FALSE(type_renders_natively(duckdb_type_of("timestamp with time zone")));
}

TEST(PgWarehouseUnitTest, LocationsNeverShowAPasswordOrOptions) {
  EXPECT_EQ(postgres_location("postgresql://reelhouse@db.example:5432/warehouse"),
            "reelhouse@db.example:5432/warehouse");
  EXPECT_EQ(postgres_location("postgresql://reelhouse:secret@db:5432/w?sslmode=require"),
            "reelhouse@db:5432/w");
  EXPECT_EQ(postgres_location("postgres://db/w"), "db/w");
}

TEST(PgWarehouseUnitTest, PostgresStatementsCompareTextByteWiseAndKeepDuckDbsUnchanged) {
  const ProductSpec* spec = find_product("top_films");
  ASSERT_NE(spec, nullptr);
  TableInfo table;
  table.columns = {{.name = "rank", .type = "BIGINT"},
                   {.name = "film_id", .type = "BIGINT"},
                   {.name = "title", .type = "VARCHAR"},
                   {.name = "year", .type = "INTEGER"},
                   {.name = "genres", .type = "VARCHAR"}};
  auto request = parse_product_request(
      *spec, {{"sort", "-title"}, {"q", "Star"}, {"genre", "Drama"}, {"year_from", "1990"}}, {});
  ASSERT_TRUE(request) << request.error().message;
  const auto duck = build_product_sql(*spec, *request, table, "\"top_films\"");
  ASSERT_TRUE(duck);
  EXPECT_NE(duck->page_sql.find("contains(lower(CAST(\"title\" AS VARCHAR)), lower(?))"),
            std::string::npos)
      << duck->page_sql;
  EXPECT_EQ(duck->page_sql.find("COLLATE"), std::string::npos) << duck->page_sql;
  const auto pg = build_product_sql(*spec, *request, table, "\"reelhouse\".\"top_films\"",
                                    SqlDialect::postgres, "und-x-icu");
  ASSERT_TRUE(pg);
  EXPECT_NE(pg->page_sql.find("\"title\" COLLATE \"C\" DESC NULLS LAST"), std::string::npos)
      << pg->page_sql;
  EXPECT_NE(pg->page_sql.find("\"rank\" ASC NULLS LAST"), std::string::npos) << pg->page_sql;
  EXPECT_NE(pg->page_sql.find("\"year\" >= CAST(? AS BIGINT)"), std::string::npos);
  EXPECT_NE(pg->page_sql.find("? = ANY(string_to_array(CAST(\"genres\" AS VARCHAR), ', '))"),
            std::string::npos)
      << pg->page_sql;
  EXPECT_NE(pg->page_sql.find("strpos(lower(CAST(\"title\" AS VARCHAR) COLLATE \"und-x-icu\"), "
                              "lower(CAST(? AS VARCHAR) COLLATE \"und-x-icu\")) > 0"),
            std::string::npos)
      << pg->page_sql;
  EXPECT_EQ(pg->filter_params.size(), duck->filter_params.size());
}

}  // namespace
}  // namespace reelhouse::server
