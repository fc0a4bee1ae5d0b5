// A reelhouse home in a temporary directory, with helpers to run the real binary against it
// as a user would (pipelines, queries): shared by the end-to-end pipeline tests.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "support/test_support.hpp"

namespace reelhouse::testing {

// "file:///abs/dir/" for a local directory.
std::string file_url(const std::filesystem::path& dir);

class ReelhouseHome {
 public:
  const std::filesystem::path& path() const { return m_dir.path(); }
  std::filesystem::path lake() const { return path() / "lake"; }

  // `reelhouse --home <home> args…`.
  CommandResult run(const std::vector<std::string>& args) const;

  // `reelhouse --home <home> --set s1 --set s2 … run <pipeline> --date <date>`.
  CommandResult run_pipeline(const std::string& pipeline, const std::string& date,
                             const std::vector<std::string>& sets) const;

  // `reelhouse query --format csv <sql>`; expects success.
  std::string query_csv(const std::string& sql) const;
  // The single number a one-value query returns.
  int64_t query_count(const std::string& sql) const;
  // As query_count, against the lake's snapshots as of `date`; -1 on failure.
  int64_t query_count_as_of(const std::string& date, const std::string& sql) const;

 private:
  TempDir m_dir;
};

}  // namespace reelhouse::testing
