#include "core/porter.hpp"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace agentry::porter {
namespace {

// Words and stems from the examples of Porter's paper, step by step.
TEST(Porter, StemsThePapersExamples) {
  const std::vector<std::pair<const char*, const char*>> cases = {// Step 1a and 1b
                                                                  {"caresses", "caress"},
                                                                  {"ponies", "poni"},
                                                                  {"ties", "ti"},
                                                                  {"caress", "caress"},
                                                                  {"cats", "cat"},
                                                                  {"feed", "feed"},
                                                                  {"agreed", "agre"},
                                                                  {"plastered", "plaster"},
                                                                  {"bled", "bled"},
                                                                  {"motoring", "motor"},
                                                                  {"sing", "sing"},
                                                                  {"conflated", "conflat"},
                                                                  {"troubled", "troubl"},
                                                                  {"sized", "size"},
                                                                  {"hopping", "hop"},
                                                                  {"tanned", "tan"},
                                                                  {"falling", "fall"},
                                                                  {"hissing", "hiss"},
                                                                  {"fizzed", "fizz"},
                                                                  {"failing", "fail"},
                                                                  {"filing", "file"},
                                                                  // Step 1c
                                                                  {"happy", "happi"},
                                                                  {"sky", "sky"},
                                                                  // Step 2
                                                                  {"relational", "relat"},
                                                                  {"conditional", "condit"},
                                                                  {"rational", "ration"},
                                                                  {"valenci", "valenc"},
                                                                  {"digitizer", "digit"},
                                                                  {"conformabli", "conform"},
                                                                  {"radicalli", "radic"},
                                                                  {"differentli", "differ"},
                                                                  {"vileli", "vile"},
                                                                  {"analogousli", "analog"},
                                                                  {"vietnamization", "vietnam"},
                                                                  {"predication", "predic"},
                                                                  {"operator", "oper"},
                                                                  {"feudalism", "feudal"},
                                                                  {"decisiveness", "decis"},
                                                                  {"hopefulness", "hope"},
                                                                  {"callousness", "callous"},
                                                                  {"formaliti", "formal"},
                                                                  {"sensitiviti", "sensit"},
                                                                  {"sensibiliti", "sensibl"},
                                                                  // Step 3
                                                                  {"triplicate", "triplic"},
                                                                  {"formative", "form"},
                                                                  {"formalize", "formal"},
                                                                  {"electriciti", "electr"},
                                                                  {"electrical", "electr"},
                                                                  {"hopeful", "hope"},
                                                                  {"goodness", "good"},
                                                                  // Step 4
                                                                  {"revival", "reviv"},
                                                                  {"allowance", "allow"},
                                                                  {"inference", "infer"},
                                                                  {"airliner", "airlin"},
                                                                  {"gyroscopic", "gyroscop"},
                                                                  {"adjustable", "adjust"},
                                                                  {"defensible", "defens"},
                                                                  {"irritant", "irrit"},
                                                                  {"replacement", "replac"},
                                                                  {"adjustment", "adjust"},
                                                                  {"dependent", "depend"},
                                                                  {"adoption", "adopt"},
                                                                  {"homologou", "homolog"},
                                                                  {"communism", "commun"},
                                                                  {"activate", "activ"},
                                                                  {"angulariti", "angular"},
                                                                  {"homologous", "homolog"},
                                                                  {"effective", "effect"},
                                                                  {"bowdlerize", "bowdler"},
                                                                  // Step 5
                                                                  {"probate", "probat"},
                                                                  {"rate", "rate"},
                                                                  {"cease", "ceas"},
                                                                  {"controll", "control"},
                                                                  {"roll", "roll"},
                                                                  // Several steps
                                                                  {"generalizations", "gener"},
                                                                  {"oscillators", "oscil"},
                                                                  {"connections", "connect"},
                                                                  {"connecting", "connect"},
                                                                  {"connected", "connect"}};
  for (const auto& [word, expected] : cases) EXPECT_EQ(stem(word), expected) << word;
}

TEST(Porter, LeavesShortWordsAndOthersAlone) {
  EXPECT_EQ(stem(""), "");
  EXPECT_EQ(stem("is"), "is");
  EXPECT_EQ(stem("ipv6"), "ipv6");
  EXPECT_EQ(stem("Running"), "Running");  // only lower-case words are stemmed
  EXPECT_EQ(stem("sss"), "sss");          // -ss stays
}

}  // namespace
}  // namespace agentry::porter
