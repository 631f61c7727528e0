#include "domain/knowledge_terms.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <tuple>

#include "core/porter.hpp"

namespace agentry::knowledge {
namespace {

// English words too common to tell one chunk from another, Lucene's list with the words
// questions are asked in.
constexpr std::array<std::string_view, 58> stop_words = {
    "a",    "about", "an",    "and",   "are",   "as",    "at",     "be",   "but",  "by",
    "can",  "could", "did",   "do",    "does",  "for",   "from",   "had",  "has",  "have",
    "how",  "i",     "if",    "in",    "into",  "is",    "it",     "its",  "me",   "my",
    "no",   "not",   "of",    "on",    "or",    "s",     "should", "so",   "such", "t",
    "that", "the",   "their", "then",  "there", "these", "they",   "this", "to",   "was",
    "we",   "what",  "when",  "where", "which", "who",   "why",    "with"};

bool is_stop_word(std::string_view w) {
  return std::binary_search(stop_words.begin(), stop_words.end(), w);
}

// The code point at s[i] (valid UTF-8) and its length in bytes.
std::pair<std::uint32_t, std::size_t> decode(std::string_view s, std::size_t i) {
  const auto b = static_cast<unsigned char>(s[i]);
  if (b < 0x80) return {b, 1};
  const std::size_t n = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
  std::uint32_t cp = b & (0x3F >> (n - 1));
  for (std::size_t k = 1; k < n && i + k < s.size(); ++k) {
    cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  }
  return {cp, n};
}

void encode(std::uint32_t cp, std::string& out) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

bool is_word_char(std::uint32_t cp) {
  if (cp < 0x80) {
    return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
  }
  if (cp <= 0xBF || cp == 0xD7 || cp == 0xF7) return false;  // Latin-1 punctuation and signs
  if (cp >= 0x2000 && cp <= 0x206F) return false;            // general punctuation
  if (cp >= 0x3000 && cp <= 0x303F) return false;            // CJK punctuation
  return cp != 0xFEFF;
}

std::uint32_t to_lower(std::uint32_t cp) {
  if (cp >= 'A' && cp <= 'Z') return cp + 32;
  if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) return cp + 32;    // Latin-1
  if (cp >= 0x100 && cp <= 0x137 && cp % 2 == 0) return cp + 1;  // Latin Extended-A
  if (cp >= 0x139 && cp <= 0x148 && cp % 2 == 1) return cp + 1;
  if (cp >= 0x14A && cp <= 0x177 && cp % 2 == 0) return cp + 1;
  if (cp >= 0x391 && cp <= 0x3AB && cp != 0x3A2) return cp + 32;  // Greek
  if (cp >= 0x410 && cp <= 0x42F) return cp + 32;                 // Cyrillic
  if (cp >= 0x400 && cp <= 0x40F) return cp + 80;
  return cp;
}

}  // namespace

std::vector<Word> words_of(std::string_view text) {
  std::vector<Word> out;
  std::size_t i = 0;
  while (i < text.size()) {
    auto [cp, n] = decode(text, i);
    if (!is_word_char(cp)) {
      i += n;
      continue;
    }
    const std::size_t begin = i;
    std::string folded;
    bool ascii = true;
    while (i < text.size()) {
      std::tie(cp, n) = decode(text, i);
      if (!is_word_char(cp)) break;
      ascii = ascii && cp < 0x80;
      encode(to_lower(cp), folded);
      i += n;
    }
    if (folded.size() > max_term_bytes || is_stop_word(folded)) continue;
    out.push_back({ascii ? porter::stem(folded) : std::move(folded), begin, i});
  }
  return out;
}

std::vector<std::string> terms_of(std::string_view text) {
  std::vector<std::string> out;
  for (Word& w : words_of(text)) out.push_back(std::move(w.term));
  return out;
}

}  // namespace agentry::knowledge
