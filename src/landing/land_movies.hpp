// The landing stage for The Movies Dataset: one member of the dataset zip in, one typed
// Parquet snapshot and its quarantine out.
//
// `land_movies_member` streams the member straight out of the zip (zip_archive.hpp, never
// extracted), reads it as RFC 4180 CSV (csv_reader.hpp), checks the header, validates and
// converts each record (movies_row_converter.hpp) and streams accepted rows through a DuckDB
// table function into DuckDB's Parquet writer, like the IMDb landing (land_table.hpp), so
// memory stays bounded by buffers and row groups, not by the member.
//
// Records that cannot land go to quarantine with one reason each (quarantine.hpp):
//   - wrong_field_count: a record with more or fewer fields than the header;
//   - split_record: a record with too few fields immediately followed by another whose
//     field count makes the pair N+1 (a stray line break in an unquoted field cut one record
//     in two, and the second half shifts every column left): both halves;
//   - unterminated_quote: the input ended inside a quoted field (the rest of the member);
//   - then the converter's reasons, and duplicate_key: a record whose key was already
//     landed by a different record (the first one is kept).
// A record identical byte for byte to an accepted record with the same key is the same row
// twice: it collapses into the first and is counted in stats.duplicates_collapsed.
//
// Outputs, in directories the caller created empty and commits by renaming them:
//   <staging_dir>/part-0.parquet               accepted rows (snappy), upstream column names
//   <quarantine_staging_dir>/rejects.parquet   rejected records (always written)
// with source_file "<zip file name>:<member>". Every record is accounted for:
// rows_in = rows_out + rows_rejected + duplicates_collapsed.
#pragma once

#include <filesystem>
#include <string>

#include "core/error.hpp"
#include "landing/land_table.hpp"
#include "landing/movies_schema.hpp"

namespace reelhouse::landing {

struct MoviesLandRequest {
  std::filesystem::path zip;  // the-movies-dataset.zip
  MoviesTable table = MoviesTable::metadata;
  std::filesystem::path staging_dir;             // exists, empty: part-0.parquet goes here
  std::filesystem::path quarantine_staging_dir;  // exists, empty: rejects.parquet goes here
  int threads = 2;                               // DuckDB threads encoding Parquet
  std::string memory_limit = "1GB";              // DuckDB memory limit
};

// Lands the member of `request.zip` that holds `request.table`. In the stats, rows_in counts
// CSV records after the header, bytes_in is the zip's size and bytes_uncompressed the
// member's.
// Errors: invalid_argument (output directories missing), not_found (no zip, or no such member
// — naming the zip and the member), corrupt (invalid, truncated or damaged zip, naming it),
// parse (empty member, wrong header — naming "<zip>:<member>" with the expected and found
// header —, or a record over 64 MiB), io, sql (DuckDB could not write Parquet), internal
// (row accounting mismatch — a bug).
Result<LandStats> land_movies_member(const MoviesLandRequest& request);

}  // namespace reelhouse::landing
