// Character data of an XML element, decoded.
//
// The abstracts dump escapes text the way every XML writer does: the five predefined entities
// (&lt; &gt; &amp; &quot; &apos;) and numeric character references (&#233; &#xE9;).
// `decode_xml_text` turns the raw bytes between a start and an end tag into the text they
// stand for, and also applies XML's end-of-line rule (CR LF and lone CR become LF), so the
// result is exactly what a conforming parser (expat) reports.
//
// Anything else after '&' is an error, as in XML itself: without a DTD (which the scanner
// refuses) no other entity can be declared, so "&nbsp;" or a bare "&" means the file is not
// well-formed, and guessing would hide corruption. Character references must name an XML
// character (#x9, #xA, #xD, #x20–#xD7FF, #xE000–#xFFFD, #x10000–#x10FFFF).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace reelhouse::landing {

struct XmlTextError {
  size_t position = 0;  // offset in the raw text of the offending '&'
  std::string message{};
};

// Decodes `raw` into `out` (cleared first). Returns the first error, or nullopt on success.
std::optional<XmlTextError> decode_xml_text(std::string_view raw, std::string& out);

}  // namespace reelhouse::landing
