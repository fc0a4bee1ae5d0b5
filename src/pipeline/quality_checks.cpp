// Data-quality checks against a product partition (pipeline/quality_checks.hpp).
#include "pipeline/quality_checks.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <map>

#include "pipeline/model_task.hpp"
#include "pipeline/run_context.hpp"
#include "transform/model_runner.hpp"

namespace reelhouse::pipeline {

namespace {

using std::chrono::sys_seconds;

// The number of examples a failure message shows.
constexpr int k_examples = 3;

std::string number_literal(double value) {
  return fmt::format("{}", value);
}

std::string bounds_text(const CheckConfig& check) {
  if (check.min && check.max) {
    return fmt::format("[{}, {}]", number_literal(*check.min), number_literal(*check.max));
  }
  if (check.min) return fmt::format(">= {}", number_literal(*check.min));
  return fmt::format("<= {}", number_literal(*check.max));
}

// Where a value must not be: "outside [1, 10]", "below 0", "above 0.5".
std::string outside_text(const CheckConfig& check) {
  if (check.min && check.max) return "outside " + bounds_text(check);
  if (check.min) return fmt::format("below {}", number_literal(*check.min));
  return fmt::format("above {}", number_literal(*check.max));
}

std::string cell(const std::optional<std::string>& value) {
  return value.value_or("NULL");
}

int64_t cell_int(const std::optional<std::string>& value) {
  return value ? std::stoll(*value) : 0;
}

// What to do about a failure, by level.
std::string advice(const CheckConfig& check) {
  if (check.level == "error") {
    return fmt::format(
        "the publish is blocked and the previous warehouse keeps serving: fix the source data or "
        "the model producing {}, or change this [[checks]] entry in reelhouse.toml",
        check.table);
  }
  return fmt::format(
      "a warning only (the run goes on): look at {} or adjust this [[checks]] entry in "
      "reelhouse.toml",
      check.table);
}

CheckOutcome failed(const CheckConfig& check, std::string observed, std::string_view problem) {
  return {.passed = false,
          .observed = std::move(observed),
          .message = fmt::format("{}; {}", problem, advice(check))};
}

CheckOutcome passed(std::string observed) {
  return {.passed = true, .observed = std::move(observed)};
}

Result<CheckOutcome> check_not_null(db::DuckConnection& connection, const CheckConfig& check,
                                    const CheckInputs& inputs) {
  std::vector<std::string> counts = {"count(*)"};
  for (const auto& column : check.columns) {
    counts.push_back(fmt::format("count(*) FILTER (WHERE {} IS NULL)", db::sql_identifier(column)));
  }
  const auto table = TRY(connection.query_text(
      fmt::format("SELECT {} FROM {} AS checked", fmt::join(counts, ", "), inputs.relation)));
  const auto& row = table.rows.at(0);
  const int64_t rows = cell_int(row.at(0));
  std::vector<std::string> offending;
  for (size_t index = 0; index < check.columns.size(); ++index) {
    const int64_t nulls = cell_int(row.at(index + 1));
    if (nulls > 0) offending.push_back(fmt::format("{} in {}", nulls, check.columns[index]));
  }
  if (offending.empty()) {
    return passed(fmt::format("no NULL in {} ({} rows)", fmt::join(check.columns, ", "), rows));
  }
  const std::string observed =
      fmt::format("NULL values of {} rows: {}", rows, fmt::join(offending, ", "));
  return failed(check, observed,
                fmt::format("{} has NULL values where none are allowed ({})", check.table,
                            fmt::join(offending, ", ")));
}

Result<CheckOutcome> check_unique(db::DuckConnection& connection, const CheckConfig& check,
                                  const CheckInputs& inputs) {
  std::vector<std::string> columns;
  std::vector<std::string> as_text;
  for (const auto& column : check.columns) {
    columns.push_back(db::sql_identifier(column));
    as_text.push_back(fmt::format("coalesce(CAST({} AS VARCHAR), 'NULL')", columns.back()));
  }
  const std::string key = fmt::format("{}", fmt::join(columns, ", "));
  const auto summary = TRY(connection.query_text(fmt::format(
      "SELECT count(*), coalesce(sum(copies), 0) FROM (SELECT count(*) AS copies FROM {} AS "
      "checked GROUP BY {} HAVING count(*) > 1)",
      inputs.relation, key)));
  const int64_t duplicated_keys = cell_int(summary.rows.at(0).at(0));
  const int64_t rows_involved = cell_int(summary.rows.at(0).at(1));
  const std::string key_name = fmt::format("({})", fmt::join(check.columns, ", "));
  if (duplicated_keys == 0) return passed(fmt::format("every {} is unique", key_name));
  const auto examples = TRY(connection.query_text(fmt::format(
      "SELECT concat_ws(', ', {}), count(*) FROM {} AS checked GROUP BY {} HAVING count(*) > 1 "
      "ORDER BY count(*) DESC, 1 LIMIT {}",
      fmt::join(as_text, ", "), inputs.relation, key, k_examples)));
  std::vector<std::string> shown;
  for (const auto& row : examples.rows) {
    shown.push_back(fmt::format("({}) x{}", cell(row.at(0)), cell(row.at(1))));
  }
  const std::string observed = fmt::format("{} values of {} appear more than once ({} rows)",
                                           duplicated_keys, key_name, rows_involved);
  return failed(
      check, observed,
      fmt::format("{} has duplicate {}, e.g. {}", check.table, key_name, fmt::join(shown, ", ")));
}

Result<CheckOutcome> check_accepted_values(db::DuckConnection& connection, const CheckConfig& check,
                                           const CheckInputs& inputs) {
  const std::string column = db::sql_identifier(check.columns.at(0));
  std::vector<std::string> accepted;
  for (const auto& value : check.values) accepted.push_back(db::sql_quote(value));
  const std::string unexpected = fmt::format(
      "{0} IS NOT NULL AND CAST({0} AS VARCHAR) NOT IN ({1})", column, fmt::join(accepted, ", "));
  const int64_t bad_rows = TRY(connection.query_int(
      fmt::format("SELECT count(*) FROM {} AS checked WHERE {}", inputs.relation, unexpected)));
  if (bad_rows == 0) {
    return passed(
        fmt::format("every {} is one of {}", check.columns[0], fmt::join(check.values, ", ")));
  }
  const auto examples = TRY(connection.query_text(
      fmt::format("SELECT CAST({} AS VARCHAR) AS value, count(*) FROM {} AS checked WHERE {} "
                  "GROUP BY value ORDER BY count(*) DESC, value LIMIT {}",
                  column, inputs.relation, unexpected, k_examples)));
  std::vector<std::string> shown;
  for (const auto& row : examples.rows) {
    shown.push_back(fmt::format("\"{}\" ({} rows)", cell(row.at(0)), cell(row.at(1))));
  }
  const std::string observed = fmt::format("{} rows with another {}: {}", bad_rows,
                                           check.columns[0], fmt::join(shown, ", "));
  return failed(check, observed,
                fmt::format("{}.{} has values outside {}", check.table, check.columns[0],
                            fmt::join(check.values, ", ")));
}

Result<CheckOutcome> check_range(db::DuckConnection& connection, const CheckConfig& check,
                                 const CheckInputs& inputs) {
  const std::string column = db::sql_identifier(check.columns.at(0));
  std::vector<std::string> outside;
  if (check.min) outside.push_back(fmt::format("{} < {}", column, number_literal(*check.min)));
  if (check.max) outside.push_back(fmt::format("{} > {}", column, number_literal(*check.max)));
  const auto table = TRY(connection.query_text(
      fmt::format("SELECT count(*) FILTER (WHERE {}), CAST(min({}) AS VARCHAR), "
                  "CAST(max({}) AS VARCHAR) FROM {} AS checked",
                  fmt::join(outside, " OR "), column, column, inputs.relation)));
  const auto& row = table.rows.at(0);
  const int64_t bad_rows = cell_int(row.at(0));
  const std::string observed =
      fmt::format("{} from {} to {}; {} rows {}", check.columns[0], cell(row.at(1)),
                  cell(row.at(2)), bad_rows, outside_text(check));
  if (bad_rows == 0) return passed(observed);
  return failed(check, observed,
                fmt::format("{} rows of {} have {} {}", bad_rows, check.table, check.columns[0],
                            outside_text(check)));
}

Result<CheckOutcome> check_row_count_change(db::DuckConnection& connection,
                                            const CheckConfig& check, const CheckInputs& inputs) {
  const int64_t rows =
      TRY(connection.query_int(fmt::format("SELECT count(*) FROM {} AS checked", inputs.relation)));
  if (!inputs.previous) {
    return passed(
        fmt::format("{} rows; no earlier snapshot of {} to compare with", rows, check.table));
  }
  const auto& previous = *inputs.previous;
  if (previous.rows == 0) {
    return passed(fmt::format("{} rows; the previous snapshot ({}) was empty, so no ratio", rows,
                              previous.ingest_date));
  }
  const double ratio = static_cast<double>(rows) / static_cast<double>(previous.rows);
  const std::string observed =
      fmt::format("{} rows, {} in the previous snapshot ({}): ratio {:.3f}, allowed {}", rows,
                  previous.rows, previous.ingest_date, ratio, bounds_text(check));
  const bool within = (!check.min || ratio >= *check.min) && (!check.max || ratio <= *check.max);
  if (within) return passed(observed);
  return failed(check, observed,
                fmt::format("{} went from {} to {} rows since {} ({}), beyond the allowed ratio {}",
                            check.table, previous.rows, rows, previous.ingest_date,
                            ratio < 1 ? "a drop" : "a jump", bounds_text(check)));
}

Result<CheckOutcome> check_freshness(db::DuckConnection& connection, const CheckConfig& check,
                                     const CheckInputs& inputs) {
  const std::string column = db::sql_identifier(check.columns.at(0));
  const auto table = TRY(connection.query_text(
      fmt::format("SELECT CAST(max({0}) AS VARCHAR), epoch(max({0})) FROM {1} AS checked", column,
                  inputs.relation)));
  const auto& row = table.rows.at(0);
  const std::string reference = fmt::format(
      "{:%Y-%m-%dT%H:%M:%SZ}",
      fmt::gmtime(static_cast<std::time_t>(inputs.reference_time.time_since_epoch().count())));
  if (!row.at(1)) {
    return failed(check, fmt::format("no {} at all (empty table or all NULL)", check.columns[0]),
                  fmt::format("{} has no data to be fresh", check.table));
  }
  const double newest = std::stod(*row.at(1));
  const double age_hours =
      (static_cast<double>(inputs.reference_time.time_since_epoch().count()) - newest) / 3600.0;
  const std::string observed =
      fmt::format("newest {} {} is {:.1f} hours old at {} (allowed {})", check.columns[0],
                  cell(row.at(0)), age_hours, reference, check.max_age_hours);
  if (age_hours <= static_cast<double>(check.max_age_hours)) return passed(observed);
  return failed(
      check, observed,
      fmt::format("{} is stale: nothing newer than {} hours", check.table, check.max_age_hours));
}

Result<CheckOutcome> evaluate_kind(db::DuckConnection& connection, const CheckConfig& check,
                                   const CheckInputs& inputs) {
  if (check.kind == "not_null") return check_not_null(connection, check, inputs);
  if (check.kind == "unique") return check_unique(connection, check, inputs);
  if (check.kind == "accepted_values") return check_accepted_values(connection, check, inputs);
  if (check.kind == "range") return check_range(connection, check, inputs);
  if (check.kind == "row_count_change") return check_row_count_change(connection, check, inputs);
  if (check.kind == "freshness") return check_freshness(connection, check, inputs);
  return make_error(ErrorCode::config, "check {}: unknown kind \"{}\"", check_name(check),
                    check.kind);
}

// The table's columns, for a message about a check naming a column it lacks.
std::string columns_of(db::DuckConnection& connection, std::string_view relation) {
  const auto described =
      connection.query_text(fmt::format("SELECT * FROM {} AS checked LIMIT 0", relation));
  if (!described) return "?";
  return fmt::format("{}", fmt::join(described->columns, ", "));
}

// Unique names for the checks of one table, in order: a second check with the same name
// gets "#2", and so on.
std::vector<std::string> unique_check_names(const std::vector<CheckConfig>& checks) {
  std::vector<std::string> names;
  std::map<std::string, int> seen;
  for (const auto& check : checks) {
    const std::string name = check_name(check);
    const int count = ++seen[name];
    names.push_back(count == 1 ? name : fmt::format("{}#{}", name, count));
  }
  return names;
}

Result<TaskCounters> run_table_checks(const std::string& table,
                                      const std::vector<CheckConfig>& checks, RunContext& context) {
  auto connection = TRY(connect_work_database(context));
  const auto partition =
      context.lake().partition_dir(lake::Layer::aggregated, table, context.ingest_date());
  CheckInputs inputs{.relation = TRY(transform::partition_relation(partition)),
                     .reference_time = freshness_reference(context.ingest_date(),
                                                           std::chrono::system_clock::now())};
  inputs.previous = TRY(context.with_catalog([&](catalog::Catalog& catalog) {
    return catalog.latest_snapshot("aggregated", table, std::nullopt,
                                   std::string_view(context.ingest_date()));
  }));
  const auto names = unique_check_names(checks);
  std::vector<std::string> blocking;
  int failures = 0;
  for (size_t index = 0; index < checks.size(); ++index) {
    const auto& check = checks[index];
    auto outcome = evaluate_check(connection, check, inputs);
    if (!outcome) return std::unexpected(outcome.error().with_context("check " + names[index]));
    const catalog::CheckResultRecord record{.run_id = context.run_id(),
                                            .check_name = names[index],
                                            .table_name = table,
                                            .kind = check.kind,
                                            .level = check.level,
                                            .passed = outcome->passed,
                                            .observed = outcome->observed,
                                            .message = outcome->message};
    TRY(context.with_catalog(
        [&](catalog::Catalog& catalog) { return catalog.record_check_result(record); }));
    if (outcome->passed) {
      spdlog::info("check {} passed: {}", names[index], outcome->observed);
      continue;
    }
    ++failures;
    if (check.level == "error") {
      spdlog::error("check {} failed: {}: {}", names[index], outcome->observed, outcome->message);
      blocking.push_back(fmt::format("{} ({})", names[index], outcome->observed));
    } else {
      spdlog::warn("check {} failed (warning): {}: {}", names[index], outcome->observed,
                   outcome->message);
    }
  }
  if (!blocking.empty()) {
    return make_error(ErrorCode::invalid_argument,
                      "{} error-level check{} of {} failed: {}; the publish is blocked and the "
                      "previous warehouse keeps serving (details: reelhouse status)",
                      blocking.size(), blocking.size() == 1 ? "" : "s", table,
                      fmt::join(blocking, "; "));
  }
  return TaskCounters{.rows_in = static_cast<int64_t>(checks.size()), .rows_rejected = failures};
}

}  // namespace

Result<CheckOutcome> evaluate_check(db::DuckConnection& connection, const CheckConfig& check,
                                    const CheckInputs& inputs) {
  auto outcome = evaluate_kind(connection, check, inputs);
  if (outcome || outcome.error().code != ErrorCode::sql) return outcome;
  // Most often a column the table does not have, or of a type the check cannot compare:
  // a mistake in the check, reported as its failure.
  const std::string& error = outcome.error().message;
  const bool about_the_check = error.find("Binder Error") != std::string::npos ||
                               error.find("Conversion Error") != std::string::npos ||
                               error.find("No function matches") != std::string::npos;
  if (!about_the_check) return outcome;
  return failed(
      check, "the check could not be evaluated",
      fmt::format("check {} does not fit {} (columns: {}): {}; fix its [[checks]] "
                  "entry",
                  check_name(check), check.table, columns_of(connection, inputs.relation), error));
}

sys_seconds freshness_reference(std::string_view ingest_date,
                                std::chrono::system_clock::time_point now) {
  const auto now_seconds = std::chrono::floor<std::chrono::seconds>(now);
  int year = 0;
  unsigned month = 0;
  unsigned day = 0;
  if (std::sscanf(std::string(ingest_date).c_str(), "%d-%u-%u", &year, &month, &day) != 3) {
    return now_seconds;
  }
  const std::chrono::year_month_day date{std::chrono::year{year}, std::chrono::month{month},
                                         std::chrono::day{day}};
  if (!date.ok()) return now_seconds;
  const sys_seconds end_of_day{std::chrono::sys_days{date} + std::chrono::days{1}};
  return std::min(now_seconds, end_of_day);
}

std::string check_task_name(std::string_view table) {
  return fmt::format("check_{}", table);
}

Task make_check_task(std::string table, std::vector<CheckConfig> checks, std::string producer) {
  Task task{.name = check_task_name(table), .depends_on = {std::move(producer)}, .max_attempts = 1};
  task.run = [table = std::move(table), checks = std::move(checks)](RunContext& context) {
    return run_table_checks(table, checks, context);
  };
  return task;
}

}  // namespace reelhouse::pipeline
