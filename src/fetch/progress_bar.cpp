#include "fetch/progress_bar.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>

namespace reelhouse::fetch {

namespace {

constexpr std::chrono::milliseconds k_redraw_interval{100};
constexpr int k_bar_width = 20;
constexpr double k_bytes_per_megabyte = 1e6;

}  // namespace

ProgressBar::ProgressBar(std::string label, Progress mode)
    : m_label(std::move(label)),
      m_started(std::chrono::steady_clock::now()),
      m_last_drawn(m_started) {
  if (mode == Progress::auto_detect && ::isatty(STDERR_FILENO) == 1) m_output = stderr;
}

ProgressBar::~ProgressBar() {
  finish();
}

void ProgressBar::update(uint64_t done) {
  if (!active()) return;
  if (!m_first_done) m_first_done = done;
  m_done = done;
  const auto now = std::chrono::steady_clock::now();
  if (m_drawn && now - m_last_drawn < k_redraw_interval) return;
  m_last_drawn = now;
  draw();
}

void ProgressBar::finish() {
  if (!active()) return;
  draw();
  std::fputc('\n', m_output);
  std::fflush(m_output);
  m_output = nullptr;
}

void ProgressBar::draw() {
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - m_started).count();
  const uint64_t transferred = m_done - std::min(m_done, m_first_done.value_or(0));
  const double speed = elapsed > 0 ? static_cast<double>(transferred) / elapsed : 0;
  // Pad with spaces so a shorter line fully covers the previous one.
  fmt::print(m_output, "\r{:<78}", format_progress_line(m_label, m_done, m_total, speed));
  std::fflush(m_output);
  m_drawn = true;
}

std::string format_progress_line(std::string_view label, uint64_t done,
                                 std::optional<uint64_t> total, double bytes_per_second) {
  const double done_megabytes = static_cast<double>(done) / k_bytes_per_megabyte;
  const double speed_megabytes = bytes_per_second / k_bytes_per_megabyte;
  if (!total || *total == 0) {
    return fmt::format("{} {:.1f} MB  {:.1f} MB/s", label, done_megabytes, speed_megabytes);
  }
  const double fraction = std::min(1.0, static_cast<double>(done) / static_cast<double>(*total));
  const int filled = static_cast<int>(fraction * k_bar_width);
  return fmt::format("{} [{}{}] {:3d}%  {:.1f}/{:.1f} MB  {:.1f} MB/s", label,
                     std::string(filled, '#'), std::string(k_bar_width - filled, '.'),
                     static_cast<int>(fraction * 100), done_megabytes,
                     static_cast<double>(*total) / k_bytes_per_megabyte, speed_megabytes);
}

}  // namespace reelhouse::fetch
