#include "catalog/catalog.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <thread>

#include "catalog/catalog_schema.hpp"
#include "catalog/catalog_test_support.hpp"

namespace reelhouse::catalog {
namespace {

using ::testing::HasSubstr;
using testing::TempDir;

TEST_F(CatalogSqliteTest, OpenCreatesMigratedWalDatabase) {
  EXPECT_TRUE(std::filesystem::exists(catalog_path()));
  EXPECT_EQ(catalog().schema_version().value(), newest_schema_version());
  const auto raw = raw_connection(catalog_path());
  auto mode = raw.prepare("PRAGMA journal_mode");
  ASSERT_TRUE(mode);
  ASSERT_EQ(mode->step().value(), StepResult::row);
  EXPECT_EQ(mode->column_text(0), "wal");
  for (const char* table : {"runs", "tasks", "snapshots", "table_changes", "publications",
                            "schema_version", "etl_pipeline_status", "run_metrics"}) {
    EXPECT_EQ(
        query_int(raw, fmt::format("SELECT count(*) FROM sqlite_master WHERE name = '{}'", table)),
        1)
        << table;
  }
}

TEST_P(CatalogTest, RunLifecycle) {
  const int64_t run_id = begin_run();
  auto run = catalog().run(run_id).value();
  ASSERT_TRUE(run);
  EXPECT_EQ(run->pipeline, "imdb");
  EXPECT_EQ(run->ingest_date, "2026-01-05");
  EXPECT_EQ(run->state, RunState::running);
  EXPECT_EQ(run->trigger, "manual");
  EXPECT_EQ(run->pid, getpid());
  EXPECT_FALSE(run->host.empty());
  EXPECT_TRUE(is_timestamp(run->started_at)) << run->started_at;
  EXPECT_FALSE(run->finished_at);

  ASSERT_TRUE(catalog().finish_run(run_id, RunState::failed, "task land: disk full"));
  run = catalog().run(run_id).value();
  EXPECT_EQ(run->state, RunState::failed);
  EXPECT_EQ(run->error, "task land: disk full");
  EXPECT_TRUE(is_timestamp(run->finished_at));
  EXPECT_GE(*run->finished_at, run->started_at);

  const auto again = catalog().finish_run(run_id, RunState::succeeded, "");
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::invalid_argument);
  EXPECT_THAT(again.error().message, HasSubstr("no longer running"));
  EXPECT_EQ(catalog().finish_run(999, RunState::succeeded, "").error().code, ErrorCode::not_found);
  EXPECT_FALSE(catalog().run(999).value());
}

TEST_P(CatalogTest, PartialRunSucceedsAndSaysWhatIsMissing) {
  const int64_t complete = begin_run();
  ASSERT_TRUE(catalog().finish_run(complete, RunState::succeeded, ""));
  EXPECT_FALSE(catalog().run(complete).value()->partial);

  const int64_t partial = begin_run();
  ASSERT_TRUE(catalog().finish_run(partial, RunState::succeeded, "",
                                   "filmworld: 3 films missing (fw0000001, fw0000002, fw0000003)"));
  const auto run = catalog().run(partial).value();
  EXPECT_EQ(run->state, RunState::succeeded);
  ASSERT_TRUE(run->partial);
  EXPECT_THAT(*run->partial, HasSubstr("fw0000002"));
  EXPECT_EQ(catalog().recent_runs(1, std::nullopt).value().front().partial, run->partial);
}

TEST_P(CatalogTest, RejectsBadRunArguments) {
  struct Case {
    std::string_view date;
    std::string_view trigger;
    std::string_view expected;
  };
  const Case cases[] = {{"2026-01-05", "cron", "unknown run trigger \"cron\""},
                        {"2026-1-5", "manual", "ingest date \"2026-1-5\" is not YYYY-MM-DD"},
                        {"", "manual", "is not YYYY-MM-DD"}};
  for (const auto& test_case : cases) {
    const auto result = catalog().begin_run("imdb", test_case.date, test_case.trigger);
    ASSERT_FALSE(result) << test_case.expected;
    EXPECT_EQ(result.error().code, ErrorCode::invalid_argument);
    EXPECT_THAT(result.error().message, HasSubstr(test_case.expected));
  }
  const int64_t run_id = begin_run();
  EXPECT_EQ(catalog().finish_run(run_id, RunState::running, "").error().code,
            ErrorCode::invalid_argument);
}

TEST_P(CatalogTest, EveryTaskAttemptIsRecorded) {
  const int64_t run_id = begin_run();
  const int64_t first = catalog().begin_task(run_id, "fetch", 1).value();
  ASSERT_TRUE(catalog().finish_task(first, TaskState::failed, {}, "timeout after 15 s"));
  const int64_t second = catalog().begin_task(run_id, "fetch", 2).value();
  const TaskCounters counters{.rows_in = 10, .rows_out = 8, .rows_rejected = 2, .bytes = 4096};
  ASSERT_TRUE(catalog().finish_task(second, TaskState::succeeded, counters, ""));
  const int64_t skipped = catalog().begin_task(run_id, "land", 0).value();
  ASSERT_TRUE(catalog().finish_task(skipped, TaskState::skipped, {}, "skipped: upstream"));

  const auto tasks = catalog().tasks_of_run(run_id).value();
  ASSERT_EQ(tasks.size(), 3u);
  EXPECT_EQ(tasks[0].task, "fetch");
  EXPECT_EQ(tasks[0].attempt, 1);
  EXPECT_EQ(tasks[0].state, TaskState::failed);
  EXPECT_EQ(tasks[0].error, "timeout after 15 s");
  EXPECT_TRUE(is_timestamp(tasks[0].started_at));
  EXPECT_TRUE(is_timestamp(tasks[0].finished_at));
  EXPECT_EQ(tasks[1].attempt, 2);
  EXPECT_EQ(tasks[1].state, TaskState::succeeded);
  EXPECT_EQ(tasks[1].error, "");
  EXPECT_EQ(tasks[1].counters.rows_in, 10);
  EXPECT_EQ(tasks[1].counters.rows_out, 8);
  EXPECT_EQ(tasks[1].counters.rows_rejected, 2);
  EXPECT_EQ(tasks[1].counters.bytes, 4096);
  EXPECT_EQ(tasks[2].state, TaskState::skipped);
  EXPECT_EQ(tasks[2].attempt, 0);

  EXPECT_EQ(catalog().finish_task(second, TaskState::failed, {}, "").error().code,
            ErrorCode::invalid_argument);
  EXPECT_EQ(catalog().finish_task(second, TaskState::running, {}, "").error().code,
            ErrorCode::invalid_argument);
  EXPECT_EQ(catalog().finish_task(12345, TaskState::failed, {}, "").error().code,
            ErrorCode::not_found);
  EXPECT_EQ(catalog().begin_task(run_id, "fetch", -1).error().code, ErrorCode::invalid_argument);
  // Foreign keys are enforced: a task needs its run.
  const auto orphan = catalog().begin_task(4242, "fetch", 1);
  ASSERT_FALSE(orphan);
  EXPECT_EQ(orphan.error().code, ErrorCode::sql);
  EXPECT_THAT(orphan.error().message, HasSubstr(catalog().location()));
  EXPECT_THAT(orphan.error().message,
              ::testing::AnyOf(HasSubstr("FOREIGN KEY"), HasSubstr("foreign key")));
}

TEST_P(CatalogTest, RecentRunsNewestFirstPerPipeline) {
  const int64_t first = begin_run("imdb");
  const int64_t second = begin_run("movies");
  const int64_t third = begin_run("imdb");
  struct Case {
    int limit;
    std::optional<std::string_view> pipeline;
    std::vector<int64_t> expected;
  };
  const Case cases[] = {{0, std::nullopt, {third, second, first}},
                        {2, std::nullopt, {third, second}},
                        {10, "imdb", {third, first}},
                        {1, "movies", {second}},
                        {5, "prices", {}}};
  for (const auto& test_case : cases) {
    std::vector<int64_t> ids;
    const auto runs = catalog().recent_runs(test_case.limit, test_case.pipeline).value();
    for (const auto& run : runs) {
      ids.push_back(run.run_id);
    }
    EXPECT_EQ(ids, test_case.expected)
        << test_case.limit << " " << test_case.pipeline.value_or("*");
  }
}

TEST_P(CatalogTest, EtlPipelineStatusJoinsAttemptsWithRuns) {
  const int64_t imdb = begin_run("imdb", "2026-01-05");
  const int64_t fetch_1 = catalog().begin_task(imdb, "fetch", 1).value();
  ASSERT_TRUE(catalog().finish_task(fetch_1, TaskState::failed, {}, "HTTP 503"));
  const int64_t fetch_2 = catalog().begin_task(imdb, "fetch", 2).value();
  ASSERT_TRUE(catalog().finish_task(fetch_2, TaskState::succeeded,
                                    {.rows_in = 3, .rows_out = 2, .rows_rejected = 1, .bytes = 7},
                                    ""));
  const int64_t movies = begin_run("movies", "2026-01-06");
  ASSERT_TRUE(catalog().begin_task(movies, "land", 1));  // still running

  const auto rows = catalog().etl_pipeline_status().value();
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].run_id, imdb);
  EXPECT_EQ(rows[0].pipeline, "imdb");
  EXPECT_EQ(rows[0].ingest_date, "2026-01-05");
  EXPECT_EQ(rows[0].task, "fetch");
  EXPECT_EQ(rows[0].attempt, 1);
  EXPECT_EQ(rows[0].state, "failed");
  EXPECT_EQ(rows[0].error, "HTTP 503");
  EXPECT_EQ(rows[1].attempt, 2);
  EXPECT_EQ(rows[1].state, "succeeded");
  EXPECT_EQ(rows[1].rows_in, 3);
  EXPECT_EQ(rows[1].rows_out, 2);
  EXPECT_EQ(rows[1].rows_rejected, 1);
  EXPECT_EQ(rows[1].bytes, 7);
  EXPECT_TRUE(is_timestamp(rows[1].finished_at));
  EXPECT_EQ(rows[2].pipeline, "movies");
  EXPECT_EQ(rows[2].state, "running");
  EXPECT_TRUE(is_timestamp(rows[2].started_at));
  EXPECT_FALSE(rows[2].finished_at);
}

TEST_P(CatalogTest, MarksRunsOfDeadProcessesAbandoned) {
  const int64_t alive = begin_run("imdb");
  const int64_t crashed = begin_run("imdb");
  const int64_t elsewhere = begin_run("movies");
  const int64_t finished_task = catalog().begin_task(crashed, "fetch", 1).value();
  ASSERT_TRUE(catalog().finish_task(finished_task, TaskState::succeeded, {}, ""));
  const int64_t running_task = catalog().begin_task(crashed, "land", 1).value();

  const int64_t pid = dead_pid();
  auto raw = this->raw();
  ASSERT_TRUE(raw->execute(
      fmt::format("UPDATE runs SET pid = {} WHERE run_id IN ({}, {})", pid, crashed, elsewhere)));
  ASSERT_TRUE(raw->execute(
      fmt::format("UPDATE runs SET host = 'another-host' WHERE run_id = {}", elsewhere)));

  EXPECT_EQ(catalog().mark_abandoned_runs().value(), 1);
  const std::string expected_error = fmt::format("abandoned: process {} died", pid);
  const auto crashed_run = catalog().run(crashed).value();
  EXPECT_EQ(crashed_run->state, RunState::failed);
  EXPECT_EQ(crashed_run->error, expected_error);
  EXPECT_TRUE(is_timestamp(crashed_run->finished_at));
  const auto tasks = catalog().tasks_of_run(crashed).value();
  ASSERT_EQ(tasks.size(), 2u);
  EXPECT_EQ(tasks[0].task_id, finished_task);
  EXPECT_EQ(tasks[0].state, TaskState::succeeded);
  EXPECT_EQ(tasks[1].task_id, running_task);
  EXPECT_EQ(tasks[1].state, TaskState::failed);
  EXPECT_EQ(tasks[1].error, expected_error);

  EXPECT_EQ(catalog().run(alive).value()->state, RunState::running);
  EXPECT_EQ(catalog().run(elsewhere).value()->state, RunState::running);
  EXPECT_EQ(catalog().mark_abandoned_runs().value(), 0);
}

TEST_P(CatalogTest, TwoConnectionsWriteConcurrently) {
  constexpr int k_runs_per_writer = 40;
  const auto write_runs = [this](std::string pipeline, std::vector<std::string>& errors) {
    auto opened = Catalog::open(location());
    if (!opened) {
      errors.push_back(opened.error().message);
      return;
    }
    Catalog& own = *opened;
    for (int run_idx = 0; run_idx < k_runs_per_writer; ++run_idx) {
      const auto outcome = [&]() -> Result<> {
        const int64_t run_id = TRY(own.begin_run(pipeline, "2026-01-05", "manual"));
        const int64_t task_id = TRY(own.begin_task(run_id, "fetch", 1));
        TRY(own.finish_task(task_id, TaskState::succeeded, {.rows_out = run_idx}, ""));
        TRY(own.record_snapshot({.table_name = pipeline,
                                 .ingest_date = "2026-01-05",
                                 .layer = "landing",
                                 .location = "/lake",
                                 .rows = run_idx,
                                 .run_id = run_id}));
        TRY(own.recent_runs(5, std::nullopt));
        return own.finish_run(run_id, RunState::succeeded, "");
      }();
      if (!outcome) errors.push_back(outcome.error().message);
    }
  };
  std::vector<std::string> first_errors;
  std::vector<std::string> second_errors;
  std::thread first(write_runs, "imdb", std::ref(first_errors));
  std::thread second(write_runs, "movies", std::ref(second_errors));
  first.join();
  second.join();
  EXPECT_THAT(first_errors, ::testing::IsEmpty());
  EXPECT_THAT(second_errors, ::testing::IsEmpty());
  const auto runs = catalog().recent_runs(0, std::nullopt).value();
  EXPECT_EQ(runs.size(), 2u * k_runs_per_writer);
  for (const auto& run : runs) EXPECT_EQ(run.state, RunState::succeeded);
  EXPECT_EQ(catalog().etl_pipeline_status().value().size(), 2u * k_runs_per_writer);
}

TEST_P(CatalogTest, ReopeningKeepsDataAndDoesNotMigrateAgain) {
  const int64_t run_id = begin_run();
  const auto applied_at = [this] {
    const auto raw = this->raw();
    auto statement =
        raw->prepare("SELECT version, applied_at FROM schema_version ORDER BY version");
    EXPECT_TRUE(statement);
    std::string text;
    while (statement->step().value() == StepResult::row) {
      text += fmt::format("{}@{},", statement->column_int(0), statement->column_text(1));
    }
    return text;
  };
  const std::string before = applied_at();
  m_catalog.reset();

  auto reopened = Catalog::open(location());
  ASSERT_TRUE(reopened) << reopened.error().message;
  EXPECT_EQ(reopened->run(run_id).value()->pipeline, "imdb");
  EXPECT_EQ(reopened->schema_version().value(), newest_schema_version());
  EXPECT_EQ(applied_at(), before);
  const auto raw = this->raw();
  EXPECT_EQ(query_int(*raw, "SELECT count(*) FROM schema_version"),
            static_cast<int64_t>(catalog_migrations().size()));
}

TEST(CatalogOpenTest, ErrorsNameTheCatalogFile) {
  TempDir home;
  const auto path = home.path() / "catalog.sqlite";
  testing::write_file(path, std::string(4096, 'x'));
  const auto opened = Catalog::open(path);
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().code, ErrorCode::sql);
  EXPECT_THAT(opened.error().message, HasSubstr(path.string()));
  EXPECT_THAT(opened.error().message, HasSubstr("not a database"));
}

TEST(CatalogOpenTest, NewerSchemaIsRefused) {
  TempDir home;
  const auto path = home.path() / "catalog.sqlite";
  ASSERT_TRUE(Catalog::open(path));
  {
    auto raw = raw_connection(path);
    ASSERT_TRUE(
        raw.execute(fmt::format("INSERT INTO schema_version VALUES ({}, 'from the future', 'x')",
                                newest_schema_version() + 1)));
  }
  const auto opened = Catalog::open(path);
  ASSERT_FALSE(opened);
  EXPECT_THAT(opened.error().message, HasSubstr("upgrade reelhouse"));
}

INSTANTIATE_TEST_SUITE_P(Catalog, CatalogTest,
                         ::testing::Values(CatalogBackend::sqlite, CatalogBackend::postgres),
                         backend_name);

}  // namespace
}  // namespace reelhouse::catalog
