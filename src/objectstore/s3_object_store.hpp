// S3ObjectStore: the ObjectStore on an S3-compatible server (AWS S3, MinIO, s3rver, …).
//
// The store's root is `s3://<bucket>/<prefix>`: every key of the interface is stored as
// prefix + key, and listings return keys with the prefix removed, so the same code runs on a
// local directory or a bucket. Requests, signing, retries and errors are S3Client's
// (s3_client.hpp). Objects up to `multipart_threshold` bytes go up in one PUT; larger files go
// up as a multipart upload of `part_size` parts, each read into memory, hashed and sent with
// retries, and the upload is aborted when a part or the completion fails for good.
#pragma once

#include <memory>
#include <string>

#include "objectstore/object_store.hpp"
#include "objectstore/s3_client.hpp"
#include "objectstore/s3_url.hpp"

namespace reelhouse::objectstore {

struct S3StoreOptions {
  S3Location location{};   // bucket and key prefix ("" or ending with '/')
  std::string endpoint{};  // "http://127.0.0.1:9000", "https://s3.eu-west-1.amazonaws.com"
  std::string region = "us-east-1";
  s3::Credentials credentials{};  // usually s3::credentials_from_environment()
  s3::RetryPolicy retry{};
  uint64_t part_size = uint64_t{16} << 20;            // ≥ k_min_part_size
  uint64_t multipart_threshold = uint64_t{16} << 20;  // files larger than this go multipart
};

class S3ObjectStore final : public ObjectStore {
 public:
  // Errors: config for a bad endpoint, empty bucket or region, or a part size below 5 MiB.
  // Makes no request: a wrong endpoint or credentials show on the first call.
  static Result<std::unique_ptr<S3ObjectStore>> create(S3StoreOptions options);

  std::string describe() const override;

  Result<ObjectInfo> put_bytes(std::string_view key, std::string_view data) override;
  Result<ObjectInfo> put_file(std::string_view key, const std::filesystem::path& file) override;
  Result<std::string> get_bytes(std::string_view key,
                                std::optional<ByteRange> range = std::nullopt) override;
  Result<ObjectInfo> get_file(std::string_view key, const std::filesystem::path& destination,
                              std::optional<ByteRange> range = std::nullopt) override;
  Result<ObjectInfo> head(std::string_view key) override;
  Result<ListPage> list_page(const ListOptions& options) override;
  Result<> remove(std::string_view key) override;

  Result<std::string> create_multipart_upload(std::string_view key) override;
  Result<UploadedPart> upload_part(std::string_view key, std::string_view upload_id,
                                   int part_number, std::string_view data) override;
  Result<ObjectInfo> complete_multipart_upload(std::string_view key, std::string_view upload_id,
                                               const std::vector<UploadedPart>& parts) override;
  Result<> abort_multipart_upload(std::string_view key, std::string_view upload_id) override;
  Result<std::vector<PendingUpload>> list_multipart_uploads(std::string_view prefix) override;

  const S3StoreOptions& options() const { return m_options; }

 private:
  S3ObjectStore(S3StoreOptions options, std::unique_ptr<s3::S3Client> client)
      : m_options(std::move(options)), m_client(std::move(client)) {}

  // prefix + key, after checking the key. Errors: invalid_argument.
  Result<std::string> full_key(std::string_view key) const;
  // Removes the root prefix from a key the server listed.
  std::string relative_key(std::string_view full) const;
  Result<ObjectInfo> put_file_multipart(std::string_view key, const std::filesystem::path& file);

  S3StoreOptions m_options;
  std::unique_ptr<s3::S3Client> m_client;
};

}  // namespace reelhouse::objectstore
