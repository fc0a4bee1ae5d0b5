// The `people` model on tiny hand-made star schemas: each case gives the input rows, the
// parameters and the exact expected output rows.
#include <gtest/gtest.h>

#include "db/duckdb.hpp"
#include "transform/model_runner.hpp"
#include "transform/sql_catalog.hpp"

namespace reelhouse::transform {
namespace {

struct PeopleCase {
  std::string name;
  std::string titles;      // VALUES rows: (tconst, title_type, runtime_minutes)
  std::string ratings;     // (tconst, average_rating, num_votes)
  std::string principals;  // (tconst, nconst, category)
  std::string persons;     // (nconst, primary_name)
  std::vector<std::string> title_types = {"movie"};
  int min_titles = 1;
  int min_votes = 0;
  // Expected rows as "nconst|name|role|titles|avg_rating|weighted_rating|votes|runtime|rank".
  std::vector<std::string> expected;
};

std::vector<std::string> run_people(const PeopleCase& test_case) {
  auto database = db::DuckDatabase::open("").value();
  auto connection = db::DuckConnection::connect(database).value();
  auto create = [&](const std::string& table, const std::string& columns,
                    const std::string& values) {
    EXPECT_TRUE(connection.execute(fmt::format("CREATE TABLE {} ({})", table, columns)));
    if (!values.empty()) {
      const auto inserted =
          connection.execute(fmt::format("INSERT INTO {} VALUES {}", table, values));
      EXPECT_TRUE(inserted) << inserted.error().message;
    }
  };
  create("titles", "tconst VARCHAR, title_type VARCHAR, runtime_minutes INTEGER", test_case.titles);
  create("ratings", "tconst VARCHAR, average_rating DECIMAL(3,1), num_votes BIGINT",
         test_case.ratings);
  create("principals", "tconst VARCHAR, nconst VARCHAR, category VARCHAR", test_case.principals);
  create("persons", "nconst VARCHAR, primary_name VARCHAR", test_case.persons);
  EXPECT_TRUE(
      set_variable(connection, "people_title_types", sql_string_list(test_case.title_types)));
  EXPECT_TRUE(set_variable(connection, "people_min_titles", std::to_string(test_case.min_titles)));
  EXPECT_TRUE(set_variable(connection, "people_min_votes", std::to_string(test_case.min_votes)));
  const auto model = embedded_sql("imdb/aggregated/people.sql").value();
  const auto result = connection.query_text(fmt::format(
      "SELECT concat_ws('|', nconst, coalesce(name, 'NULL'), role, titles, round(avg_rating, 6), "
      "coalesce(CAST(round(weighted_rating, 6) AS VARCHAR), 'NULL'), votes, "
      "coalesce(CAST(runtime_minutes AS VARCHAR), 'NULL'), rank) FROM ({})",
      model));
  EXPECT_TRUE(result) << (result ? "" : result.error().message);
  std::vector<std::string> rows;
  if (result) {
    for (const auto& row : result->rows) rows.push_back(row[0].value_or("<null>"));
  }
  return rows;
}

const std::string k_titles =
    "('tt1','movie',100),('tt2','movie',NULL),('tt3','movie',90),('tt4','short',10),"
    "('tt5','movie',120)";

TEST(PeopleModelTest, MatchesExpectedRows) {
  const std::vector<PeopleCase> cases = {
      {.name = "averages, weighted average, runtime ignoring nulls",
       .titles = k_titles,
       .ratings = "('tt1',8.0,100),('tt2',6.0,300),('tt3',7.0,0)",
       .principals = "('tt1','nm1','actor'),('tt2','nm1','actor'),('tt3','nm1','actor')",
       .persons = "('nm1','Ann One')",
       .expected = {"nm1|Ann One|actor|3|7.0|6.5|400|190|1"}},
      {.name = "only configured title types count; unrated titles are ignored",
       .titles = k_titles,
       .ratings = "('tt1',8.0,100),('tt4',9.0,1000)",
       .principals = "('tt1','nm1','actor'),('tt4','nm1','actor'),('tt5','nm1','actor')",
       .persons = "('nm1','Ann One')",
       .expected = {"nm1|Ann One|actor|1|8.0|8.0|100|100|1"}},
      {.name = "a person in both roles has a row for each",
       .titles = k_titles,
       .ratings = "('tt1',8.0,100),('tt2',6.0,300)",
       .principals = "('tt1','nm1','actor'),('tt2','nm1','actress'),('tt1','nm2','director')",
       .persons = "('nm1','Sam Both')",
       .expected = {"nm1|Sam Both|actor|1|8.0|8.0|100|100|1",
                    "nm1|Sam Both|actress|1|6.0|6.0|300|NULL|1"}},
      {.name = "missing from name.basics gives a NULL name",
       .titles = k_titles,
       .ratings = "('tt1',8.0,100)",
       .principals = "('tt1','nm9','actress')",
       .persons = "",
       .expected = {"nm9|NULL|actress|1|8.0|8.0|100|100|1"}},
      {.name = "ties: avg desc, then votes desc, then nconst asc",
       .titles = k_titles,
       .ratings = "('tt1',7.0,100),('tt2',7.0,500),('tt3',7.0,100)",
       .principals = "('tt1','nm3','actor'),('tt3','nm2','actor'),('tt2','nm4','actor')",
       .persons = "('nm2','B'),('nm3','C'),('nm4','D')",
       .expected = {"nm4|D|actor|1|7.0|7.0|500|NULL|1", "nm2|B|actor|1|7.0|7.0|100|90|2",
                    "nm3|C|actor|1|7.0|7.0|100|100|3"}},
      {.name = "thresholds on titles and votes are inclusive",
       .titles = k_titles,
       .ratings = "('tt1',8.0,600),('tt2',6.0,400),('tt3',7.0,100)",
       .principals = "('tt1','nm1','actor'),('tt2','nm1','actor'),"
                     "('tt1','nm2','actor'),('tt3','nm2','actor'),('tt3','nm3','actor')",
       .persons = "('nm1','A'),('nm2','B'),('nm3','C')",
       .min_titles = 2,
       .min_votes = 1000,
       .expected = {"nm1|A|actor|2|7.0|7.2|1000|100|1"}},
      {.name = "a title credited twice to the same person counts once",
       .titles = k_titles,
       .ratings = "('tt1',8.0,100)",
       .principals = "('tt1','nm1','actor'),('tt1','nm1','actor')",
       .persons = "('nm1','A')",
       .expected = {"nm1|A|actor|1|8.0|8.0|100|100|1"}},
      {.name = "zero votes give a NULL weighted rating",
       .titles = k_titles,
       .ratings = "('tt1',5.0,0)",
       .principals = "('tt1','nm1','actor')",
       .persons = "('nm1','A')",
       .expected = {"nm1|A|actor|1|5.0|NULL|0|100|1"}},
      {.name = "other title types when configured",
       .titles = k_titles,
       .ratings = "('tt1',8.0,100),('tt4',6.0,100)",
       .principals = "('tt1','nm1','actor'),('tt4','nm1','actor')",
       .persons = "('nm1','A')",
       .title_types = {"movie", "short"},
       .expected = {"nm1|A|actor|2|7.0|7.0|200|110|1"}},
      {.name = "a ratings row without a rating or without votes is not a rating",
       .titles = k_titles,
       .ratings = "('tt1',8.0,100),('tt2',NULL,10),('tt3',7.0,NULL)",
       .principals = "('tt1','nm1','actor'),('tt2','nm1','actor'),('tt3','nm1','actor')",
       .persons = "('nm1','A')",
       .expected = {"nm1|A|actor|1|8.0|8.0|100|100|1"}},
      {.name = "no qualifying people gives no rows",
       .titles = k_titles,
       .ratings = "('tt1',8.0,100)",
       .principals = "('tt1','nm1','director')",
       .persons = "('nm1','A')",
       .expected = {}},
  };
  for (const auto& test_case : cases) {
    EXPECT_EQ(run_people(test_case), test_case.expected) << test_case.name;
  }
}

}  // namespace
}  // namespace reelhouse::transform
