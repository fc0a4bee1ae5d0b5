// bench_duckdb_sql: runs SQL on an in-memory DuckDB and prints the last statement's rows.
//
// This is "DuckDB alone" in the benchmarks: the same engine reelhouse embeds, with no
// fetching, landing, quarantine or catalog around it, so the difference between its time
// and reelhouse's end-to-end time is what the pipeline adds.
//
//   bench_duckdb_sql [--threads N] [--memory-limit 4GB] [--header] (--file F.sql | "SQL")
//
// All statements run in order on one connection; the rows of the last one are printed
// tab-separated (NULL as `NULL`). Exit status 0 on success, 1 on a SQL or I/O error, 2 on
// bad arguments.
#include <duckdb.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "db/duckdb.hpp"

namespace {

using reelhouse::ErrorCode;
using reelhouse::make_error;
using reelhouse::Result;

enum class PrintHeader { yes, no };

struct Options {
  int threads = 0;
  std::string memory_limit;
  std::string sql_file;
  std::string sql_text;
  PrintHeader header = PrintHeader::no;
};

Result<std::string> read_sql_file(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    return make_error(ErrorCode::not_found, "cannot open SQL file \"{}\"", path);
  }
  std::ostringstream contents;
  contents << file.rdbuf();
  return contents.str();
}

void print_row(const std::vector<std::string>& cells) {
  std::string line;
  for (size_t cell_idx = 0; cell_idx < cells.size(); ++cell_idx) {
    if (cell_idx > 0) line += '\t';
    line += cells[cell_idx];
  }
  line += '\n';
  std::fwrite(line.data(), 1, line.size(), stdout);
}

// Owns the statements split out of a SQL text.
class ExtractedStatements {
 public:
  ExtractedStatements() = default;
  ExtractedStatements(const ExtractedStatements&) = delete;
  ExtractedStatements& operator=(const ExtractedStatements&) = delete;
  ~ExtractedStatements() { duckdb_destroy_extracted(&m_statements); }
  duckdb_extracted_statements* get() { return &m_statements; }

 private:
  duckdb_extracted_statements m_statements = nullptr;
};

// Owns one prepared statement and the result of executing it.
class ExecutedStatement {
 public:
  ExecutedStatement() = default;
  ExecutedStatement(const ExecutedStatement&) = delete;
  ExecutedStatement& operator=(const ExecutedStatement&) = delete;
  ~ExecutedStatement() {
    duckdb_destroy_result(&m_result);
    duckdb_destroy_prepare(&m_prepared);
  }
  duckdb_prepared_statement* prepared() { return &m_prepared; }
  duckdb_result* result() { return &m_result; }

 private:
  duckdb_prepared_statement m_prepared = nullptr;
  duckdb_result m_result{};
};

// The types duckdb_value_varchar renders. That materialised-result API crashes inside
// DuckDB 1.4 on the others (nested types, ENUM, UUID, BIT, TIMESTAMPTZ, TIMESTAMP_S/NS …),
// so their columns are refused with a hint instead.
bool is_printable(duckdb_type type) {
  switch (type) {
    case DUCKDB_TYPE_BOOLEAN:
    case DUCKDB_TYPE_TINYINT:
    case DUCKDB_TYPE_SMALLINT:
    case DUCKDB_TYPE_INTEGER:
    case DUCKDB_TYPE_BIGINT:
    case DUCKDB_TYPE_UTINYINT:
    case DUCKDB_TYPE_USMALLINT:
    case DUCKDB_TYPE_UINTEGER:
    case DUCKDB_TYPE_UBIGINT:
    case DUCKDB_TYPE_HUGEINT:
    case DUCKDB_TYPE_UHUGEINT:
    case DUCKDB_TYPE_FLOAT:
    case DUCKDB_TYPE_DOUBLE:
    case DUCKDB_TYPE_DECIMAL:
    case DUCKDB_TYPE_DATE:
    case DUCKDB_TYPE_TIME:
    case DUCKDB_TYPE_TIMESTAMP:
    case DUCKDB_TYPE_INTERVAL:
    case DUCKDB_TYPE_VARCHAR:
    case DUCKDB_TYPE_BLOB:
    case DUCKDB_TYPE_SQLNULL:
      return true;
    default:
      return false;
  }
}

// Prints a result as tab-separated text; cells are DuckDB's own VARCHAR rendering.
Result<> print_result(duckdb_result* result, PrintHeader header) {
  const idx_t column_count = duckdb_column_count(result);
  for (idx_t column_idx = 0; column_idx < column_count; ++column_idx) {
    if (!is_printable(duckdb_column_type(result, column_idx))) {
      return make_error(ErrorCode::invalid_argument,
                        "cannot print column \"{}\" of this type; cast it with ::VARCHAR",
                        duckdb_column_name(result, column_idx));
    }
  }
  std::vector<std::string> cells(column_count);
  if (header == PrintHeader::yes) {
    for (idx_t column_idx = 0; column_idx < column_count; ++column_idx) {
      cells[column_idx] = duckdb_column_name(result, column_idx);
    }
    print_row(cells);
  }
  const idx_t row_count = duckdb_row_count(result);
  for (idx_t row_idx = 0; row_idx < row_count; ++row_idx) {
    for (idx_t column_idx = 0; column_idx < column_count; ++column_idx) {
      if (duckdb_value_is_null(result, column_idx, row_idx)) {
        cells[column_idx] = "NULL";
        continue;
      }
      char* text = duckdb_value_varchar(result, column_idx, row_idx);
      cells[column_idx] = text;
      duckdb_free(text);
    }
    print_row(cells);
  }
  return {};
}

Result<> run(const Options& options) {
  const std::string sql =
      options.sql_file.empty() ? options.sql_text : TRY(read_sql_file(options.sql_file));
  reelhouse::db::DuckOptions duck_options;
  duck_options.threads = options.threads;
  duck_options.memory_limit = options.memory_limit;
  auto database = TRY(reelhouse::db::DuckDatabase::open(":memory:", duck_options));
  auto connection = TRY(reelhouse::db::DuckConnection::connect(database));

  // duckdb_query would return the first statement's result, so the statements are split
  // and run one by one; each result but the last is dropped as soon as it is complete.
  ExtractedStatements statements;
  const idx_t statement_count =
      duckdb_extract_statements(connection.handle(), sql.c_str(), statements.get());
  if (statement_count == 0) {
    const char* reason = duckdb_extract_statements_error(*statements.get());
    return make_error(ErrorCode::sql, "{}", reason ? reason : "no SQL statement given");
  }
  for (idx_t statement_idx = 0; statement_idx < statement_count; ++statement_idx) {
    ExecutedStatement statement;
    if (duckdb_prepare_extracted_statement(connection.handle(), *statements.get(), statement_idx,
                                           statement.prepared()) != DuckDBSuccess) {
      return make_error(ErrorCode::sql, "statement {}: {}", statement_idx + 1,
                        duckdb_prepare_error(*statement.prepared()));
    }
    if (duckdb_execute_prepared(*statement.prepared(), statement.result()) != DuckDBSuccess) {
      return make_error(ErrorCode::sql, "statement {}: {}", statement_idx + 1,
                        duckdb_result_error(statement.result()));
    }
    if (statement_idx + 1 == statement_count) TRY(print_result(statement.result(), options.header));
  }
  return {};
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Runs SQL on an in-memory DuckDB and prints the rows of the last statement."};
  Options options;
  bool header = false;
  app.add_option("--threads", options.threads, "DuckDB worker threads (default: all cores)")
      ->check(CLI::NonNegativeNumber);
  app.add_option("--memory-limit", options.memory_limit, "DuckDB memory_limit, e.g. 4GB");
  app.add_flag("--header", header, "print the column names first");
  auto* file_option = app.add_option("--file", options.sql_file, "file of SQL statements");
  auto* text_option = app.add_option("sql", options.sql_text, "SQL statements");
  file_option->excludes(text_option);
  text_option->excludes(file_option);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    const int exit_code = app.exit(error);  // prints the help or the usage error
    return exit_code == 0 ? 0 : 2;
  }
  if (options.sql_file.empty() && options.sql_text.empty()) {
    std::cerr << "bench_duckdb_sql: give --file F.sql or the SQL text\n";
    return 2;
  }
  options.header = header ? PrintHeader::yes : PrintHeader::no;

  if (auto result = run(options); !result) {
    std::cerr << "bench_duckdb_sql: " << result.error().message << '\n';
    return 1;
  }
  return 0;
}
