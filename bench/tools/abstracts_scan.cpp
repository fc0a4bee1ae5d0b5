// bench_abstracts_scan FILE [--parser scanner|expat] [--candidates FILE | --keep-all]
//                           [--land DIR] [--write-load-dump MB]
//
// Measures the Wikipedia abstracts scan on FILE (.xml.gz) and prints one line:
//   <parser> uncompressed_bytes=<n> seconds=<s> mb_per_s=<MB/s of uncompressed XML>
//   docs=<scanned> kept=<kept> checksum=<hash of the kept title/url/abstract>
// (MB = 10^6 bytes). Both parsers read the same blocks from RecordBlockReader (inflate on its
// own thread), so they differ only in the parsing:
//   scanner  landing::AbstractsScanner, the hand-written scanner reelhouse uses
//   expat    expat (XML_Parse over every block) collecting title/url/abstract of every doc
//            and applying the same filter — the library alternative
// The candidate filter is a file of film titles, one per line, normalised on reading (for
// instance the `title` column of the dataset's movies_metadata.csv); without it, every page
// titled like a film of the load dump is kept, and --keep-all keeps every doc. Equal
// checksums show that both parsers kept the same docs with the same text.
//
// --land DIR runs the whole landing (land_wikipedia_abstracts → DIR/part-0.parquet) instead.
// --write-load-dump MB writes a synthetic dump of about MB MB of XML to FILE and exits
// (sources/abstracts_load_writer.hpp), for when no generated dump is at hand.
#include <expat.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "landing/abstracts_scanner.hpp"
#include "landing/land_wikipedia_abstracts.hpp"
#include "landing/record_block_reader.hpp"
#include "landing/title_normalizer.hpp"
#include "sources/abstracts_load_writer.hpp"

namespace {

using namespace reelhouse;
using landing::TitleSet;

constexpr double k_megabyte = 1e6;
constexpr uint64_t k_load_dump_docs_bound = 10'000'000;

// FNV-1a over the kept docs' fields, so both parsers can be compared.
struct Checksum {
  uint64_t value = 1469598103934665603ULL;
  void add(std::string_view text) {
    for (const char byte : text) {
      value = (value ^ static_cast<unsigned char>(byte)) * 1099511628211ULL;
    }
    value = (value ^ 0xff) * 1099511628211ULL;
  }
};

struct Outcome {
  uint64_t bytes = 0;
  uint64_t docs = 0;
  uint64_t kept = 0;
  Checksum checksum;
};

bool keep(const TitleSet* candidates, std::string_view raw_title, std::string& norm) {
  std::string_view title = raw_title;
  if (title.starts_with("Wikipedia: ")) title.remove_prefix(11);
  landing::normalize_title_into(landing::split_title_qualifier(title).base, norm);
  return !candidates || candidates->contains(std::string_view(norm));
}

Result<Outcome> run_scanner(const char* path, const TitleSet* candidates) {
  landing::AbstractsScanOptions options;
  options.candidates = candidates;
  Outcome outcome;
  const landing::AbstractsScanStats stats =
      TRY(landing::scan_abstracts(path, options, [&](const landing::AbstractDoc& doc) -> Result<> {
        outcome.checksum.add(doc.title);
        outcome.checksum.add(doc.url);
        outcome.checksum.add(doc.abstract);
        return {};
      }));
  outcome.bytes = stats.bytes_uncompressed;
  outcome.docs = stats.docs_scanned;
  outcome.kept = stats.docs_kept;
  return outcome;
}

// The expat baseline: collects the three fields of every doc, then filters like the scanner.
struct ExpatState {
  const TitleSet* candidates = nullptr;
  Outcome* outcome = nullptr;
  int depth = 0;
  std::string title, url, abstract, norm;
  std::string* field = nullptr;
};

void expat_start(void* user, const XML_Char* name, const XML_Char**) {
  auto* state = static_cast<ExpatState*>(user);
  ++state->depth;
  if (state->depth == 2) {
    state->title.clear(), state->url.clear(), state->abstract.clear();
  } else if (state->depth == 3) {
    if (std::strcmp(name, "title") == 0) state->field = &state->title;
    if (std::strcmp(name, "url") == 0) state->field = &state->url;
    if (std::strcmp(name, "abstract") == 0) state->field = &state->abstract;
  }
}

void expat_end(void* user, const XML_Char*) {
  auto* state = static_cast<ExpatState*>(user);
  if (state->depth == 3) state->field = nullptr;
  if (state->depth == 2) {
    ++state->outcome->docs;
    if (keep(state->candidates, state->title, state->norm)) {
      ++state->outcome->kept;
      std::string_view title = state->title;
      if (title.starts_with("Wikipedia: ")) title.remove_prefix(11);
      state->outcome->checksum.add(title);
      state->outcome->checksum.add(state->url);
      state->outcome->checksum.add(state->abstract);
    }
  }
  --state->depth;
}

void expat_text(void* user, const XML_Char* text, int length) {
  auto* state = static_cast<ExpatState*>(user);
  if (state->field) state->field->append(text, static_cast<size_t>(length));
}

Result<Outcome> run_expat(const char* path, const TitleSet* candidates) {
  std::unique_ptr<landing::RecordBlockReader> reader = TRY(landing::RecordBlockReader::start(path));
  std::unique_ptr<std::remove_pointer_t<XML_Parser>, decltype(&XML_ParserFree)> parser(
      XML_ParserCreate("UTF-8"), XML_ParserFree);
  Outcome outcome;
  ExpatState state;
  state.candidates = candidates;
  state.outcome = &outcome;
  XML_SetUserData(parser.get(), &state);
  XML_SetElementHandler(parser.get(), expat_start, expat_end);
  XML_SetCharacterDataHandler(parser.get(), expat_text);
  while (std::unique_ptr<landing::RecordBlock> block = TRY(reader->next())) {
    if (XML_Parse(parser.get(), block->buffer.get(), static_cast<int>(block->size),
                  block->is_last) != XML_STATUS_OK) {
      return make_error(ErrorCode::parse, "expat: {} at line {}",
                        XML_ErrorString(XML_GetErrorCode(parser.get())),
                        XML_GetCurrentLineNumber(parser.get()));
    }
    const bool last = block->is_last;
    reader->recycle(std::move(block));
    if (last) break;
  }
  outcome.bytes = reader->bytes_uncompressed();
  return outcome;
}

Result<TitleSet> read_candidates(const char* path) {
  std::ifstream input(path);
  if (!input) return make_error(ErrorCode::not_found, "cannot read \"{}\"", path);
  TitleSet candidates;
  std::string line;
  while (std::getline(input, line)) {
    if (!line.empty()) candidates.insert(landing::normalize_title(line));
  }
  return candidates;
}

int fail(const Error& error) {
  std::fprintf(stderr, "bench_abstracts_scan: %s\n", error.message.c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr,
                 "usage: %s FILE [--parser scanner|expat] [--candidates FILE | --keep-all] "
                 "[--land DIR] [--write-load-dump MB]\n",
                 argv[0]);
    return 2;
  }
  const char* path = argv[1];
  std::string parser = "scanner";
  const char* candidates_path = nullptr;
  const char* land_dir = nullptr;
  bool keep_all = false;
  for (int arg_idx = 2; arg_idx < argc; ++arg_idx) {
    const std::string_view arg = argv[arg_idx];
    const bool has_value = arg_idx + 1 < argc;
    if (arg == "--parser" && has_value) {
      parser = argv[++arg_idx];
    } else if (arg == "--candidates" && has_value) {
      candidates_path = argv[++arg_idx];
    } else if (arg == "--keep-all") {
      keep_all = true;
    } else if (arg == "--land" && has_value) {
      land_dir = argv[++arg_idx];
    } else if (arg == "--write-load-dump" && has_value) {
      const uint64_t megabytes = std::stoull(argv[++arg_idx]);
      auto written = sources::write_abstracts_load_dump(path, megabytes * 1000 * 1000);
      if (!written) return fail(written.error());
      std::printf("wrote %s: %llu docs, %llu bytes XML, %llu bytes gzip\n", path,
                  static_cast<unsigned long long>(written->docs),
                  static_cast<unsigned long long>(written->bytes_uncompressed),
                  static_cast<unsigned long long>(written->bytes_compressed));
      return 0;
    } else {
      std::fprintf(stderr, "unknown argument %s\n", argv[arg_idx]);
      return 2;
    }
  }

  TitleSet candidates;
  if (candidates_path) {
    auto read = read_candidates(candidates_path);
    if (!read) return fail(read.error());
    candidates = std::move(*read);
  } else {
    for (uint64_t index = 0; index < k_load_dump_docs_bound; index += 97) {
      candidates.insert(landing::normalize_title(sources::abstracts_load_film_title(index)));
      if (candidates.size() >= 1'000'000) break;
    }
  }
  const TitleSet* filter = keep_all ? nullptr : &candidates;

  const auto start = std::chrono::steady_clock::now();
  Result<Outcome> outcome = make_error(ErrorCode::invalid_argument, "unknown parser");
  if (land_dir) {
    landing::AbstractsLandRequest request;
    request.input = path;
    request.staging_dir = land_dir;
    request.candidates = filter;
    auto stats = landing::land_wikipedia_abstracts(request);
    if (!stats) return fail(stats.error());
    outcome = Outcome{stats->bytes_uncompressed, stats->docs_scanned, stats->docs_kept, {}};
    parser = "land";
  } else if (parser == "scanner") {
    outcome = run_scanner(path, filter);
  } else if (parser == "expat") {
    outcome = run_expat(path, filter);
  }
  if (!outcome) return fail(outcome.error());
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf(
      "%s uncompressed_bytes=%llu seconds=%.3f mb_per_s=%.1f docs=%llu kept=%llu "
      "checksum=%016llx\n",
      parser.c_str(), static_cast<unsigned long long>(outcome->bytes), seconds,
      static_cast<double>(outcome->bytes) / k_megabyte / seconds,
      static_cast<unsigned long long>(outcome->docs),
      static_cast<unsigned long long>(outcome->kept),
      static_cast<unsigned long long>(outcome->checksum.value));
  return 0;
}
