#include "pipeline/imdb_pipeline.hpp"

#include "fetch/fetcher.hpp"
#include "fetch/file_meta.hpp"
#include "landing/land_table.hpp"
#include "pipeline/model_task.hpp"
#include "pipeline/run_context.hpp"
#include "pipeline/stage_steps.hpp"
#include "transform/model_runner.hpp"

namespace reelhouse::pipeline {

namespace {

using lake::Layer;
using landing::ImdbTable;

// The largest table first: the executor starts ready tasks in declaration order, and
// principals (~8 of every 10 input bytes) is the critical path of the run.
constexpr ImdbTable k_tables[] = {ImdbTable::title_principals, ImdbTable::title_basics,
                                  ImdbTable::name_basics, ImdbTable::title_ratings};
constexpr std::string_view k_source = "imdb";

std::string fetch_task_name(ImdbTable table) {
  return fmt::format("fetch_{}", landing::table_name(table));
}
std::string land_task_name(ImdbTable table) {
  return fmt::format("land_{}", landing::table_name(table));
}

Result<TaskCounters> fetch_table(ImdbTable table, RunContext& context) {
  const std::string url = TRY(fetch::resolve_source_file(
      context.config().imdb.url, std::string(landing::upstream_base_name(table))));
  return fetch_raw_file(context, url, k_source, landing::table_name(table),
                        TRY(fetch::file_name_of(url)));
}

Result<TaskCounters> land_table(ImdbTable table, RunContext& context) {
  const auto& lake = context.lake();
  const std::string name(landing::table_name(table));
  const auto input = TRY(fetched_raw_file(context, k_source, name));
  auto landed = TRY(lake.stage(Layer::landing, name, context.ingest_date()));
  auto quarantined = TRY(lake.stage(Layer::quarantine, name, context.ingest_date()));
  const auto& runtime = context.config().runtime;
  const auto stats = TRY(landing::land_imdb_table(landing::LandRequest{
      .input = input,
      .table = table,
      .staging_dir = landed.dir(),
      .quarantine_staging_dir = quarantined.dir(),
      .threads = runtime.threads > 0 ? static_cast<int>(runtime.threads) : 2,
      .memory_limit = runtime.memory_limit,
  }));
  TRY(commit_landing(context, name, landed, &quarantined,
                     {.rows_out = static_cast<int64_t>(stats.rows_out),
                      .rows_rejected = static_cast<int64_t>(stats.rows_rejected)}));
  return TaskCounters{.rows_in = static_cast<int64_t>(stats.rows_in),
                      .rows_out = static_cast<int64_t>(stats.rows_out),
                      .rows_rejected = static_cast<int64_t>(stats.rows_rejected),
                      .bytes = static_cast<int64_t>(stats.bytes_in)};
}

Result<> set_people_parameters(db::DuckConnection& connection, const RunContext& context) {
  const auto& people = context.config().people;
  TRY(transform::set_variable(connection, "people_title_types",
                              transform::sql_string_list(people.title_types)));
  TRY(transform::set_variable(connection, "people_min_titles", std::to_string(people.min_titles)));
  return transform::set_variable(connection, "people_min_votes", std::to_string(people.min_votes));
}

ModelTaskSpec cleanse_spec(std::string table, ImdbTable input) {
  const std::string input_table(landing::table_name(input));
  return ModelTaskSpec{
      .task_name = "cleanse_" + table,
      .layer = Layer::cleansed,
      .table = table,
      .model_path = fmt::format("imdb/cleansed/{}.sql", table),
      .inputs = {{"landing_" + input_table, Layer::landing, input_table}},
      .depends_on = {land_task_name(input)},
  };
}

}  // namespace

std::vector<Task> imdb_pipeline_tasks() {
  std::vector<Task> tasks;
  std::vector<std::string> land_tasks;
  for (ImdbTable table : k_tables) {
    tasks.push_back({.name = fetch_task_name(table),
                     .run = [table](RunContext& context) { return fetch_table(table, context); }});
    tasks.push_back({.name = land_task_name(table),
                     .depends_on = {fetch_task_name(table)},
                     .run = [table](RunContext& context) { return land_table(table, context); }});
    land_tasks.push_back(land_task_name(table));
  }
  tasks.push_back(make_compare_snapshots_task("compare_snapshots",
                                              {{"title_basics", {"tconst"}},
                                               {"title_ratings", {"tconst"}},
                                               {"title_principals", {"tconst", "ordering"}},
                                               {"name_basics", {"nconst"}}},
                                              land_tasks));
  const ModelTaskSpec cleanse_specs[] = {
      cleanse_spec("titles", ImdbTable::title_basics),
      cleanse_spec("title_genres", ImdbTable::title_basics),
      cleanse_spec("ratings", ImdbTable::title_ratings),
      cleanse_spec("principals", ImdbTable::title_principals),
      cleanse_spec("persons", ImdbTable::name_basics),
  };
  // people reads every cleansed table but title_genres, so it waits only for those: the
  // genre bridge is built meanwhile and is only needed by publish.
  std::vector<std::string> people_inputs_ready;
  std::vector<ModelInput> star_schema;
  for (const auto& spec : cleanse_specs) {
    tasks.push_back(make_model_task(spec));
    if (spec.table == "title_genres") continue;
    people_inputs_ready.push_back(spec.task_name);
    star_schema.push_back({spec.table, Layer::cleansed, spec.table});
  }
  tasks.push_back(make_model_task({
      .task_name = "aggregate_people",
      .layer = Layer::aggregated,
      .table = "people",
      .model_path = "imdb/aggregated/people.sql",
      .inputs = star_schema,
      .depends_on = people_inputs_ready,
      .set_parameters = set_people_parameters,
  }));
  tasks.push_back(
      make_publish_task({"aggregate_people", "cleanse_title_genres", "compare_snapshots"}));
  return tasks;
}

}  // namespace reelhouse::pipeline
