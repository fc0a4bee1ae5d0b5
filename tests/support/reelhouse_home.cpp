#include "support/reelhouse_home.hpp"

#include <gtest/gtest.h>

namespace reelhouse::testing {

namespace {

// The first value of a one-column CSV result.
int64_t first_count(const std::string& csv) {
  return std::stoll(csv.substr(csv.find('\n') + 1));
}

}  // namespace

std::string file_url(const std::filesystem::path& dir) {
  return "file://" + std::filesystem::absolute(dir).string() + "/";
}

CommandResult ReelhouseHome::run(const std::vector<std::string>& args) const {
  std::vector<std::string> full = {"--home", path().string()};
  full.insert(full.end(), args.begin(), args.end());
  return run_reelhouse(full);
}

CommandResult ReelhouseHome::run_pipeline(const std::string& pipeline, const std::string& date,
                                          const std::vector<std::string>& sets) const {
  std::vector<std::string> args;
  for (const auto& set : sets) {
    args.push_back("--set");
    args.push_back(set);
  }
  args.insert(args.end(), {"run", pipeline, "--date", date});
  return run(args);
}

std::string ReelhouseHome::query_csv(const std::string& sql) const {
  const auto result = run({"query", "--format", "csv", sql});
  EXPECT_EQ(result.exit_code, 0) << result.output;
  return result.output;
}

int64_t ReelhouseHome::query_count(const std::string& sql) const {
  return first_count(query_csv(sql));
}

int64_t ReelhouseHome::query_count_as_of(const std::string& date, const std::string& sql) const {
  const auto result = run({"query", "--as-of", date, "--format", "csv", sql});
  EXPECT_EQ(result.exit_code, 0) << result.output;
  return result.exit_code == 0 ? first_count(result.output) : -1;
}

}  // namespace reelhouse::testing
