// Pieces the price landings share (land_prices.cpp, land_provider_logs.cpp): the quarantine
// of files and lines, sidecars, listing raw files in a stable order, and small conversions.
// Not a public interface: see land_prices.hpp.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "db/duckdb.hpp"
#include "landing/land_prices.hpp"

namespace reelhouse::landing::prices_internal {

// The rejects of one landing table, kept in memory (a handful per run) and written as
// rejects.parquet — even when empty, so readers always find the file and its schema.
class PriceRejects {
 public:
  void add(const std::filesystem::path& source_file, std::optional<int64_t> line,
           std::optional<std::string> field, std::string_view reason, std::string_view detail,
           std::string_view raw);
  int64_t count() const { return static_cast<int64_t>(m_rows.size()); }
  Result<> write_parquet(db::DuckConnection& connection, const std::filesystem::path& dir);

 private:
  std::vector<std::vector<std::optional<std::string>>> m_rows;
};

// What the ingestion recorded about one stored body (its `.meta` sidecar).
struct Sidecar {
  std::string fetched_at{};  // as DuckDB TIMESTAMP text: "2026-11-23 10:00:00.123" (UTC)
  int64_t run_id = 0;
};

// Reads `<body>.meta`. Errors: not_found when absent; parse naming the sidecar and the field
// (fetched_at, run_id) otherwise.
Result<Sidecar> read_sidecar(const std::filesystem::path& body);

// The whole file. Errors: io naming it.
Result<std::string> read_whole_file(const std::filesystem::path& path);

// Regular files directly in `dir` whose names end with `suffix`, sorted by name; none when
// `dir` does not exist.
std::vector<std::filesystem::path> files_ending_with(const std::filesystem::path& dir,
                                                     std::string_view suffix);

// The field an error message of providers/provider_json names (`field "Price"` → "Price").
std::optional<std::string> field_named_in(std::string_view message);

// 'tt' + the digits of a provider's movie ID: "cw0076759" → "tt0076759".
std::string imdb_id_of(std::string_view movie_id);

// The text when it is a 4-digit year, else NULL (e.g. "2015–" or "N/A").
std::optional<std::string> year_or_null(std::string_view text);

// ISO-8601 UTC "2026-11-23T10:00:00.123Z" → "2026-11-23 10:00:00.123", nullopt when the text
// is not shaped like that.
std::optional<std::string> timestamp_text(std::string_view iso8601);

// A private in-memory DuckDB for one landing (as the other landings do).
struct LandingDatabase {
  db::DuckDatabase database;
  db::DuckConnection connection;
};
Result<LandingDatabase> open_landing_database(const PricesLandRequest& request);

}  // namespace reelhouse::landing::prices_internal
