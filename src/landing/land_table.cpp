#include "landing/land_table.hpp"

#include <fmt/format.h>

#include "db/duck_chunk_source.hpp"
#include "db/duckdb.hpp"
#include "landing/block_reader.hpp"
#include "landing/landing_source.hpp"
#include "landing/quarantine.hpp"
#include "landing/row_parser.hpp"

namespace reelhouse::landing {

namespace {

constexpr std::string_view k_scan_function = "reelhouse_landing_scan";
constexpr std::string_view k_part_file = "part-0.parquet";
constexpr std::string_view k_rejects_file = "rejects.parquet";
constexpr std::string_view k_spill_file = ".rejects.spill";

// Parquet writer settings, chosen by measurement on title.principals (bench/landing.sh);
// encoding Parquet is most of landing's CPU time.
// - snappy: zstd makes the file ~38% smaller but costs ~8% more CPU; landing snapshots are
//   rewritten by the cleansed layer anyway, so throughput wins. Uncompressed saves ~10% CPU
//   for 3× the bytes.
// - DICTIONARY_SIZE_LIMIT 4096 entries: DuckDB's default (row group / 5) keeps hashing every
//   value of high-cardinality columns (tconst, nconst, titles) into dictionaries that end
//   up abandoned or barely help; capping them cut CPU by ~15% and the file shrank (89→84 MB),
//   while low-cardinality columns (category, titleType, genres) stay dictionary-encoded.
// - 122,880 rows per row group (DuckDB's default) keeps each writer thread's buffer around
//   10–20 MB.
constexpr std::string_view k_parquet_options =
    "COMPRESSION snappy, DICTIONARY_SIZE_LIMIT 4096, ROW_GROUP_SIZE 122880";

Result<> require_directory(const std::filesystem::path& directory, std::string_view role) {
  std::error_code error;
  if (!std::filesystem::is_directory(directory, error)) {
    return make_error(ErrorCode::invalid_argument, "{} \"{}\" does not exist or is not a directory",
                      role, directory.string());
  }
  return {};
}

}  // namespace

Result<LandStats> land_imdb_table(const LandRequest& request) {
  TRY(require_directory(request.staging_dir, "landing staging directory"));
  TRY(require_directory(request.quarantine_staging_dir, "quarantine staging directory"));
  const TableSpec& spec = table_spec(request.table);
  const std::string source_name = request.input.string();

  BlockReaderOptions reader_options;
  reader_options.backend = request.inflate_backend;
  std::unique_ptr<BlockReader> reader = TRY(BlockReader::start(request.input, reader_options));
  std::unique_ptr<QuarantineWriter> quarantine =
      TRY(QuarantineWriter::create(request.quarantine_staging_dir / k_spill_file, source_name));
  RowParser parser(spec, *quarantine, source_name);

  // The header is checked before DuckDB starts, so a wrong file fails with a parse error of
  // its own rather than inside a query.
  BlockPtr first_block = TRY(reader->next());
  const size_t first_position = TRY(parser.parse_header(*first_block));

  db::DuckOptions duck_options;
  duck_options.threads = request.threads > 0 ? request.threads : 1;
  duck_options.memory_limit = request.memory_limit;
  db::DuckDatabase database = TRY(db::DuckDatabase::open(":memory:", duck_options));
  db::DuckConnection connection = TRY(db::DuckConnection::connect(database));
  // Without insertion order, DuckDB's Parquet writer encodes row groups on every thread in
  // parallel (PARALLEL_COPY_TO_FILE); with it, a source without batch indexes (any C API
  // table function) is written by one thread. Row order across row groups is therefore not
  // the file's order; quarantine keeps the file's line numbers.
  TRY(connection.execute("SET preserve_insertion_order = false"));

  LandingSource source(spec, *reader, parser, std::move(first_block), first_position,
                       static_cast<size_t>(duck_options.threads));
  TRY(db::register_chunk_source(connection, k_scan_function, source));
  const std::filesystem::path part_path = request.staging_dir / k_part_file;
  const std::string copy_sql =
      fmt::format("COPY (SELECT * FROM {}()) TO {} (FORMAT parquet, {})", k_scan_function,
                  db::sql_quote(part_path.string()), k_parquet_options);
  Result<int64_t> written = connection.query_int(copy_sql);
  if (!written) {
    if (std::optional<Error> source_error = source.error()) return std::unexpected(*source_error);
    return std::unexpected(written.error().with_context(
        fmt::format("cannot land \"{}\" into \"{}\"", source_name, part_path.string())));
  }

  TRY(quarantine->write_parquet(connection, request.quarantine_staging_dir / k_rejects_file,
                                k_parquet_options));

  LandStats stats;
  stats.rows_in = parser.rows_in();
  stats.rows_out = parser.rows_out();
  stats.rows_rejected = quarantine->count();
  stats.bytes_in = reader->file_size();
  stats.bytes_uncompressed = reader->bytes_uncompressed();
  stats.rejects_by_reason = quarantine->counts_by_reason();
  if (stats.rows_in != stats.rows_out + stats.rows_rejected ||
      static_cast<uint64_t>(*written) != stats.rows_out) {
    return make_error(ErrorCode::internal,
                      "row accounting mismatch landing \"{}\": {} in, {} accepted, {} rejected, "
                      "{} written to Parquet",
                      source_name, stats.rows_in, stats.rows_out, stats.rows_rejected, *written);
  }
  return stats;
}

}  // namespace reelhouse::landing
