// Serving from PostgreSQL while it changes: publications swapped in under a client loop, a
// bounded pool under concurrent requests, a server that cannot be reached or drops the
// connections (team mode, issue 7). A home where the imdb pipeline ran is published into a
// fresh database of the shared test server; the API server reads it with `warehouse_url`.
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <nlohmann/json.hpp>
#include <thread>

#include "catalog/catalog.hpp"
#include "postgres/pg_connection.hpp"
#include "server/api_server.hpp"
#include "support/postgres_server.hpp"
#include "support/reelhouse_home.hpp"
#include "warehouse/postgres_publisher.hpp"

namespace reelhouse::server {
namespace {

struct Answer {
  int status = 0;
  std::string body;
  nlohmann::json json;
};

Answer get(httplib::Client& client, const std::string& target) {
  auto result = client.Get(target);
  if (!result) return {};
  return {result->status, result->body, nlohmann::json::parse(result->body, nullptr, false)};
}

// A home where imdb ran on tiny generated data, published into the new database `database`.
struct PublishedHome {
  testing::ReelhouseHome home;
  Config config;
  std::string url;
  int64_t run_id = 0;
};

void publish_imdb_home(testing::PostgresServer& postgres, const std::string& database,
                       PublishedHome& published) {
  testing::TempDir source;
  const auto generated = testing::run_reelhouse(
      {"generate", "imdb", "--scale", "0.001", "--seed", "5", "--out", source.path().string()});
  ASSERT_EQ(generated.exit_code, 0) << generated.output;
  const auto ran = published.home.run_pipeline(
      "imdb", "2024-01-01", {"sources.imdb.url=" + testing::file_url(source.path())});
  ASSERT_EQ(ran.exit_code, 0) << ran.output;
  auto config = load_config(published.home.path(), {}, {});
  ASSERT_TRUE(config) << config.error().message;
  published.config = std::move(*config);
  published.url = postgres.create_database(database);
  auto catalog = catalog::Catalog::open(published.config.catalog_location());
  ASSERT_TRUE(catalog) << catalog.error().message;
  const auto runs = catalog->recent_runs(1, std::nullopt);
  ASSERT_TRUE(runs && !runs->empty());
  published.run_id = runs->front().run_id;
  const auto done = warehouse::publish_postgres_warehouse(published.config, *catalog,
                                                          published.run_id, published.url);
  ASSERT_TRUE(done) << done.error().message;
}

ServerOptions pg_options(const PublishedHome& published, int pool_size) {
  ServerOptions options = server_options_from_config(published.config);
  options.bind = "127.0.0.1";
  options.port = 0;
  options.warehouse_url = published.url;
  options.warehouse_pool_size = pool_size;
  return options;
}

// Connections of `reelhouse serve` to the database of `url`, from pg_stat_activity.
int64_t serve_connections(postgres::PgConnection& admin, const std::string& database) {
  auto count = admin.query_int(
      "SELECT count(*) FROM pg_stat_activity WHERE datname = $1 AND application_name = "
      "'reelhouse serve'",
      {database});
  return count.value_or(-1);
}

// A TCP forwarder on 127.0.0.1 to a local port: stopping it is "the server went away" for
// its clients (every connection cut, new ones refused), starting it again on the same port
// brings the server back.
class TcpProxy {
 public:
  explicit TcpProxy(int target_port) : m_target_port(target_port) {}
  TcpProxy(const TcpProxy&) = delete;
  TcpProxy& operator=(const TcpProxy&) = delete;
  ~TcpProxy() { stop(); }

  // Listens on `port` (0: a free one). Returns false when it cannot bind.
  bool start(int port) {
    m_listener = ::socket(AF_INET, SOCK_STREAM, 0);
    int yes = 1;
    ::setsockopt(m_listener, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(static_cast<uint16_t>(port));
    if (::bind(m_listener, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
        ::listen(m_listener, 64) != 0) {
      ::close(m_listener);
      return false;
    }
    socklen_t length = sizeof(address);
    ::getsockname(m_listener, reinterpret_cast<sockaddr*>(&address), &length);
    m_port = ntohs(address.sin_port);
    m_running = true;
    m_threads.emplace_back([this] { accept_loop(); });
    return true;
  }

  // Cuts every connection and stops listening.
  void stop() {
    if (!m_running.exchange(false)) return;
    {
      std::lock_guard lock(m_mutex);
      for (const int socket : m_sockets) ::shutdown(socket, SHUT_RDWR);
    }
    for (auto& thread : m_threads) thread.join();
    m_threads.clear();
    std::lock_guard lock(m_mutex);
    for (const int socket : m_sockets) ::close(socket);
    m_sockets.clear();
    ::close(m_listener);
  }

  int port() const { return m_port; }

 private:
  void accept_loop() {
    while (m_running) {
      pollfd listening{.fd = m_listener, .events = POLLIN, .revents = 0};
      if (::poll(&listening, 1, 20) <= 0) continue;
      const int client = ::accept(m_listener, nullptr, nullptr);
      if (client < 0) continue;
      const int upstream = ::socket(AF_INET, SOCK_STREAM, 0);
      sockaddr_in target{};
      target.sin_family = AF_INET;
      target.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      target.sin_port = htons(static_cast<uint16_t>(m_target_port));
      {
        std::lock_guard lock(m_mutex);
        m_sockets.push_back(client);
        m_sockets.push_back(upstream);
      }
      if (::connect(upstream, reinterpret_cast<sockaddr*>(&target), sizeof(target)) != 0) {
        ::shutdown(client, SHUT_RDWR);
        continue;
      }
      m_threads.emplace_back([this, client, upstream] { pump(client, upstream); });
    }
  }

  // Copies bytes both ways until either side closes or the proxy stops.
  void pump(int client, int upstream) {
    pollfd fds[2] = {{.fd = client, .events = POLLIN, .revents = 0},
                     {.fd = upstream, .events = POLLIN, .revents = 0}};
    char buffer[16384];
    while (m_running) {
      if (::poll(fds, 2, 20) <= 0) continue;
      for (int side = 0; side < 2; ++side) {
        if (fds[side].revents == 0) continue;
        const ssize_t got = ::read(fds[side].fd, buffer, sizeof(buffer));
        if (got <= 0 || ::write(fds[1 - side].fd, buffer, static_cast<size_t>(got)) != got) {
          ::shutdown(client, SHUT_RDWR);
          ::shutdown(upstream, SHUT_RDWR);
          return;
        }
      }
    }
  }

  int m_target_port = 0;
  int m_port = 0;
  int m_listener = -1;
  std::atomic<bool> m_running{false};
  std::mutex m_mutex;  // guards m_sockets
  std::vector<int> m_sockets;
  std::vector<std::thread> m_threads;  // only the accept thread adds pump threads
};

TEST(PgServeSwapTest, PublicationsSwapInUnderAClientLoopWithoutErrorsOrStaleAnswers) {
  SKIP_WITHOUT_POSTGRES(postgres);
  PublishedHome published;
  publish_imdb_home(*postgres, "pg_serve_swap_test", published);
  if (HasFatalFailure()) return;
  auto server = ApiServer::start(pg_options(published, 4));
  ASSERT_TRUE(server) << server.error().message;
  const int port = (*server)->port();

  httplib::Client client("127.0.0.1", port);
  const auto before = get(client, "/api/v1/etl_pipeline_status?limit=1");
  ASSERT_EQ(before.status, 200) << before.body;
  const int64_t base_attempts = before.json["total"].get<int64_t>();
  const auto people = get(client, "/api/v1/people?limit=1000");
  ASSERT_EQ(people.status, 200) << people.body;
  ASSERT_GT(people.json["total"].get<int64_t>(), 0);

  // Clients asking for products all the time: never a 5xx, never a missing table or row.
  std::atomic<bool> stop{false};
  std::atomic<int64_t> requests{0};
  std::mutex failures_mutex;
  std::vector<std::string> failures;
  std::vector<std::thread> clients;
  for (int thread = 0; thread < 2; ++thread) {
    clients.emplace_back([&, thread] {
      httplib::Client loop_client("127.0.0.1", port);
      loop_client.set_keep_alive(true);
      const std::vector<std::string> targets = {"/api/v1/people?limit=1000",
                                                "/api/v1/etl_pipeline_status?limit=3",
                                                "/api/v1/products", "/api/v1/people?sort=-name"};
      for (size_t idx = static_cast<size_t>(thread); !stop; ++idx) {
        const std::string& target = targets[idx % targets.size()];
        const auto answer = get(loop_client, target);
        ++requests;
        std::string failure;
        if (answer.status != 200) {
          failure = fmt::format("{} -> {} {}", target, answer.status, answer.body.substr(0, 300));
        } else if (target == "/api/v1/people?limit=1000" && answer.body != people.body) {
          failure = target + " changed: " + answer.body.substr(0, 200);
        } else if (target == "/api/v1/products") {
          for (const auto& product : answer.json["products"]) {
            if ((product["name"] == "people" || product["name"] == "etl_pipeline_status") &&
                product["available"] != true) {
              failure = "a table went missing: " + answer.body.substr(0, 300);
            }
          }
        }
        if (!failure.empty()) {
          std::lock_guard lock(failures_mutex);
          failures.push_back(std::move(failure));
        }
      }
    });
  }

  // Stops and joins the clients however the test ends (an ASSERT returns early).
  struct JoinClients {
    std::atomic<bool>& stop;
    std::vector<std::thread>& threads;
    ~JoinClients() {
      stop = true;
      for (auto& thread : threads) {
        if (thread.joinable()) thread.join();
      }
    }
  } join_clients{stop, clients};
  auto catalog = catalog::Catalog::open(published.config.catalog_location());
  ASSERT_TRUE(catalog) << catalog.error().message;
  for (int publication = 1; publication <= 3; ++publication) {
    // A new task attempt in the catalog: the next publication's etl_pipeline_status has it.
    const std::string date = fmt::format("2030-01-0{}", publication);
    const auto run = catalog->begin_run("prices", date, "manual");
    ASSERT_TRUE(run) << run.error().message;
    ASSERT_TRUE(catalog->begin_task(*run, "swap_probe", 1));
    const auto done =
        warehouse::publish_postgres_warehouse(published.config, *catalog, *run, published.url);
    ASSERT_TRUE(done) << done.error().message;
    // The new data is served within a few checks: the same (prepared) count statement now
    // reads the swapped-in schema, and the new generation's cache starts empty.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    int64_t total = -1;
    int64_t dated = -1;
    while (std::chrono::steady_clock::now() < deadline) {
      total = get(client, "/api/v1/etl_pipeline_status?limit=3").json.value("total", -1);
      dated = get(client, "/api/v1/etl_pipeline_status?date=" + date).json.value("total", -1);
      if (total == base_attempts + publication && dated == 1) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    EXPECT_EQ(total, base_attempts + publication) << "publication " << publication;
    EXPECT_EQ(dated, 1) << "publication " << publication;
  }
  stop = true;
  for (auto& thread : clients) thread.join();
  EXPECT_TRUE(failures.empty()) << failures.size() << " bad answers of " << requests.load()
                                << "; first: " << failures.front();
  EXPECT_GT(requests.load(), 20);
  const auto health = get(client, "/healthz");
  EXPECT_EQ(health.json["warehouse_backend"], "postgresql");
  EXPECT_GE(health.json["swaps"].get<int64_t>(), 3);
}

TEST(PgServeSwapTest, ConcurrentRequestsShareABoundedPoolOfPreparedConnections) {
  SKIP_WITHOUT_POSTGRES(postgres);
  PublishedHome published;
  publish_imdb_home(*postgres, "pg_serve_pool_test", published);
  if (HasFatalFailure()) return;
  constexpr int k_pool_size = 3;
  ServerOptions options = pg_options(published, k_pool_size);
  options.threads = 8;
  options.response_cache_bytes = 0;  // every request queries PostgreSQL
  auto server = ApiServer::start(options);
  ASSERT_TRUE(server) << server.error().message;
  const int port = (*server)->port();

  const std::vector<std::string> targets = {"/api/v1/people",
                                            "/api/v1/people?role=actress&sort=-votes",
                                            "/api/v1/people?q=a&limit=7",
                                            "/api/v1/people?min_titles=4&offset=2",
                                            "/api/v1/etl_pipeline_status?state=succeeded",
                                            "/api/v1/people?sort=name&limit=1"};
  std::map<std::string, std::string> expected;
  httplib::Client client("127.0.0.1", port);
  for (const auto& target : targets) {
    const auto answer = get(client, target);
    ASSERT_EQ(answer.status, 200) << target << ": " << answer.body;
    expected[target] = answer.body;
  }

  auto admin = postgres::PgConnection::connect(published.url);
  ASSERT_TRUE(admin) << admin.error().message;
  std::atomic<bool> done{false};
  std::atomic<int64_t> most_connections{0};
  std::thread sampler([&] {
    while (!done) {
      most_connections =
          std::max(most_connections.load(), serve_connections(*admin, "pg_serve_pool_test"));
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  });
  const auto began = std::chrono::steady_clock::now();
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int thread = 0; thread < 8; ++thread) {
    threads.emplace_back([&, thread] {
      httplib::Client thread_client("127.0.0.1", port);
      thread_client.set_keep_alive(true);
      for (int request = 0; request < 200; ++request) {
        const auto& target = targets[static_cast<size_t>(thread + request) % targets.size()];
        const auto answer = get(thread_client, target);
        if (answer.status != 200 || answer.body != expected[target]) ++wrong;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
  done = true;
  sampler.join();
  EXPECT_EQ(wrong.load(), 0) << "of 1600 concurrent answers";
  EXPECT_GE(most_connections.load(), 1);
  EXPECT_LE(most_connections.load(), k_pool_size) << "warehouse.pool_size bounds the connections";
  std::cout << "[          ] 1600 requests in " << seconds << " s, at most "
            << most_connections.load() << " connections\n";
}

TEST(PgServeSwapTest, AnUnreachableServerAnswers503AndDroppedConnectionsRecover) {
  SKIP_WITHOUT_POSTGRES(postgres);
  // A port nothing listens on.
  int closed_port = 0;
  {
    const int probe = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(::bind(probe, reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
    socklen_t length = sizeof(address);
    ::getsockname(probe, reinterpret_cast<sockaddr*>(&address), &length);
    closed_port = ntohs(address.sin_port);
    ::close(probe);
  }
  ServerOptions options;
  options.port = 0;
  options.warehouse_url = fmt::format("postgresql://reelhouse@127.0.0.1:{}/warehouse", closed_port);
  auto down = ApiServer::start(options);
  ASSERT_TRUE(down) << down.error().message;
  httplib::Client client("127.0.0.1", (*down)->port());
  const std::string location = fmt::format("reelhouse@127.0.0.1:{}/warehouse", closed_port);
  for (const std::string target : {"/api/v1/people", "/api/v1/products"}) {
    const auto answer = get(client, target);
    EXPECT_EQ(answer.status, 503) << target << ": " << answer.body;
    const std::string error = answer.json.value("error", "");
    EXPECT_NE(error.find("the PostgreSQL warehouse " + location + " is unreachable"),
              std::string::npos)
        << error;
  }
  auto compat = client.Post("/top_actor_actress/", R"({"role": "both"})", "application/json");
  ASSERT_TRUE(compat);
  EXPECT_EQ(compat->status, 503) << compat->body;
  const auto health = get(client, "/healthz");
  EXPECT_EQ(health.status, 200);
  EXPECT_EQ(health.json["warehouse"], "unavailable");
  EXPECT_EQ(health.json["warehouse_location"], location);
  EXPECT_NE(health.json.value("warehouse_error", "").find("onnection refused"), std::string::npos)
      << health.body;

  // A real server that drops every connection of the pool: the next requests reconnect.
  PublishedHome published;
  publish_imdb_home(*postgres, "pg_serve_recover_test", published);
  if (HasFatalFailure()) return;
  ServerOptions up_options = pg_options(published, 2);
  up_options.response_cache_bytes = 0;
  auto up = ApiServer::start(up_options);
  ASSERT_TRUE(up) << up.error().message;
  httplib::Client up_client("127.0.0.1", (*up)->port());
  const auto first = get(up_client, "/api/v1/people?limit=5");
  ASSERT_EQ(first.status, 200) << first.body;
  auto admin = postgres::PgConnection::connect(published.url);
  ASSERT_TRUE(admin) << admin.error().message;
  const auto killed = admin->query_int(
      "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = "
      "'pg_serve_recover_test' AND application_name = 'reelhouse serve'");
  ASSERT_TRUE(killed) << killed.error().message;
  EXPECT_GE(*killed, 1);
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  Answer answer;
  int attempts = 0;
  for (; attempts < 20; ++attempts) {
    answer = get(up_client, "/api/v1/people?limit=5");
    if (answer.status == 200) break;
    EXPECT_EQ(answer.status, 503) << answer.body;  // a lost connection is a 503, never a 500
    std::this_thread::sleep_for(std::chrono::milliseconds(60));
  }
  EXPECT_EQ(answer.status, 200) << answer.body;
  EXPECT_EQ(answer.body, first.body);
  EXPECT_LE(attempts, 5) << "recovers within a few requests";
}

TEST(PgServeSwapTest, AServerThatGoesAwayAnswers503AndServesAgainWhenItIsBack) {
  SKIP_WITHOUT_POSTGRES(postgres);
  PublishedHome published;
  publish_imdb_home(*postgres, "pg_serve_restart_test", published);
  if (HasFatalFailure()) return;
  TcpProxy proxy(postgres->port());
  ASSERT_TRUE(proxy.start(0));
  const int proxy_port = proxy.port();
  ServerOptions options = pg_options(published, 2);
  options.warehouse_url =
      fmt::format("postgresql://postgres@127.0.0.1:{}/pg_serve_restart_test", proxy_port);
  auto server = ApiServer::start(options);
  ASSERT_TRUE(server) << server.error().message;
  httplib::Client client("127.0.0.1", (*server)->port());
  const auto before = get(client, "/api/v1/people?limit=5");
  ASSERT_EQ(before.status, 200) << before.body;

  proxy.stop();  // the server is gone: connections cut, new ones refused
  Answer down;
  for (int attempt = 0; attempt < 40 && down.status != 503; ++attempt) {
    down = get(client, "/api/v1/people?limit=6");  // not cached
    std::this_thread::sleep_for(std::chrono::milliseconds(60));
  }
  EXPECT_EQ(down.status, 503) << down.body;
  EXPECT_NE(down.json.value("error", "").find("is unreachable"), std::string::npos) << down.body;
  EXPECT_EQ(get(client, "/api/v1/people?limit=5").status, 503) << "not from the old cache";
  EXPECT_EQ(get(client, "/healthz").json["warehouse"], "unavailable");

  ASSERT_TRUE(proxy.start(proxy_port));  // back
  Answer again;
  for (int attempt = 0; attempt < 40 && again.status != 200; ++attempt) {
    std::this_thread::sleep_for(std::chrono::milliseconds(60));
    again = get(client, "/api/v1/people?limit=5");
  }
  EXPECT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.body, before.body);
  EXPECT_EQ(get(client, "/healthz").json["warehouse"], "published");
}

}  // namespace
}  // namespace reelhouse::server
