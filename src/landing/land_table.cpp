#include "landing/land_table.hpp"

#include <fmt/format.h>

#include <mutex>

#include "landing/parquet_landing.hpp"

#if defined(__GLIBC__)
#include <malloc.h>  // mallopt
#endif

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

// Parquet writer settings, chosen by measurement (bench/landing.sh on `reelhouse generate imdb`
// data; CPU seconds of title.principals, 400 MB): encoding Parquet is most of landing's CPU.
// - DICTIONARY_SIZE_LIMIT 4096 entries: DuckDB's default (row group / 5) hashes every value
//   of high-cardinality columns (tconst, nconst, titles, characters) into dictionaries that
//   are abandoned or barely help. Capping them cut CPU by ~25% (5.5 → 4.0 s) with files of
//   about the same size; low-cardinality columns (category, titleType, genres, job) stay
//   dictionary-encoded.
// - ROW_GROUP_SIZE 61440 (half DuckDB's default): ~5% less CPU and a 9% smaller principals
//   file (more columns fit the dictionary cap per group), ±1% on the other tables; each
//   writer thread buffers only ~10 MB.
// - snappy: zstd makes files ~38% smaller but costs ~8% more CPU, and landing snapshots are
//   re-read and rewritten by the cleansed layer anyway; uncompressed saves ~10% CPU for
//   3x the bytes.
constexpr std::string_view k_parquet_options =
    "COMPRESSION snappy, DICTIONARY_SIZE_LIMIT 4096, ROW_GROUP_SIZE 61440";

// DuckDB's Parquet writer allocates its per-row-group std::vectors (definition levels, page
// buffers) with the C++ allocator, i.e. glibc malloc, and frees them a row group later.
// glibc's defaults give such blocks back to the kernel, so every row group faulted them in
// again (page faults were ~10% of landing's CPU profile). Keeping freed memory in the
// process for reuse cut system time by a third and wall time by ~6%, with the same peak
// RSS. Process-wide, applied once; harmless for the rest of reelhouse.
void keep_freed_memory_for_reuse() {
#if defined(__GLIBC__)
  static std::once_flag once;
  std::call_once(once, [] {
    mallopt(M_MMAP_THRESHOLD, 64 << 20);
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
    mallopt(M_TOP_PAD, 16 << 20);
  });
#endif
}

}  // namespace

Result<LandStats> land_imdb_table(const LandRequest& request) {
  TRY(require_directory(request.staging_dir, "landing staging directory"));
  TRY(require_directory(request.quarantine_staging_dir, "quarantine staging directory"));
  keep_freed_memory_for_reuse();
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
  const std::filesystem::path part_path = request.staging_dir / k_part_file;
  const int64_t written = TRY(copy_source_to_parquet(connection, source, k_scan_function, part_path,
                                                     k_parquet_options, source_name));

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
      static_cast<uint64_t>(written) != stats.rows_out) {
    return make_error(ErrorCode::internal,
                      "row accounting mismatch landing \"{}\": {} in, {} accepted, {} rejected, "
                      "{} written to Parquet",
                      source_name, stats.rows_in, stats.rows_out, stats.rows_rejected, written);
  }
  return stats;
}

}  // namespace reelhouse::landing
