// Every product of every pipeline (imdb, movies and prices, run into one home on small
// generated data and the provider simulator) published into a real PostgreSQL equals the
// DuckDB warehouse's table, row for row, with the exact types and the natural keys.
#include <gtest/gtest.h>

#include <map>

#include "catalog/catalog.hpp"
#include "db/duckdb.hpp"
#include "pipeline/pipeline_runner.hpp"
#include "postgres/pg_connection.hpp"
#include "providers/simulator/provider_simulator.hpp"
#include "support/postgres_server.hpp"
#include "support/reelhouse_home.hpp"
#include "warehouse/postgres_publisher.hpp"

namespace reelhouse::warehouse {
namespace {

namespace sim = providers::sim;
using postgres::PgConnection;

// The fault-free simulator profile, time-scaled so a run takes a moment.
sim::FaultProfile quiet_profile() {
  auto profile = sim::load_fault_profile("none");
  EXPECT_TRUE(profile.has_value()) << (profile ? "" : profile.error().message);
  auto scaled = profile.value_or(sim::FaultProfile{});
  scaled.time_scale = 0.001;
  return scaled;
}

// Runs imdb and movies (the binary) and prices (in process, against the simulator) into `home`.
void run_every_pipeline(const testing::ReelhouseHome& home, Config& config) {
  testing::TempDir imdb_source;
  testing::TempDir movies_source;
  for (const auto& [pipeline, dir] :
       {std::pair{"imdb", imdb_source.path()}, std::pair{"movies", movies_source.path()}}) {
    const auto generated = testing::run_reelhouse(
        {"generate", pipeline, "--scale", "0.001", "--seed", "5", "--out", dir.string()});
    ASSERT_EQ(generated.exit_code, 0) << generated.output;
  }
  auto ran = home.run_pipeline("imdb", "2024-01-01",
                               {"sources.imdb.url=" + testing::file_url(imdb_source.path())});
  ASSERT_EQ(ran.exit_code, 0) << ran.output;
  ran = home.run_pipeline("movies", "2024-01-01",
                          {"sources.movies.url=" + testing::file_url(movies_source.path()),
                           "sources.wikipedia.url=" + testing::file_url(movies_source.path())});
  ASSERT_EQ(ran.exit_code, 0) << ran.output;

  auto simulator = sim::ProviderSimulator::start(
      sim::SimulatorOptions{.movies = 30, .seed = 7, .profile = quiet_profile(), .threads = 8});
  ASSERT_TRUE(simulator) << simulator.error().message;
  auto loaded = load_config(
      home.path(),
      {"providers.url=" + (*simulator)->base_url(), "providers.token=reelhouse-simulator",
       "providers.backoff_initial_ms=2", "providers.backoff_max_ms=40", "runtime.threads=2"},
      {});
  ASSERT_TRUE(loaded) << loaded.error().message;
  config = std::move(*loaded);
  // Two runs, with prices changed between them: price_changes and two ingest dates.
  for (const std::string date : {"2024-01-01", "2024-01-02"}) {
    const auto outcome = pipeline::run_pipeline(
        config, pipeline::RunRequest{.pipeline = "prices", .ingest_date = date});
    ASSERT_TRUE(outcome) << outcome.error().message;
    ASSERT_TRUE(outcome->summary.succeeded()) << outcome->summary.first_error();
    (*simulator)->advance_prices();
  }
}

// A cell as a comparable string: booleans as true/false, doubles through their value.
std::optional<std::string> normalised(const std::optional<std::string>& cell,
                                      const std::string& duckdb_type) {
  if (!cell) return cell;
  if (duckdb_type == "BOOLEAN") {
    if (*cell == "t") return "true";
    if (*cell == "f") return "false";
  }
  if (duckdb_type == "DOUBLE" || duckdb_type == "FLOAT") {
    return fmt::format("{}", std::stod(*cell));
  }
  return cell;
}

TEST(PostgresProductsTest, EveryPipelinesProductsEqualTheDuckDbWarehouseRowForRow) {
  SKIP_WITHOUT_POSTGRES(server);
  testing::ReelhouseHome home;
  Config config;
  run_every_pipeline(home, config);
  if (HasFatalFailure()) return;

  const std::string url = server->create_database("postgres_products_test");
  auto catalog = catalog::Catalog::open(config.catalog_path());
  ASSERT_TRUE(catalog) << catalog.error().message;
  const auto runs = catalog->recent_runs(1, std::nullopt);
  ASSERT_TRUE(runs && !runs->empty());
  const auto published = publish_postgres_warehouse(config, *catalog, runs->front().run_id, url);
  ASSERT_TRUE(published) << published.error().message;

  auto duck_database =
      db::DuckDatabase::open(config.warehouse_path().string(), db::DuckOptions{.read_only = true});
  ASSERT_TRUE(duck_database);
  auto duck = db::DuckConnection::connect(*duck_database);
  auto pg = PgConnection::connect(url);
  ASSERT_TRUE(pg) << pg.error().message;

  const auto tables = duck->query_text(
      "SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' AND "
      "table_name <> 'etl_pipeline_status' ORDER BY table_name");
  ASSERT_TRUE(tables);
  ASSERT_GE(tables->rows.size(), 15u) << "people, 6 movies products, 8 prices products";
  EXPECT_EQ(published->tables, static_cast<int64_t>(tables->rows.size()) + 1);
  for (const auto& table_row : tables->rows) {
    const std::string table = *table_row[0];
    SCOPED_TRACE(table);
    const auto columns = duck->query_text(fmt::format(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = '{}' "
        "ORDER BY ordinal_position",
        table));
    ASSERT_TRUE(columns);
    std::vector<std::string> names;
    for (const auto& column : columns->rows) names.push_back(postgres::pg_identifier(*column[0]));
    const std::string list = fmt::format("{}", fmt::join(names, ", "));
    const auto duck_rows =
        duck->query_text(fmt::format("SELECT {} FROM {} ORDER BY {}", list, table, list));
    ASSERT_TRUE(duck_rows) << duck_rows.error().message;
    const auto pg_rows =
        pg->query(fmt::format("SELECT {} FROM reelhouse.{} ORDER BY {}", list, table, list));
    ASSERT_TRUE(pg_rows) << pg_rows.error().message;
    ASSERT_EQ(pg_rows->rows(), static_cast<int>(duck_rows->rows.size()));
    int differences = 0;
    for (int row_idx = 0; row_idx < pg_rows->rows() && differences < 3; ++row_idx) {
      for (int column_idx = 0; column_idx < pg_rows->columns(); ++column_idx) {
        const std::string& type = *columns->rows[column_idx][1];
        const auto expected = normalised(duck_rows->rows[row_idx][column_idx], type);
        const auto actual = normalised(pg_rows->value(row_idx, column_idx), type);
        if (expected != actual) {
          ++differences;
          ADD_FAILURE() << "row " << row_idx << " column " << *columns->rows[column_idx][0] << " ("
                        << type << "): DuckDB " << expected.value_or("NULL") << ", PostgreSQL "
                        << actual.value_or("NULL");
        }
      }
    }
  }
  // The documented natural keys hold (the publication would have failed otherwise).
  EXPECT_EQ(pg->query_int("SELECT count(*) FROM pg_constraint c JOIN pg_namespace n ON n.oid = "
                          "c.connamespace WHERE n.nspname = 'reelhouse' AND c.contype = 'p'"),
            4);
}

}  // namespace
}  // namespace reelhouse::warehouse
