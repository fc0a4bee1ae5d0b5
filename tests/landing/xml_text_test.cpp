// decode_xml_text: the five predefined entities, character references, line-end
// normalisation, and a table of malformed references that must be errors.
#include "landing/xml_text.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace reelhouse::landing {
namespace {

TEST(XmlText, DecodesEntitiesReferencesAndLineEnds) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"plain text", "plain text"},
      {"", ""},
      {"Tom &amp; Jerry", "Tom & Jerry"},
      {"&lt;b&gt; &quot;q&quot; &apos;a&apos;", "<b> \"q\" 'a'"},
      {"Am&#233;lie", "Amélie"},
      {"Am&#xE9;lie &#xe9;", "Amélie é"},
      {"&#x1F600;", "\xF0\x9F\x98\x80"},
      {"&#38;amp;", "&amp;"},  // decoded once, never twice
      {"a\r\nb\rc\n", "a\nb\nc\n"},
      {"&#13;", "\r"},  // a reference to CR is kept (XML 1.0 §2.11)
      {"&amp;&amp;", "&&"},
  };
  std::string out;
  for (const auto& [raw, expected] : cases) {
    const std::optional<XmlTextError> error = decode_xml_text(raw, out);
    EXPECT_FALSE(error) << raw << ": " << error->message;
    EXPECT_EQ(out, expected) << raw;
  }
}

TEST(XmlText, RejectsWhatXmlRejects) {
  const std::vector<std::pair<std::string, size_t>> cases = {
      {"a &nbsp; b", 2},  // undefined without a DTD
      {"AT&T", 2},        // bare ampersand
      {"x &#0;", 2},      // not an XML character
      {"&#xD800;", 0},    // surrogate
      {"&#x110000;", 0},  // beyond Unicode
      {"&#;", 0},
      {"&#x;", 0},
      {"&#12a;", 0},
      {"&lol9;", 0},            // a billion-laughs entity reference stays an error
      {"ok &amp; then &", 14},  // unterminated at the end
  };
  std::string out;
  for (const auto& [raw, position] : cases) {
    const std::optional<XmlTextError> error = decode_xml_text(raw, out);
    ASSERT_TRUE(error) << raw;
    EXPECT_EQ(error->position, position) << raw << ": " << error->message;
  }
  const std::optional<XmlTextError> undefined = decode_xml_text("&nbsp;", out);
  ASSERT_TRUE(undefined);
  EXPECT_NE(undefined->message.find("&nbsp;"), std::string::npos) << undefined->message;
}

}  // namespace
}  // namespace reelhouse::landing
