// The landing of the Wikipedia abstracts dump: the candidate pages of one
// enwiki-latest-abstract.xml.gz, as one Parquet snapshot.
//
// `land_wikipedia_abstracts` streams the dump once through AbstractsScanner
// (abstracts_scanner.hpp): the reader thread inflates, the calling thread scans and DuckDB
// (on the same thread) encodes the kept docs as Parquet, so memory stays flat whatever the
// dump's size. Only pages that can name a film are kept — the caller's set of normalised
// film titles — since the dump holds millions of pages and the pipeline needs tens of
// thousands.
//
// Output, in a directory the caller created empty and later commits by renaming it (lake
// layout, DESIGN.md §4):
//   <staging_dir>/part-0.parquet  (snappy) with the columns of the `wikipedia_abstracts`
//   landing table, in file order: title, url, abstract, base_title, qualifier (NULL when the
//   title has none), norm_title VARCHAR, doc_offset BIGINT.
// On error the directory may hold a partial file; the caller discards it.
#pragma once

#include <filesystem>
#include <string>

#include "core/error.hpp"
#include "landing/abstracts_scanner.hpp"
#include "landing/title_set.hpp"
#include "util/gzip_reader.hpp"

namespace reelhouse::landing {

struct AbstractsLandRequest {
  std::filesystem::path input;           // .xml.gz or .xml (by gzip magic bytes, not by name)
  std::filesystem::path staging_dir;     // exists, empty: part-0.parquet goes here
  const TitleSet* candidates = nullptr;  // normalised film titles; nullptr lands every page
  std::string memory_limit = "512MB";    // DuckDB memory limit
  util::InflateBackend inflate_backend = util::InflateBackend::isal;
};

// Lands the candidate pages of `request.input`. Returns the scan's statistics (docs scanned
// and kept, compressed and uncompressed bytes, elapsed seconds).
// Errors: ErrorCode::invalid_argument (staging directory missing), ErrorCode::not_found / io
// (input unreadable), ErrorCode::corrupt (truncated or invalid gzip, naming the file),
// ErrorCode::parse (malformed or refused XML, naming the file and the byte offset),
// ErrorCode::sql (DuckDB could not write Parquet), ErrorCode::internal (row count mismatch).
Result<AbstractsScanStats> land_wikipedia_abstracts(const AbstractsLandRequest& request);

}  // namespace reelhouse::landing
