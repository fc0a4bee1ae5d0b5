#include "core/config_keys.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace reelhouse {

namespace {

// config_member<&Config::fetch, &FetchConfig::max_attempts> is the accessor of
// `config.fetch.max_attempts`, usable as a constant function pointer in the registry.
template <auto Section, auto Member>
auto& config_member(Config& config) {
  return (config.*Section).*Member;
}

// schedule_member<&ScheduleConfig::prices, &PipelineScheduleConfig::cron> is the accessor of
// `config.schedule.prices.cron`.
template <auto Pipeline, auto Member>
auto& schedule_member(Config& config) {
  return (config.schedule.*Pipeline).*Member;
}

constexpr int64_t k_no_maximum = std::numeric_limits<int64_t>::max();

constexpr ConfigKey string_key(std::string_view name, StringMember member, StringRule rule,
                               std::string_view comment) {
  return ConfigKey{.name = name, .member = member, .rule = rule, .comment = comment};
}

constexpr ConfigKey integer_key(std::string_view name, IntegerMember member, int64_t minimum,
                                std::string_view comment) {
  return ConfigKey{.name = name,
                   .member = member,
                   .minimum = minimum,
                   .maximum = k_no_maximum,
                   .comment = comment};
}

constexpr ConfigKey list_key(std::string_view name, StringListMember member, StringRule rule,
                             std::string_view comment) {
  return ConfigKey{.name = name, .member = member, .rule = rule, .comment = comment};
}

// The registry. Keys of one section stay together; sections appear in the default file in
// the order of their first key. Defaults are the initializers of the Config members.
const ConfigKey k_config_keys[] = {
    string_key("lake.root", config_member<&Config::lake, &LakeConfig::root>, StringRule::non_empty,
               "Lake directory (raw, landing, quarantine, cleansed, aggregated); relative to "
               "home unless absolute. With lake.url set, the local working copy."),
    string_key("lake.url", config_member<&Config::lake, &LakeConfig::url>, StringRule::s3_url,
               "Team mode: keep the lake in an S3-compatible store, \"s3://bucket/prefix\" "
               "(credentials from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY)."),
    string_key("lake.endpoint", config_member<&Config::lake, &LakeConfig::endpoint>,
               StringRule::http_url,
               "S3 endpoint for lake.url, path-style (e.g. \"http://127.0.0.1:9000\"); empty: "
               "AWS for lake.region."),
    string_key("lake.region", config_member<&Config::lake, &LakeConfig::region>,
               StringRule::non_empty, "Region lake.url's requests are signed for."),
    string_key("catalog.path", config_member<&Config::catalog, &CatalogConfig::path>,
               StringRule::non_empty,
               "SQLite file recording runs, tasks and snapshots; relative to home unless "
               "absolute."),
    string_key("catalog.url", config_member<&Config::catalog, &CatalogConfig::url>,
               StringRule::postgres_url,
               "Team mode: a PostgreSQL catalog shared by several reelhouse processes, "
               "\"postgresql://user@host:5432/db\" (password from PGPASSWORD or ~/.pgpass)."),
    string_key("warehouse.path", config_member<&Config::warehouse, &WarehouseConfig::path>,
               StringRule::non_empty,
               "DuckDB file the API reads, swapped in by each successful run; relative to "
               "home unless absolute."),
    string_key("warehouse.url", config_member<&Config::warehouse, &WarehouseConfig::url>,
               StringRule::postgres_url,
               "Team mode: publish to and serve from PostgreSQL, \"postgresql://user@host/db\" "
               "(password from PGPASSWORD or ~/.pgpass)."),
    integer_key("warehouse.pool_size",
                config_member<&Config::warehouse, &WarehouseConfig::pool_size>, 1,
                "Connections serve keeps to the PostgreSQL warehouse."),
    string_key("sources.imdb.url", config_member<&Config::imdb, &ImdbSourceConfig::url>,
               StringRule::url,
               "Directory URL of the IMDb dumps (title.basics.tsv.gz …): file://, http:// or "
               "https://."),
    string_key("sources.movies.url", config_member<&Config::movies, &MoviesSourceConfig::url>,
               StringRule::url,
               "URL of The Movies Dataset zip (file://, http:// or https://); a URL ending in '/' "
               "gets the-movies-dataset.zip appended."),
    string_key("sources.wikipedia.url",
               config_member<&Config::wikipedia, &WikipediaSourceConfig::url>, StringRule::url,
               "URL of a Wikipedia abstracts dump (.xml.gz); a URL ending in '/' gets "
               "enwiki-latest-abstract.xml.gz appended."),
    integer_key("fetch.connect_timeout_seconds",
                config_member<&Config::fetch, &FetchConfig::connect_timeout_seconds>, 1,
                "Seconds allowed to establish a connection."),
    integer_key("fetch.timeout_seconds",
                config_member<&Config::fetch, &FetchConfig::timeout_seconds>, 1,
                "Seconds allowed to download one file, in total."),
    integer_key("fetch.low_speed_seconds",
                config_member<&Config::fetch, &FetchConfig::low_speed_seconds>, 1,
                "Abort a download that stays below 1 KB/s for this many seconds."),
    integer_key("fetch.max_attempts", config_member<&Config::fetch, &FetchConfig::max_attempts>, 1,
                "Attempts per file on transient errors (timeouts, 429, 5xx, resets)."),
    integer_key("fetch.backoff_initial_ms",
                config_member<&Config::fetch, &FetchConfig::backoff_initial_ms>, 0,
                "First retry delay in milliseconds; doubles per attempt, with jitter."),
    integer_key("fetch.backoff_max_ms", config_member<&Config::fetch, &FetchConfig::backoff_max_ms>,
                0, "Upper bound of the retry delay in milliseconds."),
    list_key("products.people.title_types",
             config_member<&Config::people, &PeopleProductConfig::title_types>,
             StringRule::non_empty,
             "IMDb title types that count as a person's titles (movie, tvMovie, short …)."),
    integer_key("products.people.min_titles",
                config_member<&Config::people, &PeopleProductConfig::min_titles>, 0,
                "Leave out actors and actresses with fewer rated titles of those types."),
    integer_key("products.people.min_votes",
                config_member<&Config::people, &PeopleProductConfig::min_votes>, 0,
                "Leave out actors and actresses whose titles total fewer IMDb votes."),
    integer_key("products.genres.min_releases",
                config_member<&Config::genres, &GenresProductConfig::min_releases>, 1,
                "Releases a genre needs in a year to be that year's most popular genre."),
    integer_key("products.top_films.n",
                config_member<&Config::top_films, &TopFilmsProductConfig::n>, 1,
                "How many films top_films keeps, by revenue/budget ratio."),
    integer_key("products.top_films.min_budget",
                config_member<&Config::top_films, &TopFilmsProductConfig::min_budget>, 1,
                "Films with a smaller budget are left out of top_films."),
    integer_key("products.top_films.min_revenue",
                config_member<&Config::top_films, &TopFilmsProductConfig::min_revenue>, 1,
                "Films with a smaller revenue are left out of top_films."),
    integer_key("products.prices.outlier_factor",
                config_member<&Config::prices, &PricesProductConfig::outlier_factor>, 1,
                "Prices above this many times their provider's median are flagged as outliers "
                "(kept, not dropped)."),
    string_key("providers.url", config_member<&Config::providers, &ProvidersConfig::url>,
               StringRule::url,
               "Base URL of the price API: <url><provider>/movies and <url><provider>/movie/<ID>."),
    list_key("providers.names", config_member<&Config::providers, &ProvidersConfig::names>,
             StringRule::non_empty, "Providers to collect prices from."),
    string_key("providers.token", config_member<&Config::providers, &ProvidersConfig::token>,
               StringRule::any,
               "x-access-token sent to the providers; prefer REELHOUSE_PROVIDERS__TOKEN."),
    integer_key("providers.concurrency",
                config_member<&Config::providers, &ProvidersConfig::concurrency>, 1,
                "Requests in flight per provider."),
    integer_key("providers.connect_timeout_ms",
                config_member<&Config::providers, &ProvidersConfig::connect_timeout_ms>, 1,
                "Milliseconds allowed to connect to a provider."),
    integer_key("providers.request_timeout_ms",
                config_member<&Config::providers, &ProvidersConfig::request_timeout_ms>, 1,
                "Milliseconds allowed for one request, headers and body."),
    integer_key("providers.deadline_seconds",
                config_member<&Config::providers, &ProvidersConfig::deadline_seconds>, 1,
                "Seconds an ingestion run may take; what is missing then makes the run partial."),
    integer_key(
        "providers.max_attempts", config_member<&Config::providers, &ProvidersConfig::max_attempts>,
        1, "Attempts per request on transient errors (5xx, 429, timeouts, resets, bad bodies)."),
    integer_key("providers.backoff_initial_ms",
                config_member<&Config::providers, &ProvidersConfig::backoff_initial_ms>, 0,
                "First retry delay in milliseconds; doubles per attempt, with full jitter."),
    integer_key("providers.backoff_max_ms",
                config_member<&Config::providers, &ProvidersConfig::backoff_max_ms>, 0,
                "Upper bound of the retry delay in milliseconds."),
    integer_key("providers.breaker_failures",
                config_member<&Config::providers, &ProvidersConfig::breaker_failures>, 1,
                "Consecutive failures that open a provider's circuit breaker."),
    integer_key("providers.breaker_open_ms",
                config_member<&Config::providers, &ProvidersConfig::breaker_open_ms>, 1,
                "Milliseconds an open breaker waits before letting one trial request through."),
    string_key("serve.bind", config_member<&Config::serve, &ServeConfig::bind>,
               StringRule::non_empty,
               "Address the server listens on; 127.0.0.1 keeps it on this machine."),
    ConfigKey{.name = "serve.port",
              .member = config_member<&Config::serve, &ServeConfig::port>,
              .minimum = 0,
              .maximum = 65535,
              .comment = "TCP port of the API and dashboard (0 picks a free one)."},
    string_key("serve.token", config_member<&Config::serve, &ServeConfig::token>, StringRule::any,
               "When set, API routes require 'Authorization: Bearer <token>'; prefer "
               "REELHOUSE_SERVE__TOKEN."),
    integer_key("serve.threads", config_member<&Config::serve, &ServeConfig::threads>, 1,
                "Request worker threads."),
    integer_key("serve.max_body_bytes", config_member<&Config::serve, &ServeConfig::max_body_bytes>,
                1, "Largest accepted request body; larger ones get 413."),
    integer_key("serve.gateway_cache_seconds",
                config_member<&Config::serve, &ServeConfig::gateway_cache_seconds>, 0,
                "Seconds the provider gateway reuses an answer."),
    integer_key("runtime.threads", config_member<&Config::runtime, &RuntimeConfig::threads>, 0,
                "Worker threads; 0 means one per core."),
    string_key("runtime.memory_limit",
               config_member<&Config::runtime, &RuntimeConfig::memory_limit>, StringRule::non_empty,
               "DuckDB memory limit per process, e.g. \"2GB\"."),
    integer_key("runtime.task_max_attempts",
                config_member<&Config::runtime, &RuntimeConfig::task_max_attempts>, 1,
                "Attempts per pipeline task on transient errors."),
    integer_key("runtime.task_backoff_initial_ms",
                config_member<&Config::runtime, &RuntimeConfig::task_backoff_initial_ms>, 0,
                "First delay before retrying a task, in milliseconds; doubles per attempt."),
    integer_key("runtime.task_backoff_max_ms",
                config_member<&Config::runtime, &RuntimeConfig::task_backoff_max_ms>, 0,
                "Upper bound of the delay before retrying a task, in milliseconds."),
    string_key("runtime.on_abandoned",
               config_member<&Config::runtime, &RuntimeConfig::on_abandoned>, StringRule::non_empty,
               "A run whose process died: \"resume\" (rerun its unfinished tasks) or \"fail\"."),
    integer_key("runtime.lease_seconds",
                config_member<&Config::runtime, &RuntimeConfig::lease_seconds>, 3,
                "A pipeline's lease expires this long after its holder's last heartbeat."),
    string_key("schedule.imdb.cron",
               schedule_member<&ScheduleConfig::imdb, &PipelineScheduleConfig::cron>,
               StringRule::any,
               "When the imdb pipeline runs: 5 cron fields (minute hour day month weekday); \"\" = "
               "never."),
    string_key("schedule.imdb.timezone",
               schedule_member<&ScheduleConfig::imdb, &PipelineScheduleConfig::timezone>,
               StringRule::non_empty, "IANA time zone of the cron fields, e.g. \"Europe/Paris\"."),
    string_key("schedule.imdb.catch_up",
               schedule_member<&ScheduleConfig::imdb, &PipelineScheduleConfig::catch_up>,
               StringRule::non_empty,
               "Missed intervals after downtime: \"skip\" (run the latest only) or \"run_each\"."),
    string_key("schedule.movies.cron",
               schedule_member<&ScheduleConfig::movies, &PipelineScheduleConfig::cron>,
               StringRule::any,
               "When the movies pipeline runs: 5 cron fields (minute hour day month weekday); \"\" "
               "= never."),
    string_key("schedule.movies.timezone",
               schedule_member<&ScheduleConfig::movies, &PipelineScheduleConfig::timezone>,
               StringRule::non_empty, "IANA time zone of the cron fields, e.g. \"Europe/Paris\"."),
    string_key("schedule.movies.catch_up",
               schedule_member<&ScheduleConfig::movies, &PipelineScheduleConfig::catch_up>,
               StringRule::non_empty,
               "Missed intervals after downtime: \"skip\" (run the latest only) or \"run_each\"."),
    string_key("schedule.prices.cron",
               schedule_member<&ScheduleConfig::prices, &PipelineScheduleConfig::cron>,
               StringRule::any,
               "When the prices pipeline runs: 5 cron fields (minute hour day month weekday); \"\" "
               "= never."),
    string_key("schedule.prices.timezone",
               schedule_member<&ScheduleConfig::prices, &PipelineScheduleConfig::timezone>,
               StringRule::non_empty, "IANA time zone of the cron fields, e.g. \"Europe/Paris\"."),
    string_key("schedule.prices.catch_up",
               schedule_member<&ScheduleConfig::prices, &PipelineScheduleConfig::catch_up>,
               StringRule::non_empty,
               "Missed intervals after downtime: \"skip\" (run the latest only) or \"run_each\"."),
    integer_key("schedule.max_catch_up",
                config_member<&Config::schedule, &ScheduleConfig::max_catch_up>, 1,
                "run_each runs at most this many missed intervals per pipeline."),
    string_key("alerts.on", config_member<&Config::alerts, &AlertsConfig::on>,
               StringRule::non_empty,
               "When to alert: \"failure\", \"always\" (also on success) or \"never\"."),
    string_key("alerts.command", config_member<&Config::alerts, &AlertsConfig::command>,
               StringRule::any,
               "Shell command run with the run summary (JSON) on stdin; \"\" = none."),
    string_key("alerts.webhook_url", config_member<&Config::alerts, &AlertsConfig::webhook_url>,
               StringRule::any,
               "http(s) URL receiving the run summary as a JSON POST; \"\" = none."),
    integer_key("alerts.max_attempts", config_member<&Config::alerts, &AlertsConfig::max_attempts>,
                1, "Attempts per alert channel."),
    integer_key("alerts.timeout_ms", config_member<&Config::alerts, &AlertsConfig::timeout_ms>, 1,
                "Milliseconds allowed for one attempt (command or webhook)."),
    integer_key("alerts.backoff_initial_ms",
                config_member<&Config::alerts, &AlertsConfig::backoff_initial_ms>, 0,
                "First delay before retrying an alert; doubles per attempt, with jitter."),
};

struct SectionComment {
  std::string_view section;
  std::string_view comment;
};

constexpr std::array k_section_comments = {
    SectionComment{"lake", "The lake: every file reelhouse collected, layer by layer."},
    SectionComment{"catalog", "The catalog: what ran, when, and which snapshots it produced."},
    SectionComment{"warehouse", "The warehouse: the published tables the API serves."},
    SectionComment{"sources.imdb", "IMDb non-commercial datasets."},
    SectionComment{"sources.movies", "The Movies Dataset (Kaggle), a zip of CSV files."},
    SectionComment{"sources.wikipedia", "The Wikipedia abstracts dump, for movie_report."},
    SectionComment{"fetch", "Downloading from upstream sources."},
    SectionComment{"products.people",
                   "The people product: actors and actresses ranked by their titles' ratings."},
    SectionComment{"products.genres", "genre_year, company_year and most_popular_genre."},
    SectionComment{"products.top_films", "top_films: the best revenue/budget ratios."},
    SectionComment{"products.prices", "The price products (prices_latest, cheapest_film …)."},
    SectionComment{"providers", "The movie-price providers and how reelhouse talks to them."},
    SectionComment{"serve", "reelhouse serve: the JSON API and the dashboard."},
    SectionComment{"runtime", "How pipelines run on this machine."},
    SectionComment{"schedule.imdb", "When the imdb pipeline runs on its own (reelhouse schedule)."},
    SectionComment{"schedule.movies", "When the movies pipeline runs on its own."},
    SectionComment{"schedule.prices", "When the prices pipeline runs on its own."},
    SectionComment{"schedule", "Scheduler limits."},
    SectionComment{"alerts", "What reelhouse does when a run fails (or ends)."},
};

std::string_view before_last_dot(std::string_view name) {
  const size_t dot = name.rfind('.');
  return dot == std::string_view::npos ? std::string_view{} : name.substr(0, dot);
}

// Levenshtein distance, for "did you mean" hints on short names.
size_t edit_distance(std::string_view left, std::string_view right) {
  std::vector<size_t> previous(right.size() + 1);
  std::vector<size_t> current(right.size() + 1);
  for (size_t right_idx = 0; right_idx <= right.size(); ++right_idx)
    previous[right_idx] = right_idx;
  for (size_t left_idx = 1; left_idx <= left.size(); ++left_idx) {
    current[0] = left_idx;
    for (size_t right_idx = 1; right_idx <= right.size(); ++right_idx) {
      const size_t substitution =
          previous[right_idx - 1] + (left[left_idx - 1] == right[right_idx - 1] ? 0 : 1);
      current[right_idx] =
          std::min({previous[right_idx] + 1, current[right_idx - 1] + 1, substitution});
    }
    std::swap(previous, current);
  }
  return previous[right.size()];
}

}  // namespace

std::string_view ConfigKey::section() const {
  return before_last_dot(name);
}

std::string_view ConfigKey::leaf() const {
  const size_t dot = name.rfind('.');
  return dot == std::string_view::npos ? name : name.substr(dot + 1);
}

std::span<const ConfigKey> config_keys() {
  return k_config_keys;
}

std::string_view config_section_comment(std::string_view section) {
  for (const auto& entry : k_section_comments) {
    if (entry.section == section) return entry.comment;
  }
  return {};
}

const ConfigKey* find_config_key(std::string_view name) {
  for (const auto& key : k_config_keys) {
    if (key.name == name) return &key;
  }
  return nullptr;
}

const ConfigKey* find_config_key_by_variable(std::string_view variable) {
  for (const auto& key : k_config_keys) {
    if (environment_variable_of(key) == variable) return &key;
  }
  return nullptr;
}

std::string environment_variable_of(const ConfigKey& key) {
  std::string variable = "REELHOUSE_";
  for (const char character : key.name) {
    if (character == '.') {
      variable += "__";
    } else {
      variable += static_cast<char>(std::toupper(static_cast<unsigned char>(character)));
    }
  }
  return variable;
}

std::string_view closest_config_key_name(std::string_view name) {
  // A typo of a couple of characters, or the right key in the wrong section.
  constexpr size_t k_max_typo_distance = 2;
  std::string_view best;
  size_t best_distance = k_max_typo_distance + 1;
  for (const auto& key : k_config_keys) {
    const size_t distance = edit_distance(name, key.name);
    if (distance < best_distance) {
      best = key.name;
      best_distance = distance;
    }
  }
  if (!best.empty()) return best;
  const size_t dot = name.rfind('.');
  const std::string_view leaf = dot == std::string_view::npos ? name : name.substr(dot + 1);
  for (const auto& key : k_config_keys) {
    if (key.leaf() == leaf) return key.name;
  }
  return {};
}

bool is_config_section_prefix(std::string_view prefix) {
  return std::ranges::any_of(k_config_keys, [prefix](const ConfigKey& key) {
    return key.name.size() > prefix.size() && key.name.starts_with(prefix) &&
           key.name[prefix.size()] == '.';
  });
}

}  // namespace reelhouse
