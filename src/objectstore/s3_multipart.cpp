// S3ObjectStore: multipart uploads — the primitives (create, upload part, complete, abort,
// list pending) and put_file's multipart path, which aborts its upload when it fails.
#include <fstream>
#include <utility>

#include "objectstore/s3_object_store.hpp"
#include "objectstore/s3_xml.hpp"

namespace reelhouse::objectstore {
namespace {

constexpr int k_max_part_number = 10000;

}  // namespace

Result<std::string> S3ObjectStore::create_multipart_upload(std::string_view key) {
  const std::string full = TRY(full_key(key));
  const s3::Response response = TRY(m_client->perform(
      s3::Request{.method = s3::Method::post, .key = full, .query = {{"uploads", ""}}}));
  return s3::parse_initiate_multipart(
      response.body,
      fmt::format("the CreateMultipartUpload answer for {}", m_client->describe_key(full)));
}

Result<UploadedPart> S3ObjectStore::upload_part(std::string_view key, std::string_view upload_id,
                                                int part_number, std::string_view data) {
  const std::string full = TRY(full_key(key));
  if (part_number < 1 || part_number > k_max_part_number) {
    return make_error(ErrorCode::invalid_argument,
                      "part number {} of the upload of {} is outside 1…{}", part_number,
                      m_client->describe_key(full), k_max_part_number);
  }
  const s3::Response response = TRY(m_client->perform(s3::Request{
      .method = s3::Method::put,
      .key = full,
      .query = {{"partNumber", std::to_string(part_number)}, {"uploadId", std::string(upload_id)}},
      .body = data}));
  if (!response.etag) {
    return make_error(ErrorCode::parse, "S3 PUT {} part {}: the answer has no ETag",
                      m_client->describe_key(full), part_number);
  }
  return UploadedPart{.part_number = part_number, .etag = *response.etag};
}

Result<ObjectInfo> S3ObjectStore::complete_multipart_upload(
    std::string_view key, std::string_view upload_id, const std::vector<UploadedPart>& parts) {
  const std::string full = TRY(full_key(key));
  if (parts.empty()) {
    return make_error(ErrorCode::invalid_argument,
                      "completing the upload of {}: a multipart upload needs at least one part",
                      m_client->describe_key(full));
  }
  const std::string body = s3::complete_multipart_body(parts);
  const s3::Response response =
      TRY(m_client->perform(s3::Request{.method = s3::Method::post,
                                        .key = full,
                                        .query = {{"uploadId", std::string(upload_id)}},
                                        .headers = {"Content-Type: application/xml"},
                                        .body = body}));
  TRY(s3::parse_complete_multipart(
      response.body,
      fmt::format("the CompleteMultipartUpload answer for {}", m_client->describe_key(full))));
  // The answer holds no size: ask for it, which also proves the object is visible.
  return head(key);
}

Result<> S3ObjectStore::abort_multipart_upload(std::string_view key, std::string_view upload_id) {
  const std::string full = TRY(full_key(key));
  TRY(m_client->perform(s3::Request{
      .method = s3::Method::del, .key = full, .query = {{"uploadId", std::string(upload_id)}}}));
  return {};
}

Result<std::vector<PendingUpload>> S3ObjectStore::list_multipart_uploads(std::string_view prefix) {
  std::vector<PendingUpload> uploads;
  std::string key_marker;
  std::string upload_id_marker;
  while (true) {
    s3::Request request{
        .method = s3::Method::get,
        .query = {{"uploads", ""}, {"prefix", m_options.location.prefix + std::string(prefix)}}};
    if (!key_marker.empty()) {
      request.query.emplace_back("key-marker", key_marker);
      request.query.emplace_back("upload-id-marker", upload_id_marker);
    }
    const s3::Response response = TRY(m_client->perform(request));
    s3::UploadsPage page = TRY(s3::parse_list_multipart_uploads(
        response.body, fmt::format("the pending uploads of {} under \"{}\"", describe(), prefix)));
    for (PendingUpload& upload : page.uploads) {
      upload.key = relative_key(upload.key);
      uploads.push_back(std::move(upload));
    }
    if (!page.truncated) break;
    if (page.next_key_marker == key_marker && page.next_upload_id_marker == upload_id_marker) {
      return make_error(ErrorCode::internal,
                        "listing the pending uploads of {}: the server repeated the markers; "
                        "stopping instead of looping forever",
                        describe());
    }
    key_marker = std::move(page.next_key_marker);
    upload_id_marker = std::move(page.next_upload_id_marker);
  }
  return uploads;
}

Result<ObjectInfo> S3ObjectStore::put_file_multipart(std::string_view key,
                                                     const std::filesystem::path& file) {
  std::ifstream stream(file, std::ios::binary);
  if (!stream) return make_error(ErrorCode::io, "cannot open {} for upload", file.string());
  const std::string upload_id = TRY(create_multipart_upload(key));

  // Uploads the parts and completes; any failure aborts the upload below.
  const auto upload_all = [&]() -> Result<ObjectInfo> {
    std::vector<UploadedPart> parts;
    std::string buffer(m_options.part_size, '\0');
    for (int part_number = 1;; ++part_number) {
      stream.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
      const auto length = static_cast<size_t>(stream.gcount());
      if (stream.bad()) {
        return make_error(ErrorCode::io, "reading {} for upload failed at part {}", file.string(),
                          part_number);
      }
      if (length == 0 && part_number > 1) break;
      if (part_number > k_max_part_number) {
        return make_error(ErrorCode::invalid_argument,
                          "{} needs more than {} parts of {} bytes: raise the part size",
                          file.string(), k_max_part_number, m_options.part_size);
      }
      parts.push_back(
          TRY(upload_part(key, upload_id, part_number, std::string_view(buffer.data(), length))));
      if (length < buffer.size()) break;
    }
    return complete_multipart_upload(key, upload_id, parts);
  };

  Result<ObjectInfo> result = upload_all();
  if (!result) {
    Result<> aborted = abort_multipart_upload(key, upload_id);
    const std::string abort_note =
        aborted ? std::string("the upload was aborted")
                : fmt::format(
                      "aborting upload {} failed too ({}); it stays pending until "
                      "abort_stale_multipart_uploads removes it",
                      upload_id, aborted.error().message);
    Error error = result.error();
    error.message =
        fmt::format("uploading {} as {}: {}; {}", file.string(),
                    m_client->describe_key(m_options.location.prefix + std::string(key)),
                    error.message, abort_note);
    return std::unexpected(std::move(error));
  }
  return result;
}

}  // namespace reelhouse::objectstore
