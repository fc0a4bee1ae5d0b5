// Parsing of "s3://bucket/prefix" lake URLs (see s3_url.hpp).
#include "objectstore/s3_url.hpp"

#include <algorithm>

namespace reelhouse::objectstore {
namespace {

constexpr std::string_view k_scheme = "s3://";
constexpr size_t k_min_bucket_length = 3;
constexpr size_t k_max_bucket_length = 63;

bool is_lower_alnum(char character) {
  return (character >= 'a' && character <= 'z') || (character >= '0' && character <= '9');
}

// Empty when `bucket` is a valid name, otherwise what is wrong with it.
std::string bucket_problem(std::string_view bucket) {
  if (bucket.size() < k_min_bucket_length || bucket.size() > k_max_bucket_length) {
    return fmt::format("a bucket name has 3 to 63 characters, \"{}\" has {}", bucket,
                       bucket.size());
  }
  const bool allowed = std::all_of(bucket.begin(), bucket.end(), [](char character) {
    return is_lower_alnum(character) || character == '.' || character == '-';
  });
  if (!allowed) {
    return fmt::format("bucket \"{}\" may only hold lowercase letters, digits, '.' and '-'",
                       bucket);
  }
  if (!is_lower_alnum(bucket.front()) || !is_lower_alnum(bucket.back())) {
    return fmt::format("bucket \"{}\" must start and end with a letter or digit", bucket);
  }
  if (bucket.find("..") != std::string_view::npos) {
    return fmt::format("bucket \"{}\" must not contain \"..\"", bucket);
  }
  return {};
}

}  // namespace

std::string S3Location::to_url() const {
  std::string url = fmt::format("{}{}", k_scheme, bucket);
  if (!prefix.empty()) {
    url += '/';
    url.append(prefix, 0, prefix.size() - 1);  // without the prefix's trailing '/'
  }
  return url;
}

bool is_s3_url(std::string_view url) {
  return url.starts_with(k_scheme);
}

Result<S3Location> parse_s3_url(std::string_view url) {
  if (!is_s3_url(url)) {
    return make_error(ErrorCode::config, "\"{}\" is not an S3 URL: expected s3://bucket/prefix",
                      url);
  }
  const std::string_view rest = url.substr(k_scheme.size());
  const size_t slash = rest.find('/');
  S3Location location;
  location.bucket = std::string(rest.substr(0, slash));
  if (const std::string problem = bucket_problem(location.bucket); !problem.empty()) {
    return make_error(ErrorCode::config, "invalid S3 URL \"{}\": {}", url, problem);
  }
  if (slash == std::string_view::npos) return location;
  // Split the prefix on '/' and drop empty segments ("//" and leading/trailing slashes).
  std::string_view path = rest.substr(slash + 1);
  while (!path.empty()) {
    const size_t end = path.find('/');
    const std::string_view segment = path.substr(0, end);
    if (segment == "." || segment == "..") {
      return make_error(ErrorCode::config,
                        "invalid S3 URL \"{}\": the prefix must not contain \".\" or \"..\" "
                        "segments",
                        url);
    }
    if (!segment.empty()) location.prefix += fmt::format("{}/", segment);
    if (end == std::string_view::npos) break;
    path.remove_prefix(end + 1);
  }
  return location;
}

}  // namespace reelhouse::objectstore
