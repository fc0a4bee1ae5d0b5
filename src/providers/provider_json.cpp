#include "providers/provider_json.hpp"

#include <array>
#include <nlohmann/json.hpp>

namespace reelhouse::providers {

namespace {

constexpr size_t k_max_movie_id_length = 64;
constexpr size_t k_max_integer_digits = 16;  // DECIMAL(18,2)

// Parses `body` as JSON; the error names what the body is and the byte offset of the problem.
Result<nlohmann::json> parse_json(std::string_view body, std::string_view what) {
  try {
    return nlohmann::json::parse(body);
  } catch (const nlohmann::json::parse_error& error) {
    return make_error(ErrorCode::parse,
                      "{} is not valid JSON at byte {} of {} (truncated or corrupt body): {}", what,
                      error.byte, body.size(), error.what());
  }
}

// Reads the string member `field` of `object` into `out`.
Result<> read_string(const nlohmann::json& object, const char* field, std::string_view what,
                     std::string& out) {
  const auto found = object.find(field);
  if (found == object.end()) {
    return make_error(ErrorCode::parse, "{}: field \"{}\" is missing", what, field);
  }
  if (!found->is_string()) {
    return make_error(ErrorCode::parse, "{}: field \"{}\" is a JSON {}, expected a string", what,
                      field, found->type_name());
  }
  out = found->get<std::string>();
  return {};
}

Result<> check_movie_id(std::string_view movie_id, std::string_view what) {
  if (!is_valid_movie_id(movie_id)) {
    return make_error(ErrorCode::parse,
                      "{}: ID \"{}\" is not 1–64 characters of letters, digits, '_' or '-'", what,
                      movie_id);
  }
  return {};
}

}  // namespace

std::string Price::to_string() const {
  const int64_t units = hundredths / 100;
  const int64_t cents = hundredths % 100;
  return fmt::format("{}.{:02}", units, cents);
}

Result<Price> parse_price(std::string_view text) {
  auto refuse = [&](std::string_view why) {
    return make_error(ErrorCode::parse,
                      "price \"{}\" is not a decimal number with at most two decimals ({})", text,
                      why);
  };
  if (text.empty()) return refuse("empty");
  const size_t dot = text.find('.');
  const std::string_view integer_part = text.substr(0, dot);
  const std::string_view fraction_part =
      dot == std::string_view::npos ? std::string_view() : text.substr(dot + 1);
  auto all_digits = [](std::string_view part) {
    for (const char character : part) {
      if (character < '0' || character > '9') return false;
    }
    return true;
  };
  if (integer_part.empty()) return refuse("no digits before the decimal point");
  if (!all_digits(integer_part) || !all_digits(fraction_part)) {
    return refuse("only digits and one '.' are allowed");
  }
  if (dot != std::string_view::npos && fraction_part.empty()) {
    return refuse("no digits after the decimal point");
  }
  if (fraction_part.size() > 2) return refuse("more than two decimals");
  if (integer_part.size() > k_max_integer_digits) return refuse("too large");
  int64_t hundredths = 0;
  for (const char digit : integer_part) hundredths = hundredths * 10 + (digit - '0');
  hundredths *= 100;
  if (fraction_part.size() >= 1) hundredths += (fraction_part[0] - '0') * 10;
  if (fraction_part.size() == 2) hundredths += fraction_part[1] - '0';
  return Price{hundredths};
}

bool is_valid_movie_id(std::string_view movie_id) {
  if (movie_id.empty() || movie_id.size() > k_max_movie_id_length) return false;
  for (const char character : movie_id) {
    const bool allowed =
        (character >= 'a' && character <= 'z') || (character >= 'A' && character <= 'Z') ||
        (character >= '0' && character <= '9') || character == '_' || character == '-';
    if (!allowed) return false;
  }
  return true;
}

Result<std::vector<ListedMovie>> parse_movie_list(std::string_view body,
                                                  std::string_view provider) {
  const std::string what = fmt::format("{} movie list", provider);
  const nlohmann::json json = TRY(parse_json(body, what));
  if (!json.is_object()) {
    return make_error(ErrorCode::parse, "{} is a JSON {}, expected an object with \"Movies\"", what,
                      json.type_name());
  }
  const auto movies = json.find("Movies");
  if (movies == json.end() || !movies->is_array()) {
    return make_error(ErrorCode::parse, "{}: field \"Movies\" is missing or not an array", what);
  }
  std::vector<ListedMovie> listed;
  listed.reserve(movies->size());
  for (size_t entry_index = 0; entry_index < movies->size(); ++entry_index) {
    const nlohmann::json& entry = (*movies)[entry_index];
    const std::string entry_what = fmt::format("{}, entry {}", what, entry_index);
    if (!entry.is_object()) {
      return make_error(ErrorCode::parse, "{} is a JSON {}, expected an object", entry_what,
                        entry.type_name());
    }
    ListedMovie movie;
    TRY(read_string(entry, "Title", entry_what, movie.title));
    TRY(read_string(entry, "Year", entry_what, movie.year));
    TRY(read_string(entry, "ID", entry_what, movie.id));
    TRY(read_string(entry, "Type", entry_what, movie.type));
    TRY(read_string(entry, "Poster", entry_what, movie.poster));
    TRY(check_movie_id(movie.id, entry_what));
    listed.push_back(std::move(movie));
  }
  return listed;
}

Result<MovieDetail> parse_movie_detail(std::string_view body, std::string_view expected_id) {
  const std::string what = expected_id.empty() ? std::string("movie detail")
                                               : fmt::format("movie detail {}", expected_id);
  const nlohmann::json json = TRY(parse_json(body, what));
  if (!json.is_object()) {
    return make_error(ErrorCode::parse, "{} is a JSON {}, expected an object", what,
                      json.type_name());
  }
  MovieDetail detail;
  const std::array<std::pair<const char*, std::string*>, 19> fields = {{
      {"Title", &detail.title},
      {"Year", &detail.year},
      {"Rated", &detail.rated},
      {"Released", &detail.released},
      {"Runtime", &detail.runtime},
      {"Genre", &detail.genre},
      {"Director", &detail.director},
      {"Writer", &detail.writer},
      {"Actors", &detail.actors},
      {"Plot", &detail.plot},
      {"Language", &detail.language},
      {"Country", &detail.country},
      {"Poster", &detail.poster},
      {"Metascore", &detail.metascore},
      {"Rating", &detail.rating},
      {"Votes", &detail.votes},
      {"ID", &detail.id},
      {"Type", &detail.type},
      {"Price", &detail.price},
  }};
  for (const auto& [field, target] : fields) TRY(read_string(json, field, what, *target));
  if (json.contains("Awards")) {
    std::string awards;
    TRY(read_string(json, "Awards", what, awards));
    detail.awards = std::move(awards);
  }
  TRY(check_movie_id(detail.id, what));
  if (!expected_id.empty() && detail.id != expected_id) {
    return make_error(ErrorCode::parse, "{}: the body is for ID \"{}\", not the one requested",
                      what, detail.id);
  }
  if (Result<Price> price = parse_price(detail.price); !price) {
    return std::unexpected(price.error().with_context(fmt::format("{}: field \"Price\"", what)));
  }
  return detail;
}

}  // namespace reelhouse::providers
