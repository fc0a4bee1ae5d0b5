// The landing scan: a DuckDB table function that yields the validated rows of one IMDb file.
//
// `LandingSource` is the ChunkSource behind `COPY (SELECT * FROM reelhouse_landing_scan())
// TO 'part-0.parquet'`. Several DuckDB threads pull from it. Each pull takes the source lock
// just long enough to parse and validate the next batch of lines in stream order — so line
// numbers, "first key wins" and the order of quarantine rows are exactly those of the file —
// and then, outside the lock, copies the batch into the chunk's DuckDB vectors. The
// expensive Parquet encoding that follows in DuckDB runs on all pulling threads at once,
// while the reader thread of BlockReader decompresses ahead.
//
// VARCHAR values are not copied into the chunk: they point into the LineBlock, which the
// pulling thread keeps alive until its next pull plus one. That is safe for what landing
// runs — `COPY (SELECT * FROM scan()) TO …` — because DuckDB's pipeline hands each chunk to
// the Parquet sink, which copies it into its row-group buffer, before the thread pulls the
// next one. Do not put operators that cache chunks across pulls (joins, filters) between
// this scan and a sink.
//
// A failure (corrupt gzip, quarantine I/O) fails the DuckDB query; the typed Error is kept
// and available from `error()` so the caller can report it rather than DuckDB's text.
#pragma once

#include <mutex>
#include <optional>

#include "db/duck_chunk_source.hpp"
#include "landing/block_reader.hpp"
#include "landing/imdb_schema.hpp"
#include "landing/row_parser.hpp"

namespace reelhouse::landing {

class LandingSource final : public db::ChunkSource {
 public:
  // Rows come from `first_block` (from `first_position`, i.e. after the header) and then
  // from `reader`; `parser` validates them. All three must outlive the source.
  LandingSource(const TableSpec& spec, BlockReader& reader, RowParser& parser, BlockPtr first_block,
                size_t first_position, size_t threads);

  std::vector<db::ChunkColumn> columns() const override;
  size_t max_threads() const override { return m_threads; }
  std::unique_ptr<ThreadState> make_thread_state() override;
  Result<size_t> fill(ThreadState* state, duckdb_data_chunk output) override;

  // The first error a pull ran into, if any.
  std::optional<Error> error() const override;

 private:
  // Under m_mutex: parses the next batch of accepted rows into `batch`; leaves it empty at
  // the end of the stream.
  Result<> next_batch(RowBatch* batch, size_t capacity);
  void write_vectors(const RowBatch& batch, duckdb_data_chunk output) const;

  const TableSpec& m_spec;
  BlockReader& m_reader;
  RowParser& m_parser;
  size_t m_threads;

  mutable std::mutex m_mutex;
  BlockPtr m_block;       // block being parsed
  size_t m_position = 0;  // next line in m_block
  bool m_finished = false;
  std::optional<Error> m_error;
};

}  // namespace reelhouse::landing
