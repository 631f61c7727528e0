#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

// The words of knowledge text as search indexes and matches them, the same on every store: runs
// of letters and digits (any character from U+0080 up counts as a letter, but for the Latin-1
// and general punctuation blocks, which separate words), folded to lower case (ASCII, Latin-1,
// Latin Extended-A, Greek and Cyrillic), English stop words left out, ASCII words stemmed with
// Porter's algorithm. A word longer than max_term_bytes is left out.
namespace agentry::knowledge {

inline constexpr std::size_t max_term_bytes = 64;

struct Word {
  std::string term;   // its indexed form: "connect" for "Connections"
  std::size_t begin;  // where it is in the text, in bytes
  std::size_t end;
};

// The words of `text` (valid UTF-8) that search indexes, in order.
std::vector<Word> words_of(std::string_view text);

// The indexed forms alone.
std::vector<std::string> terms_of(std::string_view text);

}  // namespace agentry::knowledge
