// Issue 6 acceptance: data-quality checks gate the publish of a real pipeline. After one good
// imdb run (the default checks pass on generated data), a failing error-level check fails the
// run, records what it observed, skips the publish, and the API server keeps answering from
// the previous warehouse; a failing warning-level check is recorded and the run publishes.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>

#include "catalog/catalog.hpp"
#include "core/config.hpp"
#include "server/api_server.hpp"
#include "support/reelhouse_home.hpp"
#include "support/test_support.hpp"

namespace reelhouse {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using testing::TempDir;

const std::vector<std::string> k_thresholds_off = {"products.people.min_titles=1",
                                                   "products.people.min_votes=0"};

class Home : public testing::ReelhouseHome {
 public:
  testing::CommandResult run_imdb(const fs::path& source, const std::string& date) const {
    std::vector<std::string> sets = k_thresholds_off;
    sets.push_back("sources.imdb.url=" + testing::file_url(source));
    return run_pipeline("imdb", date, sets);
  }

  Config config() const {
    auto config = load_config(path(), {}, {});
    EXPECT_TRUE(config) << config.error().message;
    return config.value_or(Config{});
  }

  catalog::Catalog catalog() const {
    auto opened = catalog::Catalog::open(config().catalog_location());
    EXPECT_TRUE(opened) << opened.error().message;
    return std::move(*opened);
  }

  void write_checks(const std::string& checks) const {
    std::ofstream(path() / "reelhouse.toml") << checks;
  }
};

std::string file_bytes(const fs::path& path) {
  std::ifstream input(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(input), std::istreambuf_iterator<char>()};
}

// The check and the state of the publish task in the latest run.
struct RunView {
  catalog::RunRecord run;
  std::vector<catalog::CheckResultRecord> checks;
  std::vector<catalog::TaskRecord> tasks;

  const catalog::CheckResultRecord* check(std::string_view name) const {
    const auto found = std::ranges::find(checks, name, &catalog::CheckResultRecord::check_name);
    return found == checks.end() ? nullptr : &*found;
  }
  std::optional<catalog::TaskState> task_state(std::string_view name) const {
    std::optional<catalog::TaskState> state;
    for (const auto& task : tasks) {
      if (task.task == name) state = task.state;
    }
    return state;
  }
};

RunView latest_run(catalog::Catalog& catalog) {
  RunView view;
  const auto runs = catalog.recent_runs(1, "imdb").value();
  EXPECT_EQ(runs.size(), 1u);
  if (runs.empty()) return view;
  view.run = runs.front();
  view.checks = catalog.check_results(view.run.run_id).value();
  view.tasks = catalog.tasks_of_run(view.run.run_id).value();
  return view;
}

std::string api_people(int port) {
  httplib::Client client("127.0.0.1", port);
  client.set_connection_timeout(5, 0);
  client.set_read_timeout(10, 0);
  const auto answer = client.Get("/api/v1/people?role=actor&limit=20&sort=-votes");
  EXPECT_TRUE(answer);
  if (!answer) return {};
  EXPECT_EQ(answer->status, 200) << answer->body;
  return answer->body;
}

TEST(QualityGateTest, AnErrorLevelFailureBlocksThePublishAndTheApiKeepsServing) {
  TempDir data;
  const auto generated = testing::run_reelhouse(
      {"generate", "imdb", "--scale", "0.0005", "--out", data.path().string()});
  ASSERT_EQ(generated.exit_code, 0) << generated.output;
  Home home;

  // 1. A good run under the default checks: they pass and the warehouse is published.
  const auto good = home.run_imdb(data.path(), "2024-01-01");
  ASSERT_EQ(good.exit_code, 0) << good.output;
  auto catalog = home.catalog();
  const auto first = latest_run(catalog);
  EXPECT_EQ(first.run.state, catalog::RunState::succeeded);
  ASSERT_NE(first.check("people.unique(nconst,role)"), nullptr);
  for (const auto& check : first.checks) {
    EXPECT_TRUE(check.passed) << check.check_name << ": " << check.observed;
  }
  EXPECT_EQ(first.task_state("check_people"), catalog::TaskState::succeeded);
  const auto published = catalog.latest_publication().value();
  ASSERT_TRUE(published);
  EXPECT_EQ(published->run_id, first.run.run_id);

  auto options = server::server_options_from_config(home.config());
  options.port = 0;
  options.threads = 2;
  auto server = server::ApiServer::start(options);
  ASSERT_TRUE(server) << server.error().message;
  const std::string people_before = api_people((*server)->port());
  ASSERT_THAT(people_before, HasSubstr("nconst"));
  const std::string warehouse_before = file_bytes(home.config().warehouse_path());

  // 2. An impossible range at error level: the run fails, the publish is skipped.
  home.write_checks(R"toml([[checks]]
table = "people"
kind = "range"
columns = ["avg_rating"]
max = 0.5

[[checks]]
table = "people"
kind = "unique"
columns = ["nconst", "role"]
)toml");
  const auto blocked = home.run_imdb(data.path(), "2024-01-02");
  EXPECT_NE(blocked.exit_code, 0) << blocked.output;
  EXPECT_THAT(blocked.output, HasSubstr("people.range(avg_rating)"));
  const auto second = latest_run(catalog);
  EXPECT_EQ(second.run.state, catalog::RunState::failed);
  EXPECT_THAT(second.run.error, HasSubstr("check_people"));
  ASSERT_EQ(second.checks.size(), 2u);
  const auto* range = second.check("people.range(avg_rating)");
  ASSERT_NE(range, nullptr);
  EXPECT_FALSE(range->passed);
  EXPECT_EQ(range->level, "error");
  EXPECT_THAT(range->observed, HasSubstr("rows above 0.5"));
  EXPECT_THAT(range->message, HasSubstr("the publish is blocked"));
  EXPECT_TRUE(second.check("people.unique(nconst,role)")->passed);
  EXPECT_EQ(second.task_state("check_people"), catalog::TaskState::failed);
  EXPECT_EQ(second.task_state("publish"), catalog::TaskState::skipped);
  int check_attempts = 0;
  for (const auto& task : second.tasks) check_attempts += task.task == "check_people" ? 1 : 0;
  EXPECT_EQ(check_attempts, 1) << "a failed check is not retried";

  EXPECT_EQ(catalog.latest_publication().value()->run_id, first.run.run_id);
  EXPECT_EQ(file_bytes(home.config().warehouse_path()), warehouse_before);
  EXPECT_EQ(api_people((*server)->port()), people_before);
  // The rejected partition is withheld from readers: a later publish (of any pipeline) and
  // the next "previous snapshot" comparison see the last good one.
  const auto usable = catalog.latest_snapshot("aggregated", "people", std::nullopt, std::nullopt);
  ASSERT_TRUE(usable && *usable);
  EXPECT_EQ((*usable)->run_id, first.run.run_id);
  EXPECT_EQ((*usable)->ingest_date, "2024-01-01");
  const auto lake_now = catalog.snapshots_as_of("9999-12-31");
  ASSERT_TRUE(lake_now) << lake_now.error().message;
  for (const auto& snapshot : *lake_now) {
    if (snapshot.table_name == "people") {
      EXPECT_EQ(snapshot.run_id, first.run.run_id);
    }
  }

  // 3. The same failure at warning level: recorded, and the run publishes.
  home.write_checks(R"toml([[checks]]
table = "people"
kind = "range"
columns = ["avg_rating"]
max = 0.5
level = "warning"
)toml");
  const auto warned = home.run_imdb(data.path(), "2024-01-03");
  ASSERT_EQ(warned.exit_code, 0) << warned.output;
  const auto third = latest_run(catalog);
  EXPECT_EQ(third.run.state, catalog::RunState::succeeded);
  ASSERT_EQ(third.checks.size(), 1u);
  EXPECT_FALSE(third.checks[0].passed);
  EXPECT_EQ(third.checks[0].level, "warning");
  EXPECT_THAT(third.checks[0].message, HasSubstr("a warning only"));
  EXPECT_EQ(third.task_state("check_people"), catalog::TaskState::succeeded);
  EXPECT_EQ(third.task_state("publish"), catalog::TaskState::succeeded);
  EXPECT_EQ(catalog.latest_publication().value()->run_id, third.run.run_id);
}

}  // namespace
}  // namespace reelhouse
