// The landing of what the prices ingestion recorded about its own work: the request logs
// (landing `provider_requests`) and the per-run ingest reports (landing `provider_runs`).
// Declared in land_prices.hpp.
#include <array>
#include <charconv>
#include <nlohmann/json.hpp>

#include "landing/land_prices.hpp"
#include "landing/land_prices_internal.hpp"
#include "landing/parquet_landing.hpp"
#include "landing/text_row_source.hpp"

namespace reelhouse::landing {

namespace fs = std::filesystem;
using namespace prices_internal;

namespace {

constexpr std::string_view k_requests_function = "reelhouse_provider_requests_scan";
constexpr std::string_view k_runs_function = "reelhouse_provider_runs_scan";
constexpr std::string_view k_part_file = "part-0.parquet";

std::optional<std::string> text(std::string value) {
  return std::optional<std::string>(std::move(value));
}

// run-<id>.jsonl or run-<id>.json → id.
std::optional<int64_t> run_id_of(const fs::path& file) {
  const std::string stem = file.stem().string();
  if (!stem.starts_with("run-")) return std::nullopt;
  int64_t run_id = 0;
  const char* begin = stem.data() + 4;
  const char* end = stem.data() + stem.size();
  const auto [stop, error] = std::from_chars(begin, end, run_id);
  if (error != std::errc() || stop != end || begin == end) return std::nullopt;
  return run_id;
}

// The value of a JSON member as landing text; errors name the field.
Result<std::optional<std::string>> member_text(const nlohmann::json& object, const char* field,
                                               bool nullable) {
  const auto found = object.find(field);
  if (found == object.end() || found->is_null()) {
    if (nullable) return std::optional<std::string>();
    return make_error(ErrorCode::parse, "field \"{}\" is missing", field);
  }
  if (found->is_string()) return text(found->get<std::string>());
  if (found->is_number_integer()) return text(std::to_string(found->get<int64_t>()));
  if (found->is_number()) return text(fmt::format("{}", found->get<double>()));
  if (found->is_boolean()) return text(found->get<bool>() ? "true" : "false");
  return make_error(ErrorCode::parse, "field \"{}\" is a JSON {}, expected a string or number",
                    field, found->type_name());
}

Result<TextRow> request_row(std::string_view line, int64_t run_id, int64_t line_number,
                            const fs::path& source_file) {
  nlohmann::json json;
  try {
    json = nlohmann::json::parse(line);
  } catch (const nlohmann::json::parse_error& error) {
    return make_error(ErrorCode::parse, "not valid JSON: {}", error.what());
  }
  if (!json.is_object()) return make_error(ErrorCode::parse, "not a JSON object");
  TextRow row = {text(std::to_string(run_id))};
  for (const char* field : {"provider", "endpoint", "movie_id", "attempt"}) {
    row.push_back(TRY(member_text(json, field, false)));
  }
  const auto started_at = TRY(member_text(json, "started_at", false));
  const auto timestamp = timestamp_text(*started_at);
  if (!timestamp) {
    return make_error(ErrorCode::parse, "field \"started_at\" is not an ISO-8601 UTC time: \"{}\"",
                      *started_at);
  }
  row.push_back(timestamp);
  for (const char* field : {"latency_ms", "status", "outcome"}) {
    row.push_back(TRY(member_text(json, field, false)));
  }
  row.push_back(TRY(member_text(json, "retry_after_ms", true)));
  row.push_back(text(std::to_string(line_number)));
  row.push_back(text(source_file.string()));
  return row;
}

// The numeric columns of a request row (attempt, latency_ms, status, retry_after_ms).
constexpr std::array<size_t, 4> k_numeric_request_columns = {4, 6, 7, 9};

// The first numeric column whose value is not a number in decimal notation, if any.
std::optional<size_t> first_non_numeric(const TextRow& row) {
  for (const size_t column_idx : k_numeric_request_columns) {
    const auto& value = row[column_idx];
    if (!value) continue;
    double parsed = 0;
    const char* end = value->data() + value->size();
    if (value->empty() || std::from_chars(value->data(), end, parsed).ptr != end) {
      return column_idx;
    }
  }
  return std::nullopt;
}

}  // namespace

Result<PricesLandStats> land_provider_requests(const PricesLandRequest& request) {
  TRY(require_directory(request.staging_dir, "landing staging directory"));
  TRY(require_directory(request.quarantine_staging_dir, "quarantine staging directory"));
  auto landing = TRY(open_landing_database(request));
  static const std::vector<std::string> k_columns = {
      "run_id",     "provider", "endpoint", "movie_id",       "attempt", "started_at",
      "latency_ms", "status",   "outcome",  "retry_after_ms", "line",    "source_file"};
  // TRY_CAST would turn a bad number into NULL silently: the checks below happen in C++ first.
  constexpr std::string_view k_projection =
      "CAST(run_id AS BIGINT) AS run_id, provider, endpoint, movie_id, "
      "CAST(attempt AS INTEGER) AS attempt, CAST(started_at AS TIMESTAMP) AS started_at, "
      "CAST(latency_ms AS DOUBLE) AS latency_ms, CAST(status AS INTEGER) AS status, outcome, "
      "CAST(retry_after_ms AS BIGINT) AS retry_after_ms, CAST(line AS BIGINT) AS line, "
      "source_file";
  std::vector<fs::path> logs;
  for (const auto& provider : providers_with_raw(request.providers_root, request.ingest_date)) {
    for (auto& log : files_ending_with(request.providers_root / provider /
                                           ("ingest_date=" + request.ingest_date) / "requests",
                                       ".jsonl")) {
      logs.push_back(std::move(log));
    }
  }
  PricesLandStats stats;
  PriceRejects rejects;
  size_t next_log = 0;
  std::string content;
  size_t offset = 0;
  int64_t line_number = 0;
  std::optional<int64_t> run_id;
  auto next_row = [&]() -> Result<std::optional<TextRow>> {
    while (true) {
      if (offset >= content.size()) {
        if (next_log == logs.size()) return std::optional<TextRow>();
        const fs::path& log = logs[next_log++];
        content = TRY(read_whole_file(log));
        ++stats.files_in;
        stats.bytes_in += static_cast<int64_t>(content.size());
        offset = 0;
        line_number = 0;
        run_id = run_id_of(log);
        if (!run_id && !content.empty()) {
          ++stats.rows_in;
          rejects.add(log, std::nullopt, std::nullopt, "invalid_body",
                      "a request log must be named run-<run id>.jsonl", content);
          content.clear();
        }
        continue;
      }
      const fs::path& log = logs[next_log - 1];
      size_t end = content.find('\n', offset);
      if (end == std::string::npos) end = content.size();
      const std::string_view line(content.data() + offset, end - offset);
      offset = end + 1;
      ++line_number;
      if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
      ++stats.rows_in;
      Result<TextRow> row = request_row(line, *run_id, line_number, log);
      if (!row) {
        rejects.add(log, line_number, field_named_in(row.error().message), "invalid_line",
                    row.error().message, line);
        continue;
      }
      // The numeric columns must cast: refuse here what CAST would fail the whole file on.
      if (const auto column_idx = first_non_numeric(*row)) {
        const std::string& name = k_columns[*column_idx];
        rejects.add(log, line_number, name, "invalid_line",
                    fmt::format("field \"{}\" is not a number: \"{}\"", name, *(*row)[*column_idx]),
                    line);
        continue;
      }
      return std::optional<TextRow>(std::move(*row));
    }
  };
  stats.rows_out =
      TRY(copy_text_rows_to_parquet(landing.connection, k_requests_function, k_columns, next_row,
                                    k_projection, request.staging_dir / k_part_file));
  TRY(rejects.write_parquet(landing.connection, request.quarantine_staging_dir));
  stats.rows_rejected = rejects.count();
  return stats;
}

Result<PricesLandStats> land_provider_runs(const PricesLandRequest& request) {
  TRY(require_directory(request.staging_dir, "landing staging directory"));
  TRY(require_directory(request.quarantine_staging_dir, "quarantine staging directory"));
  auto landing = TRY(open_landing_database(request));
  static const std::vector<std::string> k_columns = {
      "run_id",  "provider", "list_fetched",  "list_date",    "listed",     "already_stored",
      "fetched", "missing",  "breaker_trips", "deadline_hit", "source_file"};
  constexpr std::string_view k_projection =
      "CAST(run_id AS BIGINT) AS run_id, provider, CAST(list_fetched AS BOOLEAN) AS list_fetched, "
      "CAST(list_date AS DATE) AS list_date, CAST(listed AS BIGINT) AS listed, "
      "CAST(already_stored AS BIGINT) AS already_stored, CAST(fetched AS BIGINT) AS fetched, "
      "CAST(missing AS BIGINT) AS missing, CAST(breaker_trips AS BIGINT) AS breaker_trips, "
      "CAST(deadline_hit AS BOOLEAN) AS deadline_hit, source_file";
  PricesLandStats stats;
  PriceRejects rejects;
  std::vector<TextRow> rows;
  for (const auto& report :
       files_ending_with(provider_runs_dir(request.providers_root, request.ingest_date), ".json")) {
    const std::string body = TRY(read_whole_file(report));
    ++stats.files_in;
    ++stats.rows_in;
    stats.bytes_in += static_cast<int64_t>(body.size());
    auto parse_report = [&]() -> Result<std::vector<TextRow>> {
      nlohmann::json json;
      try {
        json = nlohmann::json::parse(body);
      } catch (const nlohmann::json::parse_error& error) {
        return make_error(ErrorCode::parse, "not valid JSON: {}", error.what());
      }
      if (!json.is_object() || !json.contains("providers") || !json["providers"].is_array()) {
        return make_error(ErrorCode::parse, "field \"providers\" is missing or not an array");
      }
      const auto run_id = TRY(member_text(json, "run_id", false));
      const auto deadline_hit = TRY(member_text(json, "deadline_hit", false));
      std::vector<TextRow> report_rows;
      for (const auto& provider : json["providers"]) {
        if (!provider.is_object())
          return make_error(ErrorCode::parse, "a provider is not an object");
        TextRow row = {run_id};
        for (const char* field : {"provider", "list_fetched"}) {
          row.push_back(TRY(member_text(provider, field, false)));
        }
        row.push_back(TRY(member_text(provider, "list_date", true)));
        if (row.back() && row.back()->empty()) row.back().reset();
        for (const char* field :
             {"listed", "already_stored", "fetched", "missing", "breaker_trips"}) {
          row.push_back(TRY(member_text(provider, field, false)));
        }
        row.push_back(deadline_hit);
        row.push_back(text(report.string()));
        report_rows.push_back(std::move(row));
      }
      return report_rows;
    };
    Result<std::vector<TextRow>> parsed = parse_report();
    if (!parsed) {
      rejects.add(report, std::nullopt, field_named_in(parsed.error().message), "invalid_body",
                  parsed.error().message, body);
      continue;
    }
    for (auto& row : *parsed) rows.push_back(std::move(row));
  }
  stats.rows_out = TRY(copy_text_rows_to_parquet(landing.connection, k_runs_function, k_columns,
                                                 rows_in_order(rows), k_projection,
                                                 request.staging_dir / k_part_file));
  TRY(rejects.write_parquet(landing.connection, request.quarantine_staging_dir));
  stats.rows_rejected = rejects.count();
  return stats;
}

}  // namespace reelhouse::landing
