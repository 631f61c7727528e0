#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

// Splitting a knowledge entry into the chunks that search ranks and prompts cite. A chunk
// follows the Markdown's structure: a heading starts a new chunk, and blocks (paragraphs, list
// items, fenced code) are packed whole into chunks of at most max_chunk_bytes; a block larger
// than that is cut at sentence ends, then at spaces, then anywhere between characters. Each
// chunk but the first of its section starts with the last overlap_bytes (or less, from a word
// start) of the chunk before it, so that a sentence cut between two chunks is found in either.
// A section without text of its own is one chunk of its heading's text.
namespace agentry::knowledge {

inline constexpr std::size_t max_chunk_bytes = 1200;
inline constexpr std::size_t overlap_bytes = 200;

struct Chunk {
  std::string heading;  // the headings above it, "Install › Debian"; empty before any
  std::string text;     // its text, Markdown as written (headings' text is in `heading`)
};

// The chunks of `markdown` (valid UTF-8), in order; none for text that is only blank.
std::vector<Chunk> chunk_markdown(std::string_view markdown);

}  // namespace agentry::knowledge
