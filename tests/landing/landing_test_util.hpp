// Helpers shared by the landing tests: gzip compression of test input, landing a file into
// fresh staging directories, and reading the Parquet outputs back through DuckDB.
#pragma once

#include <gtest/gtest.h>
#include <zlib.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "db/duckdb.hpp"
#include "landing/land_table.hpp"
#include "support/test_support.hpp"

namespace reelhouse::landing::testing {

// gzip-compresses `data` as one member (zlib's gzip wrapper).
inline std::string gzip_compress(const std::string& data, int level = 6) {
  z_stream stream{};
  deflateInit2(&stream, level, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
  std::string compressed(deflateBound(&stream, data.size()) + 64, '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(compressed.data());
  stream.avail_out = static_cast<uInt>(compressed.size());
  deflate(&stream, Z_FINISH);
  compressed.resize(stream.total_out);
  deflateEnd(&stream);
  return compressed;
}

// A landing run in its own directories under `root`.
struct Landed {
  Result<LandStats> stats;
  std::filesystem::path part;     // staging/part-0.parquet
  std::filesystem::path rejects;  // quarantine/rejects.parquet
};

inline Landed land_file(const std::filesystem::path& root, const std::filesystem::path& input,
                        ImdbTable table,
                        util::InflateBackend backend = util::InflateBackend::isal) {
  LandRequest request;
  request.input = input;
  request.table = table;
  request.staging_dir = root / "staging";
  request.quarantine_staging_dir = root / "quarantine";
  request.inflate_backend = backend;
  std::filesystem::create_directories(request.staging_dir);
  std::filesystem::create_directories(request.quarantine_staging_dir);
  Landed landed{land_imdb_table(request), request.staging_dir / "part-0.parquet",
                request.quarantine_staging_dir / "rejects.parquet"};
  return landed;
}

// Writes `content` to `root/name` and lands it.
inline Landed land_text(const std::filesystem::path& root, const std::string& name,
                        const std::string& content, ImdbTable table) {
  const std::filesystem::path input = root / name;
  reelhouse::testing::write_file(input, content);
  return land_file(root / (name + ".out"), input, table);
}

// Runs `sql` on a fresh in-memory DuckDB and returns its rows as text (NULL = nullopt).
inline db::TextTable query(const std::string& sql) {
  auto database = db::DuckDatabase::open(":memory:");
  EXPECT_TRUE(database.has_value());
  auto connection = db::DuckConnection::connect(*database);
  EXPECT_TRUE(connection.has_value());
  auto table = connection->query_text(sql);
  EXPECT_TRUE(table.has_value()) << (table ? "" : table.error().message);
  return table ? *table : db::TextTable{};
}

inline std::string parquet(const std::filesystem::path& path) {
  return "read_parquet(" + db::sql_quote(path.string()) + ")";
}

// Flattens query rows into "a|b|NULL" strings for compact comparisons.
inline std::vector<std::string> rows_as_text(const db::TextTable& table) {
  std::vector<std::string> lines;
  for (const auto& row : table.rows) {
    std::string line;
    for (size_t column_idx = 0; column_idx < row.size(); ++column_idx) {
      if (column_idx > 0) line += "|";
      line += row[column_idx].value_or("NULL");
    }
    lines.push_back(line);
  }
  return lines;
}

}  // namespace reelhouse::landing::testing
