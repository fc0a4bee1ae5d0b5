// The streaming scan of a Wikipedia abstracts dump (enwiki-latest-abstract.xml.gz).
//
// The dump is one <feed> of millions of
//   <doc><title>Wikipedia: X</title><url>…</url><abstract>…</abstract><links>…</links></doc>
// and the movies pipeline needs the few pages whose title can name a film. `AbstractsScanner`
// reads the file once with bounded memory — a reader thread inflates it (ISA-L) into blocks
// of whole docs (record_block_reader.hpp) while the calling thread scans them — and returns
// the docs that pass a candidate filter: a doc is kept when normalize_title(base title) is in
// the caller's TitleSet (or always, without a filter). Only kept docs are decoded and copied;
// every other doc costs decoding its title and a SIMD jump to its "</doc>".
//
// Why not expat: the scanner is written for this one format and measured 5.5x faster than
// expat on the same blocks (1,270 vs 230 MB/s on the scale-1 generated dump, bench/RESULTS.md),
// which is what lets the scan run near ISA-L's inflate speed; it is cross-checked against
// expat (equal kept docs on 6M pages) and fuzzed by tests/landing/abstracts_scanner_fuzz_test.cpp.
//
// Safe by construction:
//   - no DTD processing at all: a <!DOCTYPE (with or without an internal subset, e.g. a
//     billion-laughs entity bomb) is refused with an error naming its byte offset, and only
//     the five predefined entities and character references are decoded (xml_text.hpp);
//   - bounded elements: a doc over max_doc_bytes, a title or url over max_field_bytes or an
//     abstract over max_abstract_bytes is an error naming its offset, and memory is bounded
//     by these limits and the block sizes, never by the input;
//   - truncation: a truncated gzip stream is an error naming the file (util::GzipReader);
//     XML that ends inside a doc or before </feed> is an error naming the offset.
//
// The accepted format is the dump's: an optional XML declaration, processing instructions
// and comments before <feed>; inside <feed> only whitespace, comments and <doc> elements;
// each doc starts with <title>, and a kept doc continues with <url> and <abstract> (which
// may be empty: <abstract/> or <abstract />). Fields hold character data only; markup inside
// them (child elements, CDATA sections, comments) is an error naming its offset. The rest of
// a doc (<links>…) is skipped, not validated. Offsets are byte offsets in the uncompressed
// XML. Fields of kept docs must be valid UTF-8.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "landing/record_block_reader.hpp"
#include "landing/title_set.hpp"
#include "util/gzip_reader.hpp"

namespace reelhouse::landing {

// One kept doc. The views stay valid until the next call to AbstractsScanner::next().
struct AbstractDoc {
  std::string_view title;                     // decoded, without the "Wikipedia: " prefix
  std::string_view url;                       // decoded
  std::string_view abstract;                  // decoded; empty for <abstract/>
  std::string_view base_title;                // title without a trailing " (…)" qualifier
  std::optional<std::string_view> qualifier;  // text inside that qualifier, e.g. "1995 film"
  std::string_view norm_title;                // normalize_title(base_title)
  uint64_t doc_offset = 0;                    // offset of "<doc>" in the uncompressed XML
};

struct AbstractsScanOptions {
  const TitleSet* candidates = nullptr;         // nullptr: keep every doc
  size_t max_doc_bytes = size_t{16} << 20;      // 16 MiB
  size_t max_abstract_bytes = size_t{1} << 20;  // 1 MiB
  size_t max_field_bytes = size_t{64} << 10;    // title and url: 64 KiB
  size_t block_bytes = size_t{1} << 20;         // see RecordBlockReaderOptions
  util::InflateBackend backend = util::InflateBackend::isal;
};

struct AbstractsScanStats {
  uint64_t docs_scanned = 0;
  uint64_t docs_kept = 0;
  uint64_t bytes_compressed = 0;    // size of the file
  uint64_t bytes_uncompressed = 0;  // XML bytes scanned
  double elapsed_seconds = 0;
};

class AbstractsScanner {
 public:
  // Opens `path` (.xml.gz, or plain XML) and starts decompressing.
  // Errors: ErrorCode::not_found / io when the file cannot be opened.
  static Result<std::unique_ptr<AbstractsScanner>> open(const std::filesystem::path& path,
                                                        const AbstractsScanOptions& options = {});

  AbstractsScanner(const AbstractsScanner&) = delete;
  AbstractsScanner& operator=(const AbstractsScanner&) = delete;
  ~AbstractsScanner();

  // The next kept doc, or nullptr after the last one (the whole file has then been checked).
  // Errors: ErrorCode::corrupt / io (gzip, naming the file), ErrorCode::parse (malformed or
  // refused XML, naming the file and the byte offset). After an error, do not call again.
  Result<const AbstractDoc*> next();

  // Counts so far; complete once next() has returned nullptr.
  AbstractsScanStats stats() const;

 private:
  struct State;
  explicit AbstractsScanner(std::unique_ptr<State> state);
  std::unique_ptr<State> m_state;
};

// Scans `path` and calls `consumer` for every kept doc; an error from the consumer stops the
// scan and is returned. Returns the scan's statistics.
Result<AbstractsScanStats> scan_abstracts(
    const std::filesystem::path& path, const AbstractsScanOptions& options,
    const std::function<Result<>(const AbstractDoc&)>& consumer);

}  // namespace reelhouse::landing
