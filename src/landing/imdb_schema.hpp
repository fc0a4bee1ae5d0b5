// The four IMDb tables reelhouse lands, as data: their upstream file names, header lines,
// columns with their landing types and validation rules, and their duplicate-key rules.
//
// Landing keeps the upstream column names and order so a landed Parquet file reads like the
// TSV it came from, only typed: `\N` becomes NULL, numbers become numbers, and every value
// that reaches a typed column has passed its validator (see row_parser.hpp for the order in
// which the rules are checked). Adding a table means adding a spec here, nothing else.
#pragma once

#include <cstddef>
#include <cstring>
#include <optional>
#include <span>
#include <string_view>

namespace reelhouse::landing {

enum class ImdbTable { title_basics, title_ratings, title_principals, name_basics };

// The landing table name: "title_basics", "title_ratings", "title_principals", "name_basics".
std::string_view table_name(ImdbTable table);

// The upstream file name without ".gz": "title.basics.tsv", …
std::string_view upstream_base_name(ImdbTable table);

// Parses a landing table name ("title_basics"); nullopt when unknown.
std::optional<ImdbTable> parse_table_name(std::string_view name);

// How a column is validated and which Parquet/DuckDB type it lands as.
enum class ColumnKind {
  text,       // VARCHAR, any valid UTF-8
  title_key,  // VARCHAR, ^tt[0-9]+$
  name_key,   // VARCHAR, ^nm[0-9]+$
  flag,       // BOOLEAN from "0" / "1"
  int32,      // INTEGER, optional '-' then digits, within 32 bits
  int64,      // BIGINT, optional '-' then digits, within 64 bits
  decimal,    // DOUBLE from a plain decimal: [-]digits[.digits] (no exponent, nan or inf)
  category,   // VARCHAR, one of the known principal categories (see is_known_category)
};

// The SQL type name of a column kind: "VARCHAR", "BOOLEAN", "INTEGER", "BIGINT", "DOUBLE".
std::string_view sql_type_name(ColumnKind kind);

struct ColumnSpec {
  std::string_view name;  // upstream header name, also the Parquet column name
  ColumnKind kind;
};

// Which values identify a row; a later row with the same key is a duplicate.
enum class DuplicateKeyKind {
  single_key,        // the key column alone (tconst or nconst)
  key_and_ordering,  // (tconst, ordering), checked within each run of equal tconst
};

struct TableSpec {
  ImdbTable table;
  std::span<const ColumnSpec> columns;
  std::string_view header;  // the exact upstream header line, tab-separated, no newline
  DuplicateKeyKind duplicate_key;
  size_t key_column;       // index of tconst / nconst
  size_t ordering_column;  // index of ordering (key_and_ordering only)
};

// The largest column count of any table (title_basics: 9).
constexpr size_t k_max_columns = 9;

const TableSpec& table_spec(ImdbTable table);

// True for the principal categories IMDb documents: actor, actress, self, director,
// producer, writer, composer, cinematographer, editor, production_designer,
// archive_footage, archive_sound, casting_director.
// Inline because it runs for every principal (~95 million rows): only the categories of the
// same length are compared, with compile-time lengths so the compares are inlined.
inline bool is_known_category(std::string_view category) {
  const auto is = [&]<size_t N>(const char(&known)[N]) {
    return std::memcmp(category.data(), known, N - 1) == 0;
  };
  switch (category.size()) {
    case 4:
      return is("self");
    case 5:
      return is("actor");
    case 6:
      return is("writer") || is("editor");
    case 7:
      return is("actress");
    case 8:
      return is("director") || is("producer") || is("composer");
    case 13:
      return is("archive_sound");
    case 15:
      return is("cinematographer") || is("archive_footage");
    case 16:
      return is("casting_director");
    case 19:
      return is("production_designer");
    default:
      return false;
  }
}

}  // namespace reelhouse::landing
