#include "fetch/source_url.hpp"

#include <algorithm>
#include <cctype>

namespace reelhouse::fetch {

namespace {

constexpr std::string_view k_file_prefix = "file://";
constexpr std::string_view k_compressed_suffix = ".gz";

bool starts_with_ignoring_case(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() &&
         std::equal(prefix.begin(), prefix.end(), text.begin(), [](char left, char right) {
           return std::tolower(static_cast<unsigned char>(left)) ==
                  std::tolower(static_cast<unsigned char>(right));
         });
}

int hex_value(char digit) {
  if (digit >= '0' && digit <= '9') return digit - '0';
  if (digit >= 'a' && digit <= 'f') return digit - 'a' + 10;
  if (digit >= 'A' && digit <= 'F') return digit - 'A' + 10;
  return -1;
}

}  // namespace

Result<UrlScheme> url_scheme(std::string_view url) {
  if (starts_with_ignoring_case(url, k_file_prefix)) return UrlScheme::file;
  if (starts_with_ignoring_case(url, "http://") || starts_with_ignoring_case(url, "https://")) {
    return UrlScheme::http;
  }
  return make_error(ErrorCode::invalid_argument,
                    "unsupported URL \"{}\": use https://…, http://… or file:///absolute/path",
                    url);
}

Result<std::string> percent_decode(std::string_view text) {
  std::string decoded;
  decoded.reserve(text.size());
  for (size_t index = 0; index < text.size(); ++index) {
    if (text[index] != '%') {
      decoded += text[index];
      continue;
    }
    const int high = index + 2 < text.size() ? hex_value(text[index + 1]) : -1;
    const int low = index + 2 < text.size() ? hex_value(text[index + 2]) : -1;
    if (high < 0 || low < 0 || (high == 0 && low == 0)) {
      return make_error(ErrorCode::invalid_argument, "bad percent-escape at offset {} in \"{}\"",
                        index, text);
    }
    decoded += static_cast<char>(high * 16 + low);
    index += 2;
  }
  return decoded;
}

std::string percent_encode_segment(std::string_view segment) {
  std::string encoded;
  for (const char character : segment) {
    const auto byte = static_cast<unsigned char>(character);
    if (std::isalnum(byte) || character == '-' || character == '.' || character == '_' ||
        character == '~') {
      encoded += character;
    } else {
      encoded += fmt::format("%{:02X}", byte);
    }
  }
  return encoded;
}

Result<std::filesystem::path> file_url_to_path(std::string_view url) {
  if (!starts_with_ignoring_case(url, k_file_prefix)) {
    return make_error(ErrorCode::invalid_argument, "\"{}\" is not a file:// URL", url);
  }
  std::string_view rest = url.substr(k_file_prefix.size());
  const size_t path_start = rest.find('/');
  const std::string_view host = rest.substr(0, path_start);
  if (path_start == std::string_view::npos || (!host.empty() && host != "localhost")) {
    return make_error(ErrorCode::invalid_argument,
                      "\"{}\" is not a local absolute file URL: write file:///absolute/path "
                      "(three slashes)",
                      url);
  }
  std::string path = TRY(percent_decode(rest.substr(path_start)));
  return std::filesystem::path(std::move(path));
}

std::string join_url(std::string_view directory_url, std::string_view file_name) {
  std::string joined(directory_url);
  if (joined.empty() || joined.back() != '/') joined += '/';
  return joined + percent_encode_segment(file_name);
}

Result<std::string> resolve_source_file(const std::string& directory_url,
                                        const std::string& base_name) {
  const std::string compressed_name = base_name + std::string(k_compressed_suffix);
  const UrlScheme scheme = TRY(url_scheme(directory_url));
  if (scheme == UrlScheme::http) return join_url(directory_url, compressed_name);

  const std::filesystem::path directory = TRY(file_url_to_path(directory_url));
  const std::filesystem::path compressed = directory / compressed_name;
  const std::filesystem::path plain = directory / base_name;
  std::error_code status;
  if (std::filesystem::is_regular_file(compressed, status)) {
    return join_url(directory_url, compressed_name);
  }
  if (std::filesystem::is_regular_file(plain, status)) return join_url(directory_url, base_name);
  return make_error(ErrorCode::not_found,
                    "neither {} nor {} exists: check the url setting of this source (e.g. "
                    "sources.imdb.url = \"{}\")",
                    compressed.string(), plain.string(), directory_url);
}

}  // namespace reelhouse::fetch
