// Expat-based parsing of S3 responses and building of S3 request bodies (see s3_xml.hpp).
#include "objectstore/s3_xml.hpp"

#include <expat.h>

#include <charconv>
#include <ctime>
#include <memory>

namespace reelhouse::objectstore::s3 {
namespace {

struct ParserDeleter {
  void operator()(XML_ParserStruct* parser) const { XML_ParserFree(parser); }
};
using ParserHandle = std::unique_ptr<XML_ParserStruct, ParserDeleter>;

// Builds the tree while expat reports elements; `open` is the path from the root to the
// element being read.
struct TreeBuilder {
  XmlElement root;
  std::vector<XmlElement*> open;
  bool saw_root = false;
  bool saw_doctype = false;
  XML_Parser parser = nullptr;
};

void on_start(void* user_data, const XML_Char* name, const XML_Char** /*attributes*/) {
  auto* builder = static_cast<TreeBuilder*>(user_data);
  if (builder->open.empty()) {
    builder->root.name = name;
    builder->saw_root = true;
    builder->open.push_back(&builder->root);
    return;
  }
  XmlElement& parent = *builder->open.back();
  parent.children.push_back(XmlElement{.name = name, .text = {}, .children = {}});
  builder->open.push_back(&parent.children.back());
}

void on_end(void* user_data, const XML_Char* /*name*/) {
  static_cast<TreeBuilder*>(user_data)->open.pop_back();
}

void on_text(void* user_data, const XML_Char* text, int length) {
  auto* builder = static_cast<TreeBuilder*>(user_data);
  if (!builder->open.empty()) builder->open.back()->text.append(text, static_cast<size_t>(length));
}

void on_doctype(void* user_data, const XML_Char*, const XML_Char*, const XML_Char*, int) {
  auto* builder = static_cast<TreeBuilder*>(user_data);
  builder->saw_doctype = true;
  XML_StopParser(builder->parser, XML_FALSE);  // XML_Parse then returns an error
}

void escape_xml_into(std::string& out, std::string_view text) {
  for (const char character : text) {
    switch (character) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        out += character;
    }
  }
}

Result<uint64_t> parse_size(std::string_view text, std::string_view what) {
  uint64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || text.empty()) {
    return make_error(ErrorCode::parse, "{}: <Size> \"{}\" is not a byte count", what, text);
  }
  return value;
}

Result<XmlElement> parse_expecting(std::string_view body, std::string_view what,
                                   std::string_view root_name) {
  XmlElement root = TRY(parse_xml(body, what));
  if (root.name != root_name) {
    return make_error(ErrorCode::parse, "{}: expected a <{}> document, got <{}>", what, root_name,
                      root.name);
  }
  return root;
}

}  // namespace

const XmlElement* XmlElement::child(std::string_view child_name) const {
  for (const XmlElement& element : children) {
    if (element.name == child_name) return &element;
  }
  return nullptr;
}

std::string XmlElement::child_text(std::string_view child_name) const {
  const XmlElement* element = child(child_name);
  return element ? element->text : std::string();
}

Result<XmlElement> parse_xml(std::string_view document, std::string_view what) {
  ParserHandle parser(XML_ParserCreate("UTF-8"));
  if (!parser) return make_error(ErrorCode::internal, "{}: cannot create an XML parser", what);
  TreeBuilder builder;
  builder.parser = parser.get();
  XML_SetUserData(parser.get(), &builder);
  XML_SetElementHandler(parser.get(), on_start, on_end);
  XML_SetCharacterDataHandler(parser.get(), on_text);
  XML_SetStartDoctypeDeclHandler(parser.get(), on_doctype);
  const XML_Status status =
      XML_Parse(parser.get(), document.data(), static_cast<int>(document.size()), XML_TRUE);
  if (builder.saw_doctype) {
    return make_error(ErrorCode::parse, "{}: refusing an XML document with a DOCTYPE", what);
  }
  if (status != XML_STATUS_OK) {
    return make_error(ErrorCode::parse, "{}: malformed XML at line {}, column {}: {}", what,
                      XML_GetCurrentLineNumber(parser.get()),
                      XML_GetCurrentColumnNumber(parser.get()),
                      XML_ErrorString(XML_GetErrorCode(parser.get())));
  }
  if (!builder.saw_root) return make_error(ErrorCode::parse, "{}: empty XML document", what);
  return std::move(builder.root);
}

std::optional<S3ErrorBody> parse_error_body(std::string_view body) {
  if (body.find("<Error") == std::string_view::npos) return std::nullopt;
  Result<XmlElement> root = parse_xml(body, "S3 error");
  if (!root || root->name != "Error") return std::nullopt;
  return S3ErrorBody{.code = root->child_text("Code"),
                     .message = root->child_text("Message"),
                     .request_id = root->child_text("RequestId")};
}

Result<ListPage> parse_list_objects_v2(std::string_view body, std::string_view what) {
  const XmlElement root = TRY(parse_expecting(body, what, "ListBucketResult"));
  ListPage page;
  for (const XmlElement& element : root.children) {
    if (element.name != "Contents") continue;
    ObjectInfo object{.key = element.child_text("Key"),
                      .size = TRY(parse_size(element.child_text("Size"), what)),
                      .etag = strip_quotes(element.child_text("ETag")),
                      .last_modified = element.child_text("LastModified")};
    if (object.key.empty())
      return make_error(ErrorCode::parse, "{}: <Contents> without <Key>", what);
    page.objects.push_back(std::move(object));
  }
  if (root.child_text("IsTruncated") == "true") {
    std::string token = root.child_text("NextContinuationToken");
    if (token.empty()) {
      return make_error(ErrorCode::parse, "{}: a truncated listing without <NextContinuationToken>",
                        what);
    }
    page.next_token = std::move(token);
  }
  return page;
}

Result<std::string> parse_initiate_multipart(std::string_view body, std::string_view what) {
  const XmlElement root = TRY(parse_expecting(body, what, "InitiateMultipartUploadResult"));
  std::string upload_id = root.child_text("UploadId");
  if (upload_id.empty()) return make_error(ErrorCode::parse, "{}: no <UploadId>", what);
  return upload_id;
}

Result<std::string> parse_complete_multipart(std::string_view body, std::string_view what) {
  const XmlElement root = TRY(parse_xml(body, what));
  if (root.name == "Error") {
    const std::string code = root.child_text("Code");
    const ErrorCode error_code =
        (code == "InternalError" || code == "SlowDown") ? ErrorCode::server_error : ErrorCode::http;
    return make_error(error_code, "{}: the server answered 200 with error {}: {}", what, code,
                      root.child_text("Message"));
  }
  if (root.name != "CompleteMultipartUploadResult") {
    return make_error(ErrorCode::parse,
                      "{}: expected a <CompleteMultipartUploadResult> document, got <{}>", what,
                      root.name);
  }
  return strip_quotes(root.child_text("ETag"));
}

Result<UploadsPage> parse_list_multipart_uploads(std::string_view body, std::string_view what) {
  const XmlElement root = TRY(parse_expecting(body, what, "ListMultipartUploadsResult"));
  UploadsPage page;
  for (const XmlElement& element : root.children) {
    if (element.name != "Upload") continue;
    const std::string initiated_text = element.child_text("Initiated");
    const auto initiated = parse_iso8601_utc(initiated_text);
    if (!initiated) {
      return make_error(ErrorCode::parse, "{}: <Initiated> \"{}\" is not an ISO 8601 UTC time",
                        what, initiated_text);
    }
    page.uploads.push_back(PendingUpload{.key = element.child_text("Key"),
                                         .upload_id = element.child_text("UploadId"),
                                         .initiated = *initiated});
  }
  page.truncated = root.child_text("IsTruncated") == "true";
  page.next_key_marker = root.child_text("NextKeyMarker");
  page.next_upload_id_marker = root.child_text("NextUploadIdMarker");
  if (page.truncated && page.next_key_marker.empty()) {
    return make_error(ErrorCode::parse, "{}: a truncated listing without <NextKeyMarker>", what);
  }
  return page;
}

std::string complete_multipart_body(const std::vector<UploadedPart>& parts) {
  std::string body = "<CompleteMultipartUpload>";
  for (const UploadedPart& part : parts) {
    body += fmt::format("<Part><PartNumber>{}</PartNumber><ETag>", part.part_number);
    escape_xml_into(body, part.etag);
    body += "</ETag></Part>";
  }
  body += "</CompleteMultipartUpload>";
  return body;
}

std::optional<std::chrono::system_clock::time_point> parse_iso8601_utc(std::string_view text) {
  // YYYY-MM-DDTHH:MM:SS, then optional fraction, then 'Z'.
  constexpr size_t k_seconds_end = 19;
  if (text.size() < k_seconds_end + 1 || text.back() != 'Z') return std::nullopt;
  std::tm fields{};
  const auto number = [&](size_t offset, size_t length, int& out) {
    const char* begin = text.data() + offset;
    const auto [end, error] = std::from_chars(begin, begin + length, out);
    return error == std::errc() && end == begin + length;
  };
  if (text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' || text[16] != ':') {
    return std::nullopt;
  }
  int year = 0;
  int month = 0;
  if (!number(0, 4, year) || !number(5, 2, month) || !number(8, 2, fields.tm_mday) ||
      !number(11, 2, fields.tm_hour) || !number(14, 2, fields.tm_min) ||
      !number(17, 2, fields.tm_sec)) {
    return std::nullopt;
  }
  fields.tm_year = year - 1900;
  fields.tm_mon = month - 1;
  std::chrono::milliseconds fraction{0};
  const std::string_view rest = text.substr(k_seconds_end, text.size() - k_seconds_end - 1);
  if (!rest.empty()) {
    if (rest.front() != '.' || rest.size() < 2) return std::nullopt;
    int milliseconds = 0;
    const std::string_view digits = rest.substr(1, 3);
    if (!number(k_seconds_end + 1, digits.size(), milliseconds)) return std::nullopt;
    for (size_t padding = digits.size(); padding < 3; ++padding) milliseconds *= 10;
    fraction = std::chrono::milliseconds(milliseconds);
  }
  const time_t seconds = timegm(&fields);
  if (seconds == static_cast<time_t>(-1)) return std::nullopt;
  return std::chrono::system_clock::from_time_t(seconds) + fraction;
}

std::string strip_quotes(std::string_view etag) {
  if (etag.size() >= 2 && etag.front() == '"' && etag.back() == '"') {
    etag = etag.substr(1, etag.size() - 2);
  }
  return std::string(etag);
}

}  // namespace reelhouse::objectstore::s3
