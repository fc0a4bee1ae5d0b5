#include "fetch/sha256.hpp"

#include <gtest/gtest.h>

#include "support/test_support.hpp"

namespace reelhouse::fetch {
namespace {

// FIPS 180-2 / NIST test vectors.
const struct {
  std::string input;
  std::string digest;
} k_known_digests[] = {
    {"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
    {"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
    {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
     "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
    {std::string(1000000, 'a'), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"},
};

TEST(Sha256Test, KnownDigests) {
  for (const auto& known : k_known_digests) {
    EXPECT_EQ(sha256_hex(known.input), known.digest) << known.input.substr(0, 20);
  }
}

TEST(Sha256Test, StreamingInPiecesEqualsOneShot) {
  for (const auto& known : k_known_digests) {
    for (const size_t piece_size : {size_t{1}, size_t{7}, size_t{64}, size_t{100000}}) {
      Sha256 hasher;
      for (size_t offset = 0; offset < known.input.size(); offset += piece_size) {
        hasher.update(std::string_view(known.input).substr(offset, piece_size));
      }
      EXPECT_EQ(hasher.hex_digest(), known.digest) << "piece size " << piece_size;
      EXPECT_EQ(hasher.byte_count(), known.input.size());
    }
  }
}

TEST(Sha256Test, DigestDoesNotDisturbTheRunningState) {
  Sha256 hasher;
  hasher.update("ab");
  EXPECT_EQ(hasher.hex_digest(), sha256_hex("ab"));
  hasher.update("c");
  EXPECT_EQ(hasher.hex_digest(), sha256_hex("abc"));
}

TEST(Sha256Test, ResetStartsOver) {
  Sha256 hasher;
  hasher.update("something else");
  hasher.reset();
  EXPECT_EQ(hasher.byte_count(), 0u);
  hasher.update("abc");
  EXPECT_EQ(hasher.hex_digest(), sha256_hex("abc"));
}

TEST(Sha256Test, HashesAFile) {
  reelhouse::testing::TempDir temp;
  const auto path = temp.path() / "abc.txt";
  reelhouse::testing::write_file(path, "abc");
  const auto digest = sha256_file(path);
  ASSERT_TRUE(digest) << digest.error().message;
  EXPECT_EQ(*digest, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Sha256Test, MissingFileIsNotFoundNamingThePath) {
  reelhouse::testing::TempDir temp;
  const auto path = temp.path() / "missing.txt";
  const auto digest = sha256_file(path);
  ASSERT_FALSE(digest);
  EXPECT_EQ(digest.error().code, ErrorCode::not_found);
  EXPECT_NE(digest.error().message.find(path.string()), std::string::npos);
}

}  // namespace
}  // namespace reelhouse::fetch
