// Memory acceptance of the abstracts scan (issue 3): peak RSS stays flat — at most 64 MB
// above its level before the scan — on ~1 GB and ~3 GB (uncompressed XML) dumps, written
// here by the synthetic load writer (src/sources/abstracts_load_writer.hpp). The landing into
// Parquet through DuckDB is measured on the 1 GB dump as well.
//
// The peak is measured in this process: writing "5" to /proc/self/clear_refs resets VmHWM to
// the current RSS (Linux ≥ 4.0), the scan runs, and VmHWM is read back. Takes ~9 s (idle) to
// ~35 s (loaded) on the 2-core reference machine, most of it writing the dumps.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <string>

#include "landing/abstracts_scanner.hpp"
#include "landing/land_wikipedia_abstracts.hpp"
#include "sources/abstracts_load_writer.hpp"
#include "support/test_support.hpp"

namespace reelhouse::landing {
namespace {

using reelhouse::testing::TempDir;

constexpr uint64_t k_megabyte = 1000 * 1000;
constexpr uint64_t k_allowed_growth_kib = 64 * 1024;  // 64 MiB

// A field of /proc/self/status in KiB ("VmRSS", "VmHWM"); -1 when unavailable.
int64_t status_kib(const std::string& field) {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.starts_with(field + ":")) return std::stoll(line.substr(field.size() + 1));
  }
  return -1;
}

bool reset_peak_rss() {
  std::ofstream clear_refs("/proc/self/clear_refs");
  clear_refs << "5";
  clear_refs.flush();
  return clear_refs.good();
}

// Runs `work` and returns how far the peak RSS rose above the RSS before it, in KiB.
template <typename Work>
int64_t peak_growth_kib(Work&& work) {
  const bool reset = reset_peak_rss();
  const int64_t start = reset ? status_kib("VmRSS") : status_kib("VmHWM");
  work();
  return status_kib("VmHWM") - start;
}

TitleSet film_candidates(uint64_t docs) {
  TitleSet candidates;
  for (uint64_t index = 0; index < docs; index += 97) {
    candidates.insert("load film " + std::to_string(index));
  }
  return candidates;
}

void expect_flat_scan(uint64_t target_bytes) {
  TempDir dir;
  const std::filesystem::path dump = dir.path() / "enwiki-latest-abstract.xml.gz";
  const auto written_at = std::chrono::steady_clock::now();
  const Result<sources::AbstractsLoadDumpStats> written =
      sources::write_abstracts_load_dump(dump, target_bytes);
  ASSERT_TRUE(written) << written.error().message;
  const double write_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - written_at).count();
  const TitleSet candidates = film_candidates(written->docs);
  AbstractsScanOptions options;
  options.candidates = &candidates;

  Result<AbstractsScanStats> stats = make_error(ErrorCode::internal, "not run");
  uint64_t kept = 0;
  const int64_t growth = peak_growth_kib([&] {
    stats = scan_abstracts(dump, options, [&](const AbstractDoc&) -> Result<> {
      ++kept;
      return {};
    });
  });
  ASSERT_TRUE(stats) << stats.error().message;
  EXPECT_EQ(stats->bytes_uncompressed, written->bytes_uncompressed);
  EXPECT_EQ(stats->docs_scanned, written->docs);
  EXPECT_EQ(stats->docs_kept, candidates.size());
  EXPECT_EQ(kept, candidates.size());
  ASSERT_GE(growth, 0);
  EXPECT_LE(static_cast<uint64_t>(growth), k_allowed_growth_kib);
  std::cout << "[          ] " << written->bytes_uncompressed / k_megabyte << " MB XML ("
            << written->bytes_compressed / k_megabyte << " MB gzip, " << written->docs
            << " docs) written in " << write_seconds << " s; scanned in " << stats->elapsed_seconds
            << " s ("
            << static_cast<double>(stats->bytes_uncompressed) / k_megabyte / stats->elapsed_seconds
            << " MB/s), peak RSS growth " << growth / 1024 << " MiB\n";

  if (target_bytes > 2000 * k_megabyte) return;
  // The landing (scan + DuckDB Parquet writer) stays flat as well.
  const std::filesystem::path staging = dir.path() / "staging";
  std::filesystem::create_directories(staging);
  AbstractsLandRequest request;
  request.input = dump;
  request.staging_dir = staging;
  request.candidates = &candidates;
  Result<AbstractsScanStats> landed = make_error(ErrorCode::internal, "not run");
  const int64_t landing_growth =
      peak_growth_kib([&] { landed = land_wikipedia_abstracts(request); });
  ASSERT_TRUE(landed) << landed.error().message;
  EXPECT_EQ(landed->docs_kept, candidates.size());
  EXPECT_LE(static_cast<uint64_t>(landing_growth), k_allowed_growth_kib);
  std::cout << "[          ] landing: " << landed->elapsed_seconds << " s, peak RSS growth "
            << landing_growth / 1024 << " MiB\n";
}

TEST(AbstractsMemory, ScanOfOneGigabyteDumpStaysFlat) {
  expect_flat_scan(1000 * k_megabyte);
}

TEST(AbstractsMemory, ScanOfThreeGigabyteDumpStaysFlat) {
  expect_flat_scan(3000 * k_megabyte);
}

}  // namespace
}  // namespace reelhouse::landing
