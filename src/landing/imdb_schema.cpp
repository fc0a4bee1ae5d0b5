#include "landing/imdb_schema.hpp"

#include <array>

namespace reelhouse::landing {

namespace {

constexpr std::array k_title_basics_columns = {
    ColumnSpec{"tconst", ColumnKind::title_key},  ColumnSpec{"titleType", ColumnKind::text},
    ColumnSpec{"primaryTitle", ColumnKind::text}, ColumnSpec{"originalTitle", ColumnKind::text},
    ColumnSpec{"isAdult", ColumnKind::flag},      ColumnSpec{"startYear", ColumnKind::int32},
    ColumnSpec{"endYear", ColumnKind::int32},     ColumnSpec{"runtimeMinutes", ColumnKind::int32},
    ColumnSpec{"genres", ColumnKind::text},
};

constexpr std::array k_title_ratings_columns = {
    ColumnSpec{"tconst", ColumnKind::title_key},
    ColumnSpec{"averageRating", ColumnKind::decimal},
    ColumnSpec{"numVotes", ColumnKind::int64},
};

constexpr std::array k_title_principals_columns = {
    ColumnSpec{"tconst", ColumnKind::title_key}, ColumnSpec{"ordering", ColumnKind::int32},
    ColumnSpec{"nconst", ColumnKind::name_key},  ColumnSpec{"category", ColumnKind::category},
    ColumnSpec{"job", ColumnKind::text},         ColumnSpec{"characters", ColumnKind::text},
};

constexpr std::array k_name_basics_columns = {
    ColumnSpec{"nconst", ColumnKind::name_key},
    ColumnSpec{"primaryName", ColumnKind::text},
    ColumnSpec{"birthYear", ColumnKind::int32},
    ColumnSpec{"deathYear", ColumnKind::int32},
    ColumnSpec{"primaryProfession", ColumnKind::text},
    ColumnSpec{"knownForTitles", ColumnKind::text},
};

const TableSpec k_title_basics{
    ImdbTable::title_basics,
    k_title_basics_columns,
    "tconst\ttitleType\tprimaryTitle\toriginalTitle\tisAdult\tstartYear\tendYear\truntimeMinutes"
    "\tgenres",
    DuplicateKeyKind::single_key,
    0,
    0};

const TableSpec k_title_ratings{ImdbTable::title_ratings,
                                k_title_ratings_columns,
                                "tconst\taverageRating\tnumVotes",
                                DuplicateKeyKind::single_key,
                                0,
                                0};

const TableSpec k_title_principals{ImdbTable::title_principals,
                                   k_title_principals_columns,
                                   "tconst\tordering\tnconst\tcategory\tjob\tcharacters",
                                   DuplicateKeyKind::key_and_ordering,
                                   0,
                                   1};

const TableSpec k_name_basics{
    ImdbTable::name_basics,
    k_name_basics_columns,
    "nconst\tprimaryName\tbirthYear\tdeathYear\tprimaryProfession\tknownForTitles",
    DuplicateKeyKind::single_key,
    0,
    0};

}  // namespace

std::string_view table_name(ImdbTable table) {
  switch (table) {
    case ImdbTable::title_basics:
      return "title_basics";
    case ImdbTable::title_ratings:
      return "title_ratings";
    case ImdbTable::title_principals:
      return "title_principals";
    case ImdbTable::name_basics:
      return "name_basics";
  }
  return "unknown";
}

std::string_view upstream_base_name(ImdbTable table) {
  switch (table) {
    case ImdbTable::title_basics:
      return "title.basics.tsv";
    case ImdbTable::title_ratings:
      return "title.ratings.tsv";
    case ImdbTable::title_principals:
      return "title.principals.tsv";
    case ImdbTable::name_basics:
      return "name.basics.tsv";
  }
  return "unknown";
}

std::optional<ImdbTable> parse_table_name(std::string_view name) {
  for (const ImdbTable table : {ImdbTable::title_basics, ImdbTable::title_ratings,
                                ImdbTable::title_principals, ImdbTable::name_basics}) {
    if (table_name(table) == name) return table;
  }
  return std::nullopt;
}

std::string_view sql_type_name(ColumnKind kind) {
  switch (kind) {
    case ColumnKind::text:
    case ColumnKind::title_key:
    case ColumnKind::name_key:
    case ColumnKind::category:
      return "VARCHAR";
    case ColumnKind::flag:
      return "BOOLEAN";
    case ColumnKind::int32:
      return "INTEGER";
    case ColumnKind::int64:
      return "BIGINT";
    case ColumnKind::decimal:
      return "DOUBLE";
  }
  return "VARCHAR";
}

const TableSpec& table_spec(ImdbTable table) {
  switch (table) {
    case ImdbTable::title_basics:
      return k_title_basics;
    case ImdbTable::title_ratings:
      return k_title_ratings;
    case ImdbTable::title_principals:
      return k_title_principals;
    case ImdbTable::name_basics:
      return k_name_basics;
  }
  return k_title_basics;
}

}  // namespace reelhouse::landing
