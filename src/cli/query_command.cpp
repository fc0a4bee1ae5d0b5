// `reelhouse query [--format table|csv|json] [--as-of DATE] "SQL"`
//
// Without --as-of the query runs against the published warehouse (read-only). With --as-of it
// runs against the lake as it was on DATE: every table's newest snapshot at or before DATE,
// as views — products and star schema by name, landing and quarantine tables prefixed
// `landing_` / `quarantine_`.
#include <filesystem>
#include <iostream>

#include "catalog/catalog.hpp"
#include "cli/commands.hpp"
#include "cli/table_printer.hpp"
#include "pipeline/pipeline_runner.hpp"
#include "transform/model_runner.hpp"

namespace reelhouse::cli {

namespace {

struct QueryOptions {
  std::string sql;
  OutputFormat format = OutputFormat::table;
  std::string as_of;
};

Result<db::TextTable> query_warehouse(const Config& config, const std::string& sql) {
  const auto path = config.warehouse_path();
  if (!std::filesystem::exists(path)) {
    return make_error(ErrorCode::not_found,
                      "no warehouse at {} yet: run a pipeline first (reelhouse run imdb)",
                      path.string());
  }
  auto database = TRY(db::DuckDatabase::open(path.string(), {.read_only = true}));
  auto connection = TRY(db::DuckConnection::connect(database));
  return connection.query_text(sql);
}

Result<db::TextTable> query_as_of(const Config& config, const std::string& date,
                                  const std::string& sql) {
  if (!pipeline::is_valid_date(date)) {
    return make_error(ErrorCode::invalid_argument, "--as-of \"{}\" is not a date (YYYY-MM-DD)",
                      date);
  }
  auto catalog = TRY(catalog::Catalog::open(config.catalog_location()));
  const auto snapshots = TRY(catalog.snapshots_as_of(date));
  if (snapshots.empty()) {
    return make_error(ErrorCode::not_found, "the lake has no snapshot at or before {}", date);
  }
  std::vector<transform::PartitionView> views;
  for (const auto& snapshot : snapshots) {
    const bool prefixed = snapshot.layer == "landing" || snapshot.layer == "quarantine";
    views.push_back({prefixed ? snapshot.layer + "_" + snapshot.table_name : snapshot.table_name,
                     snapshot.location});
  }
  auto database = TRY(db::DuckDatabase::open(""));
  auto connection = TRY(db::DuckConnection::connect(database));
  TRY(transform::create_partition_views(connection, views));
  return connection.query_text(sql);
}

}  // namespace

void register_query_command(CLI::App& app, GlobalOptions& global, CommandAction& action) {
  auto options = std::make_shared<QueryOptions>();
  auto* command = app.add_subcommand("query", "Run SQL against the published warehouse");
  command->add_option("sql", options->sql, "The SQL query")->required();
  command->add_option("--format", options->format, "Output format: table, csv or json")
      ->transform(CLI::CheckedTransformer(
          std::map<std::string, OutputFormat>{{"table", OutputFormat::table},
                                              {"csv", OutputFormat::csv},
                                              {"json", OutputFormat::json}},
          CLI::ignore_case));
  command->add_option("--as-of", options->as_of,
                      "Query the lake's snapshots as of this date (YYYY-MM-DD) instead");
  command->callback([options, &global, &action] {
    action = [options, &global] {
      auto config = load_cli_config(global);
      if (!config) return report_error(config.error());
      auto result = options->as_of.empty() ? query_warehouse(*config, options->sql)
                                           : query_as_of(*config, options->as_of, options->sql);
      if (!result) return report_error(result.error());
      print_result(std::cout, *result, options->format);
      return 0;
    };
  });
}

}  // namespace reelhouse::cli
