#include "domain/knowledge_chunks.hpp"

#include <algorithm>

namespace agentry::knowledge {
namespace {

bool is_blank(std::string_view line) {
  return line.find_first_not_of(" \t\r") == std::string_view::npos;
}

std::string_view trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(" \t\r");
  return s.substr(first, last - first + 1);
}

// The level (1–6) of an ATX heading line, 0 for any other line.
int heading_level(std::string_view line) {
  std::size_t n = 0;
  while (n < line.size() && n < 7 && line[n] == '#') ++n;
  if (n == 0 || n > 6) return 0;
  if (n < line.size() && line[n] != ' ' && line[n] != '\t') return 0;
  return static_cast<int>(n);
}

// A heading's text without its marks and closing #s.
std::string heading_text(std::string_view line, int level) {
  std::string_view text = trim(line.substr(static_cast<std::size_t>(level)));
  const auto closing = text.find_last_not_of('#');
  if (closing != std::string_view::npos && closing + 1 < text.size() &&
      (text[closing] == ' ' || text[closing] == '\t')) {
    text = trim(text.substr(0, closing));
  }
  return std::string(text);
}

bool is_fence(std::string_view line) {
  const std::string_view t = trim(line);
  return t.starts_with("```") || t.starts_with("~~~");
}

bool is_list_item(std::string_view line) {
  const std::string_view t = trim(line);
  if (t.size() >= 2 && (t[0] == '-' || t[0] == '*' || t[0] == '+') && t[1] == ' ') return true;
  std::size_t digits = 0;
  while (digits < t.size() && digits < 9 && t[digits] >= '0' && t[digits] <= '9') ++digits;
  return digits > 0 && digits + 1 < t.size() && (t[digits] == '.' || t[digits] == ')') &&
         t[digits + 1] == ' ';
}

bool is_continuation_byte(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

// The largest cut at or below `at` that falls between two characters.
std::size_t char_boundary(std::string_view s, std::size_t at) {
  while (at > 0 && at < s.size() && is_continuation_byte(s[at])) --at;
  return at;
}

// The length of `s`'s first piece of at most `budget` bytes: up to the last sentence end or
// line end in its second half, else the last space there, else as many whole characters as fit.
std::size_t piece_length(std::string_view s, std::size_t budget) {
  if (s.size() <= budget) return s.size();
  const std::string_view window = s.substr(0, budget);
  std::size_t best = 0;
  for (std::string_view end : {". ", "! ", "? ", "\n"}) {
    const auto at = window.rfind(end);
    if (at != std::string_view::npos) best = std::max(best, at + end.size());
  }
  if (best >= budget / 2) return best;
  const auto space = window.rfind(' ');
  if (space != std::string_view::npos && space >= budget / 2) return space + 1;
  const std::size_t cut = char_boundary(s, budget);
  return cut > 0 ? cut : budget;  // a character longer than the budget: never, budgets ≫ 4
}

// The end of `text` to repeat at the start of the next chunk: at most overlap_bytes, from the
// start of a word when there is one.
std::string_view tail_of(std::string_view text) {
  if (text.size() <= overlap_bytes) return text;
  std::size_t from = text.size() - overlap_bytes;
  const auto space = text.find_first_of(" \n", from);
  if (space != std::string_view::npos && space + 1 < text.size()) {
    from = space + 1;
  } else {
    while (from < text.size() && is_continuation_byte(text[from])) ++from;
  }
  return text.substr(from);
}

// Packs one section's blocks into chunks.
class Packer {
 public:
  // `heading` is the section's heading path, `title` its own heading's text.
  Packer(std::string heading, std::string title, std::vector<Chunk>& out)
      : heading_(std::move(heading)), title_(std::move(title)), out_(&out) {}

  void add(std::string_view block) {
    if (block.empty()) return;
    if (!current_.empty() && current_.size() + 2 + block.size() <= max_chunk_bytes) {
      current_ += "\n\n";
      current_ += block;
      return;
    }
    flush();
    // Start a chunk with the overlap, then as much of the block as fits; a block larger than a
    // chunk goes on in pieces.
    while (!block.empty()) {
      start_chunk();
      const std::size_t room = max_chunk_bytes - current_.size();
      const std::size_t n = piece_length(block, room);
      current_ += trim(block.substr(0, n));
      block = trim(block.substr(n));
      if (!block.empty()) flush();
    }
  }

  // A section with no text of its own still has its heading, so that search finds it.
  void finish() {
    flush();
    if (!emitted_ && !title_.empty()) {
      add(title_);
      flush();
    }
    emitted_ = true;
  }

 private:
  void start_chunk() {
    if (previous_.empty()) return;
    current_ = tail_of(previous_);
    current_ += ' ';
  }
  void flush() {
    if (current_.empty()) return;
    previous_ = current_;
    out_->push_back({heading_, std::move(current_)});
    current_.clear();
    emitted_ = true;
  }

  std::string heading_;
  std::string title_;
  std::vector<Chunk>* out_;
  bool emitted_ = false;
  std::string current_;
  std::string previous_;
};

}  // namespace

std::vector<Chunk> chunk_markdown(std::string_view markdown) {
  std::vector<Chunk> out;
  std::vector<std::string> headings;  // by level, 1-based: headings[level - 1]
  auto heading_path = [&headings] {
    std::string path;
    for (const auto& h : headings) {
      if (h.empty()) continue;
      if (!path.empty()) path += " › ";
      path += h;
    }
    return path;
  };
  Packer packer("", "", out);
  std::string block;
  bool in_fence = false;
  auto end_block = [&] {
    packer.add(trim(block));
    block.clear();
  };
  while (!markdown.empty()) {
    const auto newline = markdown.find('\n');
    const std::string_view line = markdown.substr(0, newline);
    markdown.remove_prefix(newline == std::string_view::npos ? markdown.size() : newline + 1);
    if (in_fence) {
      block += '\n';
      block += line;
      if (is_fence(line)) {
        in_fence = false;
        end_block();
      }
      continue;
    }
    if (is_fence(line)) {
      end_block();
      block = line;
      in_fence = true;
      continue;
    }
    if (const int level = heading_level(line); level > 0) {
      end_block();
      packer.finish();
      headings.resize(static_cast<std::size_t>(level));
      headings.back() = heading_text(line, level);
      packer = Packer(heading_path(), headings.back(), out);
      continue;
    }
    if (is_blank(line)) {
      end_block();
      continue;
    }
    if (is_list_item(line)) end_block();
    if (!block.empty()) block += '\n';
    block += line;
  }
  end_block();
  packer.finish();
  return out;
}

}  // namespace agentry::knowledge
