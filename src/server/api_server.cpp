#include "server/api_server.hpp"

#include <spdlog/spdlog.h>
#include <sys/socket.h>

#include "server/server_context.hpp"

namespace reelhouse::server {

namespace {

constexpr size_t k_connection_threads = 256;
constexpr int k_listen_backlog = 1024;

// Set by the route wrapper and the pre-routing handler, read by the logger that records the
// request's metrics: cpp-httplib runs all three on the worker thread of the request.
thread_local std::string t_route_label;
thread_local std::chrono::steady_clock::time_point t_request_start;

bool needs_token(const std::string& path) {
  return !(path == "/healthz" || path == "/" || path.starts_with("/assets/") ||
           path == "/api/docs" || path == "/api/openapi.json");
}

// Compares without an early exit, so timing does not reveal how much of a guess was right.
bool same_secret(std::string_view given, std::string_view expected) {
  unsigned char difference = given.size() == expected.size() ? 0 : 1;
  for (size_t idx = 0; idx < given.size(); ++idx) {
    difference |= static_cast<unsigned char>(given[idx] ^ expected[idx % expected.size()]);
  }
  return difference == 0;
}

httplib::Server::HandlerResponse check_token(ServerContext& context,
                                             const httplib::Request& request,
                                             httplib::Response& response) {
  t_request_start = std::chrono::steady_clock::now();
  t_route_label = "unmatched";
  const std::string& token = context.options.token;
  if (token.empty() || !needs_token(request.path))
    return httplib::Server::HandlerResponse::Unhandled;
  const std::string header = request.get_header_value("Authorization");
  constexpr std::string_view k_bearer = "Bearer ";
  if (header.starts_with(k_bearer) &&
      same_secret(std::string_view(header).substr(k_bearer.size()), token)) {
    return httplib::Server::HandlerResponse::Unhandled;
  }
  t_route_label = "unauthorized";
  response.set_header("WWW-Authenticate", "Bearer");
  send_error(response, 401,
             header.empty() ? "this route needs \"Authorization: Bearer <token>\" (serve.token)"
                            : "the bearer token is not the one configured in serve.token");
  return httplib::Server::HandlerResponse::Handled;
}

}  // namespace

ServerContext::ServerContext(ServerOptions server_options)
    : options(std::move(server_options)),
      warehouse(WarehouseReaderOptions{.path = options.warehouse_path,
                                       .duck = options.duck,
                                       .cache_budget_bytes = options.response_cache_bytes,
                                       .postgres_url = options.warehouse_url,
                                       .pool_size = options.warehouse_pool_size}),
      gateway(options.gateway),
      query_slots(std::clamp<std::ptrdiff_t>(options.threads, 1, k_max_query_threads)) {}

void add_route(ServerContext& context, std::string_view method, const std::string& pattern,
               std::string label, RouteHandler handler) {
  auto wrapped = [label = std::move(label), handler = std::move(handler)](
                     const httplib::Request& request, httplib::Response& response) {
    t_route_label = label;
    handler(request, response);
  };
  if (method == "GET") {
    context.http.Get(pattern, std::move(wrapped));
  } else {
    context.http.Post(pattern, std::move(wrapped));
  }
}

ServerOptions server_options_from_config(const Config& config) {
  ServerOptions options;
  options.bind = config.serve.bind;
  options.port = static_cast<int>(config.serve.port);
  options.token = config.serve.token;
  options.threads = static_cast<int>(config.serve.threads);
  options.max_body_bytes = config.serve.max_body_bytes;
  options.warehouse_path = config.warehouse_path();
  if (config.warehouse_in_postgres()) options.warehouse_url = config.warehouse.url;
  options.warehouse_pool_size = static_cast<int>(config.warehouse.pool_size);
  options.lake_root = config.lake_root();
  options.catalog_path = config.catalog_location();
  options.providers = config.providers.names;
  options.gateway = GatewayOptions{
      .base_url = config.providers.url,
      .token = config.providers.token,
      .providers = config.providers.names,
      .cache_ttl = std::chrono::seconds(config.serve.gateway_cache_seconds),
      .max_attempts = static_cast<int>(std::min<int64_t>(config.providers.max_attempts, 5)),
      .backoff_initial = std::chrono::milliseconds(config.providers.backoff_initial_ms),
      .backoff_max =
          std::chrono::milliseconds(std::min<int64_t>(config.providers.backoff_max_ms, 2000)),
      .connect_timeout = std::chrono::milliseconds(config.providers.connect_timeout_ms),
      .request_timeout =
          std::chrono::milliseconds(std::min<int64_t>(config.providers.request_timeout_ms, 10000)),
      .budget = std::chrono::milliseconds(20000)};
  options.duck = db::DuckOptions{.threads = static_cast<int>(config.runtime.threads),
                                 .memory_limit = config.runtime.memory_limit};
  options.schedule = config.schedule;
  return options;
}

Result<std::unique_ptr<ApiServer>> ApiServer::start(ServerOptions options) {
  if (options.threads < 1) return make_error(ErrorCode::config, "serve.threads must be at least 1");
  auto server = std::unique_ptr<ApiServer>(new ApiServer());
  server->m_bind = options.bind;
  server->m_context = std::make_unique<ServerContext>(std::move(options));
  ServerContext& context = *server->m_context;
  httplib::Server& http = context.http;

  // cpp-httplib serves a keep-alive connection on one pool thread until it closes, so the pool
  // must be as large as the number of concurrent clients; the DuckDB work is bounded
  // separately by serve.threads (ServerContext::query_slots).
  const auto connection_threads =
      std::max<size_t>(k_connection_threads, static_cast<size_t>(context.options.threads));
  http.new_task_queue = [connection_threads] {
    return new httplib::ThreadPool(connection_threads);
  };
  http.set_payload_max_length(static_cast<size_t>(context.options.max_body_bytes));
  http.set_read_timeout(10, 0);
  http.set_write_timeout(10, 0);
  http.set_keep_alive_max_count(10000);
  // Headers and body go out in separate writes: without TCP_NODELAY, Nagle plus delayed ACKs
  // add ~40 ms to every keep-alive answer.
  http.set_tcp_nodelay(true);
  // The listening socket: SO_REUSEADDR as cpp-httplib's default, and its descriptor kept to
  // raise the accept backlog after bind (the library listens with a backlog of 5, which drops
  // connections when a hundred clients connect at once: 1–3 s SYN retransmits).
  int listen_socket = -1;
  http.set_socket_options([&listen_socket](socket_t socket) {
    int yes = 1;
    ::setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
    listen_socket = socket;
  });
  http.set_pre_routing_handler(
      [&context](const httplib::Request& request, httplib::Response& response) {
        return check_token(context, request, response);
      });
  http.set_error_handler([](const httplib::Request& request, httplib::Response& response) {
    if (!response.body.empty()) return;  // a route already wrote its JSON error
    if (response.status == 413) {
      send_error(response, 413, "request body too large (serve.max_body_bytes)");
    } else if (response.status == 404) {
      send_error(response, 404, fmt::format("no route {} {}", request.method, request.path));
    } else {
      send_error(response, response.status, fmt::format("HTTP {}", response.status));
    }
  });
  http.set_exception_handler([](const httplib::Request& request, httplib::Response& response,
                                std::exception_ptr exception) {
    std::string what = "unknown exception";
    try {
      if (exception) std::rethrow_exception(exception);
    } catch (const std::exception& error) {
      what = error.what();
    } catch (...) {
    }
    spdlog::error("{} {}: {}", request.method, request.path, what);
    send_error(response, 500, "internal error (logged by the server)");
  });
  http.set_logger([&context](const httplib::Request& request, const httplib::Response& response) {
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t_request_start).count();
    context.metrics.observe_request(t_route_label, request.method, response.status, seconds);
  });

  register_service_routes(context);
  register_docs_routes(context);
  register_run_routes(context);
  register_lake_routes(context);
  register_gateway_routes(context);
  register_compat_routes(context);
  register_product_routes(context);
  register_static_routes(context);

  const int port =
      context.options.port == 0
          ? http.bind_to_any_port(context.options.bind)
          : (http.bind_to_port(context.options.bind, context.options.port) ? context.options.port
                                                                           : -1);
  if (port <= 0) {
    return make_error(ErrorCode::connection, "cannot listen on {}:{} (address in use or invalid?)",
                      context.options.bind, context.options.port);
  }
  if (listen_socket >= 0) ::listen(listen_socket, k_listen_backlog);  // re-listen: new backlog
  server->m_port = port;
  server->m_thread = std::thread([&http] { http.listen_after_bind(); });
  return server;
}

std::string ApiServer::base_url() const {
  return fmt::format("http://{}:{}", m_bind, m_port);
}

void ApiServer::stop() {
  if (!m_context) return;
  m_context->http.stop();
  if (m_thread.joinable()) m_thread.join();
}

ApiServer::~ApiServer() {
  stop();
}

}  // namespace reelhouse::server
