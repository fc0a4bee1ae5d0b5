// The provider gateway against a scripted provider on loopback: retried through 503s, cached,
// 404s passed through, unknown providers and malformed ids refused, our token sent upstream.
#include <atomic>
#include <thread>

#include "providers/provider_json_writer.hpp"
#include "server_test_support.hpp"

namespace reelhouse::testing {
namespace {

class FakeProvider {
 public:
  FakeProvider() {
    m_server.Get(R"(/api/(\w+)/movies)", [this](const httplib::Request& request,
                                                httplib::Response& response) {
      ++m_list_hits;
      if (request.get_header_value("x-access-token") != "provider-token") {
        response.status = 401;
        response.set_content(R"({"message":"Unauthorized"})", "application/json");
        return;
      }
      if (m_failures_left.fetch_sub(1) > 0) {
        response.status = 503;
        response.set_content("busy", "text/plain");
        return;
      }
      response.set_content(
          R"({"Movies":[{"Title":"Star Wars","Year":"1977","ID":"cw0076759","Type":"movie","Poster":"x"}]})",
          "application/json");
    });
    m_server.Get(R"(/api/(\w+)/movie/(\w+))", [this](const httplib::Request& request,
                                                     httplib::Response& response) {
      if (request.matches[2] == "cw0076759") {
        const std::string body = providers::render_movie_detail(
            {.title = "Star Wars", .year = "1977", .id = "cw0076759", .price = "29.5"});
        // The first answer is cut short with status 200, like the real providers sometimes do.
        const bool truncate = m_truncations_left.fetch_sub(1) > 0;
        response.set_content(truncate ? body.substr(0, body.size() / 2) : body, "application/json");
      } else {
        response.status = 404;
        response.set_content(R"({"message":"not found"})", "application/json");
      }
    });
    m_port = m_server.bind_to_any_port("127.0.0.1");
    m_thread = std::thread([this] { m_server.listen_after_bind(); });
  }
  ~FakeProvider() {
    m_server.stop();
    m_thread.join();
  }
  int port() const { return m_port; }
  std::atomic<int> m_list_hits{0};
  std::atomic<int> m_failures_left{2};
  std::atomic<int> m_truncations_left{1};

 private:
  httplib::Server m_server;
  std::thread m_thread;
  int m_port = 0;
};

class GatewayApiTest : public ServerFixture {
 protected:
  server::ServerOptions gateway_options(const std::string& token) {
    auto options = this->options();
    options.gateway = server::GatewayOptions{
        .base_url = fmt::format("http://127.0.0.1:{}/api/", m_provider.port()),
        .token = token,
        .providers = {"cinemaworld", "filmworld"},
        .cache_ttl = std::chrono::seconds(60),
        .max_attempts = 4,
        .backoff_initial = std::chrono::milliseconds(1),
        .backoff_max = std::chrono::milliseconds(5),
        .connect_timeout = std::chrono::milliseconds(1000),
        .request_timeout = std::chrono::milliseconds(2000),
        .budget = std::chrono::milliseconds(5000)};
    return options;
  }
  FakeProvider m_provider;
};

TEST_F(GatewayApiTest, RetriesThroughFailuresThenServesFromCache) {
  start(gateway_options("provider-token"));
  auto answer = get("/api/gateway/cinemaworld/movies");
  ASSERT_EQ(answer.status, 200) << answer.body;
  EXPECT_EQ(answer.json["Movies"][0]["ID"], "cw0076759");
  EXPECT_EQ(m_provider.m_list_hits.load(), 3);  // two 503s, then the answer
  answer = get("/api/gateway/cinemaworld/movies");
  EXPECT_EQ(answer.status, 200);
  EXPECT_EQ(m_provider.m_list_hits.load(), 3) << "the second answer comes from the cache";
  answer = get("/api/gateway/cinemaworld/movie/cw0076759");
  EXPECT_EQ(answer.json["Price"], "29.5") << "a truncated 200 is retried, not passed on";
  EXPECT_EQ(m_provider.m_truncations_left.load(), -1);
  EXPECT_EQ(get("/api/gateway/cinemaworld/movie/cw0000000").status, 404);
  EXPECT_EQ(get("/api/gateway/amazon/movies").status, 404);
  EXPECT_EQ(get("/api/gateway/cinemaworld/movie/" + url_encode("cw1'--")).json["field"], "id");
}

TEST_F(GatewayApiTest, ProviderFailingEveryAttemptGives502AndAWrongTokenToo) {
  m_provider.m_failures_left = 100;
  start(gateway_options("provider-token"));
  auto answer = get("/api/gateway/filmworld/movies");
  EXPECT_EQ(answer.status, 502) << answer.body;
  EXPECT_EQ(m_provider.m_list_hits.load(), 4);
  EXPECT_NE(answer.json.value("error", "").find("4 attempt"), std::string::npos) << answer.body;
}

TEST_F(GatewayApiTest, WrongUpstreamTokenIs502NotRetried) {
  start(gateway_options("wrong"));
  const auto answer = get("/api/gateway/cinemaworld/movies");
  EXPECT_EQ(answer.status, 502);
  EXPECT_EQ(m_provider.m_list_hits.load(), 1);
}

}  // namespace
}  // namespace reelhouse::testing
