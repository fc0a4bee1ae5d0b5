#include "core/config_value.hpp"

#include <charconv>
#include <optional>
#include <sstream>
#include <vector>

namespace reelhouse {

namespace {

constexpr std::string_view k_url_schemes[] = {"file://", "http://", "https://"};

// "postgresql://[user@]host[:port]/db[?…]" (or postgres://) carrying no password: not in the
// user info, not as a password= parameter. Passwords come from PGPASSWORD or ~/.pgpass, so
// they never show up in a config file, a command line or a log.
bool is_postgres_url_without_password(std::string_view value) {
  std::string_view rest;
  for (const std::string_view scheme : {"postgresql://", "postgres://"}) {
    if (value.starts_with(scheme)) rest = value.substr(scheme.size());
  }
  if (rest.empty()) return false;
  const std::string_view authority = rest.substr(0, rest.find_first_of("/?"));
  const size_t at = authority.rfind('@');
  if (at != std::string_view::npos && authority.substr(0, at).find(':') != std::string_view::npos) {
    return false;
  }
  const size_t query = rest.find('?');
  if (query == std::string_view::npos) return true;
  const std::string_view parameters = rest.substr(query + 1);
  return !parameters.starts_with("password=") &&
         parameters.find("&password=") == std::string_view::npos;
}

std::string_view trim(std::string_view text) {
  constexpr std::string_view k_blanks = " \t\r\n";
  const size_t first = text.find_first_not_of(k_blanks);
  if (first == std::string_view::npos) return {};
  const size_t last = text.find_last_not_of(k_blanks);
  return text.substr(first, last - first + 1);
}

// What a valid value of `key` looks like, completing "… must be <this>, got …".
std::string expected_description(const ConfigKey& key) {
  switch (key.type()) {
    case ConfigValueType::integer:
      if (key.maximum == std::numeric_limits<int64_t>::max()) {
        return fmt::format("an integer ≥ {}", key.minimum);
      }
      return fmt::format("an integer between {} and {}", key.minimum, key.maximum);
    case ConfigValueType::string:
      switch (key.rule) {
        case StringRule::any:
          return "a string";
        case StringRule::non_empty:
          return "a non-empty string";
        case StringRule::url:
          return "a URL starting with file://, http:// or https://";
        case StringRule::postgres_url:
          return "empty or a postgresql:// URL without a password (give the password in "
                 "PGPASSWORD or ~/.pgpass)";
        case StringRule::s3_url:
          return "empty or an s3://bucket/prefix URL";
        case StringRule::http_url:
          return "empty or a URL starting with http:// or https://";
      }
      break;
    case ConfigValueType::string_list:
      switch (key.rule) {
        case StringRule::any:
          return "a list of strings, e.g. [\"movie\", \"tvMovie\"]";
        case StringRule::non_empty:
          return "a non-empty list of non-empty strings, e.g. [\"movie\", \"tvMovie\"]";
        case StringRule::url:
          return "a non-empty list of URLs starting with file://, http:// or https://";
        case StringRule::postgres_url:
        case StringRule::s3_url:
        case StringRule::http_url:
          return "a list of URLs";
      }
      break;
  }
  return "valid";
}

std::unexpected<Error> invalid_value(const ConfigKey& key, std::string_view got) {
  return make_error(ErrorCode::config, "\"{}\" must be {}, got {}", key.name,
                    expected_description(key), got);
}

// A TOML value as the user wrote it (near enough) for error messages.
std::string describe_node(const toml::node& node) {
  if (const auto* text = node.as_string()) return toml_quote(text->get());
  if (node.is_table()) return "a table";
  std::ostringstream out;
  node.visit([&out](const auto& value) { out << value; });
  return out.str();
}

bool matches_rule(StringRule rule, std::string_view value) {
  switch (rule) {
    case StringRule::any:
      return true;
    case StringRule::non_empty:
      return !value.empty();
    case StringRule::url:
      for (const std::string_view scheme : k_url_schemes) {
        if (value.starts_with(scheme) && value.size() > scheme.size()) return true;
      }
      return false;
    case StringRule::postgres_url:
      return value.empty() || is_postgres_url_without_password(value);
    case StringRule::s3_url:
      return value.empty() || (value.starts_with("s3://") && value.size() > 5);
    case StringRule::http_url:
      return value.empty() || value.starts_with("http://") || value.starts_with("https://");
  }
  return false;
}

Result<> store_integer(const ConfigKey& key, int64_t value, std::string_view got, Config& config) {
  if (value < key.minimum || value > key.maximum) return invalid_value(key, got);
  std::get<IntegerMember>(key.member)(config) = value;
  return {};
}

Result<> store_string(const ConfigKey& key, std::string value, std::string_view got,
                      Config& config) {
  if (!matches_rule(key.rule, value)) return invalid_value(key, got);
  std::get<StringMember>(key.member)(config) = std::move(value);
  return {};
}

Result<> store_list(const ConfigKey& key, std::vector<std::string> values, std::string_view got,
                    Config& config) {
  if (key.rule != StringRule::any && values.empty()) return invalid_value(key, got);
  for (const auto& value : values) {
    if (!matches_rule(key.rule, value)) return invalid_value(key, got);
  }
  std::get<StringListMember>(key.member)(config) = std::move(values);
  return {};
}

// The strings of a TOML array, or nullopt when it is not an array of strings.
std::optional<std::vector<std::string>> strings_of(const toml::node& node) {
  const auto* array = node.as_array();
  if (!array) return std::nullopt;
  std::vector<std::string> values;
  for (const auto& element : *array) {
    const auto* text = element.as_string();
    if (!text) return std::nullopt;
    values.push_back(text->get());
  }
  return values;
}

// Parses `text` as the right-hand side of a TOML assignment, or nullopt when it is not TOML.
std::optional<toml::table> parse_toml_value(std::string_view text) {
  try {
    return toml::parse(fmt::format("value = {}", text), std::string_view("value"));
  } catch (const toml::parse_error&) {
    return std::nullopt;
  }
}

std::vector<std::string> split_comma_list(std::string_view text) {
  std::vector<std::string> values;
  while (!text.empty()) {
    const size_t comma = text.find(',');
    const std::string_view item = trim(text.substr(0, comma));
    if (!item.empty()) values.emplace_back(item);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return values;
}

bool is_quoted(std::string_view text) {
  return text.size() >= 2 && (text.front() == '"' || text.front() == '\'') &&
         text.back() == text.front();
}

}  // namespace

Result<> assign_from_toml(const ConfigKey& key, const toml::node& node, Config& config) {
  const std::string got = describe_node(node);
  switch (key.type()) {
    case ConfigValueType::integer:
      if (const auto* value = node.as_integer())
        return store_integer(key, value->get(), got, config);
      return invalid_value(key, got);
    case ConfigValueType::string:
      if (const auto* value = node.as_string()) return store_string(key, value->get(), got, config);
      return invalid_value(key, got);
    case ConfigValueType::string_list:
      if (auto values = strings_of(node)) return store_list(key, std::move(*values), got, config);
      return invalid_value(key, got);
  }
  return invalid_value(key, got);
}

Result<> assign_from_text(const ConfigKey& key, std::string_view text, Config& config) {
  const std::string got = toml_quote(text);
  switch (key.type()) {
    case ConfigValueType::integer: {
      const std::string_view digits = trim(text);
      int64_t value = 0;
      const auto [end, error] =
          std::from_chars(digits.data(), digits.data() + digits.size(), value);
      if (digits.empty() || error != std::errc{} || end != digits.data() + digits.size()) {
        return invalid_value(key, got);
      }
      return store_integer(key, value, got, config);
    }
    case ConfigValueType::string:
      if (is_quoted(trim(text))) {
        if (const auto parsed = parse_toml_value(trim(text))) {
          if (const auto* value = parsed->get("value")->as_string()) {
            return store_string(key, value->get(), got, config);
          }
        }
      }
      return store_string(key, std::string(text), got, config);
    case ConfigValueType::string_list:
      if (trim(text).starts_with('[')) {
        const auto parsed = parse_toml_value(trim(text));
        if (!parsed) return invalid_value(key, got);
        auto values = strings_of(*parsed->get("value"));
        if (!values) return invalid_value(key, got);
        return store_list(key, std::move(*values), got, config);
      }
      return store_list(key, split_comma_list(text), got, config);
  }
  return invalid_value(key, got);
}

std::string format_toml_value(const ConfigKey& key, Config& config) {
  switch (key.type()) {
    case ConfigValueType::integer:
      return std::to_string(std::get<IntegerMember>(key.member)(config));
    case ConfigValueType::string:
      return toml_quote(std::get<StringMember>(key.member)(config));
    case ConfigValueType::string_list: {
      std::string text = "[";
      for (const auto& value : std::get<StringListMember>(key.member)(config)) {
        if (text.size() > 1) text += ", ";
        text += toml_quote(value);
      }
      return text + "]";
    }
  }
  return {};
}

std::string toml_quote(std::string_view text) {
  std::string quoted = "\"";
  for (const char character : text) {
    switch (character) {
      case '"':
        quoted += "\\\"";
        break;
      case '\\':
        quoted += "\\\\";
        break;
      case '\b':
        quoted += "\\b";
        break;
      case '\t':
        quoted += "\\t";
        break;
      case '\n':
        quoted += "\\n";
        break;
      case '\f':
        quoted += "\\f";
        break;
      case '\r':
        quoted += "\\r";
        break;
      default:
        if (static_cast<unsigned char>(character) < 0x20 || character == 0x7f) {
          quoted += fmt::format("\\u{:04X}", static_cast<unsigned char>(character));
        } else {
          quoted += character;
        }
    }
  }
  return quoted + "\"";
}

}  // namespace reelhouse
