#include "domain/knowledge_chunks.hpp"

#include <gtest/gtest.h>

#include <random>
#include <set>
#include <sstream>

#include "core/utf8.hpp"

namespace agentry::knowledge {
namespace {

std::string sentences(int count, const std::string& word) {
  std::string out;
  for (int i = 0; i < count; ++i)
    out += "The " + word + std::to_string(i) + " sentence ends here. ";
  return out;
}

TEST(KnowledgeChunks, HeadingsStartChunksAndNameTheirPath) {
  const auto chunks = chunk_markdown(
      "Intro text.\n\n# Install\n\nGet it.\n\n## On Debian\n\napt-get install it.\n\n## On Mac ##\n"
      "\nbrew it.\n\n# Use\n\nRun it.\n");
  ASSERT_EQ(chunks.size(), 5U);
  EXPECT_EQ(chunks[0].heading, "");
  EXPECT_EQ(chunks[0].text, "Intro text.");
  EXPECT_EQ(chunks[1].heading, "Install");
  EXPECT_EQ(chunks[2].heading, "Install › On Debian");
  EXPECT_EQ(chunks[2].text, "apt-get install it.");
  EXPECT_EQ(chunks[3].heading, "Install › On Mac");
  EXPECT_EQ(chunks[4].heading, "Use");
  EXPECT_EQ(chunks[4].text, "Run it.");
}

TEST(KnowledgeChunks, SmallBlocksArePackedAndFencedCodeStaysWhole) {
  const auto chunks = chunk_markdown(
      "First paragraph.\n\n- one\n- two\n\n```sh\n# not a heading\n\necho hi\n```\nAfter.");
  ASSERT_EQ(chunks.size(), 1U);
  EXPECT_EQ(
      chunks[0].text,
      "First paragraph.\n\n- one\n\n- two\n\n```sh\n# not a heading\n\necho hi\n```\n\nAfter.");
  EXPECT_TRUE(chunk_markdown(" \n\n\t\n").empty());
}

TEST(KnowledgeChunks, LongTextIsCutAtSentencesWithinTheLimitAndOverlaps) {
  const auto chunks = chunk_markdown("# Long\n\n" + sentences(300, "w"));
  ASSERT_GT(chunks.size(), 3U);
  for (std::size_t i = 0; i < chunks.size(); ++i) {
    EXPECT_LE(chunks[i].text.size(), max_chunk_bytes) << i;
    EXPECT_EQ(chunks[i].heading, "Long");
    if (i + 1 < chunks.size()) {
      EXPECT_TRUE(chunks[i].text.ends_with("ends here.")) << "cut at a sentence end: " << i;
      // The next chunk starts with this one's last words.
      const std::string& next = chunks[i + 1].text;
      const std::string head = next.substr(0, next.find(' ', 40));
      EXPECT_NE(chunks[i].text.find(head), std::string::npos) << i;
    }
  }
}

TEST(KnowledgeChunks, TextWithoutSpacesIsCutBetweenCharacters) {
  std::string word;
  for (int i = 0; i < 3000; ++i) word += "é€";
  const auto chunks = chunk_markdown(word);
  ASSERT_GT(chunks.size(), 5U);
  for (const auto& c : chunks) {
    EXPECT_LE(c.text.size(), max_chunk_bytes);
    EXPECT_TRUE(utf8::text_chars(c.text).has_value());
  }
}

TEST(KnowledgeChunks, EveryWordOfTheInputIsInSomeChunk) {
  const unsigned seed = std::random_device{}();
  std::mt19937 random(seed);
  const std::vector<std::string> shapes = {"# ", "## ", "- ", "", "", "", "```\n"};
  std::string text;
  std::set<std::string> words;
  for (int block = 0; block < 200; ++block) {
    const std::string& shape = shapes[random() % shapes.size()];
    text += shape;
    // Headings of a few words, blocks of up to 400.
    const int length = static_cast<int>(random() % (shape.starts_with('#') ? 12 : 400));
    for (int w = 0; w < length; ++w) {
      std::string word = "w" + std::to_string(random() % 100000);
      words.insert(word);
      text += word + (random() % 9 == 0 ? ". " : " ");
    }
    if (shape == "```\n") text += "\n```";
    text += random() % 3 ? "\n\n" : "\n";
  }
  std::string all;
  for (const auto& c : chunk_markdown(text)) {
    ASSERT_LE(c.text.size(), max_chunk_bytes) << "seed " << seed;
    all += c.heading + " " + c.text + " ";
  }
  std::istringstream in(all);
  std::set<std::string> seen;
  for (std::string w; in >> w;) {
    while (!w.empty() && (w.back() == '.')) w.pop_back();
    seen.insert(w);
  }
  for (const auto& w : words) ASSERT_TRUE(seen.count(w)) << w << ", seed " << seed;
}

}  // namespace
}  // namespace agentry::knowledge
