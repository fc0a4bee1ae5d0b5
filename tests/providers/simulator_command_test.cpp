// `reelhouse simulate-providers` as a user runs it: the binary prints where it serves, answers
// on that port with a generated catalogue, and exits cleanly on SIGTERM.
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <regex>
#include <thread>

#include "support/test_support.hpp"

namespace reelhouse::providers::sim {
namespace {

TEST(SimulatorCommand, ServesAGeneratedCatalogueUntilSigterm) {
  const std::string binary = reelhouse::testing::reelhouse_binary().string();
  int pipe_fds[2];
  ASSERT_EQ(pipe(pipe_fds), 0);
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    dup2(pipe_fds[1], STDOUT_FILENO);
    close(pipe_fds[0]);
    execl(binary.c_str(), binary.c_str(), "simulate-providers", "--port", "0", "--movies", "500",
          "--seed", "3", "--token", "secret", "--profile", "none", nullptr);
    _exit(127);
  }
  close(pipe_fds[1]);
  FILE* output = fdopen(pipe_fds[0], "r");
  char line[512] = {};
  ASSERT_NE(fgets(line, sizeof(line), output), nullptr) << "no banner from " << binary;
  const std::string banner = line;
  EXPECT_NE(banner.find("cinemaworld/filmworld simulator on http://127.0.0.1:"), std::string::npos)
      << banner;
  EXPECT_NE(banner.find("500 films"), std::string::npos) << banner;
  EXPECT_NE(banner.find("token secret"), std::string::npos) << banner;
  std::smatch match;
  ASSERT_TRUE(std::regex_search(banner, match, std::regex(R"(127\.0\.0\.1:(\d+)/api/)")));

  httplib::Client client("127.0.0.1", std::stoi(match[1].str()));
  client.set_read_timeout(5, 0);
  auto response = client.Get("/api/filmworld/movies", {{"x-access-token", "secret"}});
  ASSERT_TRUE(response);
  ASSERT_EQ(response->status, 200);
  const auto movies = nlohmann::json::parse(response->body)["Movies"];
  EXPECT_GE(movies.size(), 440u);
  EXPECT_LT(movies.size(), 500u);

  ASSERT_EQ(kill(child, SIGTERM), 0);
  int status = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (waitpid(child, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > deadline) {
      kill(child, SIGKILL);
      waitpid(child, &status, 0);
      FAIL() << "simulate-providers did not stop within 5 s of SIGTERM";
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  fclose(output);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

TEST(SimulatorCommand, UnknownProfileIsAClearError) {
  const auto result = reelhouse::testing::run_reelhouse(
      {"simulate-providers", "--profile", "no-such-profile.toml"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.output.find("no-such-profile.toml"), std::string::npos) << result.output;
  EXPECT_NE(result.output.find("chaos"), std::string::npos) << result.output;
}

}  // namespace
}  // namespace reelhouse::providers::sim
