// Search results' snippets (knowledge.hpp), apart so that the fuzz target links them alone.
#include "domain/knowledge.hpp"

#include <algorithm>
#include <optional>
#include <set>

#include "domain/knowledge_terms.hpp"

namespace agentry::knowledge {
namespace {

void escape_into(std::string_view text, std::string& out) {
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      default:
        out += c;
    }
  }
}

}  // namespace

std::string snippet(std::string_view text, const std::vector<std::string>& terms) {
  const std::vector<Word> words = words_of(text);
  const std::set<std::string_view> wanted(terms.begin(), terms.end());
  // The window of snippet_words words with the most distinct terms, then the most matches.
  std::size_t best = 0;
  std::pair<std::size_t, std::size_t> best_score{0, 0};
  for (std::size_t start = 0; start < words.size(); ++start) {
    std::set<std::string_view> distinct;
    std::size_t matches = 0;
    for (std::size_t k = start; k < words.size() && k < start + snippet_words; ++k) {
      if (wanted.contains(words[k].term)) {
        distinct.insert(words[k].term);
        ++matches;
      }
    }
    const std::pair<std::size_t, std::size_t> score{distinct.size(), matches};
    if (score > best_score) {
      best_score = score;
      best = start;
    }
  }
  if (words.empty()) {
    std::string out;
    escape_into(text, out);
    return out;
  }
  // Centred on its matches, which stay inside: they span at most snippet_words words.
  std::optional<std::size_t> first;
  std::size_t last_match = best;
  for (std::size_t k = best; k < words.size() && k < best + snippet_words; ++k) {
    if (!wanted.contains(words[k].term)) continue;
    if (!first) first = k;
    last_match = k;
  }
  if (first) {
    const std::size_t centre = (*first + last_match) / 2;
    const std::size_t latest = words.size() > snippet_words ? words.size() - snippet_words : 0;
    best = std::min(centre > snippet_words / 2 - 1 ? centre - (snippet_words / 2 - 1) : 0, latest);
  }
  const std::size_t last = std::min(words.size(), best + snippet_words) - 1;
  const std::size_t begin = best == 0 ? 0 : words[best].begin;
  const std::size_t end = last + 1 == words.size() ? text.size() : words[last].end;
  std::string out = begin > 0 ? "…" : "";
  std::size_t at = begin;
  for (std::size_t k = best; k <= last; ++k) {
    if (!wanted.contains(words[k].term)) continue;
    escape_into(text.substr(at, words[k].begin - at), out);
    out += "<mark>";
    escape_into(text.substr(words[k].begin, words[k].end - words[k].begin), out);
    out += "</mark>";
    at = words[k].end;
  }
  escape_into(text.substr(at, end - at), out);
  if (end < text.size()) out += "…";
  return out;
}

}  // namespace agentry::knowledge
