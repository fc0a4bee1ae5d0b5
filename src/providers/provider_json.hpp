// Parsing and validation of the movie-price providers' JSON bodies (cinemaworld, filmworld).
//
// The ingestion accepts a response only when it passes these checks, and the landing of prices
// reads the stored raw bodies through the same functions, so "valid" means one thing everywhere:
//
//  - a list body is an object with a "Movies" array whose entries are objects holding the string
//    fields Title, Year, ID, Type and Poster;
//  - a detail body is an object holding the string fields Title, Year, Rated, Released, Runtime,
//    Genre, Director, Writer, Actors, Plot, Language, Country, Poster, Metascore, Rating, Votes,
//    ID, Type and Price, plus Awards when present (cinemaworld has it, filmworld does not);
//  - the detail's ID equals the ID that was requested, and its Price is a decimal (parse_price);
//  - a movie ID is 1–64 characters of [A-Za-z0-9_-]: it becomes a file name and a URL segment,
//    so anything else (a "/", "..", spaces) is refused rather than escaped.
//
// Unknown keys are accepted and ignored (the recorded 2017 responses carry an extra "cinema"
// object added by the recorder; a provider adding a field must not stop the ingestion). Field
// order is not checked. Every error has ErrorCode::parse and names the field (and the entry index
// in a list); the ingestion treats a bad body as transient and retries it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "providers/provider_film.hpp"

namespace reelhouse::providers {

// An exact price in hundredths of the currency unit: "123343.5" → 12334350.
struct Price {
  int64_t hundredths = 0;

  // "123343.50": always two decimals, as DuckDB prints a DECIMAL(18,2).
  std::string to_string() const;
  friend bool operator==(const Price&, const Price&) = default;
};

// Parses a provider's Price text exactly (no floating point). Accepted: digits, optionally a
// '.' followed by one or two digits — "29.5", "13", "0.99", "123343.5"; at most 16 integer
// digits (fits DECIMAL(18,2)). Rejected with ErrorCode::parse: "", "N/A", negatives, a sign,
// spaces, exponents, ".5", "5.", and more than two decimals ("1.005": it cannot be stored
// exactly in DECIMAL(18,2), and no provider has sent one).
Result<Price> parse_price(std::string_view text);

// True when `movie_id` is safe as a file name and URL segment (see the header comment).
bool is_valid_movie_id(std::string_view movie_id);

// Parses `GET /api/{provider}/movies`. `provider` only names the body in error messages; IDs
// are not required to carry the provider's usual prefix. Entries keep the provider's order;
// duplicates are kept (the caller decides). Errors: parse.
Result<std::vector<ListedMovie>> parse_movie_list(std::string_view body, std::string_view provider);

// Parses `GET /api/{provider}/movie/{ID}` and checks that its ID is `expected_id` (pass ""
// to accept any ID, e.g. when reading a file whose name is not an ID). Errors: parse.
Result<MovieDetail> parse_movie_detail(std::string_view body, std::string_view expected_id);

}  // namespace reelhouse::providers
