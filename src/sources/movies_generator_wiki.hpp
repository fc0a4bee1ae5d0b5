// enwiki-latest-abstract.xml.gz: the Wikipedia abstracts dump, in upstream's exact layout.
//
// One `<feed>`, then per page, one element per line:
//   <doc>
//   <title>Wikipedia: King Kong (1933 film)</title>
//   <url>https://en.wikipedia.org/wiki/King_Kong_(1933_film)</url>
//   <abstract>King Kong is a 1933 American adventure film directed by …</abstract>
//   <links>
//   <sublink
//   linktype="nav"><anchor>Plot</anchor><link>https://en.wikipedia.org/wiki/King_Kong_(1933_film)#Plot</link></sublink>
//   </links>
//   </doc>
// Text is XML-escaped (&amp; &lt; &gt; &quot;); URLs are MediaWiki-encoded (spaces as `_`,
// non-ASCII and `&`, `'`, `?`… percent-encoded). The model's film pages and same-title other
// pages are scattered through a bulk of filler pages (people, places, species, seasons,
// schools, disambiguation pages, infobox residue) of realistic sizes: `--scale 1` writes
// ~6M pages, ~6 GB of XML, ~1 GB gzipped. No filler page shares a normalised base title with
// a film.
//
// Pages are generated into 4 MiB buffers that igzip compresses on a second thread while the
// next one fills, so memory stays flat whatever the size of the dump.
#pragma once

#include <cstdint>
#include <filesystem>

#include "core/error.hpp"
#include "sources/movies_generator_model.hpp"

namespace reelhouse::sources::movies {

struct DumpOutput {
  uint64_t pages = 0;
  uint64_t film_pages = 0;   // pages of films of the dataset
  uint64_t other_pages = 0;  // same-title pages about other things (MoviesModel::other_pages)
  uint64_t filler_pages = 0;
  uint64_t uncompressed_bytes = 0;
  uint64_t compressed_bytes = 0;
};

// The number of pages write_wikipedia_dump writes for `model`.
uint64_t planned_page_count(const MoviesModel& model);

// Writes the dump to `path` atomically. Errors: io.
Result<DumpOutput> write_wikipedia_dump(const MoviesModel& model,
                                        const std::filesystem::path& path);

// Appends `text` XML-escaped as the dump escapes it (& < > ").
void append_xml_escaped(std::string_view text, std::string& out);

// Appends the URL form of a page title (or section anchor) as MediaWiki writes it.
void append_url_title(std::string_view title, std::string& out);

}  // namespace reelhouse::sources::movies
