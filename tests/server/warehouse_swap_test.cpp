// The served warehouse: nothing published yet, published after the server started, and
// replaced again and again while clients query (no errors; each answer from the old or the
// new file, never a mix).
#include <atomic>
#include <set>
#include <thread>

#include "server_test_support.hpp"

namespace reelhouse::testing {
namespace {

class WarehouseSwapTest : public ServerFixture {};

// A warehouse whose `people` table has `rows` actors, all named "generation <tag>".
std::vector<std::string> generation_tables(int tag, int rows) {
  return {
      "CREATE TABLE people (nconst VARCHAR, name VARCHAR, role VARCHAR, titles BIGINT, "
      "avg_rating DOUBLE, weighted_rating DOUBLE, votes BIGINT, runtime_minutes BIGINT, rank "
      "BIGINT)",
      fmt::format("INSERT INTO people SELECT printf('nm%07d', i), 'generation {}', 'actor', 3, "
                  "7.0, 7.0, 1000, 300, i FROM range(1, {}) t(i)",
                  tag, rows + 1)};
}

TEST_F(WarehouseSwapTest, NothingPublishedYetAnswersEmptyProductsAndHealthSaysAbsent) {
  start();
  auto answer = get("/api/v1/people?role=actor");
  ASSERT_EQ(answer.status, 200) << answer.body;
  EXPECT_EQ(answer.json["total"], 0);
  EXPECT_TRUE(answer.json["items"].empty());
  answer = post("/top_actor_actress/", R"({"role": "actor"})");
  EXPECT_EQ(answer.status, 200);
  EXPECT_EQ(answer.body, "[]");
  answer = get("/healthz");
  EXPECT_EQ(answer.json["warehouse"], "absent");
  answer = get("/api/v1/runs");
  EXPECT_EQ(answer.status, 200);
  EXPECT_EQ(answer.json["total"], 0);

  // Published after the start: served without a restart.
  publish(generation_tables(1, 3));
  std::this_thread::sleep_for(std::chrono::milliseconds(120));
  answer = get("/api/v1/people");
  EXPECT_EQ(answer.json["total"], 3) << answer.body;
  EXPECT_EQ(get("/healthz").json["warehouse"], "published");
}

TEST_F(WarehouseSwapTest, SwappedWhileRequestsRunEveryAnswerIsWholeOldOrNew) {
  publish(generation_tables(0, 40));
  start();
  std::atomic<bool> stop{false};
  std::atomic<int> answers{0};
  std::atomic<int> failures{0};
  std::mutex totals_mutex;
  std::set<int> totals_seen;  // which generations answered
  std::mutex failure_mutex;
  std::string first_failure;
  auto client_loop = [&](int client_idx) {
    auto client = make_client(server().port());
    int iteration = 0;
    while (!stop.load()) {
      // Vary the query so the per-snapshot cache does not answer everything.
      const auto result = client.Get(
          fmt::format("/api/v1/people?limit=1000&offset={}", (client_idx + iteration++) % 3));
      const auto answer = to_answer(result);
      bool ok = answer.status == 200 && !answer.json.is_discarded();
      if (ok) {
        // All rows of one answer come from one generation, and its total matches that
        // generation's size (generation g has 40 + g rows).
        std::set<std::string> names;
        for (const auto& item : answer.json["items"]) names.insert(item["name"]);
        const int total = answer.json["total"];
        {
          std::lock_guard lock(totals_mutex);
          totals_seen.insert(total);
        }
        ok = names.size() <= 1 &&
             (names.empty() || *names.begin() == fmt::format("generation {}", total - 40));
      }
      if (!ok) {
        ++failures;
        std::lock_guard lock(failure_mutex);
        if (first_failure.empty()) first_failure = answer.body.substr(0, 300);
      }
      ++answers;
    }
  };
  std::vector<std::thread> clients;
  for (int client_idx = 0; client_idx < 4; ++client_idx)
    clients.emplace_back(client_loop, client_idx);
  constexpr int k_publications = 12;
  for (int generation = 1; generation <= k_publications; ++generation) {
    publish(generation_tables(generation, 40 + generation));
    std::this_thread::sleep_for(std::chrono::milliseconds(60));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(120));
  stop = true;
  for (auto& client : clients) client.join();
  EXPECT_EQ(failures.load(), 0) << first_failure;
  EXPECT_GT(answers.load(), 50);
  EXPECT_GE(totals_seen.size(), 3u) << "clients should have seen several generations";
  // The newest publication is served.
  const auto answer = get("/api/v1/people?limit=1");
  EXPECT_EQ(answer.json["total"], 40 + k_publications);
  EXPECT_GE(get("/healthz").json["swaps"].get<int>(), 1);
}

TEST_F(WarehouseSwapTest, AFileThatIsNotADatabaseKeepsTheOldOneServing) {
  publish(generation_tables(5, 3));
  start();
  write_file(home() / "garbage.tmp", std::string(1000, 'x'));
  std::filesystem::rename(home() / "garbage.tmp", warehouse_path());
  std::this_thread::sleep_for(std::chrono::milliseconds(120));
  const auto answer = get("/api/v1/people");
  EXPECT_EQ(answer.status, 200);
  EXPECT_EQ(answer.json["total"], 3);
  EXPECT_FALSE(get("/healthz").json.value("warehouse_error", "").empty());
}

}  // namespace
}  // namespace reelhouse::testing
