#include "server/openapi_document.hpp"

#include "server/product_catalog.hpp"

namespace reelhouse::server {

namespace {

Json query_param(std::string name, std::string description, Json schema) {
  return {{"name", std::move(name)},
          {"in", "query"},
          {"required", false},
          {"description", std::move(description)},
          {"schema", std::move(schema)}};
}

Json schema_of(const FilterSpec& filter) {
  switch (filter.kind) {
    case FilterKind::int_min:
    case FilterKind::int_max:
    case FilterKind::int_exact:
      return {{"type", "integer"}};
    case FilterKind::date_exact:
      return {{"type", "string"}, {"format", "date"}};
    case FilterKind::bool_exact:
      return {{"type", "boolean"}};
    case FilterKind::enum_text:
      return {{"type", "string"}, {"enum", filter.allowed}};
    default:
      return {{"type", "string"}, {"maxLength", 256}};
  }
}

Json error_response(std::string description) {
  return {
      {"description", std::move(description)},
      {"content", {{"application/json", {{"schema", {{"$ref", "#/components/schemas/Error"}}}}}}}};
}

Json json_response(std::string description, Json schema = {{"type", "object"}}) {
  return {{"description", std::move(description)},
          {"content", {{"application/json", {{"schema", std::move(schema)}}}}}};
}

Json product_operation(const ProductSpec& spec) {
  Json parameters = Json::array();
  parameters.push_back(
      query_param("limit", "Rows per page (1–1000, default 50).",
                  {{"type", "integer"}, {"minimum", 1}, {"maximum", k_max_limit}}));
  parameters.push_back(
      query_param("offset", "Rows to skip (default 0).", {{"type", "integer"}, {"minimum", 0}}));
  parameters.push_back(query_param(
      "sort", "Columns to sort by, comma-separated, '-' for descending (e.g. -votes,name).",
      {{"type", "string"}}));
  if (spec.supports_as_of) {
    parameters.push_back(query_param(
        "as_of", "Read the product's newest snapshot at or before this date from the lake.",
        {{"type", "string"}, {"format", "date"}}));
  }
  for (const auto& filter : spec.filters) {
    parameters.push_back(query_param(filter.param, filter.description, schema_of(filter)));
  }
  return {{"summary", spec.description},
          {"tags", {spec.pipeline}},
          {"operationId", "get_" + spec.name},
          {"parameters", parameters},
          {"responses",
           {{"200", json_response("A page of rows, in a stable order, with the total count.",
                                  {{"$ref", "#/components/schemas/Page"}})},
            {"401", error_response("Missing or wrong bearer token.")},
            {"422", error_response("A parameter is invalid; `field` names it.")}}}};
}

std::string html_escape(std::string_view text) {
  std::string out;
  for (const char character : text) {
    switch (character) {
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += character;
    }
  }
  return out;
}

}  // namespace

Json openapi_document() {
  Json paths = Json::object();
  paths["/healthz"]["get"] = {{"summary", "Liveness and the served warehouse."},
                              {"tags", {"service"}},
                              {"responses", {{"200", json_response("Healthy.")}}}};
  paths["/metrics"]["get"] = {
      {"summary", "Prometheus metrics: requests, latencies, run outcomes, rows."},
      {"tags", {"service"}},
      {"responses", {{"200", {{"description", "Prometheus text format 0.0.4."}}}}}};
  paths["/api/v1/products"]["get"] = {{"summary", "The products served and their availability."},
                                      {"tags", {"products"}},
                                      {"responses", {{"200", json_response("The products.")}}}};
  for (const auto& spec : product_specs()) {
    paths["/api/v1/" + spec.name]["get"] = product_operation(spec);
  }
  paths["/api/v1/runs"]["get"] = {
      {"summary", "Pipeline runs, newest first."},
      {"tags", {"runs"}},
      {"parameters",
       {query_param("pipeline", "imdb, movies or prices.", {{"type", "string"}}),
        query_param(
            "state", "running, succeeded, failed or cancelled.",
            {{"type", "string"}, {"enum", {"running", "succeeded", "failed", "cancelled"}}}),
        query_param("limit", "1–1000, default 50.", {{"type", "integer"}}),
        query_param("offset", "Default 0.", {{"type", "integer"}})}},
      {"responses",
       {{"200", json_response("A page of runs.")}, {"422", error_response("Invalid parameter.")}}}};
  paths["/api/v1/runs/{id}"]["get"] = {
      {"summary",
       "One run: its task attempts (state, timings, rows, errors, depends_on), its recorded task "
       "graph, metrics, table changes, data-quality checks, alert deliveries, scheduled_for, "
       "recovered and the pipeline lease while it runs."},
      {"tags", {"runs"}},
      {"parameters",
       {{{"name", "id"}, {"in", "path"}, {"required", true}, {"schema", {{"type", "integer"}}}}}},
      {"responses",
       {{"200", json_response("The run.")},
        {"404", error_response("No such run.")},
        {"422", error_response("The id is not a positive integer.")}}}};
  paths["/api/v1/runs/{id}/logs"]["get"] = {
      {"summary", "The log lines captured while the run's tasks ran, by task, attempt and order."},
      {"tags", {"runs"}},
      {"parameters",
       {{{"name", "id"}, {"in", "path"}, {"required", true}, {"schema", {{"type", "integer"}}}},
        query_param("task", "Only this task's lines.", {{"type", "string"}}),
        query_param("attempt", "Only this attempt's lines.", {{"type", "integer"}, {"minimum", 0}}),
        query_param("limit", "1–1000, default 1000.",
                    {{"type", "integer"}, {"minimum", 1}, {"maximum", k_max_limit}}),
        query_param("offset", "Default 0.", {{"type", "integer"}, {"minimum", 0}})}},
      {"responses",
       {{"200", json_response("A page of log lines: {run_id, task, attempt, total, limit, "
                              "offset, items}.")},
        {"404", error_response("No such run, or the run has no such task.")},
        {"422", error_response("Invalid parameter.")}}}};
  paths["/api/v1/schedule"]["get"] = {
      {"summary",
       "Each scheduled pipeline: cron, time zone, catch-up policy, next and last fire, and the "
       "lease while a run holds it."},
      {"tags", {"runs"}},
      {"responses",
       {{"200", json_response("{now, items}.")},
        {"422", error_response("The endpoint takes no parameters.")}}}};
  const Json lake_path =
      query_param("path", "Relative to the lake root ('' for the root).", {{"type", "string"}});
  paths["/api/v1/lake"]["get"] = {{"summary", "List a directory of the lake (or describe a file)."},
                                  {"tags", {"lake"}},
                                  {"parameters", {lake_path}},
                                  {"responses",
                                   {{"200", json_response("The entries.")},
                                    {"403", error_response("The path leaves the lake root.")},
                                    {"404", error_response("No such path.")},
                                    {"422", error_response("Malformed path.")}}}};
  paths["/api/v1/lake/download"]["get"] = {
      {"summary", "Download a file of the lake."},
      {"tags", {"lake"}},
      {"parameters", {lake_path}},
      {"responses",
       {{"200", {{"description", "The file's bytes."}}},
        {"403", error_response("The path leaves the lake root.")},
        {"404", error_response("No such file.")}}}};
  const Json provider_param = {
      {"name", "provider"}, {"in", "path"}, {"required", true}, {"schema", {{"type", "string"}}}};
  paths["/api/gateway/{provider}/movies"]["get"] = {
      {"summary", "The provider's film list, cached and retried."},
      {"tags", {"gateway"}},
      {"parameters", {provider_param}},
      {"responses",
       {{"200", json_response("As the provider answers.")},
        {"404", error_response("Unknown provider.")},
        {"502", error_response("The provider failed.")}}}};
  paths["/api/gateway/{provider}/movie/{id}"]["get"] = {
      {"summary", "One film's details at the provider, cached and retried."},
      {"tags", {"gateway"}},
      {"parameters",
       {provider_param,
        {{"name", "id"}, {"in", "path"}, {"required", true}, {"schema", {{"type", "string"}}}}}},
      {"responses",
       {{"200", json_response("As the provider answers.")},
        {"404", error_response("Unknown provider or film.")},
        {"422", error_response("Malformed id.")},
        {"502", error_response("The provider failed.")}}}};
  paths["/top_actor_actress/"]["post"] = {
      {"summary", "Compatibility: the people ranking of a role."},
      {"tags", {"compatibility"}},
      {"requestBody",
       {{"required", true},
        {"content",
         {{"application/json",
           {{"schema",
             {{"type", "object"},
              {"required", {"role"}},
              {"properties",
               {{"role", {{"type", "string"}, {"enum", {"actor", "actress", "both"}}}},
                {"limit",
                 {{"type", "integer"},
                  {"minimum", 1},
                  {"maximum", 10000},
                  {"default", 100}}}}}}}}}}}}},
      {"responses",
       {{"200", json_response("Records with the fields of `people`.", {{"type", "array"}})},
        {"413", error_response("Body too large.")},
        {"422", error_response("Invalid role or limit.")}}}};
  paths["/etl_pipeline_status/"]["post"] = {
      {"summary", "Compatibility: the task attempts of the runs of an ingest date."},
      {"tags", {"compatibility"}},
      {"requestBody",
       {{"required", true},
        {"content",
         {{"application/json",
           {{"schema",
             {{"type", "object"},
              {"required", {"date"}},
              {"properties", {{"date", {{"type", "string"}, {"format", "date"}}}}}}}}}}}}},
      {"responses",
       {{"200",
         json_response("Records with the fields of `etl_pipeline_status`.", {{"type", "array"}})},
        {"413", error_response("Body too large.")},
        {"422", error_response("Invalid date.")}}}};
  return {{"openapi", "3.0.3"},
          {"info",
           {{"title", "reelhouse API"},
            {"version", "1"},
            {"description",
             "The products of the reelhouse pipelines, runs, the lake and the provider gateway."}}},
          {"paths", paths},
          {"components",
           {{"securitySchemes", {{"bearer", {{"type", "http"}, {"scheme", "bearer"}}}}},
            {"schemas",
             {{"Error",
               {{"type", "object"},
                {"properties",
                 {{"error", {{"type", "string"}}},
                  {"status", {{"type", "integer"}}},
                  {"field", {{"type", "string"}}}}}}},
              {"Page",
               {{"type", "object"},
                {"properties",
                 {{"product", {{"type", "string"}}},
                  {"total", {{"type", "integer"}}},
                  {"limit", {{"type", "integer"}}},
                  {"offset", {{"type", "integer"}}},
                  {"items", {{"type", "array"}, {"items", {{"type", "object"}}}}}}}}}}}}},
          {"security", Json::array({{{"bearer", Json::array()}}})}};
}

std::string api_docs_page(const Json& document) {
  std::string html = R"(<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>reelhouse API</title>
<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.45;color:#1d2330}
h2{border-bottom:1px solid #d8dce3;padding-bottom:.2rem;margin-top:2rem}code{background:#f1f3f6;padding:0 .25rem;border-radius:3px}
.method{font-weight:700;display:inline-block;min-width:3.5rem}table{border-collapse:collapse;width:100%;margin:.4rem 0 1rem}
td,th{border:1px solid #d8dce3;padding:.25rem .5rem;text-align:left;vertical-align:top}th{background:#f5f6f8}</style></head><body>
<h1>reelhouse API</h1><p>Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI 3). Errors are
<code>{"error": …, "status": …, "field": …}</code>; invalid parameters answer 422 naming the field. When <code>serve.token</code>
is set, send <code>Authorization: Bearer &lt;token&gt;</code>.</p>
)";
  for (const auto& [path, operations] : document["paths"].items()) {
    for (const auto& [method, operation] : operations.items()) {
      std::string upper_method = method;
      for (auto& character : upper_method) character = static_cast<char>(std::toupper(character));
      html += "<h2><span class=\"method\">" + upper_method + "</span> <code>" + html_escape(path) +
              "</code></h2>\n<p>" + html_escape(operation.value("summary", "")) + "</p>\n";
      if (operation.contains("parameters") && !operation["parameters"].empty()) {
        html += "<table><tr><th>parameter</th><th>in</th><th>type</th><th>description</th></tr>\n";
        for (const auto& parameter : operation["parameters"]) {
          std::string type = parameter["schema"].value("type", "");
          if (parameter["schema"].contains("enum")) {
            type += ": " + parameter["schema"]["enum"].dump();
          }
          html += "<tr><td><code>" + html_escape(parameter.value("name", "")) + "</code></td><td>" +
                  html_escape(parameter.value("in", "")) + "</td><td>" + html_escape(type) +
                  "</td><td>" + html_escape(parameter.value("description", "")) + "</td></tr>\n";
        }
        html += "</table>\n";
      }
      if (operation.contains("requestBody")) {
        html +=
            "<p>Body: <code>" +
            html_escape(operation["requestBody"]["content"]["application/json"]["schema"].dump()) +
            "</code></p>\n";
      }
      std::string statuses;
      for (const auto& [status, response] : operation["responses"].items()) {
        statuses +=
            "<code>" + status + "</code> " + html_escape(response.value("description", "")) + " ";
      }
      html += "<p>Answers: " + statuses + "</p>\n";
    }
  }
  html += "</body></html>\n";
  return html;
}

}  // namespace reelhouse::server
