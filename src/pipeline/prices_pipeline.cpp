#include "pipeline/prices_pipeline.hpp"

#include <fmt/ranges.h>
#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "landing/land_prices.hpp"
#include "pipeline/model_task.hpp"
#include "pipeline/run_context.hpp"
#include "pipeline/stage_steps.hpp"
#include "providers/ingest/provider_ingest.hpp"
#include "transform/model_runner.hpp"
#include "util/atomic_file.hpp"

namespace reelhouse::pipeline {

namespace {

using lake::Layer;

// raw/providers/<provider>/ingest_date=…/ (doc/lake_layout.md, "Providers").
constexpr std::string_view k_providers_source = "providers";

namespace ingest = providers::ingest;

// How many missing films a partial note names before "…".
constexpr size_t k_missing_named_in_note = 5;

std::filesystem::path providers_root(const RunContext& context) {
  return context.lake().root() / "raw" / std::string(k_providers_source);
}

// The run's report as raw/providers/_runs/ingest_date=D/run-<id>.json (landed as
// provider_runs): what provider_health and the catalog say about the run comes from the lake.
Result<> write_run_report(const RunContext& context, const ingest::IngestReport& report) {
  nlohmann::ordered_json providers = nlohmann::ordered_json::array();
  for (const auto& provider : report.providers) {
    nlohmann::ordered_json missing = nlohmann::ordered_json::array();
    for (const auto& film : provider.missing) {
      missing.push_back(
          {{"movie_id", film.movie_id}, {"title", film.title}, {"last_error", film.last_error}});
    }
    providers.push_back({{"provider", provider.provider},
                         {"list_fetched", provider.list_fetched},
                         {"list_date", provider.list_date},
                         {"list_error", provider.list_error},
                         {"listed", provider.listed},
                         {"already_stored", provider.already_stored},
                         {"fetched", provider.fetched},
                         {"missing", static_cast<int64_t>(provider.missing.size())},
                         {"breaker_trips", provider.breaker_trips},
                         {"requests", provider.requests},
                         {"missing_films", std::move(missing)}});
  }
  const nlohmann::ordered_json json = {{"run_id", context.run_id()},
                                       {"ingest_date", context.ingest_date()},
                                       {"deadline_hit", report.deadline_hit},
                                       {"requests", report.requests},
                                       {"providers", std::move(providers)}};
  const auto dir = landing::provider_runs_dir(providers_root(context), context.ingest_date());
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) {
    return make_error(ErrorCode::io, "cannot create {}: {}", dir.string(), error.message());
  }
  return util::write_file_atomically(dir / fmt::format("run-{}.json", context.run_id()),
                                     json.dump(2) + "\n");
}

// What a provider's report says is missing, for RunContext::report_partial; "" when complete.
std::string partial_note(const ingest::ProviderReport& provider) {
  if (provider.listed == 0 && provider.list_date.empty()) {
    return fmt::format("{}: no movie list could be fetched ({})", provider.provider,
                       provider.list_error.empty() ? "unknown error" : provider.list_error);
  }
  if (provider.missing.empty()) return "";
  std::vector<std::string> named;
  for (const auto& film : provider.missing) {
    if (named.size() == k_missing_named_in_note) {
      named.push_back("…");
      break;
    }
    named.push_back(film.movie_id);
  }
  return fmt::format("{}: {} of {} films missing ({}); see missing_films", provider.provider,
                     provider.missing.size(), provider.listed, fmt::join(named, ", "));
}

Result<TaskCounters> ingest_prices(RunContext& context) {
  const auto& config = context.config().providers;
  const auto report = TRY(ingest::ingest_providers(ingest::IngestRequest{
      .base_url = config.url,
      .providers = config.names,
      .token = config.token,
      .lake_root = context.lake().root(),
      .ingest_date = context.ingest_date(),
      .run_id = context.run_id(),
      .limits = ingest::limits_from_config(config),
      .refresh = context.refresh() == Refresh::yes,
  }));
  TRY(write_run_report(context, report));
  // In an object-store lake the date's raw partitions (bodies, sidecars, request logs, the
  // run report) go up as committed raw partitions.
  if (context.lake().in_object_store()) {
    const std::string partition = fmt::format("ingest_date={}", context.ingest_date());
    for (const auto& provider : report.providers) {
      const auto dir = providers_root(context) / provider.provider / partition;
      if (std::filesystem::exists(dir)) TRY(context.lake().commit_raw_dir(dir));
    }
    TRY(context.lake().commit_raw_dir(
        landing::provider_runs_dir(providers_root(context), context.ingest_date())));
  }
  std::map<std::string, int64_t> metrics;
  TaskCounters counters;
  for (const auto& provider : report.providers) {
    const auto missing = static_cast<int64_t>(provider.missing.size());
    metrics[provider.provider + ".listed"] = provider.listed;
    metrics[provider.provider + ".already_stored"] = provider.already_stored;
    metrics[provider.provider + ".fetched"] = provider.fetched;
    metrics[provider.provider + ".missing"] = missing;
    metrics[provider.provider + ".breaker_trips"] = provider.breaker_trips;
    metrics[provider.provider + ".requests"] = provider.requests;
    counters.rows_in += provider.listed;
    counters.rows_out += provider.already_stored + provider.fetched;
    counters.rows_rejected += missing;
    if (auto note = partial_note(provider); !note.empty()) {
      spdlog::warn("{}", note);
      context.report_partial(std::move(note));
    }
  }
  metrics["deadline_hit"] = report.deadline_hit ? 1 : 0;
  metrics["requests"] = report.requests;
  if (report.deadline_hit) spdlog::warn("the ingestion stopped at its deadline");
  TRY(context.with_catalog([&](catalog::Catalog& catalog) {
    return catalog.record_run_metrics(context.run_id(), "ingest_providers", metrics);
  }));
  return counters;
}

using LandFunction = Result<landing::PricesLandStats> (*)(const landing::PricesLandRequest&);

// Lands one table of the providers' raw partition of the run's date, with its quarantine.
Result<TaskCounters> land_prices_table(RunContext& context, const std::string& table,
                                       LandFunction land) {
  const auto& lake = context.lake();
  auto landed = TRY(lake.stage(Layer::landing, table, context.ingest_date()));
  auto quarantined = TRY(lake.stage(Layer::quarantine, table, context.ingest_date()));
  const auto stats = TRY(land(landing::PricesLandRequest{
      .providers_root = lake.root() / "raw" / std::string(k_providers_source),
      .ingest_date = context.ingest_date(),
      .staging_dir = landed.dir(),
      .quarantine_staging_dir = quarantined.dir(),
      .memory_limit = context.config().runtime.memory_limit,
  }));
  TRY(commit_landing(context, table, landed, &quarantined,
                     {.rows_out = stats.rows_out, .rows_rejected = stats.rows_rejected}));
  return TaskCounters{.rows_in = stats.rows_in,
                      .rows_out = stats.rows_out,
                      .rows_rejected = stats.rows_rejected,
                      .bytes = stats.bytes_in};
}

Task land_task(std::string table, LandFunction land, std::vector<std::string> after) {
  Task task{.name = "land_" + table, .depends_on = std::move(after)};
  task.run = [table = std::move(table), land](RunContext& context) {
    return land_prices_table(context, table, land);
  };
  return task;
}

Result<> set_prices_parameters(db::DuckConnection& connection, const RunContext& context) {
  TRY(transform::set_variable(
      connection, "run_date",
      fmt::format("CAST({} AS DATE)", db::sql_quote(context.ingest_date()))));
  return transform::set_variable(connection, "outlier_factor",
                                 std::to_string(context.config().prices.outlier_factor));
}

ModelInput history(std::string view_name, std::string table) {
  return {std::move(view_name), Layer::landing, std::move(table), InputScope::history};
}
ModelInput product(std::string table) {
  return {table, Layer::aggregated, table};
}

ModelTaskSpec product_model(std::string table, std::vector<ModelInput> inputs,
                            std::vector<std::string> depends_on) {
  return ModelTaskSpec{
      .task_name = "aggregate_" + table,
      .layer = Layer::aggregated,
      .table = table,
      .model_path = fmt::format("prices/aggregated/{}.sql", table),
      .inputs = std::move(inputs),
      .depends_on = std::move(depends_on),
      .set_parameters = set_prices_parameters,
  };
}

}  // namespace

std::vector<Task> prices_processing_tasks(const std::vector<std::string>& after) {
  std::vector<Task> tasks;
  tasks.push_back(land_task("price_observations", landing::land_price_observations, after));
  tasks.push_back(land_task("provider_listings", landing::land_provider_listings, after));
  tasks.push_back(land_task("provider_requests", landing::land_provider_requests, after));
  tasks.push_back(land_task("provider_runs", landing::land_provider_runs, after));

  const std::string observations = "aggregate_price_observations";
  const std::string latest = "aggregate_prices_latest";
  const std::vector<std::string> logs = {"land_provider_requests", "land_provider_runs"};
  std::vector<ModelTaskSpec> specs = {
      product_model("price_observations",
                    {history("landing_price_observations", "price_observations")},
                    {"land_price_observations"}),
      product_model("prices_latest", {product("price_observations")}, {observations}),
      product_model("price_changes", {product("price_observations")}, {observations}),
      product_model("cheapest_films", {product("prices_latest")}, {latest}),
      product_model("cheapest_directors", {product("prices_latest")}, {latest}),
      product_model("price_comparison", {product("prices_latest")}, {latest}),
      product_model("provider_health",
                    {history("provider_requests", "provider_requests"),
                     history("provider_runs", "provider_runs")},
                    logs),
      product_model("missing_films",
                    {history("provider_listings", "provider_listings"),
                     history("provider_requests", "provider_requests"),
                     history("provider_runs", "provider_runs"), product("price_observations"),
                     product("prices_latest")},
                    {"land_provider_listings", "land_provider_requests", "land_provider_runs",
                     observations, latest}),
  };
  std::vector<std::string> publish_after;
  for (auto& spec : specs) {
    publish_after.push_back(spec.task_name);
    tasks.push_back(make_model_task(std::move(spec)));
  }
  tasks.push_back(make_publish_task(publish_after));
  return tasks;
}

std::vector<Task> prices_pipeline_tasks() {
  std::vector<Task> tasks = {Task{.name = "ingest_providers", .run = ingest_prices}};
  for (auto& task : prices_processing_tasks({"ingest_providers"})) tasks.push_back(std::move(task));
  return tasks;
}

}  // namespace reelhouse::pipeline
