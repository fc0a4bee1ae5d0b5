#include "landing/abstracts_scanner.hpp"

#include <chrono>
#include <cstring>
#include <utility>
#include <vector>

#include "landing/byte_search.hpp"
#include "landing/title_normalizer.hpp"
#include "landing/xml_text.hpp"
#include "util/utf8.hpp"

namespace reelhouse::landing {

namespace {

constexpr std::string_view k_title_prefix = "Wikipedia: ";
constexpr std::string_view k_doc_start = "<doc>";
constexpr std::string_view k_doc_end = "</doc>";
// How much of the offending input an error message quotes.
constexpr size_t k_quote_bytes = 40;

enum class FeedState { prolog, in_feed, after_feed };

// A one-hash Bloom filter in front of the candidate set. Nearly every page of the dump is
// not a film: probing a hash table of tens of thousands of heap-allocated strings costs a
// few cache misses per page, while this bit array (≥ 32 bits per candidate, so ≤ 3% false
// positives, at most 2 MiB) mostly stays in cache and answers "no" with one load.
class CandidateFilter {
 public:
  explicit CandidateFilter(const TitleSet& candidates) : m_candidates(candidates) {
    size_t bits = size_t{1} << 16;
    while (bits < candidates.size() * k_bits_per_candidate && bits < k_max_bits) bits <<= 1;
    m_mask = bits - 1;
    m_words.assign(bits / 64, 0);
    for (const std::string& title : candidates) set(hash(title));
  }

  bool contains(std::string_view title) const {
    const size_t code = hash(title);
    if ((m_words[(code & m_mask) / 64] & (uint64_t{1} << (code % 64))) == 0) return false;
    return m_candidates.contains(title);
  }

 private:
  static constexpr size_t k_bits_per_candidate = 32;
  static constexpr size_t k_max_bits = size_t{1} << 24;

  static size_t hash(std::string_view title) { return TitleHash{}(title); }
  void set(size_t code) { m_words[(code & m_mask) / 64] |= uint64_t{1} << (code % 64); }

  const TitleSet& m_candidates;
  std::vector<uint64_t> m_words;
  size_t m_mask = 0;
};

bool is_xml_space(char byte) {
  return byte == ' ' || byte == '\n' || byte == '\t' || byte == '\r';
}

const char* skip_space(const char* position, const char* end) {
  while (position < end && is_xml_space(*position)) ++position;
  return position;
}

bool starts_with(const char* position, const char* end, std::string_view prefix) {
  return static_cast<size_t>(end - position) >= prefix.size() &&
         std::memcmp(position, prefix.data(), prefix.size()) == 0;
}

// A short, printable excerpt of the input at `position` for error messages.
std::string quote(const char* position, const char* end) {
  const size_t length = std::min<size_t>(k_quote_bytes, static_cast<size_t>(end - position));
  if (length == 0) return "end of file";
  return fmt::format("\"{}\"", util::escape_invalid_utf8(std::string_view(position, length)));
}

}  // namespace

struct AbstractsScanner::State {
  std::filesystem::path path;
  AbstractsScanOptions options;
  std::optional<CandidateFilter> filter;  // when options.candidates is set
  std::unique_ptr<RecordBlockReader> reader;
  std::unique_ptr<RecordBlock> block;
  size_t position = 0;  // next unscanned byte of `block`
  FeedState feed = FeedState::prolog;
  bool finished = false;
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
  double elapsed_seconds = 0;
  uint64_t docs_scanned = 0;
  uint64_t docs_kept = 0;

  // Reused buffers of the doc being scanned.
  std::string title;
  std::string url;
  std::string abstract;
  std::string norm_title;
  AbstractDoc doc;

  uint64_t offset_of(const char* position) const {
    return block->stream_offset + static_cast<uint64_t>(position - block->buffer.get());
  }

  std::unexpected<Error> fail(uint64_t offset, std::string_view what) const {
    return make_error(ErrorCode::parse, "\"{}\": {} at uncompressed byte offset {}", path.string(),
                      what, offset);
  }

  std::unexpected<Error> fail_at(const char* position, std::string_view what) const {
    return fail(offset_of(position), what);
  }

  // Reads the character data of <name>…</name> starting at `position` (at the '<' of the
  // start tag), bounded by `limit`; returns the raw text and moves `position` past the end
  // tag. With `empty_allowed`, <name/> and <name /> give empty text.
  Result<std::string_view> read_field(const char*& position, const char* limit,
                                      std::string_view name, size_t max_bytes, uint64_t doc_offset,
                                      bool empty_allowed) const {
    const char* tag = position;
    if (!starts_with(tag, limit, "<") || !starts_with(tag + 1, limit, name)) {
      return fail_at(tag, fmt::format("expected <{}> in the <doc> at offset {}, found {}", name,
                                      doc_offset, quote(tag, limit)));
    }
    const char* after_name = tag + 1 + name.size();
    if (empty_allowed) {
      const char* close = skip_space(after_name, limit);
      if (starts_with(close, limit, "/>")) {
        position = close + 2;
        return std::string_view();
      }
    }
    if (!starts_with(after_name, limit, ">")) {
      return fail_at(tag, fmt::format("expected <{}> in the <doc> at offset {}, found {}", name,
                                      doc_offset, quote(tag, limit)));
    }
    const char* text = after_name + 1;
    const char* text_end = static_cast<const char*>(std::memchr(text, '<', limit - text));
    if (!text_end) text_end = limit;
    if (static_cast<size_t>(text_end - text) > max_bytes) {
      return fail_at(tag, fmt::format("<{}> of the <doc> at offset {} is larger than {} bytes",
                                      name, doc_offset, max_bytes));
    }
    if (!starts_with(text_end, limit, "</") || !starts_with(text_end + 2, limit, name) ||
        !starts_with(text_end + 2 + name.size(), limit, ">")) {
      return fail_at(text_end,
                     fmt::format("unsupported markup inside <{}> of the <doc> at offset {} (only "
                                 "character data is allowed): {}",
                                 name, doc_offset, quote(text_end, limit)));
    }
    position = text_end + 3 + name.size();
    return std::string_view(text, static_cast<size_t>(text_end - text));
  }

  Result<> decode_field(std::string_view raw, std::string& out, std::string_view name,
                        uint64_t doc_offset) const {
    if (std::optional<XmlTextError> error = decode_xml_text(raw, out)) {
      const uint64_t offset = offset_of(raw.data()) + static_cast<uint64_t>(error->position);
      return fail(offset, fmt::format("{} in <{}> of the <doc> at offset {}", error->message, name,
                                      doc_offset));
    }
    return {};
  }

  Result<> require_utf8(std::string_view text, std::string_view name, uint64_t doc_offset) const {
    if (const std::optional<size_t> bad = util::find_invalid_utf8(text)) {
      return fail(doc_offset, fmt::format("invalid UTF-8 in <{}> (byte {} of its decoded text) of "
                                          "the <doc> starting",
                                          name, *bad));
    }
    return {};
  }

  // Scans the doc whose "<doc>" is at `doc_start`; returns whether it is kept (then `doc` is
  // filled) and moves `position` past its "</doc>".
  Result<bool> scan_doc(const char* doc_start, const char* end) {
    const uint64_t doc_offset = offset_of(doc_start);
    const char* doc_end = find_bytes(doc_start + k_doc_start.size(), end, k_doc_end);
    if (!doc_end) {
      return fail_at(doc_start, "the file ends inside the <doc> (truncated XML?) that starts");
    }
    if (static_cast<size_t>(doc_end - doc_start) > options.max_doc_bytes) {
      return fail_at(doc_start,
                     fmt::format("a <doc> larger than {} bytes starts", options.max_doc_bytes));
    }
    ++docs_scanned;
    position = static_cast<size_t>(doc_end + k_doc_end.size() - block->buffer.get());

    const char* cursor = skip_space(doc_start + k_doc_start.size(), doc_end);
    const std::string_view raw_title =
        TRY(read_field(cursor, doc_end, "title", options.max_field_bytes, doc_offset, false));
    TRY(decode_field(raw_title, title, "title", doc_offset));
    std::string_view page_title = title;
    if (page_title.starts_with(k_title_prefix)) page_title.remove_prefix(k_title_prefix.size());
    const TitleParts parts = split_title_qualifier(page_title);
    normalize_title_into(parts.base, norm_title);
    if (filter && !filter->contains(norm_title)) {
      return false;
    }

    cursor = skip_space(cursor, doc_end);
    const std::string_view raw_url =
        TRY(read_field(cursor, doc_end, "url", options.max_field_bytes, doc_offset, false));
    TRY(decode_field(raw_url, url, "url", doc_offset));
    cursor = skip_space(cursor, doc_end);
    const std::string_view raw_abstract =
        TRY(read_field(cursor, doc_end, "abstract", options.max_abstract_bytes, doc_offset, true));
    TRY(decode_field(raw_abstract, abstract, "abstract", doc_offset));
    TRY(require_utf8(title, "title", doc_offset));
    TRY(require_utf8(url, "url", doc_offset));
    TRY(require_utf8(abstract, "abstract", doc_offset));
    doc.title = page_title;
    doc.url = url;
    doc.abstract = abstract;
    doc.base_title = parts.base;
    doc.qualifier = parts.qualifier;
    doc.norm_title = norm_title;
    doc.doc_offset = doc_offset;
    ++docs_kept;
    return true;
  }

  // Handles the markup at `markup` outside docs; returns a kept doc, if the markup was one.
  Result<bool> scan_markup(const char* markup, const char* end) {
    if (starts_with(markup, end, "<!--")) {
      const char* close = find_bytes(markup + 4, end, "-->");
      if (!close) return fail_at(markup, "unterminated comment");
      position = static_cast<size_t>(close + 3 - block->buffer.get());
      return false;
    }
    if (starts_with(markup, end, "<!DOCTYPE")) {
      return fail_at(markup,
                     "refusing a document type declaration (<!DOCTYPE): DTDs and entity "
                     "declarations are never processed; the abstracts dump has none");
    }
    if (starts_with(markup, end, "<?")) {
      const char* close = find_bytes(markup + 2, end, "?>");
      if (!close) return fail_at(markup, "unterminated processing instruction");
      position = static_cast<size_t>(close + 2 - block->buffer.get());
      return false;
    }
    switch (feed) {
      case FeedState::prolog: {
        if (!starts_with(markup, end, "<feed") || markup + 5 >= end ||
            !(markup[5] == '>' || markup[5] == '/' || is_xml_space(markup[5]))) {
          return fail_at(markup, fmt::format("expected the root element <feed>, found {}",
                                             quote(markup, end)));
        }
        const char* close = static_cast<const char*>(std::memchr(markup, '>', end - markup));
        if (!close) return fail_at(markup, "unterminated <feed> start tag");
        feed = close[-1] == '/' ? FeedState::after_feed : FeedState::in_feed;
        position = static_cast<size_t>(close + 1 - block->buffer.get());
        return false;
      }
      case FeedState::in_feed: {
        if (starts_with(markup, end, k_doc_start)) return scan_doc(markup, end);
        if (starts_with(markup, end, "</feed")) {
          const char* close = skip_space(markup + 6, end);
          if (!starts_with(close, end, ">")) return fail_at(markup, "malformed </feed> end tag");
          feed = FeedState::after_feed;
          position = static_cast<size_t>(close + 1 - block->buffer.get());
          return false;
        }
        return fail_at(markup, fmt::format("expected <doc> or </feed> inside <feed>, found {}",
                                           quote(markup, end)));
      }
      case FeedState::after_feed:
        break;
    }
    return fail_at(markup, fmt::format("unexpected content after </feed>: {}", quote(markup, end)));
  }

  Result<const AbstractDoc*> next() {
    while (!finished) {
      if (!block || position >= block->size) {
        if (block && block->is_last) {
          finished = true;
          elapsed_seconds =
              std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
          if (feed != FeedState::after_feed) {
            return fail(block->stream_offset + block->size,
                        feed == FeedState::prolog
                            ? "no <feed> element: the file is empty or not an abstracts dump; "
                              "the file ends"
                            : "the file ends before </feed> (truncated XML?)");
          }
          return nullptr;
        }
        reader->recycle(std::move(block));
        block = TRY(reader->next());
        position = 0;
        if (!block)
          return make_error(ErrorCode::internal, "\"{}\": block stream ended early", path.string());
        continue;
      }
      const char* data = block->buffer.get();
      const char* end = data + block->size;
      const char* cursor = skip_space(data + position, end);
      position = static_cast<size_t>(cursor - data);
      if (cursor == end) continue;
      if (*cursor != '<') {
        return fail_at(cursor, fmt::format("unexpected text {} outside <doc>", quote(cursor, end)));
      }
      if (TRY(scan_markup(cursor, end))) return &doc;
    }
    return nullptr;
  }
};

AbstractsScanner::AbstractsScanner(std::unique_ptr<State> state) : m_state(std::move(state)) {}
AbstractsScanner::~AbstractsScanner() = default;

Result<std::unique_ptr<AbstractsScanner>> AbstractsScanner::open(
    const std::filesystem::path& path, const AbstractsScanOptions& options) {
  auto state = std::make_unique<State>();
  state->path = path;
  state->options = options;
  if (options.candidates) state->filter.emplace(*options.candidates);
  RecordBlockReaderOptions reader_options;
  reader_options.terminator = std::string(k_doc_end);
  reader_options.record_start = std::string(k_doc_start);
  reader_options.block_bytes = options.block_bytes;
  // Slack above max_doc_bytes so that the scanner, which measures a doc exactly, reports an
  // oversized doc before the reader's coarser bound does.
  reader_options.max_record_bytes = options.max_doc_bytes + options.block_bytes;
  reader_options.backend = options.backend;
  state->reader = TRY(RecordBlockReader::start(path, reader_options));
  return std::unique_ptr<AbstractsScanner>(new AbstractsScanner(std::move(state)));
}

Result<const AbstractDoc*> AbstractsScanner::next() {
  return m_state->next();
}

AbstractsScanStats AbstractsScanner::stats() const {
  AbstractsScanStats stats;
  stats.docs_scanned = m_state->docs_scanned;
  stats.docs_kept = m_state->docs_kept;
  stats.bytes_compressed = m_state->reader->file_size();
  stats.bytes_uncompressed = m_state->reader->bytes_uncompressed();
  stats.elapsed_seconds =
      m_state->finished
          ? m_state->elapsed_seconds
          : std::chrono::duration<double>(std::chrono::steady_clock::now() - m_state->started)
                .count();
  return stats;
}

Result<AbstractsScanStats> scan_abstracts(
    const std::filesystem::path& path, const AbstractsScanOptions& options,
    const std::function<Result<>(const AbstractDoc&)>& consumer) {
  std::unique_ptr<AbstractsScanner> scanner = TRY(AbstractsScanner::open(path, options));
  while (const AbstractDoc* doc = TRY(scanner->next())) {
    TRY(consumer(*doc));
  }
  return scanner->stats();
}

}  // namespace reelhouse::landing
