#include "landing/land_prices.hpp"

#include <algorithm>

#include "landing/land_prices_internal.hpp"
#include "landing/parquet_landing.hpp"
#include "landing/text_row_source.hpp"
#include "providers/provider_json.hpp"

namespace reelhouse::landing {

namespace fs = std::filesystem;
using namespace prices_internal;

namespace {

constexpr std::string_view k_observations_function = "reelhouse_price_observations_scan";
constexpr std::string_view k_listings_function = "reelhouse_provider_listings_scan";
constexpr std::string_view k_part_file = "part-0.parquet";
constexpr std::string_view k_list_file = "movies.json";
constexpr std::string_view k_detail_dir = "movie";
constexpr std::string_view k_body_suffix = ".json";

std::string partition_name(const std::string& ingest_date) {
  return "ingest_date=" + ingest_date;
}

std::optional<std::string> text(std::string value) {
  return std::optional<std::string>(std::move(value));
}

Result<> require_staging(const PricesLandRequest& request) {
  TRY(require_directory(request.staging_dir, "landing staging directory"));
  return require_directory(request.quarantine_staging_dir, "quarantine staging directory");
}

// Reads a body and its sidecar; quarantines and returns nullopt what cannot be trusted.
struct TrustedBody {
  std::string body{};
  Sidecar sidecar{};
};
Result<std::optional<TrustedBody>> read_trusted_body(const fs::path& path, PriceRejects& rejects,
                                                     PricesLandStats& stats) {
  std::string body = TRY(read_whole_file(path));
  ++stats.files_in;
  ++stats.rows_in;
  stats.bytes_in += static_cast<int64_t>(body.size());
  Result<Sidecar> sidecar = read_sidecar(path);
  if (!sidecar) {
    const bool missing = sidecar.error().code == ErrorCode::not_found;
    rejects.add(path, std::nullopt, field_named_in(sidecar.error().message),
                missing ? "missing_sidecar" : "invalid_sidecar", sidecar.error().message, body);
    return std::optional<TrustedBody>();
  }
  return std::optional<TrustedBody>(TrustedBody{std::move(body), std::move(*sidecar)});
}

// Columns of the landing `price_observations`, as produced (text) and as typed.
const std::vector<std::string>& observation_columns() {
  static const std::vector<std::string> k_columns = {
      "provider", "movie_id", "imdb_id",    "title",       "year",      "year_text",  "rated",
      "released", "runtime",  "genre",      "director",    "writer",    "actors",     "plot",
      "language", "country",  "awards",     "poster",      "metascore", "rating",     "votes",
      "type",     "price",    "price_text", "observed_at", "run_id",    "source_file"};
  return k_columns;
}
constexpr std::string_view k_observation_projection =
    "provider, movie_id, imdb_id, title, CAST(year AS INTEGER) AS year, year_text, rated, "
    "released, runtime, genre, director, writer, actors, plot, language, country, awards, "
    "poster, metascore, rating, votes, type, CAST(price AS DECIMAL(18,2)) AS price, price_text, "
    "CAST(observed_at AS TIMESTAMP) AS observed_at, CAST(run_id AS BIGINT) AS run_id, "
    "source_file";

TextRow observation_row(const std::string& provider, const providers::MovieDetail& detail,
                        const providers::Price& price, const Sidecar& sidecar,
                        const fs::path& source_file) {
  return {text(provider),
          text(detail.id),
          text(imdb_id_of(detail.id)),
          text(detail.title),
          year_or_null(detail.year),
          text(detail.year),
          text(detail.rated),
          text(detail.released),
          text(detail.runtime),
          text(detail.genre),
          text(detail.director),
          text(detail.writer),
          text(detail.actors),
          text(detail.plot),
          text(detail.language),
          text(detail.country),
          detail.awards,
          text(detail.poster),
          text(detail.metascore),
          text(detail.rating),
          text(detail.votes),
          text(detail.type),
          text(price.to_string()),
          text(detail.price),
          text(sidecar.fetched_at),
          text(std::to_string(sidecar.run_id)),
          text(source_file.string())};
}

// Every detail body of the date, provider by provider, in file-name order.
std::vector<std::pair<std::string, fs::path>> detail_files(const PricesLandRequest& request) {
  std::vector<std::pair<std::string, fs::path>> files;
  for (const auto& provider : providers_with_raw(request.providers_root, request.ingest_date)) {
    const fs::path dir = request.providers_root / provider / partition_name(request.ingest_date) /
                         std::string(k_detail_dir);
    for (auto& file : files_ending_with(dir, k_body_suffix)) files.emplace_back(provider, file);
  }
  return files;
}

}  // namespace

std::vector<std::string> providers_with_raw(const fs::path& providers_root,
                                            const std::string& ingest_date) {
  std::vector<std::string> providers;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(providers_root, error)) {
    const std::string name = entry.path().filename().string();
    if (name.starts_with('_') || !entry.is_directory(error)) continue;
    if (fs::is_directory(entry.path() / partition_name(ingest_date), error)) {
      providers.push_back(name);
    }
  }
  std::sort(providers.begin(), providers.end());
  return providers;
}

fs::path provider_runs_dir(const fs::path& providers_root, const std::string& ingest_date) {
  return providers_root / "_runs" / partition_name(ingest_date);
}

Result<PricesLandStats> land_price_observations(const PricesLandRequest& request) {
  TRY(require_staging(request));
  auto landing = TRY(open_landing_database(request));
  const auto files = detail_files(request);
  PricesLandStats stats;
  PriceRejects rejects;
  size_t next_file = 0;
  // Pulls files until one yields a row; quarantines the others on the way.
  auto next_row = [&]() -> Result<std::optional<TextRow>> {
    while (next_file < files.size()) {
      const auto& [provider, path] = files[next_file++];
      auto trusted = TRY(read_trusted_body(path, rejects, stats));
      if (!trusted) continue;
      const std::string expected_id = path.filename().string().substr(
          0, path.filename().string().size() - k_body_suffix.size());
      Result<providers::MovieDetail> detail =
          providers::parse_movie_detail(trusted->body, expected_id);
      if (!detail) {
        rejects.add(path, std::nullopt, field_named_in(detail.error().message), "invalid_body",
                    detail.error().message, trusted->body);
        continue;
      }
      // parse_movie_detail has checked the price; parsing again gives its exact value.
      const providers::Price price = TRY(providers::parse_price(detail->price));
      return std::optional<TextRow>(
          observation_row(provider, *detail, price, trusted->sidecar, path));
    }
    return std::optional<TextRow>();
  };
  stats.rows_out = TRY(copy_text_rows_to_parquet(
      landing.connection, k_observations_function, observation_columns(), next_row,
      k_observation_projection, request.staging_dir / k_part_file));
  TRY(rejects.write_parquet(landing.connection, request.quarantine_staging_dir));
  stats.rows_rejected = rejects.count();
  return stats;
}

Result<PricesLandStats> land_provider_listings(const PricesLandRequest& request) {
  TRY(require_staging(request));
  auto landing = TRY(open_landing_database(request));
  static const std::vector<std::string> k_columns = {
      "provider",  "position", "movie_id", "imdb_id",   "title",  "year",
      "year_text", "type",     "poster",   "listed_at", "run_id", "source_file"};
  constexpr std::string_view k_projection =
      "provider, CAST(position AS INTEGER) AS position, movie_id, imdb_id, title, "
      "CAST(year AS INTEGER) AS year, year_text, type, poster, "
      "CAST(listed_at AS TIMESTAMP) AS listed_at, CAST(run_id AS BIGINT) AS run_id, source_file";
  PricesLandStats stats;
  PriceRejects rejects;
  // A list is a few thousand entries at most per provider: its rows are kept in memory.
  std::vector<TextRow> rows;
  for (const auto& provider : providers_with_raw(request.providers_root, request.ingest_date)) {
    const fs::path path =
        request.providers_root / provider / partition_name(request.ingest_date) / k_list_file;
    std::error_code error;
    if (!fs::is_regular_file(path, error)) continue;  // the list was not fetched that day
    auto trusted = TRY(read_trusted_body(path, rejects, stats));
    if (!trusted) continue;
    Result<std::vector<providers::ListedMovie>> listed =
        providers::parse_movie_list(trusted->body, provider);
    if (!listed) {
      rejects.add(path, std::nullopt, field_named_in(listed.error().message), "invalid_body",
                  listed.error().message, trusted->body);
      continue;
    }
    stats.rows_in += static_cast<int64_t>(listed->size()) - 1;  // the body counted as one
    for (size_t entry_idx = 0; entry_idx < listed->size(); ++entry_idx) {
      const auto& movie = (*listed)[entry_idx];
      rows.push_back({text(provider), text(std::to_string(entry_idx + 1)), text(movie.id),
                      text(imdb_id_of(movie.id)), text(movie.title), year_or_null(movie.year),
                      text(movie.year), text(movie.type), text(movie.poster),
                      text(trusted->sidecar.fetched_at),
                      text(std::to_string(trusted->sidecar.run_id)), text(path.string())});
    }
  }
  stats.rows_out = TRY(copy_text_rows_to_parquet(landing.connection, k_listings_function, k_columns,
                                                 rows_in_order(rows), k_projection,
                                                 request.staging_dir / k_part_file));
  TRY(rejects.write_parquet(landing.connection, request.quarantine_staging_dir));
  stats.rows_rejected = rejects.count();
  return stats;
}

}  // namespace reelhouse::landing
