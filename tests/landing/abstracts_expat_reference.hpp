// An independent extraction of the abstracts dump's docs with expat, for cross-checking the
// hand-written scanner (src/landing/abstracts_scanner.hpp) in the tests and the benchmark.
//
// It collects the character data of every <title>, <url> and <abstract> that is a child of
// a <doc>, exactly as a conforming XML parser reports it (entities decoded, line ends
// normalised); like the scanner, only the first of each field in a doc counts. Documents with a
// DOCTYPE are not expected here (the tests feed it valid dumps only).
#pragma once

#include <expat.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace reelhouse::landing::testing {

struct ExpatDoc {
  std::string title;  // raw, with the "Wikipedia: " prefix
  std::string url;
  std::string abstract;
};

struct ExpatOutcome {
  bool ok = false;
  std::string error;  // when !ok
  std::vector<ExpatDoc> docs;
};

namespace detail {

struct ExpatState {
  std::vector<ExpatDoc> docs;
  int depth = 0;                 // element depth: feed = 1, doc = 2, fields = 3
  std::string* field = nullptr;  // the field being collected, if any
  int field_depth = 0;
  unsigned fields_seen = 0;  // bit per field of the current doc: only the first counts
};

inline void start_element(void* user, const XML_Char* name, const XML_Char**) {
  auto* state = static_cast<ExpatState*>(user);
  ++state->depth;
  const std::string_view element(name);
  if (state->depth == 2 && element == "doc") {
    state->docs.emplace_back();
    state->fields_seen = 0;
  }
  if (state->depth == 3 && !state->docs.empty()) {
    ExpatDoc& doc = state->docs.back();
    const auto take = [&](std::string* field, unsigned bit) {
      if (state->fields_seen & bit) return;
      state->fields_seen |= bit;
      state->field = field;
      state->field_depth = 3;
    };
    if (element == "title") take(&doc.title, 1);
    if (element == "url") take(&doc.url, 2);
    if (element == "abstract") take(&doc.abstract, 4);
  }
}

inline void end_element(void* user, const XML_Char*) {
  auto* state = static_cast<ExpatState*>(user);
  if (state->field && state->depth == state->field_depth) state->field = nullptr;
  --state->depth;
}

inline void character_data(void* user, const XML_Char* text, int length) {
  auto* state = static_cast<ExpatState*>(user);
  if (state->field) state->field->append(text, static_cast<size_t>(length));
}

struct ParserDeleter {
  void operator()(XML_Parser parser) const { XML_ParserFree(parser); }
};

}  // namespace detail

// Parses a whole XML document held in memory.
inline ExpatOutcome expat_extract(std::string_view xml) {
  std::unique_ptr<std::remove_pointer_t<XML_Parser>, detail::ParserDeleter> parser(
      XML_ParserCreate("UTF-8"));
  detail::ExpatState state;
  XML_SetUserData(parser.get(), &state);
  XML_SetElementHandler(parser.get(), detail::start_element, detail::end_element);
  XML_SetCharacterDataHandler(parser.get(), detail::character_data);
  ExpatOutcome outcome;
  // Fed in pieces, as a streaming parser would see it.
  constexpr size_t k_piece = 1 << 16;
  size_t offset = 0;
  bool ok = true;
  while (ok) {
    const size_t length = std::min(k_piece, xml.size() - offset);
    const bool last = offset + length == xml.size();
    ok = XML_Parse(parser.get(), xml.data() + offset, static_cast<int>(length), last) ==
         XML_STATUS_OK;
    offset += length;
    if (last) break;
  }
  if (!ok) {
    outcome.error = XML_ErrorString(XML_GetErrorCode(parser.get()));
    return outcome;
  }
  outcome.ok = true;
  outcome.docs = std::move(state.docs);
  return outcome;
}

}  // namespace reelhouse::landing::testing
