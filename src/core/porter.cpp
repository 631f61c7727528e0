#include "core/porter.hpp"

#include <algorithm>
#include <array>

namespace agentry::porter {
namespace {

// The word being stemmed, b[0..k], and j, the end of the stem once ends() has matched a suffix.
class Stemmer {
 public:
  explicit Stemmer(std::string word) : b_(std::move(word)), k_(static_cast<int>(b_.size()) - 1) {}

  std::string run() {
    step1ab();
    if (k_ > 0) {
      step1c();
      step2();
      step3();
      step4();
      step5();
    }
    b_.resize(static_cast<std::size_t>(k_) + 1);
    return std::move(b_);
  }

 private:
  char at(int i) const { return b_[static_cast<std::size_t>(i)]; }

  bool consonant(int i) const {
    switch (at(i)) {
      case 'a':
      case 'e':
      case 'i':
      case 'o':
      case 'u':
        return false;
      case 'y':
        return i == 0 || !consonant(i - 1);
      default:
        return true;
    }
  }

  // m, the number of vowel-consonant sequences in b[0..j]: [C](VC){m}[V].
  int measure() const {
    int n = 0;
    int i = 0;
    while (true) {
      if (i > j_) return n;
      if (!consonant(i)) break;
      ++i;
    }
    ++i;
    while (true) {
      while (true) {
        if (i > j_) return n;
        if (consonant(i)) break;
        ++i;
      }
      ++i;
      ++n;
      while (true) {
        if (i > j_) return n;
        if (!consonant(i)) break;
        ++i;
      }
      ++i;
    }
  }

  // b[0..j] holds a vowel.
  bool vowel_in_stem() const {
    for (int i = 0; i <= j_; ++i) {
      if (!consonant(i)) return true;
    }
    return false;
  }

  // b[i-1..i] is a double consonant.
  bool double_consonant(int i) const { return i >= 1 && at(i) == at(i - 1) && consonant(i); }

  // b[i-2..i] is consonant-vowel-consonant and the last is not w, x or y ("hop" → "hope").
  bool cvc(int i) const {
    if (i < 2 || !consonant(i) || consonant(i - 1) || !consonant(i - 2)) return false;
    const char c = at(i);
    return c != 'w' && c != 'x' && c != 'y';
  }

  // b[0..k] ends with `s`; sets j to the end of what precedes it.
  bool ends(std::string_view s) {
    const int n = static_cast<int>(s.size());
    if (n > k_ + 1) return false;
    if (std::string_view(b_).substr(static_cast<std::size_t>(k_ + 1 - n), s.size()) != s) {
      return false;
    }
    j_ = k_ - n;
    return true;
  }

  // Replaces b[j+1..k] with `s`.
  void set_to(std::string_view s) {
    b_.replace(static_cast<std::size_t>(j_) + 1, static_cast<std::size_t>(k_ - j_), s);
    k_ = j_ + static_cast<int>(s.size());
  }

  void replace_if_measured(std::string_view s) {
    if (measure() > 0) set_to(s);
  }

  // Plurals and -ed or -ing: caresses → caress, ponies → poni, meetings → meet.
  void step1ab() {
    if (at(k_) == 's') {
      if (ends("sses")) {
        k_ -= 2;
      } else if (ends("ies")) {
        set_to("i");
      } else if (k_ >= 1 && at(k_ - 1) != 's') {
        --k_;
      }
    }
    if (ends("eed")) {
      if (measure() > 0) --k_;
    } else if ((ends("ed") || ends("ing")) && vowel_in_stem()) {
      k_ = j_;
      if (ends("at")) {
        set_to("ate");
      } else if (ends("bl")) {
        set_to("ble");
      } else if (ends("iz")) {
        set_to("ize");
      } else if (double_consonant(k_)) {
        --k_;
        const char c = at(k_);
        if (c == 'l' || c == 's' || c == 'z') ++k_;
      } else {
        j_ = k_;
        if (measure() == 1 && cvc(k_)) set_to("e");
      }
    }
  }

  // A final y after a vowel in the stem becomes i: happy → happi.
  void step1c() {
    if (ends("y") && vowel_in_stem()) b_[static_cast<std::size_t>(k_)] = 'i';
  }

  // Tries `rules` (suffix, replacement) in order; the first suffix that matches is the only one
  // considered, replaced when m > 0.
  using Rule = std::pair<std::string_view, std::string_view>;
  template <std::size_t N>
  void first_rule(const std::array<Rule, N>& rules) {
    for (const auto& [suffix, replacement] : rules) {
      if (ends(suffix)) {
        replace_if_measured(replacement);
        return;
      }
    }
  }

  // Double suffixes to single ones: -ization → -ize, -ational → -ate.
  void step2() {
    static constexpr std::array<Rule, 21> rules = {
        {{"ational", "ate"}, {"tional", "tion"}, {"enci", "ence"},   {"anci", "ance"},
         {"izer", "ize"},    {"bli", "ble"},     {"alli", "al"},     {"entli", "ent"},
         {"eli", "e"},       {"ousli", "ous"},   {"ization", "ize"}, {"ation", "ate"},
         {"ator", "ate"},    {"alism", "al"},    {"iveness", "ive"}, {"fulness", "ful"},
         {"ousness", "ous"}, {"aliti", "al"},    {"iviti", "ive"},   {"biliti", "ble"},
         {"logi", "log"}}};
    if (k_ < 1) return;
    first_rule(rules);
  }

  // -ic-, -full, -ness and the like.
  void step3() {
    static constexpr std::array<Rule, 7> rules = {{{"icate", "ic"},
                                                   {"ative", ""},
                                                   {"alize", "al"},
                                                   {"iciti", "ic"},
                                                   {"ical", "ic"},
                                                   {"ful", ""},
                                                   {"ness", ""}}};
    first_rule(rules);
  }

  // -ant, -ence and the like, where m > 1.
  void step4() {
    static constexpr std::array<std::string_view, 19> suffixes = {
        "al",  "ance", "ence", "er",  "ic",  "able", "ible", "ant", "ement", "ment",
        "ent", "ion",  "ou",   "ism", "ate", "iti",  "ous",  "ive", "ize"};
    if (k_ < 1) return;
    for (std::string_view suffix : suffixes) {
      if (!ends(suffix)) continue;
      if (suffix == "ion" && !(j_ >= 0 && (at(j_) == 's' || at(j_) == 't'))) return;
      if (measure() > 1) k_ = j_;
      return;
    }
  }

  // A final -e where m > 1 (or m = 1 not after cvc), and -ll to -l where m > 1.
  void step5() {
    j_ = k_;
    if (at(k_) == 'e') {
      const int m = measure();
      if (m > 1 || (m == 1 && !cvc(k_ - 1))) --k_;
    }
    if (at(k_) == 'l' && double_consonant(k_) && measure() > 1) --k_;
  }

  std::string b_;
  int k_;
  int j_ = 0;
};

}  // namespace

std::string stem(std::string_view word) {
  if (word.size() <= 2 || !std::ranges::all_of(word, [](char c) { return c >= 'a' && c <= 'z'; })) {
    return std::string(word);
  }
  return Stemmer(std::string(word)).run();
}

}  // namespace agentry::porter
