// S3Location: the parse of a lake URL "s3://bucket/prefix".
//
// The bucket must be a valid S3 bucket name (3–63 characters of a-z, 0-9, '.', '-', starting
// and ending with a letter or digit); the prefix is everything after the first '/' with
// leading and repeated slashes removed and, when not empty, a trailing '/' added, so that
// `prefix + key` is always the full key. "s3://bucket", "s3://bucket/" and
// "s3://bucket/lake/" give the prefixes "", "" and "lake/".
#pragma once

#include <string>
#include <string_view>

#include "core/error.hpp"

namespace reelhouse::objectstore {

struct S3Location {
  std::string bucket{};
  std::string prefix{};  // "" or ends with '/'

  // "s3://bucket/prefix" (without the trailing slash of the prefix).
  std::string to_url() const;
};

// True for "s3://…" (what tells an S3 lake from a local directory).
bool is_s3_url(std::string_view url);

// Parses "s3://bucket[/prefix]". Errors: config, quoting the URL and saying what is wrong.
Result<S3Location> parse_s3_url(std::string_view url);

}  // namespace reelhouse::objectstore
