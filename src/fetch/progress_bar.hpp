// ProgressBar: a one-line download meter on stderr, for people watching a terminal.
//
// Shows the file name, bytes so far, the percentage and a bar when the size is known, and the
// speed in MB/s, redrawn in place at most ten times a second. It draws only when asked to
// (Progress::auto_detect) AND stderr is a terminal; otherwise every call is a no-op, so logs
// and pipes never receive carriage-return noise (logging is the caller's business).
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

namespace reelhouse::fetch {

enum class Progress { auto_detect, off };

class ProgressBar {
 public:
  ProgressBar(std::string label, Progress mode);
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;
  // Calls finish().
  ~ProgressBar();

  bool active() const { return m_output != nullptr; }

  // The expected final size, when known (Content-Length, source file size).
  void set_total(std::optional<uint64_t> total) { m_total = total; }

  // Records that `done` bytes are present; redraws when enough time has passed.
  void update(uint64_t done);

  // Draws the final state and ends the line. Idempotent.
  void finish();

 private:
  void draw();

  std::string m_label;
  std::FILE* m_output = nullptr;
  std::optional<uint64_t> m_total;
  uint64_t m_done = 0;
  std::optional<uint64_t> m_first_done;  // bytes present at the first update (resumes)
  std::chrono::steady_clock::time_point m_started;
  std::chrono::steady_clock::time_point m_last_drawn;
  bool m_drawn = false;
};

// The text of one progress line (without the leading carriage return), e.g.
// "title.basics.tsv.gz [##########..........]  50%  10.0/20.0 MB  4.2 MB/s".
std::string format_progress_line(std::string_view label, uint64_t done,
                                 std::optional<uint64_t> total, double bytes_per_second);

}  // namespace reelhouse::fetch
