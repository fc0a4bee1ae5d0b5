#include "sources/abstracts_load_writer.hpp"

#include <fmt/format.h>

#include <array>
#include <string_view>

#include "util/gzip_writer.hpp"
#include "util/random.hpp"

namespace reelhouse::sources {

namespace {

constexpr std::array<std::string_view, 24> k_words = {
    "River",  "Castle",   "Station", "Garden",   "Summer", "Winter",   "Harbour", "Empire",
    "Silver", "Northern", "Valley",  "Academy",  "Bridge", "Kingdom",  "Island",  "Theatre",
    "Church", "Railway",  "Crown",   "Mountain", "Lake",   "Festival", "Library", "Museum"};
constexpr std::array<std::string_view, 8> k_sections = {
    "History",  "Early life", "Career",         "Geography",
    "See also", "References", "External links", "Plot"};
constexpr std::array<std::string_view, 12> k_sentence_words = {
    "is",  "a",     "village",         "in",    "the", "district", "known", "for",
    "its", "&amp;", "&quot;old&quot;", "church"};
// Docs are written in batches of about this many bytes.
constexpr size_t k_batch_bytes = size_t{1} << 20;

void append_url_title(std::string& out, std::string_view title) {
  for (const char character : title) out += character == ' ' ? '_' : character;
}

void append_doc(std::string& out, uint64_t index, uint64_t seed, uint64_t film_every) {
  util::Rng rng(util::stream_seed(seed, 1, index));
  std::string title;
  if (film_every != 0 && index % film_every == 0) {
    title = abstracts_load_film_title(index);
    switch (rng.below(3)) {
      case 0:
        break;
      case 1:
        title += " (film)";
        break;
      default:
        title += fmt::format(" ({} film)", 1920 + rng.below(100));
    }
  } else {
    title = fmt::format("{} {} {}", k_words[rng.below(k_words.size())],
                        k_words[rng.below(k_words.size())], index);
    if (rng.chance(0.2)) title += fmt::format(" ({})", k_words[rng.below(k_words.size())]);
  }
  out += "<doc>\n<title>Wikipedia: ";
  out += title;
  out += "</title>\n<url>https://en.wikipedia.org/wiki/";
  append_url_title(out, title);
  out += "</url>\n<abstract>";
  const uint64_t abstract_words = rng.below(80);
  for (uint64_t word_idx = 0; word_idx < abstract_words; ++word_idx) {
    if (word_idx > 0) out += ' ';
    out += k_sentence_words[rng.below(k_sentence_words.size())];
  }
  if (abstract_words > 0) out += '.';
  out += "</abstract>\n<links>\n";
  const uint64_t links = rng.below(14);
  for (uint64_t link_idx = 0; link_idx < links; ++link_idx) {
    const std::string_view section = k_sections[(index + link_idx) % k_sections.size()];
    out += "<sublink linktype=\"nav\"><anchor>";
    out += section;
    out += "</anchor><link>https://en.wikipedia.org/wiki/";
    append_url_title(out, title);
    out += '#';
    append_url_title(out, section);
    out += "</link></sublink>\n";
  }
  out += "</links>\n</doc>\n";
}

}  // namespace

std::string abstracts_load_film_title(uint64_t index) {
  return fmt::format("Load Film {}", index);
}

Result<AbstractsLoadDumpStats> write_abstracts_load_dump(const std::filesystem::path& path,
                                                         uint64_t target_bytes, uint64_t seed,
                                                         uint64_t film_every) {
  util::GzipWriter writer = TRY(util::GzipWriter::create(path));
  std::string batch = "<feed>\n";
  batch.reserve(k_batch_bytes + 64 * 1024);
  AbstractsLoadDumpStats stats;
  uint64_t written = 0;
  while (written + batch.size() < target_bytes) {
    append_doc(batch, stats.docs++, seed, film_every);
    if (batch.size() >= k_batch_bytes) {
      TRY(writer.write(batch));
      written += batch.size();
      batch.clear();
    }
  }
  batch += "</feed>\n";
  TRY(writer.write(batch));
  TRY(writer.commit());
  stats.bytes_uncompressed = writer.uncompressed_bytes();
  stats.bytes_compressed = writer.compressed_bytes();
  return stats;
}

}  // namespace reelhouse::sources
