// Publishing the warehouse into a real PostgreSQL after a real (tiny, generated) imdb run:
// the products equal the DuckDB warehouse's, readers never see a missing or partial table
// while publications swap, and rollback brings the previous publication back.
#include "warehouse/postgres_publisher.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <thread>

#include "catalog/catalog.hpp"
#include "db/duckdb.hpp"
#include "postgres/pg_connection.hpp"
#include "support/postgres_server.hpp"
#include "support/reelhouse_home.hpp"

namespace reelhouse::warehouse {
namespace {

namespace fs = std::filesystem;
using postgres::PgConnection;

// One tiny imdb run for the whole suite: its home (lake, catalog, DuckDB warehouse) and run id.
struct ImdbRun {
  testing::TempDir source;
  testing::ReelhouseHome home;
  int64_t run_id = 0;
};

class PostgresPublisherTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto run = std::make_unique<ImdbRun>();
    const auto generated =
        testing::run_reelhouse({"generate", "imdb", "--scale", "0.0005", "--seed", "11", "--out",
                                run->source.path().string()});
    ASSERT_EQ(generated.exit_code, 0) << generated.output;
    const auto ran =
        run->home.run_pipeline("imdb", "2024-01-01",
                               {"sources.imdb.url=" + testing::file_url(run->source.path()),
                                "products.people.min_titles=1", "products.people.min_votes=0"});
    ASSERT_EQ(ran.exit_code, 0) << ran.output;
    s_run = std::move(run);
  }
  static void TearDownTestSuite() { s_run.reset(); }

  void SetUp() override {
    SKIP_WITHOUT_POSTGRES(server);
    ASSERT_NE(s_run, nullptr) << "the imdb run of SetUpTestSuite failed";
    const std::string database = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    m_url = server->create_database("publisher_" + database);
    auto config = load_config(s_run->home.path(), {}, {});
    ASSERT_TRUE(config) << config.error().message;
    m_config = std::move(*config);
    auto catalog = catalog::Catalog::open(m_config.catalog_location());
    ASSERT_TRUE(catalog) << catalog.error().message;
    m_catalog = std::make_unique<catalog::Catalog>(std::move(*catalog));
    const auto runs = m_catalog->recent_runs(1, std::string_view("imdb"));
    ASSERT_TRUE(runs && runs->size() == 1);
    s_run->run_id = runs->front().run_id;
  }

  Result<PostgresPublication> publish() {
    return publish_postgres_warehouse(m_config, *m_catalog, s_run->run_id, m_url);
  }

  PgConnection connect() {
    auto connection = PgConnection::connect(m_url);
    EXPECT_TRUE(connection) << connection.error().message;
    return std::move(*connection);
  }

  static db::TextTable duckdb_rows(const std::string& sql) {
    auto database = db::DuckDatabase::open((s_run->home.path() / "warehouse.duckdb").string(),
                                           db::DuckOptions{.read_only = true});
    EXPECT_TRUE(database) << database.error().message;
    auto connection = db::DuckConnection::connect(*database);
    auto rows = connection->query_text(sql);
    EXPECT_TRUE(rows) << rows.error().message;
    return std::move(*rows);
  }

  static std::unique_ptr<ImdbRun> s_run;
  std::string m_url;
  Config m_config;
  std::unique_ptr<catalog::Catalog> m_catalog;
};

std::unique_ptr<ImdbRun> PostgresPublisherTest::s_run;

TEST_F(PostgresPublisherTest, ProductsEqualTheDuckDbWarehouseRowForRow) {
  const auto published = publish();
  ASSERT_TRUE(published) << published.error().message;
  EXPECT_EQ(published->tables, 2);  // people, etl_pipeline_status
  auto connection = connect();

  // Exact types.
  const auto types = connection.query(
      "SELECT column_name, data_type, numeric_precision, numeric_scale FROM "
      "information_schema.columns WHERE table_schema = 'reelhouse' AND table_name = 'people' "
      "ORDER BY ordinal_position");
  ASSERT_TRUE(types) << types.error().message;
  const auto duck_types = duckdb_rows(
      "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'people' "
      "ORDER BY ordinal_position");
  ASSERT_EQ(types->rows(), static_cast<int>(duck_types.rows.size()));
  for (int column_idx = 0; column_idx < types->rows(); ++column_idx) {
    const std::string duck_type = *duck_types.rows[column_idx][1];
    const std::string pg_type(types->text(column_idx, 1));
    EXPECT_EQ(types->text(column_idx, 0), *duck_types.rows[column_idx][0]);
    const std::map<std::string, std::string> k_expected = {{"BIGINT", "bigint"},
                                                           {"INTEGER", "integer"},
                                                           {"VARCHAR", "text"},
                                                           {"DOUBLE", "double precision"}};
    if (const auto expected = k_expected.find(duck_type); expected != k_expected.end()) {
      EXPECT_EQ(pg_type, expected->second) << types->text(column_idx, 0);
    } else {
      ASSERT_TRUE(duck_type.starts_with("DECIMAL")) << duck_type;
      EXPECT_EQ(pg_type, "numeric");
      EXPECT_EQ(duck_type, fmt::format("DECIMAL({},{})", types->text(column_idx, 2),
                                       types->text(column_idx, 3)));
    }
  }

  // Row for row: every cell of people as text, in the same order.
  std::string columns;
  for (const auto& row : duck_types.rows) columns += (columns.empty() ? "" : ", ") + *row[0];
  const auto duck_people = duckdb_rows("SELECT " + columns + " FROM people ORDER BY role, nconst");
  const auto pg_people =
      connection.query("SELECT " + columns + " FROM reelhouse.people ORDER BY role, nconst");
  ASSERT_TRUE(pg_people) << pg_people.error().message;
  ASSERT_GT(duck_people.rows.size(), 10u);
  ASSERT_EQ(pg_people->rows(), static_cast<int>(duck_people.rows.size()));
  int differences = 0;
  for (int row_idx = 0; row_idx < pg_people->rows() && differences < 5; ++row_idx) {
    for (int column_idx = 0; column_idx < pg_people->columns(); ++column_idx) {
      const auto& expected = duck_people.rows[row_idx][column_idx];
      const auto actual = pg_people->value(row_idx, column_idx);
      // Doubles print differently (DuckDB 4.0, PostgreSQL 4) but must be the same number.
      const bool is_double = *duck_types.rows[column_idx][1] == "DOUBLE";
      const bool same = is_double && expected && actual ? std::stod(*expected) == std::stod(*actual)
                                                        : expected == actual;
      if (!same) {
        ++differences;
        ADD_FAILURE() << "people row " << row_idx << " column "
                      << pg_people->column_name(column_idx) << ": DuckDB "
                      << expected.value_or("NULL") << ", PostgreSQL " << actual.value_or("NULL");
      }
    }
  }

  // etl_pipeline_status: the same task attempts with the same figures. (The DuckDB warehouse
  // was built by the run's own publish task, which was still running then: its row differs.)
  const std::string status_sql =
      "SELECT task, state, CAST(ingest_date AS VARCHAR), rows_in, rows_out, rows_rejected, "
      "bytes, attempt, CAST(started_at AS VARCHAR), error FROM {}etl_pipeline_status WHERE task "
      "<> 'publish' ORDER BY run_id, started_at, task";
  const auto duck_status = duckdb_rows(fmt::format(fmt::runtime(status_sql), ""));
  const auto pg_status = connection.query(fmt::format(fmt::runtime(status_sql), "reelhouse."));
  ASSERT_TRUE(pg_status) << pg_status.error().message;
  ASSERT_EQ(pg_status->rows(), static_cast<int>(duck_status.rows.size()));
  for (int row_idx = 0; row_idx < pg_status->rows(); ++row_idx) {
    for (int column_idx = 0; column_idx < pg_status->columns(); ++column_idx) {
      EXPECT_EQ(pg_status->value(row_idx, column_idx), duck_status.rows[row_idx][column_idx])
          << "etl_pipeline_status row " << row_idx << " column " << column_idx;
    }
  }
  ASSERT_GT(pg_status->rows(), 5);
  EXPECT_EQ(published->rows,
            static_cast<int64_t>(duck_people.rows.size() + duck_status.rows.size() + 1));

  // Keys and indexes.
  EXPECT_EQ(connection.query_int(
                "SELECT count(*) FROM pg_indexes WHERE schemaname = 'reelhouse' AND tablename = "
                "'people' AND indexdef LIKE '%UNIQUE%(nconst, role)%'"),
            1);
  EXPECT_EQ(connection.query_int("SELECT count(*) FROM pg_indexes WHERE schemaname = 'reelhouse' "
                                 "AND tablename = 'people' AND indexdef LIKE '%(role)'"),
            1);
  EXPECT_EQ(connection.query_int("SELECT count(*) FROM pg_indexes WHERE schemaname = 'reelhouse' "
                                 "AND tablename = 'etl_pipeline_status' AND indexdef LIKE "
                                 "'%(ingest_date)'"),
            1);
  // No load schema is left behind, and the catalog records the publication.
  EXPECT_EQ(connection.query_int(
                "SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'reelhouse_load%'"),
            0);
  const auto publication = m_catalog->latest_publication();
  ASSERT_TRUE(publication && publication->has_value());
  EXPECT_NE((*publication)->location.find("schema reelhouse"), std::string::npos);
}

TEST_F(PostgresPublisherTest, ReadersNeverSeeAMissingOrPartialTableDuringPublishes) {
  ASSERT_TRUE(publish());
  auto setup = connect();
  const int64_t expected = setup.query_int("SELECT count(*) FROM reelhouse.people").value_or(-1);
  ASSERT_GT(expected, 10);

  std::atomic<bool> stop = false;
  std::atomic<int64_t> reads = 0;
  std::vector<std::string> problems;  // written by the reader only, read after join
  std::thread reader([&] {
    auto connection = PgConnection::connect(m_url);
    if (!connection) {
      problems.push_back(connection.error().message);
      return;
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (!stop && std::chrono::steady_clock::now() < deadline && problems.size() < 5) {
      const auto count = connection->query_int("SELECT count(*) FROM reelhouse.people");
      if (!count) {
        problems.push_back(count.error().message);
      } else if (*count != expected) {
        problems.push_back(fmt::format("count {} instead of {}", *count, expected));
      }
      ++reads;
    }
  });
  constexpr int k_publishes = 4;
  for (int publish_idx = 0; publish_idx < k_publishes; ++publish_idx) {
    const auto published = publish();
    EXPECT_TRUE(published) << published.error().message;
  }
  // Let the reader see the last swap too.
  const int64_t reads_after_publishes = reads;
  while (reads < reads_after_publishes + 20 && problems.empty()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  stop = true;
  reader.join();
  EXPECT_TRUE(problems.empty()) << problems.front();
  EXPECT_GT(reads, k_publishes) << "the reader must have queried during the publishes";
  EXPECT_EQ(setup.query_int("SELECT count(*) FROM reelhouse.people"), expected);
}

TEST_F(PostgresPublisherTest, RollbackBringsThePreviousPublicationBack) {
  // Nothing to roll back to yet.
  const auto too_early = rollback_postgres_warehouse(m_url);
  ASSERT_FALSE(too_early);
  EXPECT_EQ(too_early.error().code, ErrorCode::not_found) << too_early.error().message;

  ASSERT_TRUE(publish());
  auto connection = connect();
  // Mark the first publication so it can be told apart from the second.
  ASSERT_TRUE(connection.execute("CREATE TABLE reelhouse.first_publication (x INT)"));
  ASSERT_TRUE(publish());
  const auto marked = [&](std::string_view schema) {
    return connection
        .query_int(
            "SELECT count(*) FROM pg_tables WHERE schemaname = $1 AND tablename = "
            "'first_publication'",
            {std::string(schema)})
        .value_or(-1);
  };
  EXPECT_EQ(marked("reelhouse"), 0);
  EXPECT_EQ(marked("reelhouse_previous"), 1);

  const auto rolled_back = rollback_postgres_warehouse(m_url);
  ASSERT_TRUE(rolled_back) << rolled_back.error().message;
  EXPECT_EQ(marked("reelhouse"), 1);
  EXPECT_EQ(marked("reelhouse_previous"), 0);
  EXPECT_GT(connection.query_int("SELECT count(*) FROM reelhouse.people").value_or(0), 10);

  // A second rollback undoes the first.
  ASSERT_TRUE(rollback_postgres_warehouse(m_url));
  EXPECT_EQ(marked("reelhouse"), 0);
  EXPECT_EQ(marked("reelhouse_previous"), 1);
}

TEST_F(PostgresPublisherTest, AFailedPublicationLeavesTheCurrentOneServing) {
  ASSERT_TRUE(publish());
  auto connection = connect();
  ASSERT_TRUE(connection.execute("CREATE TABLE reelhouse.current_marker (x INT)"));
  // A reader holding a lock on the previous schema's table makes the swap's DROP wait; the
  // database's short lock_timeout then fails the publication after its load.
  ASSERT_TRUE(publish());  // now reelhouse_previous holds the marker
  auto blocker = connect();
  ASSERT_TRUE(
      blocker.execute("BEGIN; LOCK TABLE reelhouse_previous.current_marker IN ACCESS SHARE MODE"));
  ASSERT_TRUE(connection.execute("ALTER DATABASE " +
                                 postgres::pg_identifier(m_url.substr(m_url.rfind('/') + 1)) +
                                 " SET lock_timeout = '200ms'"));
  const int64_t before = connection.query_int("SELECT count(*) FROM reelhouse.people").value();
  const auto failed = publish();
  ASSERT_TRUE(blocker.execute("ROLLBACK"));
  ASSERT_FALSE(failed) << "the swap should have timed out waiting for the lock";
  EXPECT_TRUE(failed.error().is_transient()) << failed.error().message;
  EXPECT_EQ(connection.query_int("SELECT count(*) FROM reelhouse.people"), before);
  EXPECT_EQ(connection.query_int("SELECT count(*) FROM pg_tables WHERE schemaname = "
                                 "'reelhouse_previous' AND tablename = 'current_marker'"),
            1);
  EXPECT_EQ(connection.query_int(
                "SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'reelhouse_load%'"),
            0);
}

}  // namespace
}  // namespace reelhouse::warehouse
