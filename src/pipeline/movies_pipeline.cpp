#include "pipeline/movies_pipeline.hpp"

#include <map>

#include "fetch/source_url.hpp"
#include "landing/land_movies.hpp"
#include "landing/land_wikipedia_abstracts.hpp"
#include "landing/movies_schema.hpp"
#include "landing/title_normalizer.hpp"
#include "pipeline/model_task.hpp"
#include "pipeline/run_context.hpp"
#include "pipeline/stage_steps.hpp"
#include "transform/model_runner.hpp"

namespace reelhouse::pipeline {

namespace {

using lake::Layer;

constexpr std::string_view k_movies_source = "movies";
constexpr std::string_view k_movies_dataset = "dataset";
constexpr std::string_view k_movies_zip = "the-movies-dataset.zip";
constexpr std::string_view k_wikipedia_source = "wikipedia";
constexpr std::string_view k_wikipedia_dataset = "abstracts";
constexpr std::string_view k_wikipedia_dump = "enwiki-latest-abstract.xml.gz";
constexpr std::string_view k_abstracts_table = "wikipedia_abstracts";

// A configured source URL names the file itself, or a directory (ending in '/') holding the
// file under its standard name.
std::string source_file_url(const std::string& url, std::string_view standard_name) {
  return url.ends_with('/') ? fetch::join_url(url, standard_name) : url;
}

std::string land_task_name(std::string_view table) {
  return fmt::format("land_{}", table);
}

Result<TaskCounters> land_member(landing::MoviesTable table, RunContext& context) {
  const auto& lake = context.lake();
  const std::string name(landing::movies_table_spec(table).table_name);
  const auto zip = TRY(fetched_raw_file(context, k_movies_source, k_movies_dataset));
  auto landed = TRY(lake.stage(Layer::landing, name, context.ingest_date()));
  auto quarantined = TRY(lake.stage(Layer::quarantine, name, context.ingest_date()));
  const auto& runtime = context.config().runtime;
  const auto stats = TRY(landing::land_movies_member(landing::MoviesLandRequest{
      .zip = zip,
      .table = table,
      .staging_dir = landed.dir(),
      .quarantine_staging_dir = quarantined.dir(),
      .threads = runtime.threads > 0 ? static_cast<int>(runtime.threads) : 2,
      .memory_limit = runtime.memory_limit,
  }));
  TRY(commit_landing(context, name, landed, &quarantined,
                     {.rows_out = static_cast<int64_t>(stats.rows_out),
                      .rows_rejected = static_cast<int64_t>(stats.rows_rejected)}));
  TRY(context.with_catalog([&](catalog::Catalog& catalog) {
    return catalog.record_run_metrics(
        context.run_id(), land_task_name(name),
        {{"duplicates_collapsed", static_cast<int64_t>(stats.duplicates_collapsed)}});
  }));
  return TaskCounters{.rows_in = static_cast<int64_t>(stats.rows_in),
                      .rows_out = static_cast<int64_t>(stats.rows_out),
                      .rows_rejected = static_cast<int64_t>(stats.rows_rejected),
                      .bytes = static_cast<int64_t>(stats.bytes_in)};
}

// The normalised titles of the landed films: the pages worth keeping from the dump.
Result<landing::TitleSet> film_titles(RunContext& context) {
  auto connection = TRY(connect_work_database(context));
  const auto metadata = TRY(transform::partition_relation(
      context.lake().partition_dir(Layer::landing, "movies_metadata", context.ingest_date())));
  const auto titles = TRY(connection.query_text(
      fmt::format("SELECT DISTINCT title FROM {} WHERE title IS NOT NULL", metadata)));
  landing::TitleSet set;
  for (const auto& row : titles.rows) {
    if (!row.at(0)) continue;
    auto key = landing::normalize_title(*row.at(0));
    if (!key.empty()) set.insert(std::move(key));
  }
  return set;
}

Result<TaskCounters> land_abstracts(RunContext& context) {
  const auto& lake = context.lake();
  const auto dump = TRY(fetched_raw_file(context, k_wikipedia_source, k_wikipedia_dataset));
  const auto candidates = TRY(film_titles(context));
  auto landed =
      TRY(lake.stage(Layer::landing, std::string(k_abstracts_table), context.ingest_date()));
  const auto stats = TRY(landing::land_wikipedia_abstracts(landing::AbstractsLandRequest{
      .input = dump,
      .staging_dir = landed.dir(),
      .candidates = &candidates,
      .memory_limit = context.config().runtime.memory_limit,
  }));
  TRY(commit_landing(context, std::string(k_abstracts_table), landed, nullptr,
                     {.rows_out = static_cast<int64_t>(stats.docs_kept)}));
  TRY(context.with_catalog([&](catalog::Catalog& catalog) {
    return catalog.record_run_metrics(
        context.run_id(), land_task_name(k_abstracts_table),
        {{"docs_scanned", static_cast<int64_t>(stats.docs_scanned)},
         {"docs_kept", static_cast<int64_t>(stats.docs_kept)},
         {"candidate_titles", static_cast<int64_t>(candidates.size())},
         {"xml_bytes", static_cast<int64_t>(stats.bytes_uncompressed)}});
  }));
  return TaskCounters{.rows_in = static_cast<int64_t>(stats.docs_scanned),
                      .rows_out = static_cast<int64_t>(stats.docs_kept),
                      .bytes = static_cast<int64_t>(stats.bytes_compressed)};
}

Result<> set_product_parameters(db::DuckConnection& connection, const RunContext& context) {
  const auto& config = context.config();
  TRY(transform::set_variable(connection, "genres_min_releases",
                              std::to_string(config.genres.min_releases)));
  TRY(transform::set_variable(connection, "top_films_n", std::to_string(config.top_films.n)));
  TRY(transform::set_variable(connection, "top_films_min_budget",
                              std::to_string(config.top_films.min_budget)));
  return transform::set_variable(connection, "top_films_min_revenue",
                                 std::to_string(config.top_films.min_revenue));
}

Result<std::map<std::string, int64_t>> matches_per_tier(db::DuckConnection& connection,
                                                        std::string_view result) {
  const auto counts = TRY(connection.query_text(fmt::format(
      "SELECT match_method, count(*) FROM {} GROUP BY match_method ORDER BY match_method",
      result)));
  std::map<std::string, int64_t> metrics{
      {"matched_year_film", 0}, {"matched_film", 0}, {"matched_title", 0}};
  for (const auto& row : counts.rows) {
    metrics["matched_" + row.at(0).value_or("?")] = std::stoll(row.at(1).value_or("0"));
  }
  return metrics;
}

ModelInput landing_input(std::string table) {
  return {"landing_" + table, Layer::landing, table};
}
ModelInput cleansed_input(std::string table) {
  return {table, Layer::cleansed, table};
}
ModelInput aggregated_input(std::string table) {
  return {table, Layer::aggregated, table};
}

ModelTaskSpec model(Layer layer, std::string table, std::vector<ModelInput> inputs,
                    std::vector<std::string> depends_on) {
  const bool cleansed = layer == Layer::cleansed;
  return ModelTaskSpec{
      .task_name = fmt::format("{}_{}", cleansed ? "cleanse" : "aggregate", table),
      .layer = layer,
      .table = table,
      .model_path = fmt::format("movies/{}/{}.sql", cleansed ? "cleansed" : "aggregated", table),
      .inputs = std::move(inputs),
      .depends_on = std::move(depends_on),
  };
}

}  // namespace

std::vector<Task> movies_pipeline_tasks() {
  std::vector<Task> tasks;
  tasks.push_back({.name = "fetch_movies", .run = [](RunContext& context) {
                     return fetch_raw_file(
                         context, source_file_url(context.config().movies.url, k_movies_zip),
                         k_movies_source, k_movies_dataset, std::string(k_movies_zip));
                   }});
  tasks.push_back({.name = "fetch_wikipedia", .run = [](RunContext& context) {
                     return fetch_raw_file(
                         context, source_file_url(context.config().wikipedia.url, k_wikipedia_dump),
                         k_wikipedia_source, k_wikipedia_dataset, std::string(k_wikipedia_dump));
                   }});
  std::vector<std::string> land_tasks;
  std::vector<KeyedTable> keyed;
  for (const landing::MoviesTable table : landing::all_movies_tables()) {
    const auto& spec = landing::movies_table_spec(table);
    const std::string name(spec.table_name);
    tasks.push_back({.name = land_task_name(name),
                     .depends_on = {"fetch_movies"},
                     .run = [table](RunContext& context) { return land_member(table, context); }});
    land_tasks.push_back(land_task_name(name));
    // ratings has no key: a (user, film) pair is rated once.
    keyed.push_back({name, spec.key_column ? std::vector<std::string>{std::string(
                                                 spec.columns[*spec.key_column].name)}
                                           : std::vector<std::string>{"userId", "movieId"}});
  }
  const std::string land_metadata = land_task_name("movies_metadata");
  tasks.push_back({.name = land_task_name(k_abstracts_table),
                   .depends_on = {"fetch_wikipedia", land_metadata},
                   .run = land_abstracts});
  land_tasks.push_back(land_task_name(k_abstracts_table));
  keyed.push_back({std::string(k_abstracts_table), {"url"}});
  tasks.push_back(make_compare_snapshots_task("compare_snapshots", keyed, land_tasks));

  // Cleansed star schema.
  const auto metadata = landing_input("movies_metadata");
  auto films = model(Layer::cleansed, "films", {metadata}, {land_metadata});
  std::vector<ModelTaskSpec> specs = {
      films,
      model(Layer::cleansed, "film_genres", {metadata}, {land_metadata}),
      model(Layer::cleansed, "film_companies", {metadata}, {land_metadata}),
      model(Layer::cleansed, "film_countries", {metadata}, {land_metadata}),
      model(Layer::cleansed, "film_languages", {metadata}, {land_metadata}),
      model(Layer::cleansed, "collections", {metadata}, {land_metadata}),
      model(Layer::cleansed, "genres", {cleansed_input("film_genres")}, {"cleanse_film_genres"}),
      model(Layer::cleansed, "companies", {cleansed_input("film_companies")},
            {"cleanse_film_companies"}),
      model(Layer::cleansed, "countries", {cleansed_input("film_countries")},
            {"cleanse_film_countries"}),
      model(Layer::cleansed, "languages", {cleansed_input("film_languages")},
            {"cleanse_film_languages"}),
  };
  auto matching = model(Layer::cleansed, "film_wikipedia",
                        {cleansed_input("films"), landing_input(std::string(k_abstracts_table))},
                        {"cleanse_films", land_task_name(k_abstracts_table)});
  matching.report_metrics = matches_per_tier;
  specs.push_back(matching);

  // Products.
  const std::vector<std::string> star = {"cleanse_films", "cleanse_film_genres",
                                         "cleanse_film_companies", "cleanse_film_wikipedia"};
  const std::vector<ModelInput> star_inputs = {
      cleansed_input("films"), cleansed_input("film_genres"), cleansed_input("film_companies"),
      cleansed_input("film_wikipedia")};
  for (const char* product :
       {"genre_year", "company_year", "company_genre_year", "top_films", "movie_report"}) {
    auto spec = model(Layer::aggregated, product, star_inputs, star);
    spec.set_parameters = set_product_parameters;
    specs.push_back(std::move(spec));
  }
  auto most_popular = model(Layer::aggregated, "most_popular_genre",
                            {aggregated_input("genre_year")}, {"aggregate_genre_year"});
  most_popular.set_parameters = set_product_parameters;
  specs.push_back(most_popular);

  std::vector<std::string> publish_after = {"compare_snapshots"};
  for (auto& spec : specs) {
    publish_after.push_back(spec.task_name);
    tasks.push_back(make_model_task(std::move(spec)));
  }
  tasks.push_back(make_publish_task(publish_after));
  return tasks;
}

}  // namespace reelhouse::pipeline
