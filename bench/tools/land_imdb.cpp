// bench_land_imdb TABLE FILE [--threads N] [--backend isal|zlib] [--out DIR]
//
// Lands FILE as TABLE (title_basics, title_ratings, title_principals, name_basics) with
// landing::land_imdb_table into fresh directories under DIR (default: a temp dir, removed
// afterwards) and prints one line:
//   rows_in=… rows_out=… rows_rejected=… bytes_in=… bytes_uncompressed=… seconds=…
//   mb_per_s=<MB/s of uncompressed input> peak_rss_mb=<max RSS of this process>
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>

#include "landing/land_table.hpp"

namespace landing = reelhouse::landing;

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s TABLE FILE [--threads N] [--backend isal|zlib] [--out DIR]\n",
                 argv[0]);
    return 2;
  }
  const auto table = landing::parse_table_name(argv[1]);
  if (!table) {
    std::fprintf(stderr, "unknown table %s\n", argv[1]);
    return 2;
  }
  landing::LandRequest request;
  request.table = *table;
  request.input = argv[2];
  std::filesystem::path out_root;
  for (int arg_idx = 3; arg_idx + 1 < argc; arg_idx += 2) {
    const std::string option = argv[arg_idx];
    if (option == "--threads") request.threads = std::atoi(argv[arg_idx + 1]);
    if (option == "--backend" && std::strcmp(argv[arg_idx + 1], "zlib") == 0) {
      request.inflate_backend = reelhouse::util::InflateBackend::zlib;
    }
    if (option == "--out") out_root = argv[arg_idx + 1];
  }
  const bool remove_after = out_root.empty();
  if (remove_after) {
    out_root = std::filesystem::temp_directory_path() / ("bench-land-" + std::to_string(getpid()));
  }
  request.staging_dir = out_root / "landing";
  request.quarantine_staging_dir = out_root / "quarantine";
  std::filesystem::remove_all(request.staging_dir);
  std::filesystem::remove_all(request.quarantine_staging_dir);
  std::filesystem::create_directories(request.staging_dir);
  std::filesystem::create_directories(request.quarantine_staging_dir);

  const auto start = std::chrono::steady_clock::now();
  const auto stats = landing::land_imdb_table(request);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (remove_after) std::filesystem::remove_all(out_root);
  if (!stats) {
    std::fprintf(stderr, "error: %s\n", stats.error().message.c_str());
    return 1;
  }
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  std::printf(
      "rows_in=%llu rows_out=%llu rows_rejected=%llu bytes_in=%llu bytes_uncompressed=%llu "
      "seconds=%.4f mb_per_s=%.1f peak_rss_mb=%.1f\n",
      static_cast<unsigned long long>(stats->rows_in),
      static_cast<unsigned long long>(stats->rows_out),
      static_cast<unsigned long long>(stats->rows_rejected),
      static_cast<unsigned long long>(stats->bytes_in),
      static_cast<unsigned long long>(stats->bytes_uncompressed), seconds,
      static_cast<double>(stats->bytes_uncompressed) / 1e6 / seconds,
      static_cast<double>(usage.ru_maxrss) / 1024.0);
  return 0;
}
