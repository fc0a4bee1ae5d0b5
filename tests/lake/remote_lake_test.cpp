// The lake in an object store (lake/remote_lake.hpp) on a real S3-compatible server (s3rver):
// commits put the data objects first and the manifest last, a partition without a manifest is
// invisible, a re-commit swaps generations atomically for a concurrent reader, a reader with an
// empty working copy downloads what it reads, and clean-up removes what crashed writers left
// (only once older than the grace period). Skipped, with a message, without node/s3rver.
#include "lake/remote_lake.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <thread>

#include "db/duckdb.hpp"
#include "lake/lake.hpp"
#include "lake/lake_locations.hpp"
#include "support/s3rver_lake.hpp"
#include "transform/model_runner.hpp"

namespace reelhouse::lake {
namespace {

namespace fs = std::filesystem;
using objectstore::ObjectInfo;
using objectstore::ObjectStore;

constexpr char k_date[] = "2024-01-01";

std::string test_prefix() {
  return std::string("lake-") + ::testing::UnitTest::GetInstance()->current_test_info()->name();
}

// An ObjectStore that records the keys written, in order, and can refuse writes of keys ending
// with a given suffix (a crash at that point).
class RecordingStore final : public ObjectStore {
 public:
  explicit RecordingStore(std::shared_ptr<ObjectStore> inner) : m_inner(std::move(inner)) {}

  std::vector<std::string> writes() const {
    std::lock_guard lock(m_mutex);
    return m_writes;
  }
  void fail_writes_ending_with(std::string suffix) { m_fail_suffix = std::move(suffix); }

  std::string describe() const override { return m_inner->describe(); }
  Result<ObjectInfo> put_bytes(std::string_view key, std::string_view data) override {
    TRY(record(key));
    return m_inner->put_bytes(key, data);
  }
  Result<ObjectInfo> put_file(std::string_view key, const fs::path& file) override {
    TRY(record(key));
    return m_inner->put_file(key, file);
  }
  Result<std::string> get_bytes(std::string_view key,
                                std::optional<objectstore::ByteRange> range) override {
    return m_inner->get_bytes(key, range);
  }
  Result<ObjectInfo> get_file(std::string_view key, const fs::path& destination,
                              std::optional<objectstore::ByteRange> range) override {
    return m_inner->get_file(key, destination, range);
  }
  Result<ObjectInfo> head(std::string_view key) override { return m_inner->head(key); }
  Result<objectstore::ListPage> list_page(const objectstore::ListOptions& options) override {
    return m_inner->list_page(options);
  }
  Result<> remove(std::string_view key) override { return m_inner->remove(key); }
  Result<std::string> create_multipart_upload(std::string_view key) override {
    return m_inner->create_multipart_upload(key);
  }
  Result<objectstore::UploadedPart> upload_part(std::string_view key, std::string_view upload_id,
                                                int part_number, std::string_view data) override {
    return m_inner->upload_part(key, upload_id, part_number, data);
  }
  Result<ObjectInfo> complete_multipart_upload(
      std::string_view key, std::string_view upload_id,
      const std::vector<objectstore::UploadedPart>& parts) override {
    return m_inner->complete_multipart_upload(key, upload_id, parts);
  }
  Result<> abort_multipart_upload(std::string_view key, std::string_view upload_id) override {
    return m_inner->abort_multipart_upload(key, upload_id);
  }
  Result<std::vector<objectstore::PendingUpload>> list_multipart_uploads(
      std::string_view prefix) override {
    return m_inner->list_multipart_uploads(prefix);
  }

 private:
  Result<> record(std::string_view key) {
    if (!m_fail_suffix.empty() && key.ends_with(m_fail_suffix)) {
      return make_error(ErrorCode::connection, "injected failure writing {}", key);
    }
    std::lock_guard lock(m_mutex);
    m_writes.emplace_back(key);
    return {};
  }

  std::shared_ptr<ObjectStore> m_inner;
  mutable std::mutex m_mutex;
  std::vector<std::string> m_writes;
  std::string m_fail_suffix;
};

// Stages `files` (name → content) for landing/t/<k_date> and commits it.
Result<> commit_files(const Lake& lake, const std::map<std::string, std::string>& files) {
  auto staged = TRY(lake.stage(Layer::landing, "t", k_date));
  for (const auto& [name, content] : files) testing::write_file(staged.dir() / name, content);
  return staged.commit();
}

std::vector<std::string> keys_under(ObjectStore& store, std::string_view prefix) {
  std::vector<std::string> keys;
  for (const auto& object : store.list_all(prefix).value_or(std::vector<ObjectInfo>{})) {
    keys.push_back(object.key);
  }
  return keys;
}

TEST(RemoteLakeTest, CommitUploadsDataFirstAndTheManifestLast) {
  SKIP_WITHOUT_S3RVER(server);
  testing::TempDir temp;
  auto recording = std::make_shared<RecordingStore>(
      testing::make_lake_store(testing::lake_store_options(*server, test_prefix())));
  const Lake lake = testing::make_s3_lake(temp.path() / "lake", recording, test_prefix());

  auto staged = lake.stage(Layer::landing, "t", k_date);
  ASSERT_TRUE(staged) << staged.error().message;
  EXPECT_EQ(staged->location(), fmt::format("s3://{}/{}/landing/t/ingest_date={}",
                                            testing::k_lake_bucket, test_prefix(), k_date));
  testing::write_file(staged->dir() / "a.parquet", "first file");
  testing::write_file(staged->dir() / "b.parquet", "second, longer file");
  ASSERT_TRUE(staged->commit());

  const auto writes = recording->writes();
  ASSERT_EQ(writes.size(), 3u);
  EXPECT_EQ(writes[2], fmt::format("landing/t/ingest_date={}/_manifest.json", k_date));
  const auto manifest =
      lake.remote()->read_manifest(fmt::format("landing/t/ingest_date={}/", k_date));
  ASSERT_TRUE(manifest && *manifest);
  ASSERT_EQ((*manifest)->files.size(), 2u);
  EXPECT_EQ((*manifest)->files[1].name, "b.parquet");
  EXPECT_EQ((*manifest)->files[1].size, 19u);
  for (const auto& file : (*manifest)->files) {
    const std::string key =
        fmt::format("landing/t/ingest_date={}/{}/{}", k_date, (*manifest)->generation, file.name);
    EXPECT_EQ(writes[0] == key || writes[1] == key, true) << key;
    const auto info = recording->head(key);
    ASSERT_TRUE(info) << info.error().message;
    EXPECT_EQ(info->size, file.size);
  }
  EXPECT_EQ(read_generation_marker(lake.partition_dir(Layer::landing, "t", k_date)),
            (*manifest)->generation);
  EXPECT_EQ(lake.partition_dates(Layer::landing, "t"), std::vector<std::string>{k_date});
}

TEST(RemoteLakeTest, APartitionWhoseManifestIsMissingIsInvisible) {
  SKIP_WITHOUT_S3RVER(server);
  testing::TempDir temp;
  auto recording = std::make_shared<RecordingStore>(
      testing::make_lake_store(testing::lake_store_options(*server, test_prefix())));
  const Lake lake = testing::make_s3_lake(temp.path() / "lake", recording, test_prefix());
  // The writer dies between its data objects and its manifest.
  recording->fail_writes_ending_with("_manifest.json");
  const auto committed = commit_files(lake, {{"a.parquet", "data"}});
  ASSERT_FALSE(committed);
  EXPECT_EQ(keys_under(*recording, "landing/").size(), 1u) << "the data object is there";

  EXPECT_TRUE(lake.partition_dates(Layer::landing, "t").empty());
  EXPECT_FALSE(fs::exists(lake.partition_dir(Layer::landing, "t", k_date)))
      << "no local rename without the remote commit";
  const auto read = lake.local_partition(Layer::landing, "t", k_date);
  ASSERT_FALSE(read);
  EXPECT_EQ(read.error().code, ErrorCode::not_found);
  EXPECT_NE(read.error().message.find("_manifest.json"), std::string::npos) << read.error().message;
}

TEST(RemoteLakeTest, ARecommitSwapsGenerationsAtomicallyForAReaderLoop) {
  SKIP_WITHOUT_S3RVER(server);
  testing::TempDir temp;
  auto store = testing::make_lake_store(testing::lake_store_options(*server, test_prefix()));
  const Lake writer = testing::make_s3_lake(temp.path() / "writer", store, test_prefix());
  const Lake reader = testing::make_s3_lake(temp.path() / "reader", store, test_prefix());
  const auto version_files = [](int version) {
    const std::string tag = fmt::format("version {}", version);
    return std::map<std::string, std::string>{{"a.parquet", tag}, {"b.parquet", tag + tag}};
  };
  ASSERT_TRUE(commit_files(writer, version_files(1)));

  constexpr int k_versions = 6;
  std::atomic<bool> done{false};
  std::atomic<int> reads{0};
  std::vector<std::string> problems;
  std::thread reader_thread([&] {
    while (!done) {
      const auto dir = reader.local_partition(Layer::landing, "t", k_date);
      if (!dir) {
        problems.push_back(dir.error().message);
        continue;
      }
      const std::string a = testing::read_file(*dir / "a.parquet");
      const std::string b = testing::read_file(*dir / "b.parquet");
      if (b != a + a) problems.push_back("mixed generations: " + a + " / " + b);
      ++reads;
    }
  });
  for (int version = 2; version <= k_versions; ++version) {
    const auto committed = commit_files(writer, version_files(version));
    EXPECT_TRUE(committed) << committed.error().message;
  }
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (reads < 5 && std::chrono::steady_clock::now() < give_up) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  done = true;
  reader_thread.join();
  EXPECT_TRUE(problems.empty()) << problems.front();
  EXPECT_GE(reads, 5);

  // The last generation is what a reader sees, and the older ones are gone.
  const auto dir = reader.local_partition(Layer::landing, "t", k_date);
  ASSERT_TRUE(dir);
  EXPECT_EQ(testing::read_file(*dir / "a.parquet"), fmt::format("version {}", k_versions));
  EXPECT_EQ(keys_under(*store, "landing/").size(), 3u) << "two data objects and the manifest";
}

TEST(RemoteLakeTest, AReaderWithAnEmptyWorkingCopyDownloadsWhatItReads) {
  SKIP_WITHOUT_S3RVER(server);
  testing::TempDir temp;
  auto store = testing::make_lake_store(testing::lake_store_options(*server, test_prefix()));
  const Lake writer = testing::make_s3_lake(temp.path() / "writer", store, test_prefix());
  auto staged = writer.stage(Layer::cleansed, "films", k_date);
  ASSERT_TRUE(staged);
  auto database = db::DuckDatabase::open("");
  ASSERT_TRUE(database);
  auto connection = db::DuckConnection::connect(*database);
  ASSERT_TRUE(connection);
  ASSERT_TRUE(connection->execute(
      fmt::format("COPY (SELECT range AS id FROM range(1000)) TO {} (FORMAT parquet)",
                  db::sql_quote((staged->dir() / "films.parquet").string()))));
  const std::string location = staged->location();
  ASSERT_TRUE(staged->commit());

  const Lake reader = testing::make_s3_lake(temp.path() / "reader", store, test_prefix());
  EXPECT_EQ(reader.partition_dates(Layer::cleansed, "films"), std::vector<std::string>{k_date});
  install_location_lake(reader);
  // The catalog's location, as every reader resolves it (partition_relation).
  const auto relation = transform::partition_relation(location);
  ASSERT_TRUE(relation) << relation.error().message;
  EXPECT_EQ(connection->query_int(fmt::format("SELECT sum(id) FROM {}", *relation)).value_or(-1),
            499500);
  const fs::path local = reader.partition_dir(Layer::cleansed, "films", k_date);
  EXPECT_TRUE(fs::exists(local / "films.parquet"));
  EXPECT_EQ(read_generation_marker(local),
            read_generation_marker(writer.partition_dir(Layer::cleansed, "films", k_date)));

  // A current local copy is used as is: no data object is fetched again.
  for (const auto& key : keys_under(*store, "cleansed/")) {
    if (!key.ends_with("_manifest.json")) {
      ASSERT_TRUE(store->remove(key));
    }
  }
  EXPECT_TRUE(reader.local_partition(Layer::cleansed, "films", k_date));
}

TEST(RemoteLakeTest, CleanupRemovesOrphansAndStaleUploadsPastTheGracePeriodOnly) {
  SKIP_WITHOUT_S3RVER(server);
  testing::TempDir temp;
  auto store = testing::make_lake_store(testing::lake_store_options(*server, test_prefix()));
  const Lake lake = testing::make_s3_lake(temp.path() / "lake", store, test_prefix());
  ASSERT_TRUE(commit_files(lake, {{"a.parquet", "committed"}}));
  const auto two_hours_ago = std::chrono::duration_cast<std::chrono::milliseconds>(
      (std::chrono::system_clock::now() - std::chrono::hours(2)).time_since_epoch());
  const std::string old_orphan =
      fmt::format("landing/t/ingest_date={}/g{}-1-0/a.parquet", k_date, two_hours_ago.count());
  const std::string uncommitted =
      fmt::format("landing/u/ingest_date={}/g{}-1-0/x.parquet", k_date, two_hours_ago.count());
  const std::string young_orphan =
      fmt::format("landing/t/ingest_date={}/{}/a.parquet", k_date, new_generation());
  for (const auto& key : {old_orphan, uncommitted, young_orphan}) {
    ASSERT_TRUE(store->put_bytes(key, "orphan"));
  }
  ASSERT_TRUE(store->create_multipart_upload(
      fmt::format("landing/t/ingest_date={}/{}/big.parquet", k_date, new_generation())));

  // With an hour's grace only the two-hour-old orphans go.
  EXPECT_EQ(lake.clean_object_store(std::chrono::hours(1)).value_or(-1), 2);
  auto keys = keys_under(*store, "landing/");
  EXPECT_EQ(keys.size(), 3u);
  EXPECT_EQ(std::count(keys.begin(), keys.end(), young_orphan), 1);
  EXPECT_EQ(store->list_multipart_uploads("").value().size(), 1u);

  // Without grace the young orphan and the pending upload go; the committed partition stays.
  EXPECT_EQ(lake.clean_object_store(std::chrono::seconds(-1)).value_or(-1), 2);
  EXPECT_EQ(keys_under(*store, "landing/").size(), 2u);
  EXPECT_TRUE(store->list_multipart_uploads("").value().empty());
  const auto dir = testing::make_s3_lake(temp.path() / "fresh", store, test_prefix())
                       .local_partition(Layer::landing, "t", k_date);
  ASSERT_TRUE(dir) << dir.error().message;
  EXPECT_EQ(testing::read_file(*dir / "a.parquet"), "committed");
}

}  // namespace
}  // namespace reelhouse::lake
