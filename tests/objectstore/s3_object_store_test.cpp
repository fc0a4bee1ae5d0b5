// S3ObjectStore against a real S3-compatible server: s3rver on 127.0.0.1, one server for the
// whole suite (node takes seconds to start), each test in its own key prefix of the bucket.
// The launcher verifies SigV4 signatures like S3 does (tests/support/s3rver_launcher.cjs), so
// a request that S3 would refuse for its signature fails here too. Skipped, with a message,
// when node or deps/node_modules/s3rver is missing.
#include "objectstore/s3_object_store.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "fetch/sha256.hpp"
#include "support/s3rver_server.hpp"
#include "support/test_support.hpp"

namespace reelhouse::objectstore {
namespace {

using std::chrono::milliseconds;

constexpr char k_bucket[] = "reelhouse-test";

class S3ObjectStoreTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (const auto reason = testing::S3rverServer::unavailable_reason()) {
      s_skip_reason = new std::string(*reason);
      return;
    }
    s_data_dir = new testing::TempDir();
    std::string error;
    s_server =
        testing::S3rverServer::start(s_data_dir->path() / "s3rver", k_bucket, error).release();
    if (s_server == nullptr) s_start_error = new std::string(error);
  }

  static void TearDownTestSuite() {
    delete s_server;
    delete s_data_dir;
    delete s_skip_reason;
    delete s_start_error;
    s_server = nullptr;
    s_data_dir = nullptr;
    s_skip_reason = nullptr;
    s_start_error = nullptr;
  }

  void SetUp() override {
    if (s_skip_reason) GTEST_SKIP() << "s3rver is not available: " << *s_skip_reason;
    ASSERT_EQ(s_start_error, nullptr) << "s3rver did not start: " << *s_start_error;
  }

  // Options for a store rooted at s3://reelhouse-test/<test name>/, fast retries.
  S3StoreOptions options(std::string secret = testing::k_s3rver_secret_key) const {
    const std::string test_name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    return S3StoreOptions{
        .location = S3Location{.bucket = k_bucket, .prefix = test_name + "/"},
        .endpoint = s_server->endpoint(),
        .region = "us-east-1",
        .credentials = s3::Credentials{.access_key_id = testing::k_s3rver_access_key,
                                       .secret_access_key = std::move(secret),
                                       .session_token = {}},
        .retry = s3::RetryPolicy{.max_attempts = 3,
                                 .initial_delay = milliseconds(10),
                                 .max_delay = milliseconds(50)},
        .part_size = k_min_part_size,
        .multipart_threshold = k_min_part_size,
    };
  }

  std::unique_ptr<S3ObjectStore> make_store(S3StoreOptions store_options) const {
    Result<std::unique_ptr<S3ObjectStore>> store = S3ObjectStore::create(std::move(store_options));
    EXPECT_TRUE(store) << store.error().message;
    return store ? std::move(*store) : nullptr;
  }
  std::unique_ptr<S3ObjectStore> make_store() const { return make_store(options()); }

  testing::TempDir m_temp;

  static inline testing::S3rverServer* s_server = nullptr;
  static inline testing::TempDir* s_data_dir = nullptr;
  static inline std::string* s_skip_reason = nullptr;
  static inline std::string* s_start_error = nullptr;
};

std::string random_bytes(size_t size, uint64_t seed) {
  std::mt19937_64 generator(seed);
  std::string bytes(size, '\0');
  for (char& byte : bytes) byte = static_cast<char>(generator() & 0xFF);
  return bytes;
}

bool contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

TEST_F(S3ObjectStoreTest, PutGetHeadRoundTripWithAwkwardKeys) {
  auto store = make_store();
  ASSERT_TRUE(store);
  EXPECT_EQ(store->describe(), "s3://reelhouse-test/PutGetHeadRoundTripWithAwkwardKeys");
  const std::string content = random_bytes(70'000, 1);
  for (const std::string key : {"plain.txt", "raw/imdb/ingest_date=2024-01-01/title basics+1.tsv",
                                "odd/k€y (copy)&co~'x'.bin"}) {
    SCOPED_TRACE(key);
    const Result<ObjectInfo> put = store->put_bytes(key, content);
    ASSERT_TRUE(put) << put.error().message;
    EXPECT_EQ(put->size, content.size());
    EXPECT_FALSE(put->etag.empty());

    const Result<std::string> got = store->get_bytes(key);
    ASSERT_TRUE(got) << got.error().message;
    EXPECT_TRUE(*got == content);

    const Result<ObjectInfo> head = store->head(key);
    ASSERT_TRUE(head) << head.error().message;
    EXPECT_EQ(head->size, content.size());
    EXPECT_EQ(head->etag, put->etag);
    EXPECT_FALSE(head->last_modified.empty());
  }
  // An empty object and an overwrite.
  ASSERT_TRUE(store->put_bytes("plain.txt", ""));
  EXPECT_EQ(store->get_bytes("plain.txt").value_or("?"), "");
  EXPECT_EQ(store->head("plain.txt").value_or(ObjectInfo{.size = 99}).size, 0u);
}

TEST_F(S3ObjectStoreTest, RangeGetsToBytesAndToFile) {
  auto store = make_store();
  ASSERT_TRUE(store);
  const std::string content = random_bytes(10'000, 2);
  ASSERT_TRUE(store->put_bytes("data.bin", content));
  struct Case {
    ByteRange range;
    std::string expected;
  };
  const Case cases[] = {
      {{.offset = 0, .length = 10}, content.substr(0, 10)},
      {{.offset = 9'990, .length = std::nullopt}, content.substr(9'990)},
      {{.offset = 5'000, .length = 1}, content.substr(5'000, 1)},
      {{.offset = 9'000, .length = 5'000}, content.substr(9'000)},  // clamped to the end
  };
  for (const Case& test_case : cases) {
    SCOPED_TRACE(test_case.range.offset);
    const Result<std::string> got = store->get_bytes("data.bin", test_case.range);
    ASSERT_TRUE(got) << got.error().message;
    EXPECT_TRUE(*got == test_case.expected) << got->size() << " bytes";
  }
  const std::filesystem::path destination = m_temp.path() / "part.bin";
  const Result<ObjectInfo> file =
      store->get_file("data.bin", destination, ByteRange{.offset = 100, .length = 900});
  ASSERT_TRUE(file) << file.error().message;
  EXPECT_EQ(file->size, 900u);
  EXPECT_TRUE(testing::read_file(destination) == content.substr(100, 900));
  // The whole object to a file, replacing what was there.
  ASSERT_TRUE(store->get_file("data.bin", destination));
  EXPECT_TRUE(testing::read_file(destination) == content);
  // A range that starts past the end is refused by the server (416 InvalidRange).
  const Result<std::string> past_end = store->get_bytes("data.bin", ByteRange{.offset = 20'000});
  ASSERT_FALSE(past_end);
  EXPECT_TRUE(contains(past_end.error().message, "416")) << past_end.error().message;
}

TEST_F(S3ObjectStoreTest, ListsWithPaginationAndPrefix) {
  auto store = make_store();
  ASSERT_TRUE(store);
  std::vector<std::string> expected;
  for (int index = 0; index < 25; ++index) {
    const std::string key = fmt::format("landing/t/ingest_date=2024-01-{:02}/part.parquet", index);
    ASSERT_TRUE(store->put_bytes(key, std::to_string(index)));
    expected.push_back(key);
  }
  ASSERT_TRUE(store->put_bytes("landing/other/x", "x"));
  ASSERT_TRUE(store->put_bytes("landing/tz", "not under landing/t/"));
  std::sort(expected.begin(), expected.end());

  // Page by page: 10 + 10 + 5, each with a token but the last.
  ListOptions list_options{.prefix = "landing/t/", .max_keys = 10};
  std::vector<std::string> listed;
  std::vector<size_t> page_sizes;
  while (true) {
    const Result<ListPage> page = store->list_page(list_options);
    ASSERT_TRUE(page) << page.error().message;
    page_sizes.push_back(page->objects.size());
    for (const ObjectInfo& object : page->objects) listed.push_back(object.key);
    if (!page->next_token) break;
    list_options.continuation_token = page->next_token;
    ASSERT_LT(page_sizes.size(), 10u) << "pagination does not end";
  }
  EXPECT_EQ(page_sizes, (std::vector<size_t>{10, 10, 5}));
  EXPECT_EQ(listed, expected);

  const Result<std::vector<ObjectInfo>> all = store->list_all("landing/");
  ASSERT_TRUE(all) << all.error().message;
  EXPECT_EQ(all->size(), 27u);
  EXPECT_EQ(all->front().key, "landing/other/x");  // relative to the store's prefix
  EXPECT_EQ(all->back().size, 20u);

  const Result<std::vector<ObjectInfo>> none = store->list_all("nothing/");
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());
  EXPECT_EQ(store->list_page(ListOptions{.max_keys = 0}).error().code, ErrorCode::invalid_argument);
}

TEST_F(S3ObjectStoreTest, DeleteRemovesAndIsIdempotent) {
  auto store = make_store();
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->put_bytes("a", "1"));
  ASSERT_TRUE(store->put_bytes("b", "2"));
  ASSERT_TRUE(store->remove("a")) << "delete of an existing key";
  EXPECT_EQ(store->head("a").error().code, ErrorCode::not_found);
  EXPECT_TRUE(store->remove("a")) << "delete of a missing key succeeds, as on S3";
  const Result<std::vector<ObjectInfo>> left = store->list_all("");
  ASSERT_TRUE(left);
  ASSERT_EQ(left->size(), 1u);
  EXPECT_EQ(left->front().key, "b");
}

TEST_F(S3ObjectStoreTest, MissingKeyIsNotFoundAndNamesTheObject) {
  auto store = make_store();
  ASSERT_TRUE(store);
  const std::string full = "s3://reelhouse-test/MissingKeyIsNotFoundAndNamesTheObject/no/such.key";
  const Result<std::string> got = store->get_bytes("no/such.key");
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().code, ErrorCode::not_found);
  EXPECT_FALSE(got.error().is_transient());
  EXPECT_TRUE(contains(got.error().message, full)) << got.error().message;
  EXPECT_TRUE(contains(got.error().message, "HTTP 404")) << got.error().message;
  EXPECT_TRUE(contains(got.error().message, "NoSuchKey")) << got.error().message;

  const Result<ObjectInfo> head = store->head("no/such.key");
  ASSERT_FALSE(head);
  EXPECT_EQ(head.error().code, ErrorCode::not_found);
  EXPECT_TRUE(contains(head.error().message, "HTTP 404")) << head.error().message;

  const std::filesystem::path destination = m_temp.path() / "never.bin";
  const Result<ObjectInfo> file = store->get_file("no/such.key", destination);
  ASSERT_FALSE(file);
  EXPECT_EQ(file.error().code, ErrorCode::not_found);
  EXPECT_FALSE(std::filesystem::exists(destination));
  EXPECT_TRUE(std::filesystem::is_empty(m_temp.path())) << "no temporary file left behind";

  EXPECT_EQ(store->get_bytes("/absolute").error().code, ErrorCode::invalid_argument);
}

TEST_F(S3ObjectStoreTest, PutFileUploadsThreePartsAndReadsBack) {
  auto store = make_store();
  ASSERT_TRUE(store);
  // 5 MiB + 5 MiB + 123 bytes: three parts of the minimum size.
  const std::string content = random_bytes(2 * k_min_part_size + 123, 3);
  const std::filesystem::path source = m_temp.path() / "big.bin";
  testing::write_file(source, content);
  const Result<ObjectInfo> put = store->put_file("aggregated/big.bin", source);
  ASSERT_TRUE(put) << put.error().message;
  EXPECT_EQ(put->size, content.size());
  // (S3 would give a "<md5>-3" ETag here; s3rver gives the MD5 of the whole object.)

  const std::filesystem::path copy = m_temp.path() / "copy.bin";
  const Result<ObjectInfo> got = store->get_file("aggregated/big.bin", copy);
  ASSERT_TRUE(got) << got.error().message;
  EXPECT_EQ(fetch::sha256_file(copy).value_or("?"), fetch::sha256_hex(content));
  const Result<std::string> tail =
      store->get_bytes("aggregated/big.bin", ByteRange{.offset = 2 * k_min_part_size - 5});
  ASSERT_TRUE(tail);
  EXPECT_TRUE(*tail == content.substr(2 * k_min_part_size - 5));

  const Result<std::vector<PendingUpload>> pending = store->list_multipart_uploads("");
  ASSERT_TRUE(pending) << pending.error().message;
  EXPECT_TRUE(pending->empty()) << "the completed upload is no longer pending";

  // A small file goes up in one PUT (a plain MD5 ETag, no part count).
  const std::filesystem::path small = m_temp.path() / "small.bin";
  testing::write_file(small, "small");
  const Result<ObjectInfo> small_put = store->put_file("small.bin", small);
  ASSERT_TRUE(small_put) << small_put.error().message;
  EXPECT_FALSE(contains(small_put->etag, "-"));
  EXPECT_EQ(store->put_file("x", m_temp.path() / "missing").error().code, ErrorCode::io);
}

TEST_F(S3ObjectStoreTest, PendingUploadsAreListedAbortedAndNeverVisible) {
  auto store = make_store();
  ASSERT_TRUE(store);
  const Result<std::string> first = store->create_multipart_upload("staging/a.parquet");
  const Result<std::string> second = store->create_multipart_upload("staging/b.parquet");
  const Result<std::string> other = store->create_multipart_upload("elsewhere/c.parquet");
  ASSERT_TRUE(first && second && other);
  const Result<UploadedPart> part =
      store->upload_part("staging/a.parquet", *first, 1, random_bytes(k_min_part_size, 4));
  ASSERT_TRUE(part) << part.error().message;

  Result<std::vector<PendingUpload>> pending = store->list_multipart_uploads("staging/");
  ASSERT_TRUE(pending) << pending.error().message;
  ASSERT_EQ(pending->size(), 2u);
  EXPECT_EQ((*pending)[0].key, "staging/a.parquet");
  EXPECT_EQ((*pending)[0].upload_id, *first);
  EXPECT_EQ((*pending)[1].key, "staging/b.parquet");
  const auto now = std::chrono::system_clock::now();
  EXPECT_LT(std::chrono::abs((*pending)[0].initiated - now), std::chrono::minutes(5));
  EXPECT_EQ(store->head("staging/a.parquet").error().code, ErrorCode::not_found)
      << "an uncompleted upload is invisible";

  ASSERT_TRUE(store->abort_multipart_upload("staging/a.parquet", *first));
  pending = store->list_multipart_uploads("staging/");
  ASSERT_TRUE(pending);
  ASSERT_EQ(pending->size(), 1u);
  EXPECT_EQ((*pending)[0].upload_id, *second);
  const Result<> again = store->abort_multipart_upload("staging/a.parquet", *first);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::not_found);
  EXPECT_TRUE(contains(again.error().message, "NoSuchUpload")) << again.error().message;

  // Stale clean-up: nothing is older than an hour ago; everything is older than a minute ahead.
  EXPECT_EQ(store->abort_stale_multipart_uploads("", now - std::chrono::hours(1)).value_or(-1), 0);
  EXPECT_EQ(store->abort_stale_multipart_uploads("", now + std::chrono::minutes(1)).value_or(-1),
            2);
  pending = store->list_multipart_uploads("");
  ASSERT_TRUE(pending);
  EXPECT_TRUE(pending->empty());
  const Result<std::vector<ObjectInfo>> objects = store->list_all("");
  ASSERT_TRUE(objects);
  EXPECT_TRUE(objects->empty()) << "aborted uploads leave no object";
}

TEST_F(S3ObjectStoreTest, BadCredentialsAreRefusedWithAClearMessage) {
  auto wrong_secret = make_store(options("not-the-secret"));
  ASSERT_TRUE(wrong_secret);
  const Result<ObjectInfo> put = wrong_secret->put_bytes("k", "v");
  ASSERT_FALSE(put);
  EXPECT_EQ(put.error().code, ErrorCode::http);
  for (const std::string_view part :
       {"S3 PUT", "s3://reelhouse-test/BadCredentialsAreRefusedWithAClearMessage/k", "HTTP 403",
        "SignatureDoesNotMatch", "AWS_SECRET_ACCESS_KEY"}) {
    EXPECT_TRUE(contains(put.error().message, part)) << part << " in " << put.error().message;
  }

  S3StoreOptions unknown_key = options();
  unknown_key.credentials.access_key_id = "NOBODY";
  auto unknown = make_store(unknown_key);
  ASSERT_TRUE(unknown);
  const Result<std::vector<ObjectInfo>> listed = unknown->list_all("");
  ASSERT_FALSE(listed);
  EXPECT_TRUE(contains(listed.error().message, "InvalidAccessKeyId")) << listed.error().message;
  EXPECT_FALSE(listed.error().is_transient());
}

TEST_F(S3ObjectStoreTest, MissingBucketIsAConfigError) {
  S3StoreOptions missing = options();
  missing.location.bucket = "no-such-bucket";
  auto store = make_store(missing);
  ASSERT_TRUE(store);
  const Result<std::string> got = store->get_bytes("k");
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().code, ErrorCode::config) << "never mistaken for a missing object";
  EXPECT_TRUE(contains(got.error().message, "NoSuchBucket")) << got.error().message;
  EXPECT_TRUE(contains(got.error().message, "lake.url")) << got.error().message;
}

TEST_F(S3ObjectStoreTest, ConnectionFailuresAreRetriedThenReportedAsTransient) {
  S3StoreOptions down = options();
  down.endpoint = "http://127.0.0.1:1";  // nothing listens on port 1
  auto store = make_store(down);
  ASSERT_TRUE(store);
  const Result<std::string> got = store->get_bytes("k");
  ASSERT_FALSE(got);
  EXPECT_TRUE(got.error().is_transient());
  EXPECT_TRUE(contains(got.error().message, "gave up after 3 attempts")) << got.error().message;
}

TEST(S3ObjectStoreOptions, RefusesBadConfiguration) {
  const auto create = [](std::string endpoint, uint64_t part_size) {
    return S3ObjectStore::create(S3StoreOptions{.location = {.bucket = "b", .prefix = ""},
                                                .endpoint = std::move(endpoint),
                                                .part_size = part_size});
  };
  EXPECT_TRUE(create("http://127.0.0.1:9000", k_min_part_size));
  EXPECT_EQ(create("127.0.0.1:9000", k_min_part_size).error().code, ErrorCode::config);
  EXPECT_EQ(create("http://127.0.0.1:9000", k_min_part_size - 1).error().code, ErrorCode::config);
}

TEST(S3Credentials, ComeFromTheEnvironment) {
  const auto keep = [](const char* name) {
    const char* value = std::getenv(name);
    return value ? std::optional<std::string>(value) : std::nullopt;
  };
  const auto saved_key = keep("AWS_ACCESS_KEY_ID");
  const auto saved_secret = keep("AWS_SECRET_ACCESS_KEY");
  const auto saved_token = keep("AWS_SESSION_TOKEN");
  unsetenv("AWS_ACCESS_KEY_ID");
  setenv("AWS_SECRET_ACCESS_KEY", "secret", 1);
  unsetenv("AWS_SESSION_TOKEN");
  const Result<s3::Credentials> missing = s3::credentials_from_environment();
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::config);
  EXPECT_TRUE(contains(missing.error().message, "AWS_ACCESS_KEY_ID"));
  setenv("AWS_ACCESS_KEY_ID", "key", 1);
  const Result<s3::Credentials> present = s3::credentials_from_environment();
  ASSERT_TRUE(present);
  EXPECT_EQ(present->access_key_id, "key");
  EXPECT_EQ(present->secret_access_key, "secret");
  EXPECT_EQ(present->session_token, "");
  const auto restore = [](const char* name, const std::optional<std::string>& value) {
    if (value) {
      setenv(name, value->c_str(), 1);
    } else {
      unsetenv(name);
    }
  };
  restore("AWS_ACCESS_KEY_ID", saved_key);
  restore("AWS_SECRET_ACCESS_KEY", saved_secret);
  restore("AWS_SESSION_TOKEN", saved_token);
}

}  // namespace
}  // namespace reelhouse::objectstore
