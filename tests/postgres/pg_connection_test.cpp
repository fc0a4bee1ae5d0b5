// PgConnection against a real PostgreSQL (tests/support/postgres_server.hpp): URLs and their
// passwords, queries with parameters, errors, COPY FROM STDIN with the text format's escapes,
// transactions. The COPY text escaping and the URL checks need no server.
#include "postgres/pg_connection.hpp"

#include <gtest/gtest.h>

#include <cstdlib>

#include "postgres/copy_text.hpp"
#include "support/postgres_server.hpp"

namespace reelhouse::postgres {
namespace {

TEST(CopyTextTest, EscapesSeparatorsAndBackslashes) {
  const struct {
    std::string_view value;
    std::string_view expected;
  } cases[] = {
      {"", ""},
      {"plain", "plain"},
      {"a\tb", "a\\tb"},
      {"line1\nline2", "line1\\nline2"},
      {"cr\r", "cr\\r"},
      {"back\\slash", "back\\\\slash"},
      {"\\N", "\\\\N"},  // the two characters \N are a value, not NULL
      {"\\.", "\\\\."},  // nor the end-of-data marker
      {"Zoë – 日本", "Zoë – 日本"},
  };
  for (const auto& test_case : cases) {
    std::string line = "x";
    append_copy_text_value(line, test_case.value);
    std::string expected = "x";  // appending after existing text
    expected += test_case.expected;
    EXPECT_EQ(line, expected) << test_case.value;
  }
  std::string line;
  append_copy_text_null(line);
  EXPECT_EQ(line, "\\N");
}

TEST(PgConnectionTest, RefusesAUrlCarryingAPassword) {
  for (const std::string url : {"postgresql://reelhouse:s3cret@127.0.0.1:1/warehouse",
                                "postgresql://reelhouse@127.0.0.1:1/warehouse?password=s3cret"}) {
    const auto connection = PgConnection::connect(url);
    ASSERT_FALSE(connection) << url;
    EXPECT_EQ(connection.error().code, ErrorCode::config);
    EXPECT_NE(connection.error().message.find("PGPASSWORD"), std::string::npos);
    EXPECT_NE(connection.error().message.find(".pgpass"), std::string::npos);
    EXPECT_EQ(connection.error().message.find("s3cret"), std::string::npos)
        << "the error must not repeat the password: " << connection.error().message;
  }
}

TEST(PgConnectionTest, RefusesWhatIsNotAPostgresUrl) {
  for (const std::string url : {"mysql://root@localhost/db", "host=localhost dbname=x", ""}) {
    const auto connection = PgConnection::connect(url);
    ASSERT_FALSE(connection) << url;
    EXPECT_EQ(connection.error().code, ErrorCode::config) << connection.error().message;
  }
}

TEST(PgConnectionTest, AnUnreachableServerIsATransientConnectionError) {
  // Port 1 on loopback: nothing listens there.
  const auto connection = PgConnection::connect("postgresql://reelhouse@127.0.0.1:1/warehouse");
  ASSERT_FALSE(connection);
  EXPECT_EQ(connection.error().code, ErrorCode::connection) << connection.error().message;
  EXPECT_TRUE(connection.error().is_transient());
}

class PgConnectionServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SKIP_WITHOUT_POSTGRES(server);
    const std::string url = server->create_database("pg_connection_test");
    auto connected = PgConnection::connect(url);
    ASSERT_TRUE(connected) << connected.error().message;
    m_connection.emplace(std::move(*connected));
  }
  PgConnection& connection() { return *m_connection; }

 private:
  std::optional<PgConnection> m_connection;
};

TEST_F(PgConnectionServerTest, QueriesWithParametersAndNulls) {
  ASSERT_TRUE(connection().execute(
      "CREATE TABLE t (id BIGINT, name TEXT, price NUMERIC(6,2)); CREATE INDEX ON t (id)"));
  ASSERT_TRUE(connection().query("INSERT INTO t VALUES ($1, $2, $3), ($4, $5, $6)",
                                 {"1", "O'Brien", "12.50", "2", std::nullopt, std::nullopt}));
  const auto result = connection().query("SELECT id, name, price FROM t ORDER BY id");
  ASSERT_TRUE(result) << result.error().message;
  ASSERT_EQ(result->rows(), 2);
  EXPECT_EQ(result->column_name(2), "price");
  EXPECT_EQ(result->text(0, 1), "O'Brien");
  EXPECT_EQ(result->text(0, 2), "12.50");
  EXPECT_TRUE(result->is_null(1, 1));
  EXPECT_EQ(result->value(1, 2), std::nullopt);
  EXPECT_EQ(connection().query_int("SELECT count(*) FROM t WHERE name = $1", {"O'Brien"}), 1);
  EXPECT_EQ(connection().query_int("SELECT sum(id) FROM t"), 3);
}

TEST_F(PgConnectionServerTest, ErrorsNameTheServerMessageSqlstateAndStatement) {
  const auto missing = connection().query("SELECT * FROM no_such_table WHERE id = $1", {"1"});
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::sql);
  const std::string& message = missing.error().message;
  EXPECT_NE(message.find("relation \"no_such_table\" does not exist"), std::string::npos)
      << message;
  EXPECT_NE(message.find("SQLSTATE 42P01"), std::string::npos) << message;
  EXPECT_NE(message.find("statement: SELECT * FROM no_such_table WHERE id = $1"), std::string::npos)
      << message;

  const auto syntax = connection().execute("CREATE TABLE ok (x INT); SELEC 1");
  ASSERT_FALSE(syntax);
  EXPECT_NE(syntax.error().message.find("SQLSTATE 42601"), std::string::npos);
  // The connection is still usable after an error.
  EXPECT_EQ(connection().query_int("SELECT 41 + 1"), 42);
}

TEST_F(PgConnectionServerTest, CopyStreamsTextRowsWithEveryEscape) {
  ASSERT_TRUE(connection().execute("CREATE TABLE c (id BIGINT, value TEXT)"));
  const std::vector<std::optional<std::string>> values = {
      "plain", "tab\there", "two\nlines", "cr\rlf",     "back\\slash",
      "\\N",   "\\.",       "",           std::nullopt, "Zoë – 日本"};
  std::string data;
  for (size_t value_idx = 0; value_idx < values.size(); ++value_idx) {
    data += std::to_string(value_idx) + "\t";
    if (values[value_idx]) {
      append_copy_text_value(data, *values[value_idx]);
    } else {
      append_copy_text_null(data);
    }
    data += '\n';
  }
  auto copy = connection().copy_in("COPY c (id, value) FROM STDIN");
  ASSERT_TRUE(copy) << copy.error().message;
  // Pieces that split rows and escapes anywhere: the server reassembles the stream.
  for (size_t offset = 0; offset < data.size(); offset += 7) {
    ASSERT_TRUE(copy->write(std::string_view(data).substr(offset, 7)));
  }
  const auto stored = copy->finish();
  ASSERT_TRUE(stored) << stored.error().message;
  EXPECT_EQ(*stored, static_cast<int64_t>(values.size()));

  const auto result = connection().query("SELECT value FROM c ORDER BY id");
  ASSERT_TRUE(result);
  ASSERT_EQ(result->rows(), static_cast<int>(values.size()));
  for (size_t value_idx = 0; value_idx < values.size(); ++value_idx) {
    EXPECT_EQ(result->value(static_cast<int>(value_idx), 0), values[value_idx]) << value_idx;
  }
}

TEST_F(PgConnectionServerTest, RejectedCopyDataNamesTheLineAndStoresNothing) {
  ASSERT_TRUE(connection().execute("CREATE TABLE n (id BIGINT)"));
  auto copy = connection().copy_in("COPY n FROM STDIN");
  ASSERT_TRUE(copy);
  ASSERT_TRUE(copy->write("1\n2\nnot a number\n4\n"));
  const auto stored = copy->finish();
  ASSERT_FALSE(stored);
  EXPECT_EQ(stored.error().code, ErrorCode::sql);
  EXPECT_NE(stored.error().message.find("SQLSTATE 22P02"), std::string::npos)
      << stored.error().message;
  EXPECT_NE(stored.error().message.find("line 3"), std::string::npos) << stored.error().message;
  EXPECT_NE(stored.error().message.find("statement: COPY n FROM STDIN"), std::string::npos);
  EXPECT_EQ(connection().query_int("SELECT count(*) FROM n"), 0);
}

TEST_F(PgConnectionServerTest, AnAbandonedCopyStoresNothingAndFreesTheConnection) {
  ASSERT_TRUE(connection().execute("CREATE TABLE a (id BIGINT)"));
  {
    auto copy = connection().copy_in("COPY a FROM STDIN");
    ASSERT_TRUE(copy);
    ASSERT_TRUE(copy->write("1\n2\n"));
  }  // destroyed unfinished
  EXPECT_EQ(connection().query_int("SELECT count(*) FROM a"), 0);
}

TEST_F(PgConnectionServerTest, TransactionsRollBackUnlessCommitted) {
  ASSERT_TRUE(connection().execute("CREATE TABLE tx (id BIGINT)"));
  {
    auto transaction = PgTransaction::begin(connection());
    ASSERT_TRUE(transaction);
    ASSERT_TRUE(connection().execute("INSERT INTO tx VALUES (1)"));
  }
  EXPECT_EQ(connection().query_int("SELECT count(*) FROM tx"), 0);
  {
    auto transaction = PgTransaction::begin(connection());
    ASSERT_TRUE(transaction);
    ASSERT_TRUE(connection().execute("INSERT INTO tx VALUES (2)"));
    ASSERT_TRUE(transaction->commit());
  }
  EXPECT_EQ(connection().query_int("SELECT count(*) FROM tx"), 1);
  {
    // A failed statement dooms the transaction: commit() says so instead of pretending.
    auto transaction = PgTransaction::begin(connection());
    ASSERT_TRUE(transaction);
    ASSERT_TRUE(connection().execute("INSERT INTO tx VALUES (3)"));
    ASSERT_FALSE(connection().execute("INSERT INTO tx VALUES ('x')"));
    const auto committed = transaction->commit();
    ASSERT_FALSE(committed);
    EXPECT_NE(committed.error().message.find("rolled back"), std::string::npos);
  }
  EXPECT_EQ(connection().query_int("SELECT count(*) FROM tx"), 1);
}

TEST_F(PgConnectionServerTest, QuotesIdentifiersAndLiterals) {
  EXPECT_EQ(pg_identifier("a\"b"), "\"a\"\"b\"");
  EXPECT_EQ(pg_literal("O'Brien"), "'O''Brien'");
  ASSERT_TRUE(connection().execute("CREATE TABLE " + pg_identifier("odd \"name\"") +
                                   " (v TEXT); INSERT INTO " + pg_identifier("odd \"name\"") +
                                   " VALUES (" + pg_literal("it's") + ")"));
  EXPECT_EQ(connection().query_int("SELECT count(*) FROM \"odd \"\"name\"\"\" WHERE v = 'it''s'"),
            1);
}

}  // namespace
}  // namespace reelhouse::postgres
