// GET /api/v1/runs (newest first, filters pipeline/state, paging) and GET /api/v1/runs/{id}
// (the run, every task attempt with state, timings, rows and error, its metrics and table
// changes), read from the catalog. No catalog yet → an empty list.
#include <spdlog/spdlog.h>

#include "catalog/catalog.hpp"
#include "server/product_catalog.hpp"
#include "server/server_context.hpp"

namespace reelhouse::server {

namespace {

Json optional_text(const std::optional<std::string>& text) {
  return text ? Json(*text) : Json(nullptr);
}

Json run_json(const catalog::RunRecord& run) {
  return {{"run_id", run.run_id},
          {"pipeline", run.pipeline},
          {"ingest_date", run.ingest_date},
          {"state", catalog::to_string(run.state)},
          {"trigger", run.trigger},
          {"started_at", run.started_at},
          {"finished_at", optional_text(run.finished_at)},
          {"error", run.error.empty() ? Json(nullptr) : Json(run.error)},
          {"partial", optional_text(run.partial)},
          {"host", run.host},
          {"pid", run.pid}};
}

Json task_json(const catalog::TaskRecord& task) {
  return {{"task_id", task.task_id},
          {"task", task.task},
          {"state", catalog::to_string(task.state)},
          {"attempt", task.attempt},
          {"started_at", optional_text(task.started_at)},
          {"finished_at", optional_text(task.finished_at)},
          {"rows_in", task.counters.rows_in},
          {"rows_out", task.counters.rows_out},
          {"rows_rejected", task.counters.rows_rejected},
          {"bytes", task.counters.bytes},
          {"error", task.error.empty() ? Json(nullptr) : Json(task.error)}};
}

Validated<std::pair<int64_t, int64_t>> paging(const QueryParams& params) {
  int64_t limit = k_default_limit;
  int64_t offset = 0;
  if (auto text = TRY_VALID(single_param(params, "limit"))) {
    limit = TRY_VALID(validate_integer("limit", *text, 1, k_max_limit));
  }
  if (auto text = TRY_VALID(single_param(params, "offset"))) {
    offset = TRY_VALID(validate_integer("offset", *text, 0, k_max_offset));
  }
  return std::pair{limit, offset};
}

void list_runs(ServerContext& context, const httplib::Request& request,
               httplib::Response& response) {
  for (const auto& [name, value] : request.params) {
    if (name != "limit" && name != "offset" && name != "pipeline" && name != "state") {
      send_error(response, 422, "unknown parameter; accepted: limit, offset, pipeline, state",
                 validate_text("name", name) ? name : "(invalid name)");
      return;
    }
  }
  auto page = paging(request.params);
  if (!page) return send_error(response, 422, page.error().message, page.error().field);
  auto pipeline = single_param(request.params, "pipeline");
  if (pipeline && *pipeline) pipeline = validate_text("pipeline", **pipeline);
  if (!pipeline) return send_error(response, 422, pipeline.error().message, "pipeline");
  auto state = single_param(request.params, "state");
  if (!state) return send_error(response, 422, state.error().message, "state");
  if (*state && !catalog::parse_run_state(**state)) {
    return send_error(response, 422, "state must be one of: running, succeeded, failed, cancelled",
                      "state");
  }
  std::vector<catalog::RunRecord> runs;
  if (std::filesystem::exists(context.options.catalog_path)) {
    auto catalog = catalog::Catalog::open(context.options.catalog_path);
    auto recent =
        catalog ? catalog->recent_runs(
                      0, *pipeline ? std::optional<std::string_view>(**pipeline) : std::nullopt)
                : std::unexpected(catalog.error());
    if (!recent) {
      spdlog::error("runs: {}", recent.error().message);
      return send_error(response, 500, "cannot read the catalog (logged by the server)");
    }
    runs = std::move(*recent);
  }
  Json items = Json::array();
  int64_t total = 0;
  for (const auto& run : runs) {
    if (*state && catalog::to_string(run.state) != **state) continue;
    if (total >= page->second && total < page->second + page->first) items.push_back(run_json(run));
    ++total;
  }
  send_json(response, 200,
            {{"total", total}, {"limit", page->first}, {"offset", page->second}, {"items", items}});
}

void show_run(ServerContext& context, const httplib::Request& request,
              httplib::Response& response) {
  auto run_id =
      validate_integer("run_id", request.matches[1].str(), 1, std::numeric_limits<int64_t>::max());
  if (!run_id) return send_error(response, 422, run_id.error().message, "run_id");
  if (!std::filesystem::exists(context.options.catalog_path)) {
    return send_error(response, 404, fmt::format("no run {}", *run_id));
  }
  auto load = [&]() -> Result<std::optional<Json>> {
    auto catalog = TRY(catalog::Catalog::open(context.options.catalog_path));
    auto run = TRY(catalog.run(*run_id));
    if (!run) return std::nullopt;
    Json body = run_json(*run);
    Json tasks = Json::array();
    for (const auto& task : TRY(catalog.tasks_of_run(*run_id))) tasks.push_back(task_json(task));
    body["tasks"] = tasks;
    Json metrics = Json::array();
    for (const auto& metric : TRY(catalog.run_metrics(*run_id))) {
      metrics.push_back(
          {{"task", metric.task}, {"metric", metric.metric}, {"value", metric.value}});
    }
    body["metrics"] = metrics;
    Json changes = Json::array();
    for (const auto& change : TRY(catalog.table_changes(*run_id))) {
      changes.push_back({{"table", change.table_name},
                         {"ingest_date", change.ingest_date},
                         {"previous_ingest_date", optional_text(change.previous_ingest_date)},
                         {"inserted", change.inserted},
                         {"updated", change.updated},
                         {"deleted", change.deleted}});
    }
    body["table_changes"] = changes;
    return body;
  };
  auto body = load();
  if (!body) {
    spdlog::error("run {}: {}", *run_id, body.error().message);
    return send_error(response, 500, "cannot read the catalog (logged by the server)");
  }
  if (!*body) return send_error(response, 404, fmt::format("no run {}", *run_id));
  send_json(response, 200, **body);
}

}  // namespace

void register_run_routes(ServerContext& context) {
  add_route(context, "GET", "/api/v1/runs", "/api/v1/runs",
            [&context](const httplib::Request& request, httplib::Response& response) {
              list_runs(context, request, response);
            });
  add_route(context, "GET", R"(/api/v1/runs/([^/]+))", "/api/v1/runs/{id}",
            [&context](const httplib::Request& request, httplib::Response& response) {
              show_run(context, request, response);
            });
}

}  // namespace reelhouse::server
