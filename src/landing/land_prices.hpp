// The landing of the movie-price providers' raw responses (doc/lake_layout.md, "Providers"):
// what the ingestion stored under raw/providers/<provider>/ingest_date=D/ becomes typed Parquet.
//
//   movie/<ID>.json + .meta     → landing `price_observations` (one row per stored detail)
//   movies.json + .meta         → landing `provider_listings` (one row per listed film)
//   requests/run-<id>.jsonl     → landing `provider_requests` (one row per request attempt)
//   (raw/providers/_runs/ingest_date=D/run-<id>.json, the prices pipeline's per-run ingest
//    report)                    → landing `provider_runs` (one row per run × provider)
//
// A body is trusted only when its `.meta` sidecar exists (the ingestion writes the sidecar
// first and the body last, so the body is the commit marker; a sidecar without a body is a
// fetch that never completed and is not a row). Bodies are read through
// providers/provider_json.hpp, so "valid" means what it means to the ingestion. Whatever does
// not land is quarantined — never dropped — in quarantine/<table>/ingest_date=D/rejects.parquet:
//   source_file VARCHAR  the raw file
//   line BIGINT          1-based line in a request log; NULL for a whole body
//   field VARCHAR        the JSON field at fault when one is named (e.g. "Price"); else NULL
//   reason VARCHAR       invalid_body | missing_sidecar | invalid_sidecar | invalid_line
//   detail VARCHAR       what was wrong, for a human
//   raw VARCHAR          the body or line (invalid UTF-8 as \xNN, cut at 64 KiB)
// For every table, files (or lines) in = rows landed + rows quarantined.
//
// Rows are streamed through DuckDB's Parquet writer (db/duck_chunk_source.hpp): memory stays
// bounded by one chunk of rows whatever the number of films. Files are read in a stable order
// (provider, then file name), so landing the same raw twice gives the same Parquet.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace reelhouse::landing {

struct PricesLandRequest {
  std::filesystem::path providers_root{};          // <lake>/raw/providers
  std::string ingest_date{};                       // YYYY-MM-DD
  std::filesystem::path staging_dir{};             // exists, empty: part-0.parquet goes here
  std::filesystem::path quarantine_staging_dir{};  // exists, empty: rejects.parquet goes here
  std::string memory_limit = "512MB";              // DuckDB memory limit
};

struct PricesLandStats {
  int64_t files_in = 0;  // raw files read (bodies, logs, reports)
  int64_t rows_in = 0;   // candidate rows: bodies, listed entries, log lines
  int64_t rows_out = 0;
  int64_t rows_rejected = 0;
  int64_t bytes_in = 0;
};

// The providers with a raw partition for the date: directory names under providers_root not
// starting with '_' that hold ingest_date=<date>, sorted.
std::vector<std::string> providers_with_raw(const std::filesystem::path& providers_root,
                                            const std::string& ingest_date);

// Landing `price_observations`, in this column order: provider, movie_id, imdb_id ('tt' ||
// the ID's digits), title, year INTEGER (NULL unless the text is a 4-digit year), year_text,
// rated, released, runtime, genre, director, writer, actors, plot, language, country, awards
// (NULL when the body has none: filmworld), poster, metascore, rating, votes, type,
// price DECIMAL(18,2) (exact), price_text (as sent), observed_at TIMESTAMP (the sidecar's
// fetched_at, UTC), run_id BIGINT (the sidecar's: the run that fetched it), source_file.
// Errors: invalid_argument (staging directory missing), io, sql.
Result<PricesLandStats> land_price_observations(const PricesLandRequest& request);

// Landing `provider_listings`: provider, position INTEGER (1-based place in the list),
// movie_id, imdb_id, title, year INTEGER, year_text, type, poster, listed_at TIMESTAMP (the
// sidecar's fetched_at), run_id BIGINT, source_file. A list body that does not parse is one
// quarantined row. Errors: as land_price_observations.
Result<PricesLandStats> land_provider_listings(const PricesLandRequest& request);

// Landing `provider_requests`: run_id BIGINT (from the log's name run-<id>.jsonl), provider,
// endpoint ('movies' | 'movie'), movie_id ('' for the list), attempt INTEGER, started_at
// TIMESTAMP, latency_ms DOUBLE, status INTEGER (0 when no answer), outcome, retry_after_ms
// BIGINT (NULL when none), line BIGINT, source_file. A line that is not such an object is
// quarantined with its line number. Errors: as land_price_observations.
Result<PricesLandStats> land_provider_requests(const PricesLandRequest& request);

// Landing `provider_runs` from raw/providers/_runs/ingest_date=D/run-<id>.json (written by the
// prices pipeline's ingest task, see write_provider_run_report): run_id BIGINT, provider,
// list_fetched BOOLEAN, list_date DATE (NULL when no list was ever fetched), listed BIGINT,
// already_stored BIGINT, fetched BIGINT, missing BIGINT, breaker_trips BIGINT,
// deadline_hit BOOLEAN, source_file. Errors: as land_price_observations.
Result<PricesLandStats> land_provider_runs(const PricesLandRequest& request);

// Where the per-run ingest reports of a date live: <providers_root>/_runs/ingest_date=<date>.
std::filesystem::path provider_runs_dir(const std::filesystem::path& providers_root,
                                        const std::string& ingest_date);

}  // namespace reelhouse::landing
