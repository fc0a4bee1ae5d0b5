// The simulator's provider API over real loopback HTTP: the wire format (field counts and
// order, strings, pretty-printing), the token check, 404s, list/detail consistency across
// providers, and the control endpoints.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "providers/simulator/sim_catalogue.hpp"
#include "simulator_test_client.hpp"

namespace reelhouse::providers::sim {
namespace {

using testing::client_of;
using testing::start_simulator;
using ordered_json = nlohmann::ordered_json;

std::vector<std::string> keys_of(const ordered_json& object) {
  std::vector<std::string> keys;
  for (const auto& item : object.items()) keys.push_back(item.key());
  return keys;
}

const std::vector<std::string> k_detail_fields = {
    "Title",     "Year",   "Rated", "Released", "Runtime", "Genre",  "Director",
    "Writer",    "Actors", "Plot",  "Language", "Country", "Awards", "Poster",
    "Metascore", "Rating", "Votes", "ID",       "Type",    "Price"};

TEST(SimulatorApi, ListHasTheUpstreamShapeForBothProviders) {
  auto simulator = start_simulator();
  ASSERT_TRUE(simulator);
  auto client = client_of(*simulator);
  for (const std::string provider : {"cinemaworld", "filmworld"}) {
    auto response = client->Get("/api/" + provider + "/movies");
    ASSERT_TRUE(response) << provider;
    ASSERT_EQ(response->status, 200);
    EXPECT_EQ(response->get_header_value("Content-Type"), "application/json; charset=utf-8");
    EXPECT_NE(response->body.find("\n  \"Movies\": [\n    {\n      \"Title\": "), std::string::npos)
        << "pretty-printed like the real API";
    const ordered_json body = ordered_json::parse(response->body);
    ASSERT_EQ(keys_of(body), std::vector<std::string>{"Movies"});
    ASSERT_GE(body["Movies"].size(), 11u);
    const std::string prefix = provider == "cinemaworld" ? "cw" : "fw";
    for (const auto& movie : body["Movies"]) {
      EXPECT_EQ(keys_of(movie),
                (std::vector<std::string>{"Title", "Year", "ID", "Type", "Poster"}));
      for (const auto& item : movie.items()) EXPECT_TRUE(item.value().is_string());
      EXPECT_EQ(movie["ID"].get<std::string>().substr(0, 2), prefix);
      EXPECT_EQ(movie["Type"], "movie");
    }
  }
}

TEST(SimulatorApi, DetailHas20FieldsOnCinemaworldAnd19OnFilmworldInUpstreamOrder) {
  auto simulator = start_simulator();
  ASSERT_TRUE(simulator);
  auto client = client_of(*simulator);
  for (const std::string provider : {"cinemaworld", "filmworld"}) {
    const ordered_json list =
        ordered_json::parse(client->Get("/api/" + provider + "/movies")->body);
    for (const auto& movie : list["Movies"]) {
      const std::string id = movie["ID"];
      auto response = client->Get("/api/" + provider + "/movie/" + id);
      ASSERT_TRUE(response);
      ASSERT_EQ(response->status, 200) << id;
      const ordered_json detail = ordered_json::parse(response->body);
      std::vector<std::string> expected = k_detail_fields;
      if (provider == "filmworld") std::erase(expected, "Awards");
      EXPECT_EQ(keys_of(detail), expected) << id;
      EXPECT_EQ(detail.size(), provider == "cinemaworld" ? 20u : 19u);
      for (const auto& item : detail.items()) {
        EXPECT_TRUE(item.value().is_string()) << id << " " << item.key();
      }
      EXPECT_EQ(detail["ID"], id);
      EXPECT_EQ(detail["Title"], movie["Title"]);
      EXPECT_EQ(detail["Year"], movie["Year"]);
      EXPECT_EQ(detail["Poster"], movie["Poster"]);
      const std::string price = detail["Price"];
      EXPECT_NO_THROW((void)std::stod(price)) << price;
      EXPECT_NE(price.find('.'), std::string::npos) << "prices are written like 29.5";
    }
  }
}

TEST(SimulatorApi, IdsShareImdbNumbersAndFilmworldLacksSomeFilms) {
  auto simulator = start_simulator();
  ASSERT_TRUE(simulator);
  auto client = client_of(*simulator);
  std::map<std::string, std::set<std::string>> numbers;
  for (const std::string provider : {"cinemaworld", "filmworld"}) {
    const ordered_json list =
        ordered_json::parse(client->Get("/api/" + provider + "/movies")->body);
    for (const auto& movie : list["Movies"]) {
      numbers[provider].insert(imdb_number_of(movie["ID"].get<std::string>()));
    }
  }
  EXPECT_LT(numbers["filmworld"].size(), numbers["cinemaworld"].size());
  for (const auto& number : numbers["filmworld"]) {
    EXPECT_TRUE(numbers["cinemaworld"].contains(number)) << number;
    EXPECT_GE(number.size(), 7u);
  }
  // The built-in catalogue carries the outlier and prices with one decimal.
  std::set<std::string> prices;
  for (const auto& [provider, films] : simulator->offered()) {
    for (const auto& film : films) prices.insert(film.price);
  }
  EXPECT_TRUE(prices.contains("123343.5"));
  EXPECT_TRUE(prices.contains("29.5"));
  // The same film has different prices at the two providers.
  const auto offered = simulator->offered();
  std::map<std::string, std::string> cinemaworld_price;
  for (const auto& film : offered[0].second)
    cinemaworld_price[imdb_number_of(film.id)] = film.price;
  for (const auto& film : offered[1].second) {
    EXPECT_NE(cinemaworld_price[imdb_number_of(film.id)], film.price) << film.id;
  }
}

TEST(SimulatorApi, MissingOrWrongTokenIs401WithAJsonBody) {
  auto simulator = start_simulator();
  ASSERT_TRUE(simulator);
  auto anonymous = client_of(*simulator, false);
  auto missing = anonymous->Get("/api/cinemaworld/movies");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 401);
  EXPECT_TRUE(nlohmann::json::parse(missing->body).contains("Message"));
  auto wrong = anonymous->Get("/api/filmworld/movie/fw0091207", {{"x-access-token", "nope"}});
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->status, 401);
  EXPECT_EQ(simulator->stats()["filmworld/movie"].ok, 0);
}

TEST(SimulatorApi, UnknownIdProviderOrPathIs404) {
  auto simulator = start_simulator();
  ASSERT_TRUE(simulator);
  auto client = client_of(*simulator);
  for (const std::string path :
       {"/api/cinemaworld/movie/cw9999999", "/api/filmworld/movie/cw0091207",
        "/api/filmworld/movie/fw2488512", "/api/moviemax/movies", "/api/moviemax/movie/mo0091207",
        "/api/cinemaworld/films"}) {
    auto response = client->Get(path);
    ASSERT_TRUE(response) << path;
    EXPECT_EQ(response->status, 404) << path;
    EXPECT_TRUE(nlohmann::json::parse(response->body).contains("Message")) << path;
  }
}

TEST(SimulatorApi, ControlEndpointsSwitchProfileAdvancePricesAndReportStats) {
  auto simulator = start_simulator();
  ASSERT_TRUE(simulator);
  auto client = client_of(*simulator);
  ASSERT_EQ(client->Get("/api/cinemaworld/movies")->status, 200);

  auto switched = client->Post("/_simulator/profile", "down-cinemaworld", "text/plain");
  ASSERT_TRUE(switched);
  EXPECT_EQ(switched->status, 200);
  EXPECT_EQ(simulator->profile().name, "down-cinemaworld");
  auto down = client->Get("/api/cinemaworld/movies");
  EXPECT_TRUE(!down || down->status == 503);
  auto unknown = client->Post("/_simulator/profile", "no-such-profile", "text/plain");
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->status, 400);
  EXPECT_NE(unknown->body.find("no-such-profile"), std::string::npos);

  auto advanced = client->Post("/_simulator/advance-prices", "", "text/plain");
  ASSERT_TRUE(advanced);
  EXPECT_EQ(nlohmann::json::parse(advanced->body)["epoch"], 1);
  EXPECT_EQ(simulator->price_epoch(), 1);

  auto stats = client->Get("/_simulator/stats");
  ASSERT_TRUE(stats);
  const auto body = nlohmann::json::parse(stats->body);
  EXPECT_EQ(body["profile"], "down-cinemaworld");
  EXPECT_EQ(body["price_epoch"], 1);
  EXPECT_EQ(body["endpoints"]["cinemaworld/movies"]["requests"], 2);
  EXPECT_EQ(body["endpoints"]["cinemaworld/movies"]["ok"], 1);
  EXPECT_EQ(body["endpoints"]["cinemaworld/movies"]["faults"], 1);
}

TEST(SimulatorApi, APortInUseIsAClearError) {
  auto first = start_simulator();
  ASSERT_TRUE(first);
  auto second = ProviderSimulator::start(SimulatorOptions{.port = first->port()});
  ASSERT_FALSE(second);
  EXPECT_NE(second.error().message.find(std::to_string(first->port())), std::string::npos)
      << second.error().message;
}

TEST(SimulatorApi, BaseUrlPointsAtTheApi) {
  auto simulator = start_simulator();
  ASSERT_TRUE(simulator);
  EXPECT_EQ(simulator->base_url(), fmt::format("http://127.0.0.1:{}/api/", simulator->port()));
  EXPECT_EQ(simulator->movie_count(), 13);
}

}  // namespace
}  // namespace reelhouse::providers::sim
