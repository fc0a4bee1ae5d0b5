#include "landing/land_prices_internal.hpp"

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "landing/text_row_source.hpp"
#include "providers/provider_film.hpp"
#include "util/utf8.hpp"

namespace reelhouse::landing::prices_internal {

namespace fs = std::filesystem;

namespace {

constexpr size_t k_max_raw_bytes = 64 * 1024;
constexpr std::string_view k_rejects_function = "reelhouse_price_rejects_scan";
constexpr std::string_view k_sidecar_suffix = ".meta";

}  // namespace

void PriceRejects::add(const fs::path& source_file, std::optional<int64_t> line,
                       std::optional<std::string> field, std::string_view reason,
                       std::string_view detail, std::string_view raw) {
  m_rows.push_back({source_file.string(),
                    line ? std::optional<std::string>(std::to_string(*line)) : std::nullopt,
                    std::move(field), std::string(reason), util::escape_invalid_utf8(detail),
                    util::escape_invalid_utf8(raw.substr(0, k_max_raw_bytes))});
}

Result<> PriceRejects::write_parquet(db::DuckConnection& connection, const fs::path& dir) {
  static const std::vector<std::string> k_columns = {"source_file", "line",   "field",
                                                     "reason",      "detail", "raw"};
  size_t next_row = 0;
  TRY(copy_text_rows_to_parquet(
      connection, k_rejects_function, k_columns,
      [&]() -> Result<std::optional<TextRow>> {
        if (next_row == m_rows.size()) return std::optional<TextRow>();
        return std::optional<TextRow>(m_rows[next_row++]);
      },
      "source_file, CAST(line AS BIGINT) AS line, field, reason, detail, raw",
      dir / "rejects.parquet"));
  return {};
}

Result<std::string> read_whole_file(const fs::path& path) {
  std::ifstream input(path, std::ios::binary);
  std::stringstream content;
  content << input.rdbuf();
  if (!input) return make_error(ErrorCode::io, "cannot read \"{}\"", path.string());
  return content.str();
}

Result<Sidecar> read_sidecar(const fs::path& body) {
  const fs::path path = body.string() + std::string(k_sidecar_suffix);
  std::error_code error;
  if (!fs::is_regular_file(path, error)) {
    return make_error(ErrorCode::not_found, "\"{}\" has no sidecar \"{}\"", body.string(),
                      path.string());
  }
  const std::string text = TRY(read_whole_file(path));
  nlohmann::json json;
  try {
    json = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& parse_error) {
    return make_error(ErrorCode::parse, "sidecar \"{}\" is not valid JSON: {}", path.string(),
                      parse_error.what());
  }
  Sidecar sidecar;
  const auto fetched_at = json.is_object() ? json.find("fetched_at") : json.end();
  std::optional<std::string> timestamp;
  if (fetched_at != json.end() && fetched_at->is_string()) {
    timestamp = timestamp_text(fetched_at->get<std::string>());
  }
  if (!timestamp) {
    return make_error(ErrorCode::parse,
                      "sidecar \"{}\": field \"fetched_at\" is missing or not an ISO-8601 UTC "
                      "time like 2026-11-23T10:00:00.123Z",
                      path.string());
  }
  sidecar.fetched_at = std::move(*timestamp);
  const auto run_id = json.find("run_id");
  if (run_id == json.end() || !run_id->is_number_integer()) {
    return make_error(ErrorCode::parse,
                      "sidecar \"{}\": field \"run_id\" is missing or not an integer",
                      path.string());
  }
  sidecar.run_id = run_id->get<int64_t>();
  return sidecar;
}

std::vector<fs::path> files_ending_with(const fs::path& dir, std::string_view suffix) {
  std::vector<fs::path> files;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(dir, error)) {
    if (entry.is_regular_file(error) && entry.path().filename().string().ends_with(suffix)) {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::optional<std::string> field_named_in(std::string_view message) {
  constexpr std::string_view k_marker = "field \"";
  const size_t start = message.find(k_marker);
  if (start == std::string_view::npos) return std::nullopt;
  const size_t name_start = start + k_marker.size();
  const size_t end = message.find('"', name_start);
  if (end == std::string_view::npos) return std::nullopt;
  return std::string(message.substr(name_start, end - name_start));
}

std::string imdb_id_of(std::string_view movie_id) {
  return "tt" + providers::imdb_number_of(movie_id);
}

std::optional<std::string> year_or_null(std::string_view text) {
  if (text.size() != 4 || !std::all_of(text.begin(), text.end(), [](char character) {
        return character >= '0' && character <= '9';
      })) {
    return std::nullopt;
  }
  return std::string(text);
}

std::optional<std::string> timestamp_text(std::string_view iso8601) {
  // YYYY-MM-DDTHH:MM:SS, then optionally .fraction, then optionally Z.
  constexpr std::string_view k_shape = "dddd-dd-ddTdd:dd:dd";
  if (iso8601.ends_with('Z')) iso8601.remove_suffix(1);
  if (iso8601.size() < k_shape.size()) return std::nullopt;
  for (size_t char_idx = 0; char_idx < iso8601.size(); ++char_idx) {
    const char expected = char_idx < k_shape.size()    ? k_shape[char_idx]
                          : char_idx == k_shape.size() ? '.'
                                                       : 'd';
    const char actual = iso8601[char_idx];
    const bool matches = expected == 'd'   ? (actual >= '0' && actual <= '9')
                         : expected == 'T' ? (actual == 'T' || actual == ' ')
                                           : actual == expected;
    if (!matches) return std::nullopt;
  }
  std::string text(iso8601);
  text[10] = ' ';
  return text;
}

Result<LandingDatabase> open_landing_database(const PricesLandRequest& request) {
  db::DuckOptions options;
  options.threads = 1;  // one thread: the producer's order is the file's order
  options.memory_limit = request.memory_limit;
  db::DuckDatabase database = TRY(db::DuckDatabase::open(":memory:", options));
  db::DuckConnection connection = TRY(db::DuckConnection::connect(database));
  return LandingDatabase{std::move(database), std::move(connection)};
}

}  // namespace reelhouse::landing::prices_internal
