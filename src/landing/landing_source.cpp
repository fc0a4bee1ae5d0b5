#include "landing/landing_source.hpp"

#include <bit>
#include <cstring>

namespace reelhouse::landing {

namespace {

struct BatchState final : db::ChunkSource::ThreadState {
  RowBatch batch;
  // The block of the chunk handed out before the current one: its strings are referenced,
  // not copied, so it stays alive one pull longer than strictly needed (see header).
  BlockPtr previous_block;
};

// Stores `text` in a DuckDB string slot without copying it into the vector's heap: short
// strings are inlined (zero-padded, as DuckDB compares the padding), longer ones point into
// the block. Saves a copy of every long value (~5% of landing CPU on title.principals).
void reference_string(duckdb_string_t* slot, const char* text, uint32_t length) {
  if (length <= sizeof(slot->value.inlined.inlined)) {
    slot->value.inlined.length = length;
    std::memset(slot->value.inlined.inlined, 0, sizeof(slot->value.inlined.inlined));
    std::memcpy(slot->value.inlined.inlined, text, length);
  } else {
    slot->value.pointer.length = length;
    std::memcpy(slot->value.pointer.prefix, text, sizeof(slot->value.pointer.prefix));
    slot->value.pointer.ptr = const_cast<char*>(text);
  }
}

duckdb_type duckdb_type_of(ColumnKind kind) {
  switch (kind) {
    case ColumnKind::flag:
      return DUCKDB_TYPE_BOOLEAN;
    case ColumnKind::int32:
      return DUCKDB_TYPE_INTEGER;
    case ColumnKind::int64:
      return DUCKDB_TYPE_BIGINT;
    case ColumnKind::decimal:
      return DUCKDB_TYPE_DOUBLE;
    case ColumnKind::text:
    case ColumnKind::title_key:
    case ColumnKind::name_key:
    case ColumnKind::category:
      return DUCKDB_TYPE_VARCHAR;
  }
  return DUCKDB_TYPE_VARCHAR;
}

}  // namespace

LandingSource::LandingSource(const TableSpec& spec, BlockReader& reader, RowParser& parser,
                             BlockPtr first_block, size_t first_position, size_t threads)
    : m_spec(spec),
      m_reader(reader),
      m_parser(parser),
      m_threads(threads == 0 ? 1 : threads),
      m_block(std::move(first_block)),
      m_position(first_position) {}

std::vector<db::ChunkColumn> LandingSource::columns() const {
  std::vector<db::ChunkColumn> result;
  for (const ColumnSpec& column : m_spec.columns) {
    result.push_back({std::string(column.name), duckdb_type_of(column.kind)});
  }
  return result;
}

std::unique_ptr<db::ChunkSource::ThreadState> LandingSource::make_thread_state() {
  return std::make_unique<BatchState>();
}

std::optional<Error> LandingSource::error() const {
  std::lock_guard lock(m_mutex);
  return m_error;
}

Result<> LandingSource::next_batch(RowBatch* batch, size_t capacity) {
  batch->reset(m_spec.columns.size(), capacity);
  while (batch->row_count == 0) {
    if (!m_block || m_position >= m_block->size) {
      if (m_finished) return {};
      if (m_block && m_block->is_last) {
        m_finished = true;
        m_block.reset();
        return {};
      }
      m_block = TRY(m_reader.next());
      m_position = 0;
      if (!m_block) {
        m_finished = true;
        return {};
      }
      continue;
    }
    TRY(m_parser.parse(*m_block, &m_position, batch, capacity));
  }
  batch->block = m_block;
  return {};
}

Result<size_t> LandingSource::fill(ThreadState* state, duckdb_data_chunk output) {
  auto* batch_state = static_cast<BatchState*>(state);
  RowBatch& batch = batch_state->batch;
  batch_state->previous_block = std::move(batch.block);
  {
    std::lock_guard lock(m_mutex);
    if (m_error) return std::unexpected(*m_error);
    Result<> parsed = next_batch(&batch, duckdb_vector_size());
    if (!parsed) {
      m_error = parsed.error();
      return std::unexpected(*m_error);
    }
  }
  if (batch.row_count > 0) write_vectors(batch, output);
  return batch.row_count;
}

void LandingSource::write_vectors(const RowBatch& batch, duckdb_data_chunk output) const {
  const char* text = batch.block->data();
  const size_t row_count = batch.row_count;
  for (size_t column_idx = 0; column_idx < m_spec.columns.size(); ++column_idx) {
    duckdb_vector vector = duckdb_data_chunk_get_vector(output, column_idx);
    const FieldSlice* slices = batch.slices[column_idx].data();
    const int64_t* numbers = batch.numbers[column_idx].data();
    if (batch.null_counts[column_idx] > 0) {
      duckdb_vector_ensure_validity_writable(vector);
      uint64_t* validity = duckdb_vector_get_validity(vector);
      for (size_t row_idx = 0; row_idx < row_count; ++row_idx) {
        if (slices[row_idx].length == k_null_length) {
          validity[row_idx / 64] &= ~(uint64_t{1} << (row_idx % 64));
        }
      }
    }
    switch (m_spec.columns[column_idx].kind) {
      case ColumnKind::text:
      case ColumnKind::title_key:
      case ColumnKind::name_key:
      case ColumnKind::category: {
        auto* strings = static_cast<duckdb_string_t*>(duckdb_vector_get_data(vector));
        for (size_t row_idx = 0; row_idx < row_count; ++row_idx) {
          const FieldSlice slice = slices[row_idx];
          // NULL slots get an empty string, never a stale pointer from an earlier chunk.
          const uint32_t length = slice.length == k_null_length ? 0 : slice.length;
          reference_string(&strings[row_idx], text + slice.offset, length);
        }
        break;
      }
      case ColumnKind::flag: {
        auto* values = static_cast<bool*>(duckdb_vector_get_data(vector));
        for (size_t row_idx = 0; row_idx < row_count; ++row_idx) {
          values[row_idx] = numbers[row_idx] != 0;
        }
        break;
      }
      case ColumnKind::int32: {
        auto* values = static_cast<int32_t*>(duckdb_vector_get_data(vector));
        for (size_t row_idx = 0; row_idx < row_count; ++row_idx) {
          values[row_idx] = static_cast<int32_t>(numbers[row_idx]);
        }
        break;
      }
      case ColumnKind::int64: {
        auto* values = static_cast<int64_t*>(duckdb_vector_get_data(vector));
        for (size_t row_idx = 0; row_idx < row_count; ++row_idx) values[row_idx] = numbers[row_idx];
        break;
      }
      case ColumnKind::decimal: {
        auto* values = static_cast<double*>(duckdb_vector_get_data(vector));
        for (size_t row_idx = 0; row_idx < row_count; ++row_idx) {
          values[row_idx] = std::bit_cast<double>(numbers[row_idx]);
        }
        break;
      }
    }
  }
}

}  // namespace reelhouse::landing
