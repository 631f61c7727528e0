#include "domain/knowledge_terms.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace agentry::knowledge {
namespace {

using Terms = std::vector<std::string>;

TEST(KnowledgeTerms, FoldsStemsAndDropsStopWords) {
  EXPECT_EQ(terms_of("How do I configure the Retries of failed webhooks?"),
            (Terms{"configur", "retri", "fail", "webhook"}));
  EXPECT_EQ(terms_of("Connecting, connected; CONNECTIONS!"),
            (Terms{"connect", "connect", "connect"}));
}

TEST(KnowledgeTerms, KeepsDigitsAndLettersBeyondAscii) {
  EXPECT_EQ(terms_of("IPv6 on port 8080"), (Terms{"ipv6", "port", "8080"}));
  EXPECT_EQ(terms_of("Ünïcode ÉTÉ Привет Ωμέγα"), (Terms{"ünïcode", "été", "привет", "ωμέγα"}));
  // Punctuation outside ASCII separates words.
  EXPECT_EQ(terms_of("alpha—beta «gamma» delta…epsilon"),
            (Terms{"alpha", "beta", "gamma", "delta", "epsilon"}));
  EXPECT_EQ(terms_of("snake_case kebab-case"), (Terms{"snake", "case", "kebab", "case"}));
}

TEST(KnowledgeTerms, TellsWhereEachWordIs) {
  const std::string text = "The quick brown foxes";
  const auto words = words_of(text);
  ASSERT_EQ(words.size(), 3U);
  EXPECT_EQ(text.substr(words[2].begin, words[2].end - words[2].begin), "foxes");
  EXPECT_EQ(words[2].term, "fox");
}

TEST(KnowledgeTerms, LeavesOutOverlongWordsAndBlankText) {
  EXPECT_TRUE(terms_of("").empty());
  EXPECT_TRUE(terms_of("  ... !!! \n").empty());
  EXPECT_TRUE(terms_of("the and of").empty());
  EXPECT_EQ(terms_of(std::string(65, 'x') + " kept"), (Terms{"kept"}));
}

}  // namespace
}  // namespace agentry::knowledge
