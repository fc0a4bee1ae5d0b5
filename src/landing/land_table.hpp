// The landing stage: one raw IMDb TSV(.gz) file in, one typed Parquet snapshot and its
// quarantine out.
//
// `land_imdb_table` streams the file once: a reader thread inflates it (ISA-L), DuckDB's
// threads pull validated rows through the landing scan (landing_source.hpp) and encode them
// with DuckDB's Parquet writer, and rejected lines go to quarantine (quarantine.hpp). Memory
// stays bounded by block, batch and row-group sizes, not by the input: a 3 GB principals file
// lands in a few hundred MB.
//
// Outputs, both written into directories the caller created empty and later commits by
// renaming them (lake layout, DESIGN.md §4):
//   <staging_dir>/part-0.parquet              the accepted rows, upstream column names, typed
//   <quarantine_staging_dir>/rejects.parquet  the rejected lines (always written)
// On error the directories may hold partial files; the caller discards them.
//
// Every data line is accounted for: rows_in = rows_out + rows_rejected.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>

#include "core/error.hpp"
#include "landing/imdb_schema.hpp"
#include "util/gzip_reader.hpp"

namespace reelhouse::landing {

struct LandRequest {
  std::filesystem::path input;  // .tsv.gz or .tsv (by gzip magic bytes, not by name)
  ImdbTable table = ImdbTable::title_basics;
  std::filesystem::path staging_dir;             // exists, empty: part-*.parquet goes here
  std::filesystem::path quarantine_staging_dir;  // exists, empty: rejects.parquet goes here
  int threads = 2;                               // DuckDB threads parsing and encoding Parquet
  std::string memory_limit = "1GB";              // DuckDB memory limit
  util::InflateBackend inflate_backend = util::InflateBackend::isal;
};

struct LandStats {
  uint64_t rows_in = 0;        // data lines (header and trailing empty lines excluded)
  uint64_t rows_out = 0;       // rows written to part-*.parquet
  uint64_t rows_rejected = 0;  // rows written to rejects.parquet
  // Records dropped as exact copies of an accepted record (Movies CSV landing; 0 for IMDb).
  // Every record is accounted for: rows_in = rows_out + rows_rejected + duplicates_collapsed.
  uint64_t duplicates_collapsed = 0;
  uint64_t bytes_in = 0;  // size of the input file
  uint64_t bytes_uncompressed = 0;
  std::map<std::string, uint64_t> rejects_by_reason;  // reason code → count, non-zero only
};

// Lands `request.input` as `request.table`.
// Errors: ErrorCode::invalid_argument (output directories missing), ErrorCode::not_found /
// io (input unreadable), ErrorCode::corrupt (truncated or invalid gzip, naming the file and
// byte offset), ErrorCode::parse (wrong or missing header line, naming the file with the
// expected and found header; a line longer than 64 MiB), ErrorCode::sql (DuckDB could not
// write Parquet), ErrorCode::internal (row accounting mismatch — a bug).
Result<LandStats> land_imdb_table(const LandRequest& request);

}  // namespace reelhouse::landing
