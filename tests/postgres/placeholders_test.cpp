#include "postgres/placeholders.hpp"

#include <gtest/gtest.h>

namespace reelhouse::postgres {
namespace {

TEST(PositionalPlaceholdersTest, BarePlaceholdersAreNumberedInOrder) {
  EXPECT_EQ(positional_placeholders("SELECT a FROM t WHERE b = ? AND c = ?"),
            "SELECT a FROM t WHERE b = $1 AND c = $2");
  EXPECT_EQ(positional_placeholders("SELECT 1"), "SELECT 1");
}

TEST(PositionalPlaceholdersTest, NumberedPlaceholdersKeepTheirNumberAndBareOnesFollowTheHighest) {
  EXPECT_EQ(positional_placeholders("WHERE (?1 IS NULL OR p = ?1) LIMIT ?2"),
            "WHERE ($1 IS NULL OR p = $1) LIMIT $2");
  EXPECT_EQ(positional_placeholders("VALUES (?3, '?', \"a?\", ?)"), "VALUES ($3, '?', \"a?\", $4)");
}

TEST(PositionalPlaceholdersTest, LiteralsIdentifiersAndCommentsAreLeftAlone) {
  EXPECT_EQ(positional_placeholders("SELECT '?', \"a?b\", 'it''s ?' , ? -- x?\n, ?"),
            "SELECT '?', \"a?b\", 'it''s ?' , $1 -- x?\n, $2");
  EXPECT_EQ(positional_placeholders("SELECT /* ? */ ? LIMIT ? OFFSET ?"),
            "SELECT /* ? */ $1 LIMIT $2 OFFSET $3");
  EXPECT_EQ(positional_placeholders("x = 'it''s ?' AND y = ?"), "x = 'it''s ?' AND y = $1");
  EXPECT_EQ(positional_placeholders("x = 'unterminated ?"), "x = 'unterminated ?");
}

}  // namespace
}  // namespace reelhouse::postgres
