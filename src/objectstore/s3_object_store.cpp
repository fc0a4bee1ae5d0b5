// S3ObjectStore: single-request operations (put, get, head, list, delete); multipart uploads
// are in s3_multipart.cpp.
#include "objectstore/s3_object_store.hpp"

#include <fstream>
#include <utility>

#include "objectstore/s3_xml.hpp"
#include "util/atomic_file.hpp"

namespace reelhouse::objectstore {
namespace {

constexpr size_t k_max_key_bytes = 1024;  // S3's limit on a key's UTF-8 length
constexpr int k_max_list_keys = 1000;

// Collects a download into an AtomicFile, starting a fresh temporary file on each attempt.
class AtomicFileSink final : public s3::BodySink {
 public:
  explicit AtomicFileSink(std::filesystem::path destination)
      : m_destination(std::move(destination)) {}

  Result<> restart() override {
    m_file.reset();
    m_bytes = 0;
    m_file.emplace(TRY(util::AtomicFile::open(m_destination)));
    return {};
  }
  Result<> write(std::string_view chunk) override {
    m_bytes += chunk.size();
    return m_file->write(chunk);
  }
  Result<> commit() { return m_file->commit(); }
  uint64_t bytes() const { return m_bytes; }

 private:
  std::filesystem::path m_destination;
  std::optional<util::AtomicFile> m_file;
  uint64_t m_bytes = 0;
};

// A ranged GET must come back as 206: a server that ignored Range sent the whole object.
Result<> check_range_answer(const s3::Response& response, const std::optional<ByteRange>& range,
                            std::string_view what) {
  if (range && response.status != 206) {
    return make_error(ErrorCode::http,
                      "S3 GET {} bytes {}-: expected HTTP 206 for a range request, got {}; the "
                      "server does not support ranges",
                      what, range->offset, response.status);
  }
  return {};
}

ObjectInfo info_from_response(std::string key, const s3::Response& response, uint64_t size) {
  return ObjectInfo{.key = std::move(key),
                    .size = size,
                    .etag = s3::strip_quotes(response.etag.value_or("")),
                    .last_modified = response.last_modified.value_or("")};
}

}  // namespace

Result<std::unique_ptr<S3ObjectStore>> S3ObjectStore::create(S3StoreOptions options) {
  if (options.part_size < k_min_part_size) {
    return make_error(ErrorCode::config, "the S3 part size {} is below S3's minimum of {} bytes",
                      options.part_size, k_min_part_size);
  }
  if (!options.location.prefix.empty() && !options.location.prefix.ends_with('/')) {
    options.location.prefix += '/';
  }
  std::unique_ptr<s3::S3Client> client = TRY(s3::S3Client::create(s3::ClientOptions{
      .endpoint = options.endpoint,
      .region = options.region,
      .bucket = options.location.bucket,
      .credentials = options.credentials,
      .retry = options.retry,
  }));
  return std::unique_ptr<S3ObjectStore>(new S3ObjectStore(std::move(options), std::move(client)));
}

std::string S3ObjectStore::describe() const {
  return m_options.location.to_url();
}

Result<std::string> S3ObjectStore::full_key(std::string_view key) const {
  if (key.empty() || key.front() == '/') {
    return make_error(ErrorCode::invalid_argument,
                      "object key \"{}\" in {} must be non-empty and not start with '/'", key,
                      describe());
  }
  std::string full = m_options.location.prefix + std::string(key);
  if (full.size() > k_max_key_bytes) {
    return make_error(ErrorCode::invalid_argument,
                      "object key \"{}\" in {} is {} bytes long with the prefix; S3 allows {}", key,
                      describe(), full.size(), k_max_key_bytes);
  }
  return full;
}

std::string S3ObjectStore::relative_key(std::string_view full) const {
  if (full.starts_with(m_options.location.prefix))
    full.remove_prefix(m_options.location.prefix.size());
  return std::string(full);
}

Result<ObjectInfo> S3ObjectStore::put_bytes(std::string_view key, std::string_view data) {
  const std::string full = TRY(full_key(key));
  const s3::Response response =
      TRY(m_client->perform(s3::Request{.method = s3::Method::put, .key = full, .body = data}));
  return info_from_response(std::string(key), response, data.size());
}

Result<ObjectInfo> S3ObjectStore::put_file(std::string_view key,
                                           const std::filesystem::path& file) {
  std::error_code error;
  const uint64_t size = std::filesystem::file_size(file, error);
  if (error) {
    return make_error(ErrorCode::io, "cannot upload {} to {}: {}", file.string(),
                      m_client->describe_key(m_options.location.prefix + std::string(key)),
                      error.message());
  }
  if (size > m_options.multipart_threshold) return put_file_multipart(key, file);
  std::ifstream stream(file, std::ios::binary);
  std::string content(size, '\0');
  if (!stream || !stream.read(content.data(), static_cast<std::streamsize>(size))) {
    return make_error(ErrorCode::io, "cannot read {} ({} bytes) for upload", file.string(), size);
  }
  return put_bytes(key, content);
}

Result<std::string> S3ObjectStore::get_bytes(std::string_view key, std::optional<ByteRange> range) {
  const std::string full = TRY(full_key(key));
  s3::Response response =
      TRY(m_client->perform(s3::Request{.method = s3::Method::get, .key = full, .range = range}));
  TRY(check_range_answer(response, range, m_client->describe_key(full)));
  return std::move(response.body);
}

Result<ObjectInfo> S3ObjectStore::get_file(std::string_view key,
                                           const std::filesystem::path& destination,
                                           std::optional<ByteRange> range) {
  const std::string full = TRY(full_key(key));
  AtomicFileSink sink(destination);
  TRY(sink.restart());
  const s3::Response response = TRY(m_client->perform(
      s3::Request{.method = s3::Method::get, .key = full, .range = range, .sink = &sink}));
  TRY(check_range_answer(response, range, m_client->describe_key(full)));
  TRY(sink.commit());
  return info_from_response(std::string(key), response, sink.bytes());
}

Result<ObjectInfo> S3ObjectStore::head(std::string_view key) {
  const std::string full = TRY(full_key(key));
  const s3::Response response =
      TRY(m_client->perform(s3::Request{.method = s3::Method::head, .key = full}));
  if (!response.content_length) {
    return make_error(ErrorCode::parse, "S3 HEAD {}: the answer has no Content-Length",
                      m_client->describe_key(full));
  }
  return info_from_response(std::string(key), response, *response.content_length);
}

Result<ListPage> S3ObjectStore::list_page(const ListOptions& options) {
  if (options.max_keys < 1 || options.max_keys > k_max_list_keys) {
    return make_error(ErrorCode::invalid_argument, "listing {}: max_keys {} is outside 1…{}",
                      describe(), options.max_keys, k_max_list_keys);
  }
  const std::string full_prefix = m_options.location.prefix + options.prefix;
  s3::Request request{.method = s3::Method::get,
                      .query = {{"list-type", "2"},
                                {"prefix", full_prefix},
                                {"max-keys", std::to_string(options.max_keys)}}};
  if (options.continuation_token) {
    request.query.emplace_back("continuation-token", *options.continuation_token);
  }
  const s3::Response response = TRY(m_client->perform(request));
  ListPage page = TRY(s3::parse_list_objects_v2(
      response.body, fmt::format("the listing of {} under \"{}\"", describe(), options.prefix)));
  for (ObjectInfo& object : page.objects) object.key = relative_key(object.key);
  return page;
}

Result<> S3ObjectStore::remove(std::string_view key) {
  const std::string full = TRY(full_key(key));
  Result<s3::Response> response =
      m_client->perform(s3::Request{.method = s3::Method::del, .key = full});
  // S3 answers 204 for a missing key; some clones answer 404. Both mean "gone".
  if (!response && response.error().code != ErrorCode::not_found) {
    return std::unexpected(response.error());
  }
  return {};
}

}  // namespace reelhouse::objectstore
