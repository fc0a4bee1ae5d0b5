// Pipeline leases: the catalog primitive (acquire, refuse, renew, expire and take over,
// release) through two separate catalog connections, and PipelineLease with its heartbeat,
// its refusal message, waiting, dead-holder takeover and loss detection.
#include "pipeline/pipeline_lease.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <thread>

#include "catalog/catalog.hpp"
#include "catalog/catalog_test_support.hpp"

namespace reelhouse::pipeline {
namespace {

using catalog::Catalog;
using std::chrono::milliseconds;
using ::testing::HasSubstr;

class LeaseTest : public catalog::CatalogTest {
 protected:
  Catalog open_second() {
    auto second = Catalog::open(location());
    EXPECT_TRUE(second) << second.error().message;
    return std::move(*second);
  }
};

TEST_P(LeaseTest, CatalogAcquireRefuseRenewRelease) {
  Catalog other = open_second();
  const auto first = catalog().try_acquire_lease("pipeline:prices", "a:1:x", milliseconds{60'000});
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_TRUE(first->acquired);
  EXPECT_EQ(first->lease.holder, "a:1:x");
  EXPECT_TRUE(catalog::is_timestamp(first->lease.acquired_at));
  EXPECT_GT(first->lease.expires_at, first->lease.heartbeat_at);

  // The other connection is refused and told who holds it.
  const auto refused = other.try_acquire_lease("pipeline:prices", "b:2:y", milliseconds{60'000});
  ASSERT_TRUE(refused);
  EXPECT_FALSE(refused->acquired);
  EXPECT_EQ(refused->lease.holder, "a:1:x");
  EXPECT_FALSE(other.renew_lease("pipeline:prices", "b:2:y", milliseconds{1000}).value());
  // Another name is independent.
  EXPECT_TRUE(other.try_acquire_lease("pipeline:imdb", "b:2:y", milliseconds{60'000})->acquired);

  // Renewal (and re-acquiring by the holder) keeps acquired_at and the run.
  ASSERT_TRUE(catalog().set_lease_run("pipeline:prices", "a:1:x", 14));
  std::this_thread::sleep_for(milliseconds{5});
  EXPECT_TRUE(catalog().renew_lease("pipeline:prices", "a:1:x", milliseconds{60'000}).value());
  const auto again = catalog().try_acquire_lease("pipeline:prices", "a:1:x", milliseconds{60'000});
  ASSERT_TRUE(again->acquired);
  EXPECT_EQ(again->lease.acquired_at, first->lease.acquired_at);
  EXPECT_EQ(again->lease.run_id, 14);
  EXPECT_GE(again->lease.heartbeat_at, first->lease.heartbeat_at);
  EXPECT_EQ(other.set_lease_run("pipeline:prices", "b:2:y", 15).error().code, ErrorCode::busy);

  const auto all = other.leases().value();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].name, "pipeline:imdb");
  EXPECT_EQ(all[1].run_id, 14);

  // Releasing by a non-holder does nothing; by the holder frees it for the other.
  ASSERT_TRUE(other.release_lease("pipeline:prices", "b:2:y"));
  EXPECT_TRUE(other.lease("pipeline:prices").value());
  ASSERT_TRUE(catalog().release_lease("pipeline:prices", "a:1:x"));
  EXPECT_FALSE(other.lease("pipeline:prices").value());
  const auto taken = other.try_acquire_lease("pipeline:prices", "b:2:y", milliseconds{60'000});
  EXPECT_TRUE(taken->acquired);
  EXPECT_FALSE(taken->lease.run_id);
}

TEST_P(LeaseTest, CatalogExpiredLeaseIsTakenOver) {
  Catalog other = open_second();
  ASSERT_TRUE(catalog().try_acquire_lease("pipeline:imdb", "a:1:x", milliseconds{150})->acquired);
  EXPECT_FALSE(other.try_acquire_lease("pipeline:imdb", "b:2:y", milliseconds{150})->acquired);
  std::this_thread::sleep_for(milliseconds{250});
  const auto taken = other.try_acquire_lease("pipeline:imdb", "b:2:y", milliseconds{60'000});
  ASSERT_TRUE(taken);
  EXPECT_TRUE(taken->acquired);
  EXPECT_EQ(taken->lease.holder, "b:2:y");
  // The old holder finds out when it tries to renew, and cannot release the new one's lease.
  EXPECT_FALSE(catalog().renew_lease("pipeline:imdb", "a:1:x", milliseconds{150}).value());
  ASSERT_TRUE(catalog().release_lease("pipeline:imdb", "a:1:x"));
  EXPECT_EQ(other.lease("pipeline:imdb").value()->holder, "b:2:y");
}

TEST_P(LeaseTest, CatalogRejectsBadArguments) {
  EXPECT_EQ(catalog().try_acquire_lease("", "a", milliseconds{10}).error().code,
            ErrorCode::invalid_argument);
  EXPECT_EQ(catalog().try_acquire_lease("x", "a", milliseconds{0}).error().code,
            ErrorCode::invalid_argument);
}

TEST_P(LeaseTest, PipelineLeaseRefusesASecondHolderWithAClearMessage) {
  Config config;
  config.home = m_home.path();
  config.catalog.path = catalog_path().string();
  if (GetParam() == catalog::CatalogBackend::postgres) config.catalog.url = location();
  auto first = PipelineLease::acquire(config, "prices", milliseconds{0});
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(first->name(), "pipeline:prices");
  EXPECT_THAT(first->holder(), HasSubstr(fmt::format(":{}:", getpid())));
  ASSERT_TRUE(first->set_run(14));

  const auto start = std::chrono::steady_clock::now();
  const auto second = PipelineLease::acquire(config, "prices", milliseconds{300});
  ASSERT_FALSE(second);
  EXPECT_GE(std::chrono::steady_clock::now() - start, milliseconds{300});
  EXPECT_EQ(second.error().code, ErrorCode::busy);
  EXPECT_THAT(second.error().message, HasSubstr("pipeline prices is already running"));
  EXPECT_THAT(second.error().message,
              HasSubstr(fmt::format("run 14, held by {}", holder_process(first->holder()))));
  EXPECT_THAT(second.error().message, HasSubstr("--wait SECONDS"));

  // A waiting contender gets it as soon as the holder lets go.
  std::optional<PipelineLease> holder(std::move(*first));
  std::thread letting_go([&] {
    std::this_thread::sleep_for(milliseconds{200});
    holder.reset();
  });
  const auto waited = PipelineLease::acquire(config, "prices", milliseconds{5'000});
  letting_go.join();
  ASSERT_TRUE(waited) << waited.error().message;
  EXPECT_FALSE(waited->lost());
}

TEST_P(LeaseTest, HeartbeatKeepsTheLeaseAliveBeyondItsTtl) {
  auto lease = PipelineLease::acquire_named(location(), "pipeline:p", "pipeline p",
                                            milliseconds{300}, milliseconds{0});
  ASSERT_TRUE(lease) << lease.error().message;
  std::this_thread::sleep_for(milliseconds{700});
  EXPECT_FALSE(lease->lost());
  const auto refused = PipelineLease::acquire_named(location(), "pipeline:p", "pipeline p",
                                                    milliseconds{300}, milliseconds{0});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::busy);
  const std::string holder = lease->holder();
  lease = std::move(*PipelineLease::acquire_named(location(), "pipeline:q", "pipeline q",
                                                  milliseconds{300}, milliseconds{0}));
  // Moving another lease in released the first one.
  EXPECT_FALSE(catalog().lease("pipeline:p").value());
}

TEST_P(LeaseTest, LeaseOfADeadHolderIsTakenOver) {
  // A holder on this host whose process is gone: taken at once, despite a long expiry.
  const std::string this_process(holder_process(new_lease_holder()));
  const std::string dead = fmt::format(
      "{}:{}:dead", this_process.substr(0, this_process.rfind(':')), catalog::dead_pid());
  ASSERT_TRUE(catalog().try_acquire_lease("pipeline:imdb", dead, milliseconds{60'000})->acquired);
  auto lease = PipelineLease::acquire_named(location(), "pipeline:imdb", "pipeline imdb",
                                            milliseconds{60'000}, milliseconds{0});
  ASSERT_TRUE(lease) << lease.error().message;
  EXPECT_EQ(catalog().lease("pipeline:imdb").value()->holder, lease->holder());

  // A holder on another host is waited out until its lease expires.
  ASSERT_TRUE(
      catalog().try_acquire_lease("pipeline:movies", "far-host:1:z", milliseconds{300})->acquired);
  EXPECT_FALSE(PipelineLease::acquire_named(location(), "pipeline:movies", "pipeline movies",
                                            milliseconds{1000}, milliseconds{0}));
  auto taken = PipelineLease::acquire_named(location(), "pipeline:movies", "pipeline movies",
                                            milliseconds{1000}, milliseconds{2'000});
  ASSERT_TRUE(taken) << taken.error().message;
}

TEST_P(LeaseTest, LostLeaseIsDetected) {
  auto acquired = PipelineLease::acquire_named(location(), "pipeline:p", "pipeline p",
                                               milliseconds{300}, milliseconds{0});
  ASSERT_TRUE(acquired);
  std::optional<PipelineLease> lease(std::move(*acquired));
  // Someone steals it (as if our heartbeats had stopped reaching the catalog).
  ASSERT_TRUE(catalog().release_lease("pipeline:p", lease->holder()));
  ASSERT_TRUE(
      catalog().try_acquire_lease("pipeline:p", "thief:1:t", milliseconds{60'000})->acquired);
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds{3};
  while (!lease->lost() && std::chrono::steady_clock::now() < give_up)
    std::this_thread::sleep_for(milliseconds{20});
  EXPECT_TRUE(lease->lost());
  EXPECT_FALSE(lease->set_run(3));
  lease.reset();  // a lost lease is not released: the thief keeps it
  EXPECT_EQ(catalog().lease("pipeline:p").value()->holder, "thief:1:t");
}

// On both catalog backends: Lease/LeaseTest.<name>/{sqlite,postgres}.
INSTANTIATE_TEST_SUITE_P(Lease, LeaseTest,
                         ::testing::Values(catalog::CatalogBackend::sqlite,
                                           catalog::CatalogBackend::postgres),
                         catalog::backend_name);

}  // namespace
}  // namespace reelhouse::pipeline
