// The catalog's run graphs and recovery records (catalog_dag.cpp): recording and reading a
// run's task graph, finding runs whose process died (this host: pid gone; another host: no
// live lease) and interrupted runs, adopting and failing them, scheduled_for, and the newest
// run of each date.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include "catalog/catalog.hpp"
#include "catalog/catalog_test_support.hpp"

namespace reelhouse::catalog {
namespace {

using ::testing::HasSubstr;

class CatalogDagTest : public CatalogTest {
 protected:
  void execute(const std::string& sql) {
    auto raw = this->raw();
    ASSERT_TRUE(raw);
    const auto done = raw->execute(sql);
    ASSERT_TRUE(done) << done.error().message;
  }

  std::vector<int64_t> abandoned_ids() {
    std::vector<int64_t> ids;
    const auto runs = catalog().abandoned_runs().value();
    for (const auto& run : runs) ids.push_back(run.run_id);
    return ids;
  }
};

TEST_P(CatalogDagTest, RecordsAndReadsARunsGraphInDeclarationOrder) {
  const int64_t run_id = begin_run();
  EXPECT_TRUE(catalog().run_dag(run_id).value().empty());
  const std::vector<RunTaskDeclaration> graph = {
      {.task = "fetch", .depends_on = {}},
      {.task = "land \"people\"", .depends_on = {"fetch"}},
      {.task = "publish", .depends_on = {"land \"people\"", "fetch"}},
  };
  ASSERT_TRUE(catalog().record_run_dag(run_id, graph));
  auto read = catalog().run_dag(run_id).value();
  ASSERT_EQ(read.size(), 3u);
  EXPECT_EQ(read[0].task, "fetch");
  EXPECT_TRUE(read[0].depends_on.empty());
  EXPECT_EQ(read[1].task, "land \"people\"");
  EXPECT_EQ(read[2].depends_on, (std::vector<std::string>{"land \"people\"", "fetch"}));

  // Recording again (a resumed run) replaces the graph instead of failing on the key.
  ASSERT_TRUE(catalog().record_run_dag(run_id, {{.task = "only", .depends_on = {}}}));
  read = catalog().run_dag(run_id).value();
  ASSERT_EQ(read.size(), 1u);
  EXPECT_EQ(read[0].task, "only");

  // A damaged record is reported, naming the run and task.
  execute(fmt::format("UPDATE run_tasks SET depends_on = 'fetch' WHERE run_id = {}", run_id));
  const auto damaged = catalog().run_dag(run_id);
  ASSERT_FALSE(damaged);
  EXPECT_EQ(damaged.error().code, ErrorCode::corrupt);
  EXPECT_THAT(damaged.error().message, HasSubstr(fmt::format("run {} task only", run_id)));
}

TEST_P(CatalogDagTest, RunRecordsCarryScheduledForAndRecovered) {
  const int64_t run_id = begin_run();
  auto run = catalog().run(run_id).value();
  EXPECT_FALSE(run->scheduled_for);
  EXPECT_EQ(run->recovered, 0);
  ASSERT_TRUE(catalog().set_run_scheduled_for(run_id, "2026-01-05T03:00:00.000Z"));
  run = catalog().run(run_id).value();
  EXPECT_EQ(run->scheduled_for, "2026-01-05T03:00:00.000Z");
  EXPECT_EQ(catalog().recent_runs(1, std::nullopt).value().at(0).scheduled_for,
            "2026-01-05T03:00:00.000Z");
  EXPECT_EQ(catalog().set_run_scheduled_for(999, "x").error().code, ErrorCode::not_found);
}

TEST_P(CatalogDagTest, FindsRunsOfDeadProcessesOnThisAndOtherHosts) {
  const int64_t alive = begin_run("imdb");
  const int64_t dead_here = begin_run("imdb", "2026-01-06");
  const int64_t remote_without_lease = begin_run("movies");
  const int64_t remote_with_lease = begin_run("prices");
  const int64_t remote_expired_lease = begin_run("movies", "2026-01-07");
  const int64_t finished = begin_run("imdb", "2026-01-08");
  ASSERT_TRUE(catalog().finish_run(finished, RunState::failed, "task x: boom"));
  const int64_t pid = dead_pid();
  execute(fmt::format("UPDATE runs SET pid = {} WHERE run_id != {}", pid, alive));
  execute(fmt::format("UPDATE runs SET host = 'far', pid = 77 WHERE run_id IN ({}, {}, {})",
                      remote_without_lease, remote_with_lease, remote_expired_lease));
  // The prices run's process holds its pipeline's lease; the movies lease expired.
  execute(
      "INSERT INTO leases VALUES ('pipeline:prices', 'far:77:abc', '2026-01-01T00:00:00.000Z', "
      "'2026-01-01T00:00:00.000Z', '2999-01-01T00:00:00.000Z', NULL)");
  execute(
      "INSERT INTO leases VALUES ('pipeline:movies', 'far:77:abc', '2026-01-01T00:00:00.000Z', "
      "'2026-01-01T00:00:00.000Z', '2026-01-01T00:01:00.000Z', NULL)");
  EXPECT_EQ(abandoned_ids(),
            (std::vector<int64_t>{dead_here, remote_without_lease, remote_expired_lease}));
}

TEST_P(CatalogDagTest, InterruptedRunsNeedRecoveryUntilALaterRunReplacesThem) {
  const int64_t interrupted = begin_run("imdb", "2026-01-05");
  ASSERT_TRUE(catalog().finish_run(
      interrupted, RunState::cancelled,
      "interrupted: SIGTERM stopped before tasks land ran; they run when the run is resumed"));
  const int64_t cancelled_otherwise = begin_run("imdb", "2026-01-06");
  ASSERT_TRUE(catalog().finish_run(cancelled_otherwise, RunState::cancelled, "cancelled by user"));
  EXPECT_EQ(abandoned_ids(), std::vector<int64_t>{interrupted});

  const int64_t later = begin_run("imdb", "2026-01-05");  // the same date again
  EXPECT_TRUE(abandoned_ids().empty());                   // `later` runs in this live process
  ASSERT_TRUE(catalog().finish_run(later, RunState::succeeded, ""));
  EXPECT_TRUE(abandoned_ids().empty());
}

TEST_P(CatalogDagTest, AdoptingARunFailsItsRunningAttemptsAndMakesItOurs) {
  const int64_t run_id = begin_run();
  const int64_t done = catalog().begin_task(run_id, "fetch", 1).value();
  ASSERT_TRUE(catalog().finish_task(done, TaskState::succeeded, {.rows_out = 5}, ""));
  const int64_t cut = catalog().begin_task(run_id, "land", 1).value();
  execute(fmt::format("UPDATE runs SET pid = {}, host = 'elsewhere' WHERE run_id = {}", dead_pid(),
                      run_id));

  ASSERT_TRUE(catalog().adopt_run(run_id, "abandoned: process 9 on elsewhere died"));
  const auto run = catalog().run(run_id).value();
  EXPECT_EQ(run->state, RunState::running);
  EXPECT_EQ(run->pid, getpid());
  EXPECT_NE(run->host, "elsewhere");
  EXPECT_EQ(run->recovered, 1);
  const auto tasks = catalog().tasks_of_run(run_id).value();
  ASSERT_EQ(tasks.size(), 2u);
  EXPECT_EQ(tasks[0].state, TaskState::succeeded);
  EXPECT_EQ(tasks[1].task_id, cut);
  EXPECT_EQ(tasks[1].state, TaskState::failed);
  EXPECT_EQ(tasks[1].error, "abandoned: process 9 on elsewhere died");
  EXPECT_TRUE(is_timestamp(tasks[1].finished_at));

  // An interrupted run can be adopted again; a failed one cannot.
  ASSERT_TRUE(catalog().finish_run(run_id, RunState::cancelled, "interrupted: test"));
  ASSERT_TRUE(catalog().adopt_run(run_id, "interrupted"));
  EXPECT_EQ(catalog().run(run_id).value()->recovered, 2);
  EXPECT_EQ(catalog().run(run_id).value()->error, "");
  EXPECT_FALSE(catalog().run(run_id).value()->finished_at);
  ASSERT_TRUE(catalog().finish_run(run_id, RunState::failed, "task land: boom"));
  const auto refused = catalog().adopt_run(run_id, "again");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::invalid_argument);
  EXPECT_THAT(refused.error().message, HasSubstr("it is failed"));
  EXPECT_EQ(catalog().adopt_run(999, "x").error().code, ErrorCode::not_found);
}

TEST_P(CatalogDagTest, FailingAnAbandonedRunEndsItAndItsRunningAttempts) {
  const int64_t run_id = begin_run();
  catalog().begin_task(run_id, "land", 1).value();
  ASSERT_TRUE(catalog().fail_abandoned_run(run_id, "abandoned: process 9 on h died"));
  const auto run = catalog().run(run_id).value();
  EXPECT_EQ(run->state, RunState::failed);
  EXPECT_EQ(run->error, "abandoned: process 9 on h died");
  EXPECT_EQ(run->recovered, 0);
  EXPECT_EQ(catalog().tasks_of_run(run_id).value().at(0).state, TaskState::failed);
  EXPECT_EQ(catalog().fail_abandoned_run(run_id, "x").error().code, ErrorCode::invalid_argument);
  EXPECT_EQ(catalog().fail_abandoned_run(999, "x").error().code, ErrorCode::not_found);
}

TEST_P(CatalogDagTest, LatestRunsByDateKeepsTheNewestRunOfEachDateInRange) {
  const int64_t first = begin_run("imdb", "2026-01-01");
  const int64_t second = begin_run("imdb", "2026-01-01");
  const int64_t other_date = begin_run("imdb", "2026-01-03");
  begin_run("movies", "2026-01-02");
  begin_run("imdb", "2026-01-09");  // outside the range
  ASSERT_TRUE(catalog().finish_run(second, RunState::failed, "boom"));
  const auto latest = catalog().latest_runs_by_date("imdb", "2026-01-01", "2026-01-05").value();
  ASSERT_EQ(latest.size(), 2u);
  EXPECT_EQ(latest.at("2026-01-01").run_id, second);
  EXPECT_EQ(latest.at("2026-01-01").state, RunState::failed);
  EXPECT_EQ(latest.at("2026-01-03").run_id, other_date);
  EXPECT_NE(first, second);
  EXPECT_EQ(catalog().latest_runs_by_date("imdb", "2026-1-1", "2026-01-05").error().code,
            ErrorCode::invalid_argument);
}

INSTANTIATE_TEST_SUITE_P(Catalog, CatalogDagTest,
                         ::testing::Values(CatalogBackend::sqlite, CatalogBackend::postgres),
                         backend_name);

}  // namespace
}  // namespace reelhouse::catalog
