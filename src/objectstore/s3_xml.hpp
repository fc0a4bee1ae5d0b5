// The XML of S3's REST API: responses parsed with expat into a small element tree, and the
// few request bodies reelhouse sends.
//
// S3 answers are small documents (a listing page holds at most 1000 entries), so a tree is
// simpler than a streaming parse and costs little. Namespaces are not processed: element names
// are compared without prefixes, as S3 and its clones (MinIO, s3rver) send none. DTDs are
// refused: S3 never sends one, and refusing them rules out entity expansion attacks.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "objectstore/object_store.hpp"

namespace reelhouse::objectstore::s3 {

struct XmlElement {
  std::string name{};
  std::string text{};  // character data directly inside this element
  std::vector<XmlElement> children{};

  // The first child called `child_name`, or nullptr.
  const XmlElement* child(std::string_view child_name) const;
  // The text of the first child called `child_name`, or "" when there is none.
  std::string child_text(std::string_view child_name) const;
};

// Parses a whole document. `what` names it in errors ("the ListObjectsV2 answer for s3://b/").
// Errors: parse, with expat's message, line and column.
Result<XmlElement> parse_xml(std::string_view document, std::string_view what);

// The <Error> document of a failed S3 request.
struct S3ErrorBody {
  std::string code{};  // "NoSuchKey", "SignatureDoesNotMatch", …
  std::string message{};
  std::string request_id{};
};

// The error document in `body`, or nullopt when `body` is not one (empty, HTML, …).
std::optional<S3ErrorBody> parse_error_body(std::string_view body);

// A ListObjectsV2 (list-type=2) page. Keys are returned as the server sent them (full keys).
Result<ListPage> parse_list_objects_v2(std::string_view body, std::string_view what);

// The UploadId of an InitiateMultipartUploadResult.
Result<std::string> parse_initiate_multipart(std::string_view body, std::string_view what);

// A CompleteMultipartUploadResult's ETag (without quotes). S3 may answer 200 with an <Error>
// document when the completion failed after the headers were sent: that is returned as an
// error (server_error for InternalError/SlowDown, http otherwise), named with `what`.
Result<std::string> parse_complete_multipart(std::string_view body, std::string_view what);

// A ListMultipartUploads page.
struct UploadsPage {
  std::vector<PendingUpload> uploads{};  // keys as the server sent them (full keys)
  bool truncated = false;
  std::string next_key_marker{};
  std::string next_upload_id_marker{};
};
Result<UploadsPage> parse_list_multipart_uploads(std::string_view body, std::string_view what);

// The body of CompleteMultipartUpload for `parts`.
std::string complete_multipart_body(const std::vector<UploadedPart>& parts);

// Parses "2026-11-23T20:13:09.518Z" (ISO 8601 UTC, S3's format in XML). nullopt if malformed.
std::optional<std::chrono::system_clock::time_point> parse_iso8601_utc(std::string_view text);

// Removes one pair of surrounding double quotes (S3 quotes its ETags).
std::string strip_quotes(std::string_view etag);

}  // namespace reelhouse::objectstore::s3
