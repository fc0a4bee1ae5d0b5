#include "support/test_support.hpp"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

#include <array>
#include <atomic>
#include <cstdio>
#include <fstream>
#include <random>
#include <sstream>

namespace reelhouse::testing {

namespace {
std::string shell_quote(const std::string& text) {
  std::string quoted = "'";
  for (char character : text) {
    if (character == '\'') {
      quoted += "'\\''";
    } else {
      quoted += character;
    }
  }
  return quoted + "'";
}
}  // namespace

TempDir::TempDir() {
  static std::atomic<int> counter{0};
  std::random_device random;
  m_path = std::filesystem::temp_directory_path() /
           ("reelhouse-test-" + std::to_string(getpid()) + "-" + std::to_string(counter++) + "-" +
            std::to_string(random()));
  std::filesystem::create_directories(m_path);
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(m_path, ignored);
}

std::optional<std::filesystem::path> shared_data_dir() {
  std::filesystem::path path = REELHOUSE_SHARED_DATA;
  if (!std::filesystem::is_directory(path)) return std::nullopt;
  return std::filesystem::canonical(path);
}

std::filesystem::path reelhouse_binary() {
  return REELHOUSE_BINARY;
}

CommandResult run_shell(const std::string& command_line) {
  CommandResult result;
  FILE* pipe = popen((command_line + " 2>&1").c_str(), "r");
  if (!pipe) return result;
  std::array<char, 4096> buffer{};
  size_t read_count = 0;
  while ((read_count = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) {
    result.output.append(buffer.data(), read_count);
  }
  const int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

CommandResult run_reelhouse(const std::vector<std::string>& args) {
  std::string command_line = shell_quote(reelhouse_binary().string());
  for (const auto& arg : args) {
    command_line += ' ';
    command_line += shell_quote(arg);
  }
  return run_shell(command_line);
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream input(path, std::ios::binary);
  std::stringstream content;
  content << input.rdbuf();
  return content.str();
}

void write_file(const std::filesystem::path& path, const std::string& content) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream output(path, std::ios::binary);
  output << content;
}

pid_t spawn_test_child(const std::string& gtest_filter, const std::vector<std::string>& variables) {
  std::vector<std::string> environment = variables;
  for (char** variable = environ; *variable != nullptr; ++variable) {
    environment.emplace_back(*variable);
  }
  std::vector<char*> envp;
  for (std::string& variable : environment) envp.push_back(variable.data());
  envp.push_back(nullptr);
  const std::string filter_argument = "--gtest_filter=" + gtest_filter;
  const int quiet = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
  const pid_t child = ::fork();
  if (child == 0) {
    if (quiet >= 0) {
      ::dup2(quiet, STDOUT_FILENO);
      ::dup2(quiet, STDERR_FILENO);
    }
    ::execle("/proc/self/exe", "reelhouse_tests", filter_argument.c_str(),
             static_cast<char*>(nullptr), envp.data());
    ::_exit(127);
  }
  if (quiet >= 0) ::close(quiet);
  return child;
}

}  // namespace reelhouse::testing
