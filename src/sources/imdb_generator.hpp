// `reelhouse generate imdb`: a synthetic IMDb dump in the exact upstream format.
//
// Writes title.basics, title.ratings, title.principals and name.basics as .tsv.gz into a
// directory, at any scale (1 ≈ the full dump: ~12M titles, ~95M principals, ~14M names,
// ~1.6M ratings; counts scale linearly). The format is upstream's byte for byte: a header
// line, tab-separated fields, LF line ends, `\N` for null, no quoting, comma lists, the
// `characters` column as JSON array text, tt/nm identifiers of at least 7 digits, rows
// sorted by key (principals by tconst, then ordering). See imdb_generator_model.hpp for
// the statistics.
//
// The output depends only on (seed, scale, defects): the same options give the same bytes.
// The four files are written by four threads, each streaming its rows, so memory does not
// grow with the scale. With `defects = DefectInjection::inject`, every file also carries a
// few known bad rows, described in `defects_manifest.json` (imdb_generator_defects.hpp).
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace reelhouse::sources {

enum class DefectInjection { none, inject };

struct ImdbGeneratorOptions {
  double scale = 1.0;             // > 0; 0.001 ≈ 12k titles
  std::filesystem::path out_dir;  // created when missing
  uint64_t seed = 42;
  DefectInjection defects = DefectInjection::none;
};

struct GeneratedImdbFile {
  std::string table;      // title_basics, title_ratings, title_principals, name_basics
  std::string file_name;  // title.basics.tsv.gz, …
  uint64_t rows = 0;      // data lines, without the header
  uint64_t uncompressed_bytes = 0;
  uint64_t compressed_bytes = 0;
};

struct GenerateImdbSummary {
  std::vector<GeneratedImdbFile> files;           // in the order of the upstream listing
  std::optional<std::filesystem::path> manifest;  // defects_manifest.json, with defects
  std::chrono::milliseconds elapsed{0};
};

// The upstream file names, in the order generate_imdb reports them.
inline constexpr const char* k_imdb_file_names[] = {
    "title.basics.tsv.gz", "title.ratings.tsv.gz", "title.principals.tsv.gz", "name.basics.tsv.gz"};

// Writes the four files (and the manifest) into options.out_dir, replacing existing ones.
// Errors: invalid_argument for a scale that is not a positive finite number (at most 100)
// or an empty out_dir; io when the directory or a file cannot be written (no partial file is
// left behind under the final name).
Result<GenerateImdbSummary> generate_imdb(const ImdbGeneratorOptions& options);

}  // namespace reelhouse::sources
