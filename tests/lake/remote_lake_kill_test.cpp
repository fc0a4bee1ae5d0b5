// Acceptance: a kill -9 during an upload to the object-store lake leaves no committed partial
// snapshot. A child process (this test binary again, RemoteLakeKillChild) commits a large
// partition (a small file, then a 40 MiB one that goes up as a multipart upload of 5 MiB
// parts) to s3rver; the parent kills it with SIGKILL once a data object and a pending
// multipart upload exist. A fresh Lake then sees no such partition, and clean-up removes the
// orphaned object and aborts the upload. Skipped, with a message, without node/s3rver.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <fstream>
#include <thread>

#include "lake/lake.hpp"
#include "lake/remote_lake.hpp"
#include "support/s3rver_lake.hpp"

namespace reelhouse::lake {
namespace {

namespace fs = std::filesystem;

constexpr char k_child_endpoint[] = "REELHOUSE_KILL_TEST_ENDPOINT";
constexpr char k_child_root[] = "REELHOUSE_KILL_TEST_ROOT";
constexpr char k_prefix[] = "lake-kill";
constexpr char k_date[] = "2024-02-29";
constexpr uint64_t k_large_size = uint64_t{40} << 20;

objectstore::S3StoreOptions kill_store_options(const std::string& endpoint) {
  return objectstore::S3StoreOptions{
      .location = objectstore::S3Location{.bucket = testing::k_lake_bucket,
                                          .prefix = std::string(k_prefix) + "/"},
      .endpoint = endpoint,
      .region = "us-east-1",
      .credentials = objectstore::s3::Credentials{.access_key_id = testing::k_s3rver_access_key,
                                                  .secret_access_key = testing::k_s3rver_secret_key,
                                                  .session_token = {}},
      .retry = {},
      .part_size = objectstore::k_min_part_size,
      .multipart_threshold = objectstore::k_min_part_size,
  };
}

// The child: commits landing/big/<k_date> and would finish, were it not killed.
TEST(RemoteLakeKillChild, CommitsALargePartition) {
  const char* endpoint = std::getenv(k_child_endpoint);
  const char* root = std::getenv(k_child_root);
  if (endpoint == nullptr || root == nullptr) {
    GTEST_SKIP() << "only run as the child of RemoteLakeKillTest";
  }
  const Lake lake =
      testing::make_s3_lake(root, testing::make_lake_store(kill_store_options(endpoint)), k_prefix);
  auto staged = lake.stage(Layer::landing, "big", k_date);
  ASSERT_TRUE(staged) << staged.error().message;
  testing::write_file(staged->dir() / "a_small.parquet", "small");
  {
    std::ofstream large(staged->dir() / "b_large.parquet", std::ios::binary);
    std::string block(1 << 20, '\0');
    for (uint64_t block_idx = 0; block_idx < (k_large_size >> 20); ++block_idx) {
      std::fill(block.begin(), block.end(), static_cast<char>('a' + block_idx % 26));
      large.write(block.data(), static_cast<std::streamsize>(block.size()));
    }
  }
  ASSERT_TRUE(staged->commit());
}

TEST(RemoteLakeKillTest, KillDuringUploadLeavesNoCommittedPartialSnapshot) {
  SKIP_WITHOUT_S3RVER(server);
  testing::TempDir temp;
  const auto started = std::chrono::steady_clock::now();
  const pid_t child = testing::spawn_test_child(
      "RemoteLakeKillChild.*",
      {fmt::format("{}={}", k_child_endpoint, server->endpoint()),
       fmt::format("{}={}", k_child_root, (temp.path() / "child").string())});
  ASSERT_GE(child, 0);

  // Kill once the small object is stored and the large one's multipart upload is under way.
  auto store = testing::make_lake_store(kill_store_options(server->endpoint()));
  bool mid_upload = false;
  const auto give_up = started + std::chrono::seconds(30);
  while (!mid_upload && std::chrono::steady_clock::now() < give_up) {
    const auto objects = store->list_all("landing/big/");
    const auto pending = store->list_multipart_uploads("landing/big/");
    mid_upload = objects && !objects->empty() && pending && !pending->empty();
    if (!mid_upload) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  EXPECT_EQ(::kill(child, SIGKILL), 0);
  int status = 0;
  EXPECT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(mid_upload) << "the child never got to its multipart upload";
  ASSERT_TRUE(WIFSIGNALED(status)) << "the child finished its commit before it was killed";

  // Nothing committed: no manifest, no partition for a fresh reader, nothing to download.
  const auto objects = store->list_all("landing/big/");
  ASSERT_TRUE(objects);
  for (const auto& object : *objects) {
    EXPECT_FALSE(object.key.ends_with("_manifest.json")) << object.key;
  }
  const Lake fresh = testing::make_s3_lake(temp.path() / "fresh", store, k_prefix);
  EXPECT_TRUE(fresh.partition_dates(Layer::landing, "big").empty());
  const auto read = fresh.local_partition(Layer::landing, "big", k_date);
  ASSERT_FALSE(read);
  EXPECT_EQ(read.error().code, ErrorCode::not_found);

  // Within the grace period clean-up leaves the remains alone (a writer might be alive) …
  EXPECT_EQ(fresh.clean_object_store(Lake::k_object_grace).value_or(-1), 0);
  // … past it the orphaned objects are removed and the upload aborted.
  const auto cleaned = fresh.clean_object_store(std::chrono::seconds(-1));
  ASSERT_TRUE(cleaned) << cleaned.error().message;
  EXPECT_EQ(*cleaned, static_cast<int>(objects->size()) + 1);
  EXPECT_TRUE(store->list_all("landing/big/").value().empty());
  EXPECT_TRUE(store->list_multipart_uploads("landing/big/").value().empty());
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(60));
}

}  // namespace
}  // namespace reelhouse::lake
