// `reelhouse generate movies`: a synthetic The Movies Dataset and Wikipedia abstracts dump.
//
// Writes into a directory:
//   the-movies-dataset.zip         movies_metadata.csv, links.csv, credits.csv, keywords.csv,
//                                  ratings.csv — Kaggle's format with its real quirks
//                                  (movies_generator_csv.hpp)
//   enwiki-latest-abstract.xml.gz  the abstracts dump in upstream's layout, film pages among
//                                  filler pages (movies_generator_wiki.hpp)
//   wikipedia_truth.csv            the right page per film, or none (movies_generator_truth.hpp)
//   movies_manifest.json           counts of what the files hold
// At scale 1: ~45.4k films, ~100k ratings (the size of ratings_small.csv), ~6M pages
// (~6 GB of XML, ~1 GB gzipped). Every file is written atomically (temporary file, then
// rename), and the bytes depend only on (seed, scale, line ending).
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace reelhouse::sources {

enum class CsvLineEnding { lf, crlf };

struct MoviesGeneratorOptions {
  double scale = 1.0;             // > 0 and <= 10; 0.01 ≈ 454 films and 60k pages
  std::filesystem::path out_dir;  // created when missing
  uint64_t seed = 42;
  CsvLineEnding line_ending = CsvLineEnding::lf;
};

struct GeneratedMoviesFile {
  std::string file_name;
  std::string detail;  // what it holds, for the CLI: "45,123 films", "6,000,000 pages"…
  uint64_t bytes = 0;  // on disk
};

struct GenerateMoviesSummary {
  std::vector<GeneratedMoviesFile> files;
  std::chrono::milliseconds elapsed{0};
};

inline constexpr const char* k_movies_zip_name = "the-movies-dataset.zip";
inline constexpr const char* k_wikipedia_dump_name = "enwiki-latest-abstract.xml.gz";
inline constexpr const char* k_wikipedia_truth_name = "wikipedia_truth.csv";
inline constexpr const char* k_movies_manifest_name = "movies_manifest.json";
// The zip's members, in the order they are written.
inline constexpr const char* k_movies_zip_members[] = {
    "movies_metadata.csv", "links.csv", "credits.csv", "keywords.csv", "ratings.csv"};

// Writes the four files into options.out_dir, replacing existing ones.
// Errors: invalid_argument for a scale that is not a positive finite number at most 10 or an
// empty out_dir; io when the directory or a file cannot be written (no partial file is left
// under a final name).
Result<GenerateMoviesSummary> generate_movies(const MoviesGeneratorOptions& options);

}  // namespace reelhouse::sources
