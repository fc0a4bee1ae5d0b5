// GET /api/v1/products (what is served and whether the warehouse has it) and
// GET /api/v1/{product} for every entry of product_catalog.
#include <spdlog/spdlog.h>

#include "catalog/catalog.hpp"
#include "server/product_query.hpp"
#include "server/server_context.hpp"
#include "transform/model_runner.hpp"

namespace reelhouse::server {

namespace {

// The relation and columns of `spec`'s table as of `date` (its newest aggregated snapshot at
// or before that date in the lake), read through the scratch DuckDB; nullopt when none.
struct AsOfSource {
  std::shared_ptr<WarehouseSnapshot> reader;
  std::string relation;
  TableInfo table;
};

Result<std::optional<AsOfSource>> as_of_source(ServerContext& context, const ProductSpec& spec,
                                               const std::string& date) {
  if (!catalog::catalog_exists(context.options.catalog_path.string())) return std::nullopt;
  auto catalog = TRY(catalog::Catalog::open(context.options.catalog_path));
  const auto snapshot = TRY(catalog.latest_snapshot("aggregated", spec.table, date, std::nullopt));
  if (!snapshot) return std::nullopt;
  AsOfSource source;
  {
    std::lock_guard lock(context.lake_reader_mutex);
    if (!context.lake_reader) {
      context.lake_reader = TRY(WarehouseSnapshot::open(":memory:", {}, context.options.duck, 0));
    }
    source.reader = context.lake_reader;
  }
  source.relation = TRY(transform::partition_relation(snapshot->location));
  auto columns = TRY(source.reader->query(
      fmt::format("SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM {})",
                  source.relation),
      {}));
  for (uint64_t row = 0; row < columns.row_count(); ++row) {
    const std::string type = columns.text(1, row);
    source.table.columns.push_back({.name = columns.text(0, row),
                                    .type = type,
                                    .renders_natively = type_renders_natively(type)});
  }
  return source;
}

void answer_empty(const ProductSpec& spec, const ProductRequest& request,
                  httplib::Response& response) {
  Json body = {{"product", spec.name},
               {"total", 0},
               {"limit", request.limit},
               {"offset", request.offset},
               {"items", Json::array()}};
  if (request.as_of) body["as_of"] = *request.as_of;
  send_json(response, 200, body);
}

}  // namespace

void answer_product(ServerContext& context, const std::string& product, const QueryParams& params,
                    httplib::Response& response) {
  const ProductSpec* spec = find_product(product);
  if (spec == nullptr) {
    send_error(response, 404,
               fmt::format("no product \"{}\" (see /api/v1/products)", product.substr(0, 64)));
    return;
  }
  auto request = parse_product_request(*spec, params, context.options.providers);
  if (!request) {
    send_error(response, 422, request.error().message, request.error().field);
    return;
  }
  auto snapshot = context.warehouse.current();
  if (!request->as_of) {
    if (auto unavailable = snapshot->unavailable()) {
      send_error(response, 503, *unavailable);
      return;
    }
    if (auto cached = snapshot->cache().find(request->cache_key)) {
      response.status = 200;
      response.set_content(*cached, k_json_type);
      return;
    }
  }

  std::shared_ptr<WarehouseView> reader = snapshot;
  std::string relation = snapshot->relation(spec->table);
  TableInfo as_of_table;
  const TableInfo* table = nullptr;
  if (request->as_of) {
    auto source = as_of_source(context, *spec, *request->as_of);
    if (!source) {
      spdlog::error("as_of {} for {}: {}", *request->as_of, spec->name, source.error().message);
      send_error(response, 500, "cannot read the lake's snapshot for as_of (logged)");
      return;
    }
    if (*source) {
      reader = (*source)->reader;
      relation = (*source)->relation;
      as_of_table = std::move((*source)->table);
      table = &as_of_table;
    }
  } else {
    table = snapshot->table(spec->table);
  }
  if (table == nullptr) {
    answer_empty(*spec, *request, response);
    return;
  }
  auto sql = build_product_sql(*spec, *request, *table, relation, reader->dialect(),
                               reader->fold_collation());
  if (!sql) {
    send_error(response, 422, sql.error().message, sql.error().field);
    return;
  }
  QuerySlot slot(context.query_slots);
  auto count = reader->query(sql->count_sql, sql->filter_params);
  auto page_params = sql->filter_params;
  page_params.emplace_back(request->limit);
  page_params.emplace_back(request->offset);
  auto page = count ? reader->query(sql->page_sql, page_params) : std::move(count);
  if (!page) {
    const Error& error = page.error();  // the count's error when the count failed (moved in)
    spdlog::error("product {}: {}", spec->name, error.message);
    const int status = status_for_query_error(error);
    send_error(response, status,
               status == 503 ? error.message : "the query failed (logged by the server)");
    return;
  }
  Json body = {{"product", spec->name},
               {"total", count->integer(0, 0)},
               {"limit", request->limit},
               {"offset", request->offset}};
  if (request->as_of) body["as_of"] = *request->as_of;
  body["items"] = rows_to_json(*page);
  auto text = std::make_shared<const std::string>(dump_json(body));
  if (!request->as_of) snapshot->cache().insert(request->cache_key, text);
  response.status = 200;
  response.set_content(*text, k_json_type);
}

void register_product_routes(ServerContext& context) {
  add_route(context, "GET", "/api/v1/products", "/api/v1/products",
            [&context](const httplib::Request&, httplib::Response& response) {
              auto snapshot = context.warehouse.current();
              if (auto unavailable = snapshot->unavailable()) {
                return send_error(response, 503, *unavailable);
              }
              Json products = Json::array();
              for (const auto& spec : product_specs()) {
                const TableInfo* table = snapshot->table(spec.table);
                Json entry = {{"name", spec.name},
                              {"path", "/api/v1/" + spec.name},
                              {"pipeline", spec.pipeline},
                              {"description", spec.description},
                              {"available", table != nullptr}};
                entry["rows"] = table && table->rows ? Json(*table->rows) : Json(nullptr);
                products.push_back(std::move(entry));
              }
              send_json(response, 200, {{"products", products}});
            });
  add_route(context, "GET", R"(/api/v1/([a-z_]+))", "/api/v1/{product}",
            [&context](const httplib::Request& request, httplib::Response& response) {
              answer_product(context, request.matches[1].str(), request.params, response);
            });
}

}  // namespace reelhouse::server
