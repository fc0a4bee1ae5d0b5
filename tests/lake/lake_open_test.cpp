// Lake::open (lake/lake.hpp) from the configuration: a local lake without lake.url, and clear
// config errors for an object-store lake that cannot work — a bad lake.url, missing
// credentials, an endpoint that does not answer — each naming the key or variable to fix.
#include <gtest/gtest.h>

#include <cstdlib>
#include <optional>

#include "core/config.hpp"
#include "lake/lake.hpp"
#include "lake/lake_locations.hpp"
#include "support/test_support.hpp"

namespace reelhouse::lake {
namespace {

using testing::ScopedEnvironment;

Config lake_config(const std::filesystem::path& home, std::string url, std::string endpoint) {
  Config config;
  config.home = home;
  config.lake.url = std::move(url);
  config.lake.endpoint = std::move(endpoint);
  return config;
}

TEST(LakeOpenTest, WithoutAUrlTheLakeIsLocal) {
  testing::TempDir home;
  const auto lake = Lake::open(lake_config(home.path(), "", ""));
  ASSERT_TRUE(lake) << lake.error().message;
  EXPECT_FALSE(lake->in_object_store());
  EXPECT_EQ(lake->root(), home.path() / "lake");
  // Local locations resolve to themselves.
  EXPECT_EQ(resolve_location("/some/dir").value(), std::filesystem::path("/some/dir"));
}

TEST(LakeOpenTest, ConfigurationErrorsNameWhatToFix) {
  testing::TempDir home;
  ScopedEnvironment access_key("AWS_ACCESS_KEY_ID", "key");
  ScopedEnvironment secret_key("AWS_SECRET_ACCESS_KEY", "secret");
  struct Case {
    std::string url;
    std::string endpoint;
    std::string names;  // what the message must mention
  };
  for (const Case& bad : {Case{"s3://B", "http://127.0.0.1:1", "lake.url"},
                          Case{"http://bucket/x", "http://127.0.0.1:1", "lake.url"},
                          Case{"s3://bucket/x", "ftp://nowhere", "lake.endpoint"}}) {
    SCOPED_TRACE(bad.url + " " + bad.endpoint);
    const auto lake = Lake::open(lake_config(home.path(), bad.url, bad.endpoint));
    ASSERT_FALSE(lake);
    EXPECT_EQ(lake.error().code, ErrorCode::config);
    EXPECT_NE(lake.error().message.find(bad.names), std::string::npos) << lake.error().message;
  }
}

TEST(LakeOpenTest, MissingCredentialsAreAConfigErrorNamingTheVariable) {
  testing::TempDir home;
  ScopedEnvironment access_key("AWS_ACCESS_KEY_ID", nullptr);
  ScopedEnvironment secret_key("AWS_SECRET_ACCESS_KEY", "secret");
  const Config config = lake_config(home.path(), "s3://bucket/lake", "http://127.0.0.1:1");
  const auto lake = Lake::open(config);
  ASSERT_FALSE(lake);
  EXPECT_EQ(lake.error().code, ErrorCode::config);
  EXPECT_NE(lake.error().message.find("AWS_ACCESS_KEY_ID"), std::string::npos)
      << lake.error().message;
  // Where the lake cannot fail (a run's context), the error comes back on first use.
  const Lake unchecked = Lake::open_unchecked(config);
  const auto staged = unchecked.stage(Layer::landing, "t", "2024-01-01");
  ASSERT_FALSE(staged);
  EXPECT_NE(staged.error().message.find("AWS_ACCESS_KEY_ID"), std::string::npos);
}

TEST(LakeOpenTest, AnUnreachableEndpointIsAConfigErrorNamingIt) {
  testing::TempDir home;
  ScopedEnvironment access_key("AWS_ACCESS_KEY_ID", "key");
  ScopedEnvironment secret_key("AWS_SECRET_ACCESS_KEY", "secret");
  // Port 1 on loopback: nothing listens, the connection is refused at once.
  const auto lake = Lake::open(lake_config(home.path(), "s3://bucket/lake", "http://127.0.0.1:1"));
  ASSERT_FALSE(lake);
  EXPECT_EQ(lake.error().code, ErrorCode::config);
  EXPECT_NE(lake.error().message.find("lake.endpoint = \"http://127.0.0.1:1\""), std::string::npos)
      << lake.error().message;
}

}  // namespace
}  // namespace reelhouse::lake
