// Source URLs: where the fetch stage reads upstream files from.
//
// Every source is configured as a URL: `https://…` / `http://…` in real use, `file:///…` for
// tests, demos and machines without internet. This file parses `file://` URLs into local
// paths (percent-decoded, `file:///abs/path` or `file://localhost/abs/path`) and resolves a
// source *directory* URL plus a standard dataset name into the URL of the file to fetch:
// IMDb publishes `title.basics.tsv.gz`, and local copies may be the uncompressed `.tsv`.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace reelhouse::fetch {

enum class UrlScheme { file, http };  // http covers https

// The scheme of `url` (case-insensitive). Errors: invalid_argument for any other scheme,
// with a message listing the supported ones.
Result<UrlScheme> url_scheme(std::string_view url);

// The local path of a `file://` URL, percent-decoded. Errors: invalid_argument when `url` is
// not a file URL, names a host other than localhost, is relative, or has a bad %-escape.
Result<std::filesystem::path> file_url_to_path(std::string_view url);

// Decodes %XX escapes. Errors: invalid_argument on a malformed escape or an encoded NUL.
Result<std::string> percent_decode(std::string_view text);

// Escapes everything outside RFC 3986's unreserved characters, for one path segment.
std::string percent_encode_segment(std::string_view segment);

// `directory_url` joined with `file_name` (escaped), whether or not it ends in '/'.
std::string join_url(std::string_view directory_url, std::string_view file_name);

// The URL of dataset `base_name` (e.g. "title.basics.tsv") under `directory_url`.
// file://: the `.gz` file (`title.basics.tsv.gz`) when it exists, else `base_name` itself when
// it exists; otherwise ErrorCode::not_found naming both paths and the setting to check.
// http(s): the `.gz` URL, without a request (fetching reports a 404 if it is missing).
// Errors: invalid_argument for an unsupported or malformed URL, not_found as above.
Result<std::string> resolve_source_file(const std::string& directory_url,
                                        const std::string& base_name);

}  // namespace reelhouse::fetch
