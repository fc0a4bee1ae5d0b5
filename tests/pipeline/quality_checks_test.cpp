// Evaluating data-quality checks against a real DuckDB relation (each kind passing and
// failing, with what was observed and what to do), and the check tasks added to a pipeline.
#include "pipeline/quality_checks.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "core/config.hpp"
#include "db/duckdb.hpp"
#include "pipeline/pipeline_registry.hpp"
#include "pipeline/quality_check_tasks.hpp"

namespace reelhouse::pipeline {
namespace {

using ::testing::HasSubstr;
using namespace std::chrono_literals;

class QualityChecksTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto database = db::DuckDatabase::open(":memory:", {.threads = 1});
    ASSERT_TRUE(database) << database.error().message;
    m_database.emplace(std::move(*database));
    auto connection = db::DuckConnection::connect(*m_database);
    ASSERT_TRUE(connection) << connection.error().message;
    m_connection.emplace(std::move(*connection));
    ASSERT_TRUE(m_connection->execute(
        "CREATE TABLE people (nconst VARCHAR, name VARCHAR, role VARCHAR, avg_rating DOUBLE, "
        "price DECIMAL(18,2), observed_at TIMESTAMP);"
        "INSERT INTO people VALUES "
        "('nm1', 'Ada', 'actor', 8.5, 10.50, TIMESTAMP '2026-01-05 10:00:00'),"
        "('nm2', NULL, 'actress', 7.0, 0.00, TIMESTAMP '2026-01-05 12:00:00'),"
        "('nm2', 'Bo', 'director', 11.0, 3.25, TIMESTAMP '2026-01-04 09:00:00'),"
        "('nm3', 'Cy', 'actor', 1.0, 99.99, NULL)"));
  }

  CheckOutcome evaluate(const CheckConfig& check, CheckInputs inputs = {}) {
    if (inputs.relation.empty()) inputs.relation = "people";
    auto outcome = evaluate_check(*m_connection, check, inputs);
    EXPECT_TRUE(outcome) << outcome.error().message;
    return outcome.value_or(CheckOutcome{});
  }

  std::optional<db::DuckDatabase> m_database;
  std::optional<db::DuckConnection> m_connection;
};

TEST_F(QualityChecksTest, NotNull) {
  auto outcome = evaluate({.table = "people", .kind = "not_null", .columns = {"nconst", "role"}});
  EXPECT_TRUE(outcome.passed) << outcome.message;
  EXPECT_EQ(outcome.observed, "no NULL in nconst, role (4 rows)");
  EXPECT_EQ(outcome.message, "");

  outcome = evaluate({.table = "people", .kind = "not_null", .columns = {"nconst", "name"}});
  EXPECT_FALSE(outcome.passed);
  EXPECT_EQ(outcome.observed, "NULL values of 4 rows: 1 in name");
  EXPECT_THAT(outcome.message, HasSubstr("people has NULL values where none are allowed"));
  EXPECT_THAT(outcome.message, HasSubstr("the publish is blocked"));
}

TEST_F(QualityChecksTest, Unique) {
  EXPECT_TRUE(
      evaluate({.table = "people", .kind = "unique", .columns = {"nconst", "role"}}).passed);
  const auto outcome = evaluate({.table = "people", .kind = "unique", .columns = {"nconst"}});
  EXPECT_FALSE(outcome.passed);
  EXPECT_EQ(outcome.observed, "1 values of (nconst) appear more than once (2 rows)");
  EXPECT_THAT(outcome.message, HasSubstr("e.g. (nm2) x2"));
}

TEST_F(QualityChecksTest, AcceptedValues) {
  const auto outcome = evaluate({.table = "people",
                                 .kind = "accepted_values",
                                 .columns = {"role"},
                                 .values = {"actor", "actress"},
                                 .level = "warning"});
  EXPECT_FALSE(outcome.passed);
  EXPECT_EQ(outcome.observed, "1 rows with another role: \"director\" (1 rows)");
  EXPECT_THAT(outcome.message, HasSubstr("a warning only"));
  EXPECT_TRUE(evaluate({.table = "people",
                        .kind = "accepted_values",
                        .columns = {"role"},
                        .values = {"actor", "actress", "director"}})
                  .passed);
}

TEST_F(QualityChecksTest, Range) {
  auto outcome = evaluate(
      {.table = "people", .kind = "range", .columns = {"avg_rating"}, .min = 1, .max = 10});
  EXPECT_FALSE(outcome.passed);
  EXPECT_EQ(outcome.observed, "avg_rating from 1.0 to 11.0; 1 rows outside [1, 10]");
  EXPECT_THAT(outcome.message, HasSubstr("1 rows of people have avg_rating outside [1, 10]"));
  // Decimals compare exactly; the bounds are inclusive.
  outcome = evaluate({.table = "people", .kind = "range", .columns = {"price"}, .min = 0});
  EXPECT_TRUE(outcome.passed) << outcome.observed;
  EXPECT_FALSE(
      evaluate({.table = "people", .kind = "range", .columns = {"price"}, .max = 99.98}).passed);
}

TEST_F(QualityChecksTest, RowCountChangeAgainstThePreviousSnapshot) {
  const CheckConfig check{.table = "people", .kind = "row_count_change", .min = 0.5, .max = 2.0};
  auto outcome = evaluate(check);
  EXPECT_TRUE(outcome.passed);
  EXPECT_THAT(outcome.observed, HasSubstr("no earlier snapshot"));

  catalog::SnapshotRecord previous{.table_name = "people", .ingest_date = "2026-01-04", .rows = 5};
  outcome = evaluate(check, {.previous = previous});
  EXPECT_TRUE(outcome.passed) << outcome.observed;
  EXPECT_EQ(outcome.observed,
            "4 rows, 5 in the previous snapshot (2026-01-04): ratio 0.800, allowed [0.5, 2]");

  previous.rows = 10;
  outcome = evaluate(check, {.previous = previous});
  EXPECT_FALSE(outcome.passed);
  EXPECT_THAT(outcome.message, HasSubstr("people went from 10 to 4 rows since 2026-01-04 (a drop"));

  previous.rows = 1;
  EXPECT_FALSE(evaluate(check, {.previous = previous}).passed);
  previous.rows = 0;
  EXPECT_TRUE(evaluate(check, {.previous = previous}).passed);
}

TEST_F(QualityChecksTest, Freshness) {
  const CheckConfig check{
      .table = "people", .kind = "freshness", .columns = {"observed_at"}, .max_age_hours = 24};
  const auto noon_next_day = std::chrono::sys_days{std::chrono::year{2026} / 1 / 6} + 12h;
  auto outcome = evaluate(check, {.reference_time = noon_next_day});
  EXPECT_TRUE(outcome.passed) << outcome.observed;
  EXPECT_EQ(outcome.observed,
            "newest observed_at 2026-01-05 12:00:00 is 24.0 hours old at 2026-01-06T12:00:00Z "
            "(allowed 24)");
  outcome = evaluate(check, {.reference_time = noon_next_day + 1h});
  EXPECT_FALSE(outcome.passed);
  EXPECT_THAT(outcome.message, HasSubstr("people is stale"));
  // An empty table is not fresh.
  outcome = evaluate(
      check, {.relation = "(SELECT * FROM people WHERE false)", .reference_time = noon_next_day});
  EXPECT_FALSE(outcome.passed);
  EXPECT_THAT(outcome.observed, HasSubstr("no observed_at at all"));
}

TEST_F(QualityChecksTest, FreshnessIsJudgedAsOfTheIngestDate) {
  const auto now = std::chrono::sys_days{std::chrono::year{2026} / 11 / 23} + 10h;
  EXPECT_EQ(freshness_reference("2026-11-23", now), now);
  EXPECT_EQ(freshness_reference("2026-01-05", now),
            std::chrono::sys_days{std::chrono::year{2026} / 1 / 6});
}

TEST_F(QualityChecksTest, ACheckNamingAMissingColumnFailsAndSaysWhatTheTableHas) {
  const auto outcome = evaluate({.table = "people", .kind = "not_null", .columns = {"nconts"}});
  EXPECT_FALSE(outcome.passed);
  EXPECT_EQ(outcome.observed, "the check could not be evaluated");
  EXPECT_THAT(outcome.message, HasSubstr("check people.not_null(nconts) does not fit people"));
  EXPECT_THAT(outcome.message, HasSubstr("columns: nconst, name, role"));
  EXPECT_THAT(outcome.message, HasSubstr("fix its [[checks]] entry"));
}

Task task_named(std::string name, std::vector<std::string> depends_on,
                std::vector<std::string> produces = {}) {
  return Task{.name = std::move(name),
              .depends_on = std::move(depends_on),
              .produces = std::move(produces)};
}

const Task& find_task(const std::vector<Task>& tasks, std::string_view name) {
  const auto found = std::ranges::find(tasks, name, &Task::name);
  EXPECT_NE(found, tasks.end()) << name;
  return *found;
}

TEST(QualityCheckTasksTest, OneCheckTaskPerCheckedProductAndPublishWaitsForThem) {
  Config config;
  config.checks = {
      {.table = "people", .kind = "unique", .columns = {"nconst", "role"}},
      {.table = "top_films", .kind = "unique", .columns = {"film_id"}},  // not in this pipeline
      {.table = "people", .kind = "range", .columns = {"avg_rating"}, .min = 1},
      {.table = "titles", .kind = "unique", .columns = {"tconst"}},  // cleansed: not a product
  };
  std::vector<Task> tasks = {task_named("cleanse_titles", {}),
                             task_named("aggregate_people", {"cleanse_titles"}, {"people"}),
                             task_named("publish", {"aggregate_people"})};
  const auto with_checks = add_quality_check_tasks(tasks, config);
  ASSERT_TRUE(with_checks) << with_checks.error().message;
  ASSERT_EQ(with_checks->size(), 4u);
  const auto& check = find_task(*with_checks, "check_people");
  EXPECT_EQ(check.depends_on, (std::vector<std::string>{"aggregate_people"}));
  EXPECT_EQ(check.max_attempts, 1);
  EXPECT_TRUE(static_cast<bool>(check.run));
  EXPECT_EQ(find_task(*with_checks, "publish").depends_on,
            (std::vector<std::string>{"aggregate_people", "check_people"}));

  config.checks.push_back({.table = "people", .kind = "bogus"});
  const auto invalid = add_quality_check_tasks(tasks, config);
  ASSERT_FALSE(invalid);
  EXPECT_THAT(invalid.error().message, HasSubstr("unknown kind \"bogus\""));

  config.checks.clear();
  const auto without = add_quality_check_tasks(tasks, config);
  ASSERT_TRUE(without);
  EXPECT_EQ(without->size(), 3u);
}

TEST(QualityCheckTasksTest, RealPipelinesDeclareTheirProducts) {
  // The default checks cover the products of every built-in pipeline's publish.
  Config config;
  for (const auto& [pipeline, expected] :
       std::vector<std::pair<std::string, std::string>>{{"imdb", "check_people"},
                                                        {"movies", "check_top_films"},
                                                        {"prices", "check_prices_latest"}}) {
    const auto tasks = pipeline_tasks(pipeline, config);
    ASSERT_TRUE(tasks) << tasks.error().message;
    const auto& publish = find_task(*tasks, "publish");
    EXPECT_NE(std::ranges::find(publish.depends_on, expected), publish.depends_on.end())
        << pipeline;
  }
}

}  // namespace
}  // namespace reelhouse::pipeline
