// Check results in the catalog: recorded per run, replaced when recorded again under the same
// name, listed by table and name, and a level other than error/warning refused.
#include <gtest/gtest.h>

#include "catalog/catalog.hpp"
#include "catalog/catalog_test_support.hpp"

namespace reelhouse::catalog {
namespace {

TEST_P(CatalogTest, CheckResultsRecordedPerRunAndReplaced) {
  const int64_t run_id = begin_run();
  const int64_t other_run = begin_run("prices", "2026-01-06");
  ASSERT_TRUE(catalog().record_check_result({.run_id = run_id,
                                             .check_name = "people.unique(nconst,role)",
                                             .table_name = "people",
                                             .kind = "unique",
                                             .level = "error",
                                             .passed = false,
                                             .observed = "3 duplicate keys",
                                             .message = "fix the model"}));
  ASSERT_TRUE(catalog().record_check_result({.run_id = run_id,
                                             .check_name = "films.not_null(tconst)",
                                             .table_name = "films",
                                             .kind = "not_null",
                                             .level = "warning",
                                             .passed = true,
                                             .observed = "0 rows with NULL tconst"}));
  ASSERT_TRUE(catalog().record_check_result({.run_id = other_run,
                                             .check_name = "prices_latest.range(price)",
                                             .table_name = "prices_latest",
                                             .kind = "range",
                                             .level = "error",
                                             .passed = true}));

  auto results = catalog().check_results(run_id).value();
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[0].check_name, "films.not_null(tconst)");
  EXPECT_EQ(results[0].level, "warning");
  EXPECT_TRUE(results[0].passed);
  EXPECT_EQ(results[0].message, "");
  EXPECT_TRUE(is_timestamp(results[0].checked_at));
  EXPECT_EQ(results[1].check_name, "people.unique(nconst,role)");
  EXPECT_EQ(results[1].table_name, "people");
  EXPECT_EQ(results[1].kind, "unique");
  EXPECT_FALSE(results[1].passed);
  EXPECT_EQ(results[1].observed, "3 duplicate keys");
  EXPECT_EQ(results[1].message, "fix the model");

  // The same name again (a retried check task) replaces the earlier result.
  ASSERT_TRUE(catalog().record_check_result({.run_id = run_id,
                                             .check_name = "people.unique(nconst,role)",
                                             .table_name = "people",
                                             .kind = "unique",
                                             .level = "error",
                                             .passed = true,
                                             .observed = "0 duplicate keys"}));
  results = catalog().check_results(run_id).value();
  ASSERT_EQ(results.size(), 2u);
  EXPECT_TRUE(results[1].passed);
  EXPECT_EQ(results[1].observed, "0 duplicate keys");

  EXPECT_EQ(catalog().check_results(other_run).value().size(), 1u);
  EXPECT_TRUE(catalog().check_results(9999).value().empty());

  const auto bad_level = catalog().record_check_result({.run_id = run_id,
                                                        .check_name = "x",
                                                        .table_name = "people",
                                                        .kind = "unique",
                                                        .level = "fatal"});
  ASSERT_FALSE(bad_level);
  EXPECT_EQ(bad_level.error().code, ErrorCode::invalid_argument);
  EXPECT_NE(bad_level.error().message.find("fatal"), std::string::npos);
}

}  // namespace
}  // namespace reelhouse::catalog
