// GET /api/v1/runs (newest first, filters pipeline/state, paging), GET /api/v1/runs/{id} (the
// run, every task attempt with state, timings, rows, error and the tasks it depends on, the
// run's recorded graph, metrics, table changes, data-quality checks, alert deliveries and the
// pipeline lease while it runs), GET /api/v1/runs/{id}/logs (the captured log lines, by task
// and attempt) and GET /api/v1/schedule (each pipeline's schedule, next and last fire, lease),
// read from the catalog. No catalog yet → empty lists.
#include <spdlog/spdlog.h>

#include <chrono>
#include <map>

#include "catalog/catalog.hpp"
#include "pipeline/pipeline_lease.hpp"
#include "scheduler/schedule_plan.hpp"
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
          {"pid", run.pid},
          {"scheduled_for", optional_text(run.scheduled_for)},
          {"recovered", run.recovered}};
}

Json lease_json(const catalog::LeaseRecord& lease, const std::string& now) {
  return {{"name", lease.name},
          {"holder", lease.holder},
          {"run_id", lease.run_id ? Json(*lease.run_id) : Json(nullptr)},
          {"acquired_at", lease.acquired_at},
          {"heartbeat_at", lease.heartbeat_at},
          {"expires_at", lease.expires_at},
          {"live", lease.expires_at > now}};
}

Json check_json(const catalog::CheckResultRecord& check) {
  return {{"check", check.check_name},
          {"table", check.table_name},
          {"kind", check.kind},
          {"level", check.level},
          {"passed", check.passed},
          {"observed", check.observed},
          {"message", check.message.empty() ? Json(nullptr) : Json(check.message)},
          {"checked_at", check.checked_at}};
}

Json alert_json(const catalog::AlertRecord& alert) {
  return {{"alert_id", alert.alert_id},
          {"channel", alert.channel},
          {"target", alert.target},
          {"state", alert.state},
          {"attempts", alert.attempts},
          {"error", alert.error.empty() ? Json(nullptr) : Json(alert.error)},
          {"sent_at", alert.sent_at}};
}

// `depends_on` is null for a task outside the recorded graph (runs from before graphs were
// recorded).
Json task_json(const catalog::TaskRecord& task, const std::vector<std::string>* depends_on) {
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
          {"error", task.error.empty() ? Json(nullptr) : Json(task.error)},
          {"depends_on", depends_on ? Json(*depends_on) : Json(nullptr)}};
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
  if (catalog::catalog_exists(context.options.catalog_path.string())) {
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
  if (!catalog::catalog_exists(context.options.catalog_path.string())) {
    return send_error(response, 404, fmt::format("no run {}", *run_id));
  }
  auto load = [&]() -> Result<std::optional<Json>> {
    auto catalog = TRY(catalog::Catalog::open(context.options.catalog_path));
    auto run = TRY(catalog.run(*run_id));
    if (!run) return std::nullopt;
    Json body = run_json(*run);
    const auto declarations = TRY(catalog.run_dag(*run_id));
    std::map<std::string, const std::vector<std::string>*, std::less<>> depends_on;
    Json graph = Json::array();
    for (const auto& declaration : declarations) {
      depends_on.emplace(declaration.task, &declaration.depends_on);
      graph.push_back({{"task", declaration.task}, {"depends_on", declaration.depends_on}});
    }
    Json tasks = Json::array();
    for (const auto& task : TRY(catalog.tasks_of_run(*run_id))) {
      const auto found = depends_on.find(task.task);
      tasks.push_back(task_json(task, found == depends_on.end() ? nullptr : found->second));
    }
    body["tasks"] = tasks;
    body["graph"] = graph;
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
    Json checks = Json::array();
    for (const auto& check : TRY(catalog.check_results(*run_id)))
      checks.push_back(check_json(check));
    body["checks"] = checks;
    Json alerts = Json::array();
    for (const auto& alert : TRY(catalog.alerts(*run_id))) alerts.push_back(alert_json(alert));
    body["alerts"] = alerts;
    // The pipeline's lease while this run holds it (a running run).
    const auto lease = TRY(catalog.lease(pipeline::pipeline_lease_name(run->pipeline)));
    const auto now = catalog::timestamp_now();
    body["lease"] = lease && lease->expires_at > now && lease->run_id == *run_id
                        ? lease_json(*lease, now)
                        : Json(nullptr);
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

// The parameters of /api/v1/runs/{id}/logs.
struct LogQuery {
  std::optional<std::string> task{};
  std::optional<int64_t> attempt{};
  // A task attempt keeps at most a few thousand lines: pages are up to k_max_limit lines,
  // the first page of that size by default.
  int64_t limit = k_max_limit;
  int64_t offset = 0;
};

Validated<LogQuery> parse_log_query(const QueryParams& params) {
  LogQuery query;
  if (auto text = TRY_VALID(single_param(params, "task"))) {
    query.task = TRY_VALID(validate_text("task", *text));
  }
  if (auto text = TRY_VALID(single_param(params, "attempt"))) {
    query.attempt = TRY_VALID(validate_integer("attempt", *text, 0, 1'000'000));
  }
  if (auto text = TRY_VALID(single_param(params, "limit"))) {
    query.limit = TRY_VALID(validate_integer("limit", *text, 1, k_max_limit));
  }
  if (auto text = TRY_VALID(single_param(params, "offset"))) {
    query.offset = TRY_VALID(validate_integer("offset", *text, 0, k_max_offset));
  }
  return query;
}

void show_run_logs(ServerContext& context, const httplib::Request& request,
                   httplib::Response& response) {
  auto run_id =
      validate_integer("run_id", request.matches[1].str(), 1, std::numeric_limits<int64_t>::max());
  if (!run_id) return send_error(response, 422, run_id.error().message, "run_id");
  for (const auto& [name, value] : request.params) {
    if (name != "task" && name != "attempt" && name != "limit" && name != "offset") {
      send_error(response, 422, "unknown parameter; accepted: task, attempt, limit, offset",
                 validate_text("name", name) ? name : "(invalid name)");
      return;
    }
  }
  auto query = parse_log_query(request.params);
  if (!query) return send_error(response, 422, query.error().message, query.error().field);
  const auto& task = query->task;
  const auto& attempt = query->attempt;
  const auto limit = query->limit;
  const auto offset = query->offset;
  if (!catalog::catalog_exists(context.options.catalog_path.string())) {
    return send_error(response, 404, fmt::format("no run {}", *run_id));
  }
  // nullopt: the run or the task does not exist (the message is in `missing`).
  std::string missing;
  auto load = [&]() -> Result<std::optional<Json>> {
    auto catalog = TRY(catalog::Catalog::open(context.options.catalog_path));
    const auto run = TRY(catalog.run(*run_id));
    if (!run) {
      missing = fmt::format("no run {}", *run_id);
      return std::nullopt;
    }
    if (task) {
      bool known = false;
      for (const auto& declaration : TRY(catalog.run_dag(*run_id))) {
        known = known || declaration.task == *task;
      }
      for (const auto& recorded : TRY(catalog.tasks_of_run(*run_id))) {
        known = known || recorded.task == *task;
      }
      if (!known) {
        missing = fmt::format("run {} has no task {}", *run_id, *task);
        return std::nullopt;
      }
    }
    const auto lines = TRY(
        catalog.task_logs(*run_id, task ? std::optional<std::string_view>(*task) : std::nullopt));
    Json items = Json::array();
    int64_t total = 0;
    for (const auto& line : lines) {
      if (attempt && line.attempt != *attempt) continue;
      if (total >= offset && total < offset + limit) {
        items.push_back({{"task", line.task},
                         {"attempt", line.attempt},
                         {"seq", line.seq},
                         {"logged_at", line.logged_at},
                         {"level", line.level},
                         {"message", line.message}});
      }
      ++total;
    }
    return Json{{"run_id", *run_id},
                {"task", task ? Json(*task) : Json(nullptr)},
                {"attempt", attempt ? Json(*attempt) : Json(nullptr)},
                {"total", total},
                {"limit", limit},
                {"offset", offset},
                {"items", items}};
  };
  auto body = load();
  if (!body) {
    spdlog::error("run {} logs: {}", *run_id, body.error().message);
    return send_error(response, 500, "cannot read the catalog (logged by the server)");
  }
  if (!*body) return send_error(response, 404, missing);
  send_json(response, 200, **body);
}

void show_schedule(ServerContext& context, const httplib::Request& request,
                   httplib::Response& response) {
  if (!request.params.empty()) {
    const auto& name = request.params.begin()->first;
    return send_error(response, 422, "this endpoint takes no parameters",
                      validate_text("name", name) ? name : "(invalid name)");
  }
  Config config;  // next_fire_times reads the [schedule] part only
  config.schedule = context.options.schedule;
  const auto fires = scheduler::next_fire_times(
      config,
      std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now()));
  const auto now = catalog::timestamp_now();
  auto load = [&]() -> Result<Json> {
    std::optional<catalog::Catalog> catalog;
    if (catalog::catalog_exists(context.options.catalog_path.string())) {
      catalog = TRY(catalog::Catalog::open(context.options.catalog_path));
    }
    Json items = Json::array();
    for (const auto& fire : fires) {
      Json item{{"pipeline", fire.pipeline},
                {"cron", fire.cron.empty() ? Json(nullptr) : Json(fire.cron)},
                {"timezone", fire.timezone},
                {"catch_up", fire.catch_up},
                {"next_fire", optional_text(fire.next_fire)},
                {"error", fire.error.empty() ? Json(nullptr) : Json(fire.error)},
                {"last_fire", nullptr},
                {"lease", nullptr}};
      if (catalog) {
        const auto last = TRY(catalog->schedule_fires(fire.pipeline, 1));
        if (!last.empty()) {
          item["last_fire"] = {
              {"fire_time", last.front().fire_time},
              {"outcome", last.front().outcome},
              {"run_id", last.front().run_id ? Json(*last.front().run_id) : Json(nullptr)},
              {"recorded_at", last.front().recorded_at}};
        }
        const auto lease = TRY(catalog->lease(pipeline::pipeline_lease_name(fire.pipeline)));
        if (lease && lease->expires_at > now) item["lease"] = lease_json(*lease, now);
      }
      items.push_back(std::move(item));
    }
    return Json{{"now", now}, {"items", items}};
  };
  auto body = load();
  if (!body) {
    spdlog::error("schedule: {}", body.error().message);
    return send_error(response, 500, "cannot read the catalog (logged by the server)");
  }
  send_json(response, 200, *body);
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
  add_route(context, "GET", R"(/api/v1/runs/([^/]+)/logs)", "/api/v1/runs/{id}/logs",
            [&context](const httplib::Request& request, httplib::Response& response) {
              show_run_logs(context, request, response);
            });
  add_route(context, "GET", "/api/v1/schedule", "/api/v1/schedule",
            [&context](const httplib::Request& request, httplib::Response& response) {
              show_schedule(context, request, response);
            });
}

}  // namespace reelhouse::server
