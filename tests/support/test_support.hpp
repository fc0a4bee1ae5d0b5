// Helpers shared by the tests: per-test temporary directories, the location of the real
// sample data in ../shared/data, and running the reelhouse binary as a user would.
#pragma once

#include <sys/types.h>

#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace reelhouse::testing {

// A fresh directory under the system temp dir, removed with its contents on destruction.
class TempDir {
 public:
  TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir();
  const std::filesystem::path& path() const { return m_path; }

 private:
  std::filesystem::path m_path;
};

// ../shared/data, or nullopt when it is absent (tests then GTEST_SKIP with a visible message).
std::optional<std::filesystem::path> shared_data_dir();

// Path of the built reelhouse binary.
std::filesystem::path reelhouse_binary();

struct CommandResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr, interleaved
};

// Runs the reelhouse binary with `args` (no shell), capturing its output.
CommandResult run_reelhouse(const std::vector<std::string>& args);

// Runs a shell command line, capturing stdout and stderr.
CommandResult run_shell(const std::string& command_line);

// Starts this test binary again (/proc/self/exe) running only the tests matching
// `gtest_filter`, with `variables` ("NAME=value") added to this process's environment, stdout
// and stderr sent to /dev/null (their gtest output would interleave with ours). Everything is
// prepared before fork(): between fork and exec a child of a multi-threaded process may only
// call async-signal-safe functions. Returns the child's pid, or -1 when fork failed.
pid_t spawn_test_child(const std::string& gtest_filter, const std::vector<std::string>& variables);

// Sets (or, with nullptr, unsets) an environment variable for the test's lifetime, restoring
// the previous value after; the binaries a test starts inherit it.
class ScopedEnvironment {
 public:
  ScopedEnvironment(const char* name, const char* value) : m_name(name) {
    if (const char* previous = std::getenv(name)) m_previous = previous;
    if (value) {
      setenv(name, value, 1);
    } else {
      unsetenv(name);
    }
  }
  ScopedEnvironment(const ScopedEnvironment&) = delete;
  ScopedEnvironment& operator=(const ScopedEnvironment&) = delete;
  ~ScopedEnvironment() {
    if (m_previous) {
      setenv(m_name, m_previous->c_str(), 1);
    } else {
      unsetenv(m_name);
    }
  }

 private:
  const char* m_name;
  std::optional<std::string> m_previous;
};

std::string read_file(const std::filesystem::path& path);
void write_file(const std::filesystem::path& path, const std::string& content);

}  // namespace reelhouse::testing

#define SKIP_WITHOUT_SHARED_DATA(var)                                                  \
  const auto var##_opt = ::reelhouse::testing::shared_data_dir();                      \
  if (!var##_opt) GTEST_SKIP() << "../shared/data is absent: skipping real-data test"; \
  const std::filesystem::path var = *var##_opt
