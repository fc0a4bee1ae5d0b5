// Tests of the provider body parser: exact prices, list and detail validation, and the real
// recorded responses of the price API in ../shared/data/providers/.
#include "providers/provider_json.hpp"

#include <gtest/gtest.h>

#include <cctype>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <tuple>

#include "support/test_support.hpp"

namespace reelhouse::providers {
namespace {

TEST(ProviderPrice, ParsesExactDecimals) {
  const std::vector<std::pair<std::string, int64_t>> cases = {
      {"29.5", 2950}, {"123343.5", 12334350}, {"13", 1300},
      {"0.99", 99},   {"1295.0", 129500},     {"129.9", 12990},
      {"0", 0},       {"007.05", 705},        {"9999999999999999.99", 999999999999999999},
  };
  for (const auto& [text, hundredths] : cases) {
    const Result<Price> price = parse_price(text);
    ASSERT_TRUE(price) << text << ": " << price.error().message;
    EXPECT_EQ(price->hundredths, hundredths) << text;
  }
  EXPECT_EQ(Price{12334350}.to_string(), "123343.50");
  EXPECT_EQ(Price{5}.to_string(), "0.05");
}

TEST(ProviderPrice, RejectsWhatIsNotAnExactDecimal) {
  for (const std::string text : {"", "N/A", "-1", "+1", " 1", "1 ", "1.005", ".5", "5.", "1e3",
                                 "1,5", "1.2.3", "12345678901234567", "nan", "0x10"}) {
    const Result<Price> price = parse_price(text);
    ASSERT_FALSE(price) << "accepted \"" << text << "\"";
    EXPECT_EQ(price.error().code, ErrorCode::parse);
    EXPECT_NE(price.error().message.find(text), std::string::npos) << price.error().message;
  }
}

TEST(ProviderMovieId, AcceptsOnlyFileAndUrlSafeIds) {
  EXPECT_TRUE(is_valid_movie_id("cw0076759"));
  EXPECT_TRUE(is_valid_movie_id("x_1-2"));
  for (const std::string& bad :
       std::vector<std::string>{"", "..", "a/b", "cw 1", "cw%2F", std::string(65, 'a'), "é"}) {
    EXPECT_FALSE(is_valid_movie_id(bad)) << bad;
  }
}

constexpr const char* k_list = R"({"Movies":[
  {"Title":"A Film","Year":"1999","ID":"zz0000001","Type":"movie","Poster":"N/A"},
  {"Title":"B Film","Year":"2001–2003","ID":"zz0000002","Type":"series","Poster":"http://p/b.jpg","Extra":1}
]})";

TEST(ProviderMovieList, ParsesEntriesInOrderAndIgnoresUnknownKeys) {
  const auto listed = parse_movie_list(k_list, "zzprovider");
  ASSERT_TRUE(listed) << listed.error().message;
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ((*listed)[0].id, "zz0000001");
  EXPECT_EQ((*listed)[1].year, "2001–2003");
  EXPECT_EQ((*listed)[1].poster, "http://p/b.jpg");
  const auto empty = parse_movie_list(R"({"Movies":[]})", "p");
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->empty());
}

TEST(ProviderMovieList, RejectsBadBodiesNamingTheProblem) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {std::string(k_list).substr(0, 80), "not valid JSON at byte"},
      {"", "not valid JSON"},
      {"[]", "expected an object"},
      {R"({"movies":[]})", "\"Movies\""},
      {R"({"Movies":{}})", "\"Movies\""},
      {R"({"Movies":[1]})", "entry 0"},
      {R"({"Movies":[{"Title":"A","Year":"1","Type":"movie","Poster":""}]})", "\"ID\" is missing"},
      {R"({"Movies":[{"Title":"A","Year":1999,"ID":"a1","Type":"movie","Poster":""}]})",
       "\"Year\" is a JSON number"},
      {R"({"Movies":[{"Title":"A","Year":"1","ID":"../x","Type":"movie","Poster":""}]})",
       "ID \"../x\""},
  };
  for (const auto& [body, expected] : cases) {
    const auto listed = parse_movie_list(body, "zzprovider");
    ASSERT_FALSE(listed) << body;
    EXPECT_EQ(listed.error().code, ErrorCode::parse);
    EXPECT_NE(listed.error().message.find(expected), std::string::npos) << listed.error().message;
    EXPECT_NE(listed.error().message.find("zzprovider"), std::string::npos);
  }
}

nlohmann::ordered_json detail_json() {
  nlohmann::ordered_json json;
  for (const char* field :
       {"Title", "Year", "Rated", "Released", "Runtime", "Genre", "Director", "Writer", "Actors",
        "Plot", "Language", "Country", "Poster", "Metascore", "Rating", "Votes", "Type"}) {
    json[field] = std::string("v-") + field;
  }
  json["ID"] = "fw0000042";
  json["Price"] = "29.5";
  return json;
}

TEST(ProviderMovieDetail, ParsesWithAndWithoutAwards) {
  nlohmann::ordered_json json = detail_json();
  auto detail = parse_movie_detail(json.dump(2), "fw0000042");
  ASSERT_TRUE(detail) << detail.error().message;
  EXPECT_FALSE(detail->awards.has_value());
  EXPECT_EQ(detail->director, "v-Director");
  EXPECT_EQ(detail->price, "29.5");
  json["Awards"] = "Won 1 Oscar.";
  detail = parse_movie_detail(json.dump(), "");
  ASSERT_TRUE(detail) << detail.error().message;
  EXPECT_EQ(detail->awards, "Won 1 Oscar.");
}

TEST(ProviderMovieDetail, RejectsBadBodiesNamingTheField) {
  struct Case {
    std::function<void(nlohmann::ordered_json&)> change;
    std::string expected;
  };
  const std::vector<Case> cases = {
      {[](auto& json) { json.erase("Director"); }, "\"Director\" is missing"},
      {[](auto& json) { json["Votes"] = 12; }, "\"Votes\" is a JSON number"},
      {[](auto& json) { json["Awards"] = nullptr; }, "\"Awards\" is a JSON null"},
      {[](auto& json) { json["Price"] = "N/A"; }, "\"Price\""},
      {[](auto& json) { json["Price"] = 29.5; }, "\"Price\" is a JSON number"},
      {[](auto& json) { json["ID"] = "fw0000043"; }, "not the one requested"},
  };
  for (const auto& test_case : cases) {
    nlohmann::ordered_json json = detail_json();
    test_case.change(json);
    const auto detail = parse_movie_detail(json.dump(2), "fw0000042");
    ASSERT_FALSE(detail) << test_case.expected;
    EXPECT_EQ(detail.error().code, ErrorCode::parse);
    EXPECT_NE(detail.error().message.find(test_case.expected), std::string::npos)
        << detail.error().message;
    EXPECT_NE(detail.error().message.find("fw0000042"), std::string::npos);
  }
  const std::string full = detail_json().dump(2);
  EXPECT_FALSE(parse_movie_detail(full.substr(0, full.size() / 2), "fw0000042"));
  EXPECT_FALSE(parse_movie_detail("{\"Movies\":[]}", "fw0000042"));
}

// The 13 real detail responses recorded from the live API (with a "cinema" key the recorder
// added): every one parses, prices exactly, filmworld without Awards.
TEST(ProviderRecordedResponses, AllThirteenDetailsParseExactly) {
  SKIP_WITHOUT_SHARED_DATA(shared);
  const std::string text = testing::read_file(shared / "providers" / "recorded_details_2017.json");
  const nlohmann::json records = nlohmann::json::parse(text);
  ASSERT_EQ(records.size(), 13u);
  const std::map<std::string, int64_t> expected_prices = {
      {"cw0076759", 12350},    {"cw0080684", 1350},  {"cw0086190", 25350}, {"cw2488496", 12950},
      {"cw0120915", 12334350}, {"cw0121766", 12550}, {"cw0121765", 1250},  {"fw0076759", 2950},
      {"fw0080684", 129500},   {"fw0086190", 6950},  {"fw0120915", 90050}, {"fw0121766", 12990},
      {"fw0121765", 124950},
  };
  std::set<std::string> seen;
  for (const nlohmann::json& record : records) {
    const std::string id = record.at("ID").get<std::string>();
    const auto detail = parse_movie_detail(record.dump(2), id);
    ASSERT_TRUE(detail) << id << ": " << detail.error().message;
    seen.insert(id);
    const bool filmworld = id.starts_with("fw");
    EXPECT_EQ(detail->awards.has_value(), !filmworld) << id;
    EXPECT_EQ(detail->title, record.at("Title").get<std::string>());
    EXPECT_EQ(detail->votes, record.at("Votes").get<std::string>());
    const auto price = parse_price(detail->price);
    ASSERT_TRUE(price) << id;
    EXPECT_EQ(price->hundredths, expected_prices.at(id)) << id;
    EXPECT_EQ(imdb_number_of(id).size(), 7u);
  }
  EXPECT_EQ(seen.size(), 13u);
}

// The recorded list responses are JavaScript modules (`export const … = {status, data: {Movies:
// [...]}}` with unquoted keys, single-quoted strings and trailing commas), not JSON. This turns
// the Movies array into JSON so the list parser can be checked against the real entries.
std::string movies_js_to_json(const std::string& script) {
  const size_t start = script.find('[', script.find("Movies:"));
  std::string out = "{\"Movies\":";
  int depth = 0;
  for (size_t index = start; index < script.size(); ++index) {
    const char character = script[index];
    if (character == '\'' || character == '"') {
      out += '"';
      for (++index; script[index] != character; ++index) {
        if (script[index] == '"') out += '\\';
        out += script[index];
      }
      out += '"';
    } else if (std::isalpha(static_cast<unsigned char>(character))) {
      size_t end = index;
      while (std::isalnum(static_cast<unsigned char>(script[end]))) ++end;
      out += '"' + script.substr(index, end - index) + '"';
      index = end - 1;
    } else if (character == ',') {
      size_t next = script.find_first_not_of(" \t\r\n", index + 1);
      if (script[next] != ']' && script[next] != '}') out += ',';
    } else {
      out += character;
      if (character == '[' || character == '{') ++depth;
      if (character == ']' || character == '}') --depth;
      if (depth == 0) break;
    }
  }
  return out + "}";
}

TEST(ProviderRecordedResponses, ListsParseAfterConversionFromJavaScript) {
  SKIP_WITHOUT_SHARED_DATA(shared);
  for (const auto& [file, provider, count] :
       {std::tuple{"cinemaworldResponse.js", "cinemaworld", 7},
        std::tuple{"filmworldResponse.js", "filmworld", 6}}) {
    const std::string json = movies_js_to_json(testing::read_file(shared / "providers" / file));
    const auto listed = parse_movie_list(json, provider);
    ASSERT_TRUE(listed) << file << ": " << listed.error().message << "\n" << json;
    ASSERT_EQ(listed->size(), static_cast<size_t>(count)) << file;
    std::set<std::string> numbers;
    for (const ListedMovie& movie : *listed) {
      EXPECT_TRUE(movie.id.starts_with(provider_prefix(provider))) << movie.id;
      EXPECT_EQ(movie.type, "movie");
      EXPECT_TRUE(movie.title.starts_with("Star Wars")) << movie.title;
      numbers.insert(imdb_number_of(movie.id));
    }
    EXPECT_EQ(numbers.size(), static_cast<size_t>(count));
    EXPECT_EQ(numbers.contains("2488496"), std::string(provider) == "cinemaworld")
        << "filmworld has no Force Awakens";
  }
}

}  // namespace
}  // namespace reelhouse::providers
