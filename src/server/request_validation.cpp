#include "server/request_validation.hpp"

#include <fmt/format.h>

#include <charconv>

#include "pipeline/pipeline_runner.hpp"
#include "util/utf8.hpp"

namespace reelhouse::server {

std::unexpected<ValidationError> invalid(std::string field, std::string message) {
  return std::unexpected(ValidationError{.field = std::move(field), .message = std::move(message)});
}

Validated<std::string> validate_text(std::string_view field, std::string_view value) {
  if (value.size() > k_max_text_value_bytes) {
    return invalid(std::string(field),
                   fmt::format("{} is longer than {} bytes", field, k_max_text_value_bytes));
  }
  if (!util::is_valid_utf8(value)) {
    return invalid(std::string(field), fmt::format("{} is not valid UTF-8", field));
  }
  for (const char character : value) {
    if (static_cast<unsigned char>(character) < 0x20) {
      return invalid(std::string(field), fmt::format("{} contains a control character", field));
    }
  }
  return std::string(value);
}

Validated<int64_t> validate_integer(std::string_view field, std::string_view value, int64_t minimum,
                                    int64_t maximum) {
  int64_t number = 0;
  const auto* end = value.data() + value.size();
  const auto [stop, error] = std::from_chars(value.data(), end, number);
  if (value.empty() || error != std::errc() || stop != end) {
    return invalid(std::string(field), fmt::format("{} must be an integer", field));
  }
  if (number < minimum || number > maximum) {
    return invalid(std::string(field),
                   fmt::format("{} must be between {} and {}", field, minimum, maximum));
  }
  return number;
}

Validated<std::string> validate_date(std::string_view field, std::string_view value) {
  if (!pipeline::is_valid_date(value)) {
    return invalid(std::string(field), fmt::format("{} must be a date (YYYY-MM-DD)", field));
  }
  return std::string(value);
}

Validated<bool> validate_bool(std::string_view field, std::string_view value) {
  if (value == "true" || value == "1") return true;
  if (value == "false" || value == "0") return false;
  return invalid(std::string(field), fmt::format("{} must be true or false", field));
}

Validated<std::optional<std::string>> single_param(const QueryParams& params,
                                                   const std::string& name) {
  const auto [first, last] = params.equal_range(name);
  if (first == last) return std::nullopt;
  if (std::next(first) != last) {
    return invalid(name, fmt::format("{} is given more than once", name));
  }
  return first->second;
}

}  // namespace reelhouse::server
