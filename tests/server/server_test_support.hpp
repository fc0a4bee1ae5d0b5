// Header-only (the test binary globs *_test.cpp only).
//
// A reelhouse API server on a free loopback port over a temporary home (warehouse file, lake,
// catalog), with helpers to publish warehouses the way the publisher does (a DuckDB file
// built under a temporary name, then renamed over the served path) and to call the API.
#pragma once

#include <gtest/gtest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "db/duckdb.hpp"
#include "server/api_server.hpp"
#include "support/test_support.hpp"

namespace reelhouse::testing {

struct ApiAnswer {
  int status = 0;  // 0: no HTTP answer
  std::string body;
  nlohmann::json json;  // parsed body (discarded when not JSON)
  std::string content_type;
};

// The `people` table with a few rows (3 actors, 2 actresses) used by several tests.
inline const std::vector<std::string> k_people_tables = {
    "CREATE TABLE people (nconst VARCHAR, name VARCHAR, role VARCHAR, titles BIGINT, "
    "avg_rating DOUBLE, weighted_rating DOUBLE, votes HUGEINT, runtime_minutes HUGEINT, rank "
    "BIGINT)",
    "INSERT INTO people VALUES "
    "('nm0000001', 'Ada Actor', 'actor', 5, 8.5, 8.4, 12000, 600, 1), "
    "('nm0000002', 'Bob O''Brien', 'actor', 3, 7.25, 7.0, 5000, NULL, 2), "
    "('nm0000003', 'Cy Zed', 'actor', 4, 6.0, NULL, 1500, 400, 3), "
    "('nm0000004', 'Dee Actress', 'actress', 6, 9.0, 8.9, 30000, 700, 1), "
    "('nm0000005', 'Eve Émile', 'actress', 3, 5.5, 5.4, 1000, 300, 2)"};

class ServerFixture : public ::testing::Test {
 protected:
  std::filesystem::path warehouse_path() const { return m_home.path() / "warehouse.duckdb"; }
  std::filesystem::path lake_root() const { return m_home.path() / "lake"; }
  std::filesystem::path catalog_path() const { return m_home.path() / "catalog.sqlite"; }
  const std::filesystem::path& home() const { return m_home.path(); }

  // Options for a server over this fixture's home on a free port.
  server::ServerOptions options() const;

  // Starts the server (once per test). REQUIRES: not started.
  void start(server::ServerOptions options);
  void start() { start(options()); }
  server::ApiServer& server() { return *m_server; }

  // Builds a DuckDB file from `statements` under a temporary name and renames it over the
  // served warehouse path (as warehouse::publish_warehouse does).
  void publish(const std::vector<std::string>& statements);

  ApiAnswer get(const std::string& target, const httplib::Headers& headers = {});
  ApiAnswer post(const std::string& target, const std::string& body,
                 const httplib::Headers& headers = {});

 private:
  TempDir m_home;
  std::unique_ptr<server::ApiServer> m_server;
  int m_published = 0;
};

// Percent-encodes a query parameter value.
std::string url_encode(const std::string& value);

inline server::ServerOptions ServerFixture::options() const {
  server::ServerOptions options;
  options.bind = "127.0.0.1";
  options.port = 0;
  options.threads = 4;
  options.max_body_bytes = 4096;
  options.warehouse_path = warehouse_path();
  options.lake_root = lake_root();
  options.catalog_path = catalog_path();
  options.providers = {"cinemaworld", "filmworld"};
  options.duck = db::DuckOptions{.threads = 1};
  return options;
}

inline void ServerFixture::start(server::ServerOptions options) {
  ASSERT_EQ(m_server, nullptr);
  std::filesystem::create_directories(lake_root());
  auto started = server::ApiServer::start(std::move(options));
  ASSERT_TRUE(started.has_value()) << started.error().message;
  m_server = std::move(*started);
}

inline void ServerFixture::publish(const std::vector<std::string>& statements) {
  const auto temporary = home() / fmt::format(".warehouse.duckdb.tmp-{}", ++m_published);
  std::filesystem::remove(temporary);
  {
    auto database = db::DuckDatabase::open(temporary.string(), {.threads = 1});
    ASSERT_TRUE(database.has_value()) << database.error().message;
    auto connection = db::DuckConnection::connect(*database);
    ASSERT_TRUE(connection.has_value());
    for (const auto& statement : statements) {
      auto done = connection->execute(statement);
      ASSERT_TRUE(done.has_value()) << statement << ": " << done.error().message;
    }
    ASSERT_TRUE(connection->execute("CHECKPOINT").has_value());
  }
  std::filesystem::rename(temporary, warehouse_path());
}

inline ApiAnswer to_answer(const httplib::Result& result) {
  ApiAnswer answer;
  if (!result) return answer;
  answer.status = result->status;
  answer.body = result->body;
  answer.content_type = result->get_header_value("Content-Type");
  answer.json = nlohmann::json::parse(answer.body, nullptr, false);
  return answer;
}

inline httplib::Client make_client(int port) {
  httplib::Client client("127.0.0.1", port);
  client.set_connection_timeout(5, 0);
  client.set_read_timeout(10, 0);
  client.set_write_timeout(10, 0);
  return client;
}

inline ApiAnswer ServerFixture::get(const std::string& target, const httplib::Headers& headers) {
  auto client = make_client(m_server->port());
  return to_answer(client.Get(target, headers));
}

inline ApiAnswer ServerFixture::post(const std::string& target, const std::string& body,
                                     const httplib::Headers& headers) {
  auto client = make_client(m_server->port());
  return to_answer(client.Post(target, headers, body, "application/json"));
}

inline std::string url_encode(const std::string& value) {
  return httplib::detail::encode_query_param(value);
}

}  // namespace reelhouse::testing
