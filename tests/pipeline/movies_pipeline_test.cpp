// End-to-end tests of `reelhouse run movies`: the real binary on real and generated files,
// products checked against an independent Python computation and against the generator's
// ground truth.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "support/reelhouse_home.hpp"
#include "support/test_support.hpp"
#include "util/gzip_writer.hpp"
#include "util/zip_archive.hpp"

namespace reelhouse {
namespace {

namespace fs = std::filesystem;
using testing::CommandResult;
using testing::read_file;
using testing::run_reelhouse;
using testing::run_shell;
using testing::TempDir;

constexpr const char* k_zip = "the-movies-dataset.zip";
constexpr const char* k_dump = "enwiki-latest-abstract.xml.gz";
const fs::path k_reference_dir = fs::path(REELHOUSE_SOURCE_DIR) / "tests" / "reference";

class Home : public testing::ReelhouseHome {
 public:
  CommandResult run_movies(const fs::path& source, const std::string& date,
                           const std::vector<std::string>& extra_sets = {}) const {
    std::vector<std::string> sets = {"sources.movies.url=" + testing::file_url(source),
                                     "sources.wikipedia.url=" + testing::file_url(source)};
    sets.insert(sets.end(), extra_sets.begin(), extra_sets.end());
    return run_pipeline("movies", date, sets);
  }

  // Writes the result of `sql` to `path` as CSV.
  void export_csv(const std::string& sql, const fs::path& path) const {
    std::ofstream(path) << query_csv(sql);
  }
};

// A source directory holding the zip of the given members and a dump of the given XML.
void write_sources(const fs::path& dir,
                   const std::vector<std::pair<std::string, fs::path>>& members,
                   const std::string& xml) {
  auto zip = util::ZipWriter::create(dir / k_zip);
  ASSERT_TRUE(zip) << zip.error().message;
  for (const auto& [name, file] : members) ASSERT_TRUE(zip->add_file(name, file));
  ASSERT_TRUE(
      zip->add_data("ratings.csv", "userId,movieId,rating,timestamp\n1,862,4.5,1260759144\n"));
  ASSERT_TRUE(zip->commit());
  auto dump = util::GzipWriter::create(dir / k_dump);
  ASSERT_TRUE(dump) << dump.error().message;
  ASSERT_TRUE(dump->write(xml));
  ASSERT_TRUE(dump->commit());
}

std::vector<std::pair<std::string, fs::path>> real_members(const fs::path& shared,
                                                           const fs::path& metadata) {
  const fs::path dataset = shared / "movies_dataset";
  return {{"movies_metadata.csv", metadata},
          {"links.csv", dataset / "links.csv"},
          {"credits.csv", dataset / "credits.csv"},
          {"keywords.csv", dataset / "keywords.csv"}};
}

fs::path generate_movies(const fs::path& out, const std::string& scale,
                         const std::vector<std::string>& extra = {}) {
  std::vector<std::string> args = {"generate", "movies", "--scale", scale, "--out", out.string()};
  args.insert(args.end(), extra.begin(), extra.end());
  const auto result = run_reelhouse(args);
  EXPECT_EQ(result.exit_code, 0) << result.output;
  return out;
}

struct ProductCheck {
  const char* table;
  const char* key;
  const char* columns;  // empty: every column of the reference
};

TEST(MoviesPipelineTest, RealMetadataProductsMatchAnIndependentComputation) {
  SKIP_WITHOUT_SHARED_DATA(shared);
  TempDir source;
  write_sources(source.path(),
                real_members(shared, shared / "movies_dataset" / "movies_metadata.csv"),
                read_file(shared / "wikipedia" / "enwiki-latest-abstract-test.xml"));
  Home home;
  const auto run = home.run_movies(source.path(), "2024-01-01");
  ASSERT_EQ(run.exit_code, 0) << run.output;

  TempDir work;
  const auto reference =
      run_shell("python3 " + (k_reference_dir / "movies_reference.py").string() + " --metadata " +
                (shared / "movies_dataset" / "movies_metadata.csv").string() + " --out " +
                (work.path() / "expected").string());
  ASSERT_EQ(reference.exit_code, 0) << reference.output;

  const ProductCheck checks[] = {
      {"genre_year", "year,genre", ""},
      {"company_year", "year,company", ""},
      {"company_genre_year", "year,company,genre", ""},
      {"most_popular_genre", "year", ""},
      {"top_films", "rank", ""},
  };
  for (const auto& check : checks) {
    const fs::path actual = work.path() / (std::string(check.table) + ".csv");
    home.export_csv(fmt::format("SELECT * FROM {}", check.table), actual);
    const auto compared = run_shell(fmt::format(
        "python3 {} {} {} --key {}{}", (k_reference_dir / "compare_tables.py").string(),
        (work.path() / "expected" / (std::string(check.table) + ".csv")).string(), actual.string(),
        check.key, *check.columns ? std::string(" --columns ") + check.columns : ""));
    EXPECT_EQ(compared.exit_code, 0) << check.table << ": " << compared.output;
  }
  // 2,996 records, one id twice (105045): 2,995 films, the second record quarantined or
  // collapsed, nothing silently dropped.
  EXPECT_EQ(home.query_count("SELECT count(*) FROM films"), 2995);
  EXPECT_EQ(home.query_count("SELECT count(*) FROM movie_report"), 2995);
  EXPECT_EQ(home.query_count("SELECT count(*) FROM top_films"), 1000);
  EXPECT_EQ(home.query_csv("SELECT DISTINCT typeof(budget), typeof(revenue) FROM films"),
            "typeof(budget),typeof(revenue)\nBIGINT,BIGINT\n");
  // The real Wikipedia docs hold pages of two of these films, with infobox-residue abstracts:
  // the year in the page title is what identifies them; other King Kong pages stay unmatched.
  EXPECT_EQ(home.query_csv("SELECT film_id, wikipedia_title, match_method FROM movie_report "
                           "WHERE match_method <> 'none' ORDER BY film_id"),
            "film_id,wikipedia_title,match_method\n"
            "244,King Kong (1933 film),year_film\n"
            "10730,King Kong (1976 film),year_film\n");
  EXPECT_EQ(home.query_csv("SELECT wikipedia_url FROM movie_report WHERE film_id = 10730"),
            "wikipedia_url\nhttps://en.wikipedia.org/wiki/King_Kong_(1976_film)\n");
}

// The small metadata excerpt published with the real docs was damaged by its source
// repository (quotes doubled inside the literals: {''id'': 28, …}): those records must be
// quarantined with the reason, the rest land and Antwone Fisher finds its "(film)" page (the
// plain-title page is about the person and holds infobox residue).
TEST(MoviesPipelineTest, RealDamagedExcerptIsQuarantinedAndTheRestMatches) {
  SKIP_WITHOUT_SHARED_DATA(shared);
  TempDir source;
  write_sources(source.path(),
                real_members(shared, shared / "wikipedia" / "movies-metadata-test.csv"),
                read_file(shared / "wikipedia" / "enwiki-latest-abstract-test.xml"));
  Home home;
  const auto run = home.run_movies(source.path(), "2024-01-01");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const std::string rejects =
      (home.lake() / "quarantine" / "movies_metadata" / "ingest_date=2024-01-01" / "*.parquet")
          .string();
  EXPECT_EQ(home.query_csv(fmt::format(
                "SELECT reason, count(*) AS n FROM read_parquet('{}') GROUP BY reason", rejects)),
            "reason,n\ninvalid_literal,6\n");
  EXPECT_EQ(home.query_csv("SELECT film_id, wikipedia_title, match_method FROM movie_report "
                           "ORDER BY film_id"),
            "film_id,wikipedia_title,match_method\n"
            "254,,none\n"
            "13435,Antwone Fisher (film),film\n"
            "23478,,none\n"
            "43149,,none\n");
}

// Precision and recall of the Wikipedia matching against the generator's ground truth.
TEST(MoviesPipelineTest, GeneratedDataMatchesTheGroundTruth) {
  TempDir source;
  generate_movies(source.path(), "0.02", {"--seed", "7"});
  Home home;
  const auto run = home.run_movies(source.path(), "2024-01-01");
  ASSERT_EQ(run.exit_code, 0) << run.output;

  const auto manifest = nlohmann::json::parse(read_file(source.path() / "movies_manifest.json"));
  const std::string truth = (source.path() / "wikipedia_truth.csv").string();
  const std::string joined = fmt::format(
      "WITH truth AS (SELECT film_id, nullif(wikipedia_title, '') AS wikipedia_title "
      "FROM read_csv('{}', header = true, all_varchar = true)), "
      "pairs AS (SELECT CAST(t.film_id AS BIGINT) AS film_id, t.wikipedia_title AS expected, "
      "r.wikipedia_title AS actual FROM truth AS t LEFT JOIN movie_report AS r "
      "ON r.film_id = CAST(t.film_id AS BIGINT)) ",
      truth);
  const int64_t films = home.query_count(joined + "SELECT count(*) FROM pairs");
  const int64_t predicted = home.query_count(joined + "SELECT count(actual) FROM pairs");
  const int64_t relevant = home.query_count(joined + "SELECT count(expected) FROM pairs");
  const int64_t correct =
      home.query_count(joined + "SELECT count(*) FROM pairs WHERE actual = expected");
  EXPECT_EQ(films, home.query_count("SELECT count(*) FROM films"));
  ASSERT_GT(predicted, 0);
  ASSERT_GT(relevant, 0);
  const double precision = static_cast<double>(correct) / static_cast<double>(predicted);
  const double recall = static_cast<double>(correct) / static_cast<double>(relevant);
  std::cout << fmt::format(
      "[ metrics  ] wikipedia matching on {} films: precision {:.4f} "
      "({} of {} matches right), recall {:.4f} ({} of {} pages found)\n",
      films, precision, correct, predicted, recall, correct, relevant);
  EXPECT_GE(precision, 0.98);
  EXPECT_GE(recall, 0.90);

  // Broken records and differing duplicates are quarantined with their reasons.
  const std::string rejects =
      (home.lake() / "quarantine" / "movies_metadata" / "ingest_date=2024-01-01" / "*.parquet")
          .string();
  EXPECT_EQ(home.query_count(fmt::format(
                "SELECT count(*) FROM read_parquet('{}') WHERE reason = 'split_record'", rejects)),
            manifest["broken_csv_records"].get<int64_t>());
  EXPECT_EQ(home.query_count(fmt::format(
                "SELECT count(*) FROM read_parquet('{}') WHERE reason = 'duplicate_key'", rejects)),
            manifest["duplicate_ids_differing"].get<int64_t>());
  EXPECT_EQ(home.query_count("SELECT count(*) FROM films"), manifest["films"].get<int64_t>());
}

TEST(MoviesPipelineTest, TwoRunsForTheSameDateGiveIdenticalProducts) {
  TempDir source;
  generate_movies(source.path(), "0.005", {"--seed", "11"});
  Home home;
  ASSERT_EQ(home.run_movies(source.path(), "2024-01-01").exit_code, 0);
  const char* products[] = {"genre_year",         "company_year", "company_genre_year",
                            "most_popular_genre", "top_films",    "movie_report"};
  std::vector<std::string> first;
  for (const char* product : products) {
    first.push_back(home.query_csv(fmt::format("SELECT * FROM {} ORDER BY ALL", product)));
  }
  ASSERT_EQ(home.run_movies(source.path(), "2024-01-01").exit_code, 0);
  for (size_t idx = 0; idx < std::size(products); ++idx) {
    EXPECT_EQ(home.query_csv(fmt::format("SELECT * FROM {} ORDER BY ALL", products[idx])),
              first[idx])
        << products[idx];
  }
}

// Each bad input fails its task with a message naming the file, and the warehouse published
// by the previous good run keeps serving.
TEST(MoviesPipelineTest, BadInputsFailTheirTaskAndThePreviousWarehouseKeepsServing) {
  TempDir good;
  generate_movies(good.path(), "0.005", {"--seed", "5"});
  Home home;
  ASSERT_EQ(home.run_movies(good.path(), "2024-01-01").exit_code, 0);
  const std::string products_before = home.query_csv("SELECT * FROM genre_year ORDER BY ALL");

  struct Case {
    const char* name;
    std::function<void(const fs::path&)> damage;
    const char* expected_in_error;
  };
  const Case cases[] = {
      {"invalid zip",
       [](const fs::path& dir) { testing::write_file(dir / k_zip, "this is not a zip file\n"); },
       k_zip},
      {"missing member",
       [](const fs::path& dir) {
         auto zip = util::ZipWriter::create(dir / k_zip).value();
         ASSERT_TRUE(zip.add_data("links.csv", "movieId,imdbId,tmdbId\n1,0114709,862\n"));
         ASSERT_TRUE(zip.commit());
       },
       "movies_metadata.csv"},
      {"truncated dump",
       [](const fs::path& dir) {
         const std::string dump = read_file(dir / k_dump);
         testing::write_file(dir / k_dump, dump.substr(0, dump.size() / 2));
       },
       k_dump},
  };
  int day = 2;
  for (const auto& test_case : cases) {
    TempDir bad;
    for (const char* name : {k_zip, k_dump}) fs::copy_file(good.path() / name, bad.path() / name);
    test_case.damage(bad.path());
    const auto failed = home.run_movies(bad.path(), fmt::format("2024-01-{:02}", day++));
    EXPECT_NE(failed.exit_code, 0) << test_case.name;
    EXPECT_NE(failed.output.find(test_case.expected_in_error), std::string::npos)
        << test_case.name << ": " << failed.output;
    EXPECT_EQ(home.query_csv("SELECT * FROM genre_year ORDER BY ALL"), products_before)
        << test_case.name;
  }
}

}  // namespace
}  // namespace reelhouse
