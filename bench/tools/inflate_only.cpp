// bench_inflate_only FILE [--backend isal|zlib|both] [--runs N]
//
// Decompresses FILE with util::GzipReader into a reused 1 MiB buffer and discards the output:
// the physical limit of any stage that reads the file. Prints one line per backend:
//   <backend> uncompressed_bytes=<n> seconds=<median> mb_per_s=<median MB/s of uncompressed>
// (MB = 10^6 bytes; median of N runs, default 3).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "util/gzip_reader.hpp"

namespace {

using reelhouse::util::GzipReader;
using reelhouse::util::InflateBackend;

constexpr size_t k_buffer_bytes = 1 << 20;

// Decompresses the whole file; returns seconds, or a negative value on error.
double time_one_run(const char* path, InflateBackend backend, uint64_t* uncompressed_bytes) {
  const auto start = std::chrono::steady_clock::now();
  auto reader = GzipReader::open(path, backend);
  if (!reader) {
    std::fprintf(stderr, "%s\n", reader.error().message.c_str());
    return -1;
  }
  std::vector<char> buffer(k_buffer_bytes);
  while (true) {
    auto produced = reader->read(buffer);
    if (!produced) {
      std::fprintf(stderr, "%s\n", produced.error().message.c_str());
      return -1;
    }
    if (*produced == 0) break;
  }
  *uncompressed_bytes = reader->bytes_out();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

int run_backend(const char* path, InflateBackend backend, const char* name, int runs) {
  std::vector<double> seconds;
  uint64_t uncompressed_bytes = 0;
  for (int run_idx = 0; run_idx < runs; ++run_idx) {
    const double elapsed = time_one_run(path, backend, &uncompressed_bytes);
    if (elapsed < 0) return 1;
    seconds.push_back(elapsed);
  }
  std::sort(seconds.begin(), seconds.end());
  const double median = seconds[seconds.size() / 2];
  std::printf("%s uncompressed_bytes=%llu seconds=%.4f mb_per_s=%.1f\n", name,
              static_cast<unsigned long long>(uncompressed_bytes), median,
              static_cast<double>(uncompressed_bytes) / 1e6 / median);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s FILE [--backend isal|zlib|both] [--runs N]\n", argv[0]);
    return 2;
  }
  std::string backend = "both";
  int runs = 3;
  for (int arg_idx = 2; arg_idx + 1 < argc; arg_idx += 2) {
    if (std::strcmp(argv[arg_idx], "--backend") == 0) backend = argv[arg_idx + 1];
    if (std::strcmp(argv[arg_idx], "--runs") == 0) runs = std::max(1, std::atoi(argv[arg_idx + 1]));
  }
  int status = 0;
  if (backend == "isal" || backend == "both") {
    status |= run_backend(argv[1], InflateBackend::isal, "isal", runs);
  }
  if (backend == "zlib" || backend == "both") {
    status |= run_backend(argv[1], InflateBackend::zlib, "zlib", runs);
  }
  return status;
}
