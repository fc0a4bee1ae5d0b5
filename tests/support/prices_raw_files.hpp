// Raw files of the price providers written by hand, in the exact layout the ingestion writes
// (doc/lake_layout.md, "Providers"): bodies with their `.meta` sidecars, request logs and
// the pipeline's run reports — so landing and products can be tested without a simulator.
// Also a small lake + catalog in a temp dir that runs the prices tasks after ingestion.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "catalog/catalog.hpp"
#include "core/config.hpp"
#include "db/duckdb.hpp"
#include "pipeline/dag_executor.hpp"
#include "pipeline/prices_pipeline.hpp"
#include "pipeline/run_context.hpp"
#include "support/test_support.hpp"

namespace reelhouse::testing {

// raw/providers/<provider>/ingest_date=<date>
inline std::filesystem::path provider_raw_dir(const std::filesystem::path& lake,
                                              const std::string& provider,
                                              const std::string& date) {
  return lake / "raw" / "providers" / provider / ("ingest_date=" + date);
}

inline void write_sidecar(const std::filesystem::path& body_path, const std::string& fetched_at,
                          int64_t run_id, const std::string& body) {
  const nlohmann::json meta = {{"url", "http://127.0.0.1/api/x"},
                               {"status", 200},
                               {"fetched_at", fetched_at},
                               {"latency_ms", 12},
                               {"attempts", 1},
                               {"bytes", body.size()},
                               {"sha256", "0"},
                               {"run_id", run_id}};
  write_file(body_path.string() + ".meta", meta.dump(2));
}

// A detail body (pretty-printed, fields in the providers' order).
inline std::string detail_body(const std::string& id, const std::string& title,
                               const std::string& year, const std::string& director,
                               const std::string& price, bool with_awards = true) {
  nlohmann::ordered_json body;
  body["Title"] = title;
  body["Year"] = year;
  body["Rated"] = "PG";
  body["Released"] = "01 Jan " + year;
  body["Runtime"] = "120 min";
  body["Genre"] = "Drama";
  body["Director"] = director;
  body["Writer"] = "Someone";
  body["Actors"] = "A, B";
  body["Plot"] = "Things happen.";
  body["Language"] = "English";
  body["Country"] = "USA";
  if (with_awards) body["Awards"] = "N/A";
  body["Poster"] = "N/A";
  body["Metascore"] = "50";
  body["Rating"] = "7.0";
  body["Votes"] = "1,000";
  body["ID"] = id;
  body["Type"] = "movie";
  body["Price"] = price;
  return body.dump(2);
}

// movie/<ID>.json + sidecar.
inline void write_raw_detail(const std::filesystem::path& lake, const std::string& provider,
                             const std::string& date, const std::string& id,
                             const std::string& body, int64_t run_id = 1,
                             std::string fetched_at = "") {
  if (fetched_at.empty()) fetched_at = date + "T10:00:00.000Z";
  const auto path = provider_raw_dir(lake, provider, date) / "movie" / (id + ".json");
  std::filesystem::create_directories(path.parent_path());
  write_sidecar(path, fetched_at, run_id, body);
  write_file(path, body);
}

struct ListedFilm {
  std::string id, title, year;
};

// movies.json + sidecar.
inline void write_raw_list(const std::filesystem::path& lake, const std::string& provider,
                           const std::string& date, const std::vector<ListedFilm>& films,
                           int64_t run_id = 1) {
  nlohmann::ordered_json movies = nlohmann::ordered_json::array();
  for (const auto& film : films) {
    movies.push_back({{"Title", film.title},
                      {"Year", film.year},
                      {"ID", film.id},
                      {"Type", "movie"},
                      {"Poster", "N/A"}});
  }
  const std::string body = nlohmann::ordered_json{{"Movies", movies}}.dump(2);
  const auto path = provider_raw_dir(lake, provider, date) / "movies.json";
  std::filesystem::create_directories(path.parent_path());
  write_sidecar(path, date + "T09:59:00.000Z", run_id, body);
  write_file(path, body);
}

// One attempt of a request log line.
inline std::string request_line(const std::string& provider, const std::string& endpoint,
                                const std::string& movie_id, int attempt,
                                const std::string& outcome, int status, double latency_ms,
                                const std::string& started_at = "2026-01-01T10:00:00.000Z") {
  return nlohmann::json{
      {"provider", provider}, {"endpoint", endpoint},     {"movie_id", movie_id},
      {"attempt", attempt},   {"started_at", started_at}, {"latency_ms", latency_ms},
      {"status", status},     {"outcome", outcome},       {"retry_after_ms", nullptr}}
      .dump();
}

inline void write_request_log(const std::filesystem::path& lake, const std::string& provider,
                              const std::string& date, int64_t run_id,
                              const std::vector<std::string>& lines) {
  const auto path = provider_raw_dir(lake, provider, date) / "requests" /
                    ("run-" + std::to_string(run_id) + ".jsonl");
  std::filesystem::create_directories(path.parent_path());
  std::string content;
  for (const auto& line : lines) content += line + "\n";
  write_file(path, content);
}

// A lake, a catalog and a warehouse in a temp dir, running the prices tasks after ingestion
// (pipeline::prices_processing_tasks) for a date, as `reelhouse run prices` would.
class PricesLakeFixture {
 public:
  PricesLakeFixture() {
    m_config.home = m_dir.path();
    m_config.runtime.threads = 2;
    m_config.runtime.memory_limit = "512MB";
  }
  const Config& config() const { return m_config; }
  Config& config() { return m_config; }
  std::filesystem::path lake() const { return m_config.lake_root(); }

  // Runs landing, products and publish for `date`; expects every task to succeed.
  int64_t run(const std::string& date) {
    auto catalog = catalog::Catalog::open(m_config.catalog_location()).value();
    pipeline::RunContext context(m_config, catalog, "prices", date, pipeline::Refresh::no);
    const int64_t run_id = catalog.begin_run("prices", date, "manual").value();
    context.set_run_id(run_id);
    const auto summary =
        pipeline::execute_dag(pipeline::prices_processing_tasks({}), context,
                              pipeline::ExecutorOptions{.parallelism = 2, .max_attempts = 1})
            .value();
    EXPECT_TRUE(summary.succeeded()) << summary.first_error();
    EXPECT_TRUE(catalog
                    .finish_run(run_id,
                                summary.succeeded() ? catalog::RunState::succeeded
                                                    : catalog::RunState::failed,
                                summary.first_error())
                    .has_value());
    return run_id;
  }

  // Rows of a query on the published warehouse, each row's values joined by '|' (NULL → "∅").
  std::vector<std::string> rows(const std::string& sql) const {
    auto database = db::DuckDatabase::open(m_config.warehouse_path().string(),
                                           db::DuckOptions{.read_only = true})
                        .value();
    auto connection = db::DuckConnection::connect(database).value();
    auto result = connection.query_text(sql);
    EXPECT_TRUE(result.has_value()) << (result ? "" : result.error().message);
    std::vector<std::string> lines;
    if (!result) return lines;
    for (const auto& row : result->rows) {
      std::string line;
      for (size_t column_idx = 0; column_idx < row.size(); ++column_idx) {
        if (column_idx > 0) line += '|';
        line += row[column_idx].value_or("∅");
      }
      lines.push_back(line);
    }
    return lines;
  }

 private:
  TempDir m_dir;
  Config m_config;
};

}  // namespace reelhouse::testing
