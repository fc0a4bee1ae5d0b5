// Validating request values: every problem becomes a ValidationError naming the field, which
// the routes answer with 422 {"error": …, "field": …}.
#pragma once

#include <cstdint>
#include <expected>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace reelhouse::server {

struct ValidationError {
  std::string field{};
  std::string message{};
};

template <typename T>
using Validated = std::expected<T, ValidationError>;

// Query parameters as cpp-httplib decodes them (httplib::Params is this type).
using QueryParams = std::multimap<std::string, std::string>;

std::unexpected<ValidationError> invalid(std::string field, std::string message);

inline constexpr size_t k_max_text_value_bytes = 256;

// A text value: valid UTF-8, no control characters, at most k_max_text_value_bytes.
Validated<std::string> validate_text(std::string_view field, std::string_view value);

// A decimal integer within [minimum, maximum].
Validated<int64_t> validate_integer(std::string_view field, std::string_view value, int64_t minimum,
                                    int64_t maximum);

// A calendar date YYYY-MM-DD.
Validated<std::string> validate_date(std::string_view field, std::string_view value);

// true/false (also 1/0).
Validated<bool> validate_bool(std::string_view field, std::string_view value);

// The single value of `name`, nullopt when absent; a repeated parameter is an error.
Validated<std::optional<std::string>> single_param(const QueryParams& params,
                                                   const std::string& name);

}  // namespace reelhouse::server

// TRY_VALID(expr): like TRY, for Validated<T> (yields the value, or returns the error).
#define TRY_VALID(expr)                                                           \
  ({                                                                              \
    auto valid_result_ = (expr);                                                  \
    if (!valid_result_) return std::unexpected(std::move(valid_result_.error())); \
    std::move(*valid_result_);                                                    \
  })
