// A synthetic Wikipedia abstracts dump for load and memory tests.
//
// The memory acceptance test and the scan benchmark need dumps of 1–3 GB of XML that are
// quick to write. `write_abstracts_load_dump` writes docs in the exact upstream layout
// (test2.xml.gz: one element per line, sublinks on one line each) whose titles, qualifiers,
// abstract lengths, entities and link counts vary from doc to doc, gzip-compressed with ISA-L
// at level 1. It is not a realistic model of how pages relate to films — that is the movies
// generator's job (`reelhouse generate movies`) — only of the dump's shape and sizes.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "core/error.hpp"

namespace reelhouse::sources {

struct AbstractsLoadDumpStats {
  uint64_t docs = 0;
  uint64_t bytes_uncompressed = 0;
  uint64_t bytes_compressed = 0;
};

// Writes about `target_bytes` of XML (stopping after the first doc that reaches it) to
// `path` (.xml.gz), reproducibly for `seed`. Every `film_every`-th doc (0: none) is titled
// like a film page: "Load Film <n>", "Load Film <n> (film)" or "Load Film <n> (<year> film)".
// Errors: io when the file cannot be written.
Result<AbstractsLoadDumpStats> write_abstracts_load_dump(const std::filesystem::path& path,
                                                         uint64_t target_bytes, uint64_t seed = 1,
                                                         uint64_t film_every = 97);

// The title of the film page written as doc `index` (see film_every), without qualifier.
std::string abstracts_load_film_title(uint64_t index);

}  // namespace reelhouse::sources
