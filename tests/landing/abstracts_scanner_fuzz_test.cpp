// A bounded randomized test of the hand-written abstracts scanner: the real sample docs and
// synthetic ones, mutated (truncation, random bytes, nested tags, stray '<', CDATA, comments,
// entities, DOCTYPEs), must never crash or read out of bounds — run it once under
// -fsanitize=address or valgrind — and must either scan or fail with a parse/corrupt error.
// Whenever both the scanner and expat accept a mutant, they must extract exactly the same
// title, url and abstract for every doc.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "landing/abstracts_expat_reference.hpp"
#include "landing/abstracts_scanner.hpp"
#include "support/test_support.hpp"
#include "util/random.hpp"

namespace reelhouse::landing {
namespace {

using reelhouse::testing::TempDir;

constexpr int k_mutants = 800;

std::string seed_corpus() {
  std::string xml = "<feed>\n";
  if (const auto data = reelhouse::testing::shared_data_dir()) {
    const std::string indented =
        reelhouse::testing::read_file(*data / "wikipedia/enwiki-latest-abstract-test.xml");
    const size_t first = indented.find("<doc>");
    const size_t last = indented.rfind("</doc>");
    if (first != std::string::npos && last != std::string::npos) {
      xml += indented.substr(first, last + 6 - first) + "\n";
    }
  }
  xml +=
      "<doc>\n<title>Wikipedia: Tom &amp; Jerry (1992 film)</title>\n<url>https://en.wikipedia."
      "org/wiki/Tom_%26_Jerry</url>\n<abstract>Am&#233;lie &#xE9;t&#xe9; &lt;b&gt; "
      "it&apos;s</abstract>\n<links>\n<sublink linktype=\"nav\"><anchor>Plot</anchor><link>"
      "https://en.wikipedia.org/wiki/Tom#Plot</link></sublink>\n</links>\n</doc>\n"
      "<doc><title>Wikipedia: Empty</title><url>u</url><abstract /><links/></doc>\n";
  return xml + "</feed>\n";
}

const std::vector<std::string> k_insertions = {"<",
                                               ">",
                                               "&",
                                               "&amp;",
                                               "&#0;",
                                               "&nbsp;",
                                               "<b>x</b>",
                                               "<![CDATA[x]]>",
                                               "<!-- c -->",
                                               "</doc>",
                                               "<doc>",
                                               "</title>",
                                               "<title>",
                                               "\r\n",
                                               "\xff",
                                               "\xc3\xa9",
                                               "<!DOCTYPE x>",
                                               "</feed>",
                                               "<?pi?>",
                                               "]]>",
                                               "&#x1F600;",
                                               "<abstract/>",
                                               "\"",
                                               "\0"};

std::string mutate(const std::string& seed, util::Rng& rng) {
  std::string mutant = seed;
  const uint64_t mutations = 1 + rng.below(3);
  for (uint64_t mutation_idx = 0; mutation_idx < mutations && !mutant.empty(); ++mutation_idx) {
    const size_t position = rng.below(mutant.size());
    switch (rng.below(5)) {
      case 0:  // truncate
        mutant.resize(position);
        break;
      case 1:  // overwrite a byte with a random one
        mutant[position] = static_cast<char>(rng.below(256));
        break;
      case 2: {  // insert markup
        const std::string& insertion = k_insertions[rng.below(k_insertions.size())];
        mutant.insert(position, insertion.empty() ? std::string(1, '\0') : insertion);
        break;
      }
      case 3:  // delete a run
        mutant.erase(position, rng.below(16));
        break;
      default:  // duplicate a run elsewhere
        mutant.insert(rng.below(mutant.size()), mutant.substr(position, rng.below(64)));
        break;
    }
  }
  return mutant;
}

TEST(AbstractsScannerFuzz, MutantsScanOrFailCleanlyAndAgreeWithExpat) {
  TempDir dir;
  const std::string seed = seed_corpus();
  const std::filesystem::path path = dir.path() / "mutant.xml";
  util::Rng rng(20240601);
  int accepted = 0;
  int compared = 0;
  for (int mutant_idx = 0; mutant_idx < k_mutants; ++mutant_idx) {
    const std::string mutant = mutant_idx == 0 ? seed : mutate(seed, rng);
    reelhouse::testing::write_file(path, mutant);
    std::vector<testing::ExpatDoc> docs;
    AbstractsScanOptions options;
    options.block_bytes = 512 + rng.below(8192);  // many block cuts
    const Result<AbstractsScanStats> stats =
        scan_abstracts(path, options, [&](const AbstractDoc& doc) -> Result<> {
          docs.push_back({std::string(doc.title), std::string(doc.url), std::string(doc.abstract)});
          return {};
        });
    if (!stats) {
      EXPECT_TRUE(stats.error().code == ErrorCode::parse ||
                  stats.error().code == ErrorCode::corrupt)
          << stats.error().message;
      EXPECT_NE(stats.error().message.find("offset"), std::string::npos) << stats.error().message;
      continue;
    }
    ++accepted;
    const testing::ExpatOutcome reference = testing::expat_extract(mutant);
    if (!reference.ok) continue;  // the scanner does not validate what it skips (<links>)
    ++compared;
    ASSERT_EQ(reference.docs.size(), docs.size()) << "mutant " << mutant_idx << ":\n" << mutant;
    for (size_t doc_idx = 0; doc_idx < docs.size(); ++doc_idx) {
      std::string title = reference.docs[doc_idx].title;
      if (title.starts_with("Wikipedia: ")) title.erase(0, 11);
      ASSERT_EQ(docs[doc_idx].title, title) << "mutant " << mutant_idx << ":\n" << mutant;
      ASSERT_EQ(docs[doc_idx].url, reference.docs[doc_idx].url) << "mutant " << mutant_idx;
      ASSERT_EQ(docs[doc_idx].abstract, reference.docs[doc_idx].abstract)
          << "mutant " << mutant_idx;
    }
  }
  // The mutations must exercise both outcomes, or the test proves little.
  EXPECT_GT(accepted, k_mutants / 10);
  EXPECT_LT(accepted, k_mutants);
  EXPECT_GT(compared, k_mutants / 20);
  std::cout << "[          ] " << k_mutants << " mutants: " << accepted << " scanned, " << compared
            << " cross-checked against expat\n";
}

}  // namespace
}  // namespace reelhouse::landing
