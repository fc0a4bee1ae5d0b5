// AbstractsScanner on the real sample docs (indented and exact upstream layout), entity
// decoding, the candidate filter, and every refused or malformed input with its offset.
#include "landing/abstracts_scanner.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "landing/abstracts_expat_reference.hpp"
#include "landing/landing_test_util.hpp"
#include "landing/title_normalizer.hpp"
#include "support/test_support.hpp"

namespace reelhouse::landing {
namespace {

using reelhouse::testing::read_file;
using reelhouse::testing::TempDir;
using reelhouse::testing::write_file;

struct ScannedDoc {
  std::string title, url, abstract, base_title, norm_title;
  std::optional<std::string> qualifier;
  uint64_t doc_offset = 0;
};

struct Scanned {
  Result<AbstractsScanStats> stats;
  std::vector<ScannedDoc> docs;
};

Scanned scan(const std::filesystem::path& path, AbstractsScanOptions options = {}) {
  Scanned scanned;
  scanned.stats = scan_abstracts(path, options, [&](const AbstractDoc& doc) -> Result<> {
    ScannedDoc copy{std::string(doc.title),
                    std::string(doc.url),
                    std::string(doc.abstract),
                    std::string(doc.base_title),
                    std::string(doc.norm_title),
                    std::nullopt,
                    doc.doc_offset};
    if (doc.qualifier) copy.qualifier = std::string(*doc.qualifier);
    scanned.docs.push_back(std::move(copy));
    return {};
  });
  return scanned;
}

Scanned scan_text(const TempDir& dir, const std::string& xml, AbstractsScanOptions options = {},
                  bool gzip = true) {
  const std::filesystem::path path = dir.path() / (gzip ? "dump.xml.gz" : "dump.xml");
  write_file(path, gzip ? testing::gzip_compress(xml) : xml);
  return scan(path, options);
}

// The scanner's docs equal expat's (title prefix stripped), field by field.
void expect_same_as_expat(const std::string& xml, const std::vector<ScannedDoc>& docs) {
  const testing::ExpatOutcome reference = testing::expat_extract(xml);
  ASSERT_TRUE(reference.ok) << reference.error;
  ASSERT_EQ(reference.docs.size(), docs.size());
  for (size_t doc_idx = 0; doc_idx < docs.size(); ++doc_idx) {
    std::string title = reference.docs[doc_idx].title;
    if (title.starts_with("Wikipedia: ")) title.erase(0, 11);
    EXPECT_EQ(docs[doc_idx].title, title) << doc_idx;
    EXPECT_EQ(docs[doc_idx].url, reference.docs[doc_idx].url) << doc_idx;
    EXPECT_EQ(docs[doc_idx].abstract, reference.docs[doc_idx].abstract) << doc_idx;
  }
}

std::string error_of(const Scanned& scanned) {
  return scanned.stats ? std::string("no error") : scanned.stats.error().message;
}

TEST(AbstractsScanner, RealIndentedSampleGivesEveryDocExactly) {
  SKIP_WITHOUT_SHARED_DATA(data);
  const std::filesystem::path path = data / "wikipedia/enwiki-latest-abstract-test.xml";
  const Scanned scanned = scan(path);
  ASSERT_TRUE(scanned.stats) << scanned.stats.error().message;
  const std::vector<std::string> titles = {"Vollmer House",         "Antwone Fisher",
                                           "Antwone Fisher (film)", "King Kong Groover",
                                           "King Kong (comics)",    "King Kong (1959 musical)",
                                           "King Kong (1933 film)", "King Kong (1976 film)"};
  ASSERT_EQ(scanned.docs.size(), titles.size());
  const std::vector<uint64_t> offsets = {11, 772, 2781, 5408, 6595, 10629, 12436, 16459};
  for (size_t doc_idx = 0; doc_idx < titles.size(); ++doc_idx) {
    const ScannedDoc& doc = scanned.docs[doc_idx];
    EXPECT_EQ(doc.title, titles[doc_idx]);
    std::string url_title = titles[doc_idx];
    std::replace(url_title.begin(), url_title.end(), ' ', '_');
    EXPECT_EQ(doc.url, "https://en.wikipedia.org/wiki/" + url_title);
    EXPECT_EQ(doc.doc_offset, offsets[doc_idx]);
  }
  EXPECT_EQ(scanned.docs[0].abstract, "| locmapin =");
  EXPECT_EQ(scanned.docs[1].abstract, "| birth_place = Cleveland, Ohio, U.S.");
  EXPECT_EQ(scanned.docs[3].abstract,
            "King Kong Groover is the second and final album by Babylon Zoo, released on 26 "
            "February 1999. It met\n            with negative reviews and was a commercial "
            "flop.\n        ");
  EXPECT_EQ(scanned.docs[7].abstract, "| starring = Jeff BridgesCharles GrodinJessica Lange");
  EXPECT_EQ(scanned.docs[6].base_title, "King Kong");
  EXPECT_EQ(scanned.docs[6].qualifier, "1933 film");
  EXPECT_EQ(scanned.docs[6].norm_title, "king kong");
  EXPECT_FALSE(scanned.docs[3].qualifier.has_value());
  EXPECT_EQ(scanned.stats->docs_scanned, 8u);
  EXPECT_EQ(scanned.stats->docs_kept, 8u);
  EXPECT_EQ(scanned.stats->bytes_uncompressed, std::filesystem::file_size(path));
  expect_same_as_expat(read_file(path), scanned.docs);
}

TEST(AbstractsScanner, RealUpstreamLayoutSampleGivesItsDoc) {
  SKIP_WITHOUT_SHARED_DATA(data);
  const Scanned scanned = scan(data / "wikipedia/test2.xml.gz");
  ASSERT_TRUE(scanned.stats) << scanned.stats.error().message;
  ASSERT_EQ(scanned.docs.size(), 1u);
  EXPECT_EQ(scanned.docs[0].title, "Anarchism");
  EXPECT_EQ(scanned.docs[0].url, "https://en.wikipedia.org/wiki/Anarchism");
  EXPECT_EQ(scanned.docs[0].abstract,
            "Anarchism is a political philosophy and movement that is sceptical of authority and "
            "rejects all involuntary, coercive forms of hierarchy. Anarchism calls for the "
            "abolition of the state, which it holds to be undesirable, unnecessary, and harmful.");
  EXPECT_EQ(scanned.docs[0].doc_offset, 7u);
  EXPECT_EQ(scanned.stats->bytes_uncompressed, 4073u);
  EXPECT_EQ(scanned.stats->bytes_compressed, 718u);
}

TEST(AbstractsScanner, DecodesEntitiesLikeExpat) {
  TempDir dir;
  const std::string xml =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- a comment -->\n<feed>\n"
      "<doc>\n<title>Wikipedia: Tom &amp; Jerry: &quot;The Movie&quot; (1992 film)</title>\n"
      "<url>https://en.wikipedia.org/wiki/Tom_%26_Jerry?a=1&amp;b=2</url>\n"
      "<abstract>Am&#233;lie &#xE9;t&#xe9; &lt;b&gt; it&apos;s\r\nnext</abstract>\n"
      "<links></links>\n</doc>\n"
      "<!-- between docs -->\n"
      "<doc><title>Wikipedia: Empty</title><url>u</url><abstract /><links/></doc>"
      "<doc><title>Wikipedia: Empty2</title><url>u2</url><abstract/></doc>"
      "<doc><title>No Prefix</title><url></url><abstract></abstract></doc>\n</feed>\n";
  const Scanned scanned = scan_text(dir, xml);
  ASSERT_TRUE(scanned.stats) << scanned.stats.error().message;
  ASSERT_EQ(scanned.docs.size(), 4u);
  EXPECT_EQ(scanned.docs[0].title, "Tom & Jerry: \"The Movie\" (1992 film)");
  EXPECT_EQ(scanned.docs[0].base_title, "Tom & Jerry: \"The Movie\"");
  EXPECT_EQ(scanned.docs[0].norm_title, "tom and jerry the movie");
  EXPECT_EQ(scanned.docs[0].url, "https://en.wikipedia.org/wiki/Tom_%26_Jerry?a=1&b=2");
  EXPECT_EQ(scanned.docs[0].abstract, "Amélie été <b> it's\nnext");
  EXPECT_EQ(scanned.docs[1].abstract, "");
  EXPECT_EQ(scanned.docs[3].title, "No Prefix");
  expect_same_as_expat(xml, scanned.docs);
}

TEST(AbstractsScanner, KeepsOnlyCandidates) {
  SKIP_WITHOUT_SHARED_DATA(data);
  const TitleSet candidates = {"king kong", "antwone fisher", "not in the dump"};
  AbstractsScanOptions options;
  options.candidates = &candidates;
  const Scanned scanned = scan(data / "wikipedia/enwiki-latest-abstract-test.xml", options);
  ASSERT_TRUE(scanned.stats) << scanned.stats.error().message;
  std::vector<std::string> titles;
  for (const ScannedDoc& doc : scanned.docs) titles.push_back(doc.title);
  EXPECT_EQ(titles, (std::vector<std::string>{"Antwone Fisher", "Antwone Fisher (film)",
                                              "King Kong (comics)", "King Kong (1959 musical)",
                                              "King Kong (1933 film)", "King Kong (1976 film)"}));
  EXPECT_EQ(scanned.stats->docs_scanned, 8u);
  EXPECT_EQ(scanned.stats->docs_kept, 6u);
  EXPECT_EQ(scanned.docs[2].qualifier, "comics");
  EXPECT_EQ(scanned.docs[5].abstract, "| starring = Jeff BridgesCharles GrodinJessica Lange");

  const TitleSet none;
  options.candidates = &none;
  const Scanned nothing = scan(data / "wikipedia/test2.xml.gz", options);
  ASSERT_TRUE(nothing.stats);
  EXPECT_TRUE(nothing.docs.empty());
  EXPECT_EQ(nothing.stats->docs_scanned, 1u);
}

// Each malformed or refused input fails with a parse error naming the file and the offset.
struct BadCase {
  std::string name;
  std::string xml;
  std::string expected_message;  // a fragment, including "offset <n>"
};

TEST(AbstractsScanner, RefusesMalformedInputNamingTheOffset) {
  const std::string doc =
      "<doc><title>Wikipedia: A</title><url>u</url><abstract>x</abstract></doc>\n";
  const std::vector<BadCase> cases = {
      {"doctype", "<?xml version=\"1.0\"?>\n<!DOCTYPE feed>\n<feed>" + doc + "</feed>",
       "<!DOCTYPE): DTDs and entity declarations are never processed; the abstracts dump has "
       "none at uncompressed byte offset 22"},
      {"billion laughs",
       "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n <!ENTITY lol2 "
       "\"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n]>\n<feed><doc><title>&lol2;"
       "</title></doc></feed>",
       "refusing a document type declaration (<!DOCTYPE)"},
      {"entity reference without a DTD",
       "<feed><doc><title>Wikipedia: &lol9;</title><url>u</url></doc></feed>",
       "undefined entity \"&lol9;\""},
      {"truncated inside a doc", "<feed>\n" + doc + "<doc><title>Wikipedia: B</title><url>u",
       "the file ends inside the <doc> (truncated XML?) that starts at uncompressed byte "
       "offset 80"},
      {"missing </feed>", "<feed>\n" + doc,
       "the file ends before </feed> (truncated XML?) at uncompressed byte offset 80"},
      {"empty file", "", "no <feed> element"},
      {"markup inside abstract",
       "<feed><doc><title>A</title><url>u</url><abstract>x <b>y</b></abstract></doc></feed>",
       "unsupported markup inside <abstract> of the <doc> at offset 6 (only character data is "
       "allowed): \"<b>y</b></abstract>\" at uncompressed byte offset 51"},
      {"CDATA inside title", "<feed><doc><title><![CDATA[A]]></title></doc></feed>",
       "unsupported markup inside <title>"},
      {"stray text between docs", "<feed>\n" + doc + "junk" + doc + "</feed>",
       "unexpected text \"junk<doc><title>Wikipedia: A</title><url\" outside <doc> at "
       "uncompressed byte offset 80"},
      {"doc without title", "<feed><doc><url>u</url></doc></feed>",
       "expected <title> in the <doc> at offset 6"},
      {"wrong root", "<page></page>", "expected the root element <feed>"},
      {"content after feed", "<feed></feed><feed></feed>", "unexpected content after </feed>"},
      {"invalid UTF-8", "<feed><doc><title>A\xff</title><url>u</url><abstract/></doc></feed>",
       "invalid UTF-8 in <title>"},
  };
  for (const BadCase& test_case : cases) {
    TempDir dir;
    const Scanned scanned = scan_text(dir, test_case.xml);
    ASSERT_FALSE(scanned.stats) << test_case.name;
    EXPECT_EQ(scanned.stats.error().code, ErrorCode::parse) << test_case.name;
    const std::string message = scanned.stats.error().message;
    EXPECT_NE(message.find(test_case.expected_message), std::string::npos)
        << test_case.name << ": " << message;
    EXPECT_NE(message.find("dump.xml.gz"), std::string::npos) << test_case.name << ": " << message;
  }
}

TEST(AbstractsScanner, OversizedElementsAreBoundedErrors) {
  TempDir dir;
  const std::string head = "<feed>\n<doc><title>Wikipedia: Big</title><url>u</url><abstract>";
  {
    // An abstract over 1 MiB in a doc under 16 MiB: the scanner's field bound.
    const std::string xml = head + std::string((1 << 20) + 1, 'a') + "</abstract></doc></feed>";
    const Scanned scanned = scan_text(dir, xml, {}, /*gzip=*/false);
    ASSERT_FALSE(scanned.stats);
    EXPECT_NE(error_of(scanned).find("<abstract> of the <doc> at offset 7 is larger than 1048576 "
                                     "bytes at uncompressed byte offset 53"),
              std::string::npos)
        << error_of(scanned);
  }
  {
    // A doc over 16 MiB that never ends: the reader's bound, memory stays at ~17 MiB.
    const std::string xml = head + std::string(size_t{20} << 20, 'a');
    const Scanned scanned = scan_text(dir, xml, {}, /*gzip=*/false);
    ASSERT_FALSE(scanned.stats);
    EXPECT_NE(error_of(scanned).find("the element starting at uncompressed byte offset 7 is "
                                     "larger than 17 MiB"),
              std::string::npos)
        << error_of(scanned);
  }
  {
    // A complete doc of 16 MiB + 1 KiB made of links: the scanner's exact doc bound.
    std::string xml = "<feed>\n<doc><title>Wikipedia: Big</title><links>";
    while (xml.size() < (size_t{16} << 20) + 1024) xml += "<link>https://example.org/x</link>";
    xml += "</links></doc>\n</feed>\n";
    const Scanned scanned = scan_text(dir, xml, {}, /*gzip=*/false);
    ASSERT_FALSE(scanned.stats);
    EXPECT_NE(error_of(scanned).find("a <doc> larger than 16777216 bytes starts at uncompressed "
                                     "byte offset 7"),
              std::string::npos)
        << error_of(scanned);
  }
}

TEST(AbstractsScanner, TruncatedGzipNamesTheFile) {
  TempDir dir;
  std::string xml = "<feed>\n";
  for (int doc_idx = 0; doc_idx < 2000; ++doc_idx) {
    xml += fmt::format(
        "<doc><title>Wikipedia: Page {}</title><url>u{}</url><abstract>text {}"
        "</abstract></doc>\n",
        doc_idx, doc_idx, doc_idx * 7919);
  }
  xml += "</feed>\n";
  const std::string compressed = testing::gzip_compress(xml);
  const std::filesystem::path path = dir.path() / "cut.xml.gz";
  write_file(path, compressed.substr(0, compressed.size() / 2));
  const Scanned scanned = scan(path);
  ASSERT_FALSE(scanned.stats);
  EXPECT_EQ(scanned.stats.error().code, ErrorCode::corrupt);
  EXPECT_NE(error_of(scanned).find(path.string()), std::string::npos) << error_of(scanned);

  const Scanned missing = scan(dir.path() / "absent.xml.gz");
  ASSERT_FALSE(missing.stats);
  EXPECT_EQ(missing.stats.error().code, ErrorCode::not_found);
}

TEST(AbstractsScanner, DocsStraddlingBlocksAreWhole) {
  // Small blocks force many cuts and carried partial docs; the result equals expat's.
  TempDir dir;
  std::string xml = "<feed>\n";
  for (int doc_idx = 0; doc_idx < 3000; ++doc_idx) {
    xml += fmt::format(
        "<doc>\n<title>Wikipedia: Page &amp; {}</title>\n<url>u{}</url>\n<abstract>{}</abstract>"
        "\n<links>\n{}</links>\n</doc>\n",
        doc_idx, doc_idx, std::string(static_cast<size_t>(doc_idx % 97) * 13, 'x'),
        std::string(static_cast<size_t>(doc_idx % 31) * 40, ' '));
  }
  xml += "</feed>\n";
  AbstractsScanOptions options;
  options.block_bytes = 4096;
  const Scanned scanned = scan_text(dir, xml, options);
  ASSERT_TRUE(scanned.stats) << scanned.stats.error().message;
  EXPECT_EQ(scanned.docs.size(), 3000u);
  expect_same_as_expat(xml, scanned.docs);
  for (const ScannedDoc& doc : scanned.docs) {
    ASSERT_EQ(xml.compare(doc.doc_offset, 5, "<doc>"), 0) << doc.doc_offset;
  }
}

}  // namespace
}  // namespace reelhouse::landing
