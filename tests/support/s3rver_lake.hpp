// One s3rver for every lake-on-S3 test of the process (node takes seconds to start), and
// helpers to put a lake on it: S3 store options for a key prefix, a Lake rooted at a local
// working copy. Header-only (the test target lists its support sources explicitly).
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "lake/lake.hpp"
#include "lake/remote_lake.hpp"
#include "objectstore/s3_object_store.hpp"
#include "support/s3rver_server.hpp"
#include "support/test_support.hpp"

namespace reelhouse::testing {

inline constexpr char k_lake_bucket[] = "reelhouse-lake";

// The shared server, started on first use; nullptr with `why` set when it cannot run here.
inline S3rverServer* shared_s3rver(std::string& why) {
  static std::string s_error;
  static TempDir s_dir;  // destroyed after the server, which is constructed later
  static std::unique_ptr<S3rverServer> s_server = [] {
    if (const auto reason = S3rverServer::unavailable_reason()) {
      s_error = "s3rver is not available: " + *reason;
      return std::unique_ptr<S3rverServer>();
    }
    std::string error;
    auto server = S3rverServer::start(s_dir.path() / "s3rver", k_lake_bucket, error);
    if (!server) s_error = "s3rver did not start: " + error;
    return server;
  }();
  why = s_error;
  return s_server.get();
}

// Skips the test (visibly) when s3rver is unavailable; fails it when it did not start.
#define SKIP_WITHOUT_S3RVER(server_variable)                        \
  std::string server_variable##_why;                                \
  ::reelhouse::testing::S3rverServer* server_variable =             \
      ::reelhouse::testing::shared_s3rver(server_variable##_why);   \
  if (server_variable == nullptr) {                                 \
    if (::reelhouse::testing::S3rverServer::unavailable_reason()) { \
      GTEST_SKIP() << server_variable##_why;                        \
    }                                                               \
    FAIL() << server_variable##_why;                                \
  }

// Store options for s3://reelhouse-lake/<prefix>/ on `server`, fast retries, 5 MiB parts.
inline objectstore::S3StoreOptions lake_store_options(const S3rverServer& server,
                                                      const std::string& prefix) {
  return objectstore::S3StoreOptions{
      .location = objectstore::S3Location{.bucket = k_lake_bucket, .prefix = prefix + "/"},
      .endpoint = server.endpoint(),
      .region = "us-east-1",
      .credentials = objectstore::s3::Credentials{.access_key_id = k_s3rver_access_key,
                                                  .secret_access_key = k_s3rver_secret_key,
                                                  .session_token = {}},
      .retry = objectstore::s3::RetryPolicy{.max_attempts = 3,
                                            .initial_delay = std::chrono::milliseconds(10),
                                            .max_delay = std::chrono::milliseconds(50)},
      .part_size = objectstore::k_min_part_size,
      .multipart_threshold = objectstore::k_min_part_size,
  };
}

inline std::shared_ptr<objectstore::ObjectStore> make_lake_store(
    objectstore::S3StoreOptions options) {
  auto store = objectstore::S3ObjectStore::create(std::move(options));
  EXPECT_TRUE(store) << store.error().message;
  return store ? std::shared_ptr<objectstore::ObjectStore>(std::move(*store)) : nullptr;
}

// A lake in `store` (its root s3://reelhouse-lake/<prefix>) with `root` as working copy.
inline lake::Lake make_s3_lake(const std::filesystem::path& root,
                               std::shared_ptr<objectstore::ObjectStore> store,
                               const std::string& prefix) {
  return lake::Lake(root, std::make_shared<const lake::RemoteLake>(
                              std::move(store), fmt::format("s3://{}/{}", k_lake_bucket, prefix)));
}

}  // namespace reelhouse::testing
