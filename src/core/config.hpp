// reelhouse's configuration: `<home>/reelhouse.toml`, overridden by environment variables
// and by `--set` on the command line (later wins: defaults < file < environment < --set).
//
// Every key has a dotted name (`sources.imdb.url`, `products.people.min_titles`). The
// environment form upper-cases it and joins the parts with `__` after the `REELHOUSE_`
// prefix: `REELHOUSE_SOURCES__IMDB__URL`, `REELHOUSE_PRODUCTS__PEOPLE__MIN_TITLES`.
// (`REELHOUSE_HOME` is not a key: it selects the home directory.) Unknown keys and values of
// the wrong type or range are `ErrorCode::config` errors whose message names the key and
// where it came from (file line, environment variable or --set).
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "core/check_config.hpp"
#include "core/error.hpp"

namespace reelhouse {

struct LakeConfig {
  // Local lake directory, relative to home unless absolute. With `url` set it is the local
  // working copy (staging, spill for DuckDB reads) of the lake kept in the object store.
  std::string root = "lake";
  std::string url{};                 // "" (local lake) or "s3://bucket/prefix" (team mode)
  std::string endpoint{};            // S3-compatible endpoint, e.g. "http://127.0.0.1:9000"
  std::string region = "us-east-1";  // SigV4 signing region
};

struct CatalogConfig {
  std::string path = "catalog.sqlite";  // relative to home unless absolute
  std::string url{};                    // "" (SQLite at path) or "postgresql://…" (team mode)
};

struct WarehouseConfig {
  std::string path = "warehouse.duckdb";  // relative to home unless absolute
  std::string url{};      // "" (DuckDB file at path) or "postgresql://…" (team mode)
  int64_t pool_size = 8;  // serve: connections to the PostgreSQL warehouse
};

struct ImdbSourceConfig {
  // A directory URL; the standard file names (title.basics.tsv.gz …) are appended.
  // file:///dir/ or http(s)://host/path/. Uncompressed .tsv files are accepted too.
  std::string url = "https://datasets.imdbws.com/";
};

struct MoviesSourceConfig {
  // The Movies Dataset zip (movies_metadata.csv, links.csv, credits.csv, keywords.csv,
  // ratings.csv): a file URL, or a directory URL ending in '/' to which
  // the-movies-dataset.zip is appended.
  std::string url =
      "https://www.kaggle.com/api/v1/datasets/download/rounakbanik/the-movies-dataset";
};

struct WikipediaSourceConfig {
  // An abstracts dump (.xml.gz): a file URL, or a directory URL ending in '/' to which
  // enwiki-latest-abstract.xml.gz is appended. Upstream stopped publishing it in 2025, so this
  // usually points at an archived copy.
  std::string url = "https://dumps.wikimedia.org/enwiki/latest/enwiki-latest-abstract.xml.gz";
};

struct FetchConfig {
  int64_t connect_timeout_seconds = 15;
  int64_t timeout_seconds = 3600;  // total per file
  int64_t low_speed_seconds = 60;  // abort when below 1 KB/s for this long
  int64_t max_attempts = 5;
  int64_t backoff_initial_ms = 500;
  int64_t backoff_max_ms = 30000;
};

struct PeopleProductConfig {
  std::vector<std::string> title_types = {"movie"};
  int64_t min_titles = 3;
  int64_t min_votes = 1000;
};

struct GenresProductConfig {
  int64_t min_releases = 3;  // a genre needs this many releases to be a year's most popular
};

struct TopFilmsProductConfig {
  int64_t n = 1000;
  int64_t min_budget = 10000;
  int64_t min_revenue = 10000;
};

// The movie-price providers (cinemaworld, filmworld) and how the prices pipeline talks to them.
struct ProvidersConfig {
  // Base URL: "<url><provider>/movies" and "<url><provider>/movie/<ID>".
  std::string url = "https://webjetapitest.azurewebsites.net/api/";
  std::vector<std::string> names = {"cinemaworld", "filmworld"};
  // Sent as x-access-token. Prefer REELHOUSE_PROVIDERS__TOKEN over writing it in a file.
  std::string token{};
  int64_t concurrency = 8;  // requests in flight per provider
  int64_t connect_timeout_ms = 5000;
  int64_t request_timeout_ms = 30000;  // per request, headers and body
  int64_t deadline_seconds = 900;      // for a whole ingestion run
  int64_t max_attempts = 10;           // per request, on transient errors
  int64_t backoff_initial_ms = 200;
  int64_t backoff_max_ms = 20000;
  int64_t breaker_failures = 8;    // consecutive failures that open a provider's breaker
  int64_t breaker_open_ms = 5000;  // how long it stays open before one trial request
};

struct PricesProductConfig {
  // A price above this many times its provider's median price is flagged as an outlier.
  int64_t outlier_factor = 10;
};

// `reelhouse serve`: the JSON API and the dashboard.
struct ServeConfig {
  std::string bind = "127.0.0.1";
  int64_t port = 8080;
  // When set, every API route requires "Authorization: Bearer <token>".
  // Prefer REELHOUSE_SERVE__TOKEN over writing it in a file.
  std::string token{};
  int64_t threads = 8;                 // request worker threads
  int64_t max_body_bytes = 65536;      // larger request bodies get 413
  int64_t gateway_cache_seconds = 60;  // how long the provider gateway reuses an answer
};

struct RuntimeConfig {
  int64_t threads = 0;               // 0 = number of cores
  std::string memory_limit = "2GB";  // DuckDB memory limit per process
  int64_t task_max_attempts = 3;     // attempts per task on transient errors
  int64_t task_backoff_initial_ms = 1000;
  int64_t task_backoff_max_ms = 60000;
  // What happens to a run whose process died (kill -9, power loss): "resume" (its
  // unfinished tasks run again, succeeded ones are kept) or "fail".
  std::string on_abandoned = "resume";
  // A pipeline's lease (no two runs of one pipeline at once) expires this long after its
  // holder's last heartbeat; holders renew it every third of this.
  int64_t lease_seconds = 60;
};

// When one pipeline runs on its own: `reelhouse schedule` and `serve --with-scheduler`.
struct PipelineScheduleConfig {
  std::string cron{};             // 5 fields (minute hour day-of-month month day-of-week); "" = off
  std::string timezone = "UTC";   // IANA name, e.g. "Europe/Paris"
  std::string catch_up = "skip";  // missed intervals: "skip" (run the latest only) or "run_each"
};

struct ScheduleConfig {
  PipelineScheduleConfig imdb{.cron = "0 3 * * *"};
  PipelineScheduleConfig movies{.cron = "0 4 * * *"};
  PipelineScheduleConfig prices{.cron = "0 * * * *"};
  int64_t max_catch_up = 48;  // run_each runs at most this many missed intervals per pipeline
};

// What reelhouse does when a run ends: run a command and/or POST the run summary as JSON.
struct AlertsConfig {
  std::string on = "failure";  // "failure", "always" (failure and success) or "never"
  std::string command{};       // run by /bin/sh -c with the summary on stdin; "" = none
  std::string webhook_url{};   // http(s) URL receiving the summary as a JSON POST; "" = none
  int64_t max_attempts = 5;    // per channel
  int64_t timeout_ms = 10000;  // per attempt
  int64_t backoff_initial_ms = 500;
};

struct Config {
  std::filesystem::path home;
  LakeConfig lake;
  CatalogConfig catalog;
  WarehouseConfig warehouse;
  ImdbSourceConfig imdb;            // [sources.imdb]
  MoviesSourceConfig movies;        // [sources.movies]
  WikipediaSourceConfig wikipedia;  // [sources.wikipedia]
  FetchConfig fetch;
  PeopleProductConfig people;       // [products.people]
  GenresProductConfig genres;       // [products.genres]
  TopFilmsProductConfig top_films;  // [products.top_films]
  PricesProductConfig prices;       // [products.prices]
  ProvidersConfig providers;        // [providers]
  ServeConfig serve;                // [serve]
  RuntimeConfig runtime;
  ScheduleConfig schedule;  // [schedule.imdb], [schedule.movies], [schedule.prices]
  AlertsConfig alerts;      // [alerts]
  // Data-quality checks, [[checks]] in the file (core/check_config.hpp); defaults when absent.
  std::vector<CheckConfig> checks = default_checks();

  // Absolute paths resolved against `home` (a URL such as s3://bucket/prefix is kept as is).
  std::filesystem::path lake_root() const;
  std::filesystem::path catalog_path() const;
  std::filesystem::path warehouse_path() const;

  // Team mode switches: a PostgreSQL catalog / warehouse, a lake in an object store.
  bool catalog_in_postgres() const { return !catalog.url.empty(); }
  bool warehouse_in_postgres() const { return !warehouse.url.empty(); }
  bool lake_in_object_store() const { return !lake.url.empty(); }
  // Where the catalog is: catalog.url when set, else the absolute SQLite path.
  std::string catalog_location() const;
};

// Loads `<home>/reelhouse.toml` when it exists (defaults otherwise), then applies the
// REELHOUSE_* variables found in `environment` and then `set_overrides` ("section.key=value").
// Values from the environment and --set are parsed by the key's type: integers in decimal;
// lists as a TOML array (["movie", "tvMovie"]) or comma-separated (movie,tvMovie); strings
// verbatim unless written as a quoted TOML string. `config.home` is made absolute.
// Errors: config — TOML syntax (file:line:column), unknown key (file:line, variable or --set
// argument, with a "did you mean" hint), value of the wrong type or out of range; io — the
// file exists but cannot be read.
Result<Config> load_config(const std::filesystem::path& home,
                           const std::vector<std::string>& set_overrides,
                           const std::map<std::string, std::string>& environment);

// The process environment as a map, for load_config.
std::map<std::string, std::string> process_environment();

// The commented default reelhouse.toml written by `reelhouse init`.
std::string default_config_text();

}  // namespace reelhouse
