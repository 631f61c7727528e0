#include "core/front_matter.hpp"

#include <yaml.h>

#include <memory>

namespace agentry::front_matter {
namespace {

Error invalid(std::string message) {
  return make_error(Errc::validation_error, std::move(message));
}

// One libyaml parser over `yaml`, handing out its events in order.
class Events {
 public:
  explicit Events(std::string_view yaml) {
    yaml_parser_initialize(&parser_);
    yaml_parser_set_input_string(&parser_, reinterpret_cast<const unsigned char*>(yaml.data()),
                                 yaml.size());
  }
  Events(const Events&) = delete;
  Events& operator=(const Events&) = delete;
  ~Events() {
    if (has_event_) yaml_event_delete(&event_);
    yaml_parser_delete(&parser_);
  }

  // The next event, or an error describing the parser's complaint.
  Result<const yaml_event_t*> next() {
    if (has_event_) yaml_event_delete(&event_);
    has_event_ = yaml_parser_parse(&parser_, &event_) != 0;
    if (!has_event_) {
      return invalid("the front matter is not valid YAML: " +
                     std::string(parser_.problem ? parser_.problem : "a syntax error") +
                     " at line " + std::to_string(parser_.problem_mark.line + 2));
    }
    return &event_;
  }

 private:
  yaml_parser_t parser_{};
  yaml_event_t event_{};
  bool has_event_ = false;
};

std::string scalar_of(const yaml_event_t& e) {
  return {reinterpret_cast<const char*>(e.data.scalar.value), e.data.scalar.length};
}

// Reads the next event, which must be of `type`.
Result<const yaml_event_t*> expect(Events& events, yaml_event_type_t type, const char* what) {
  auto e = events.next();
  if (!e) return e.error();
  if ((*e)->type != type) return invalid(std::string("the front matter must be ") + what);
  return e;
}

Result<std::vector<std::string>> list_of(Events& events, const std::string& key) {
  std::vector<std::string> out;
  for (;;) {
    auto e = events.next();
    if (!e) return e.error();
    if ((*e)->type == YAML_SEQUENCE_END_EVENT) return out;
    if ((*e)->type != YAML_SCALAR_EVENT) {
      return invalid("the front matter's " + key + " must be a list of strings");
    }
    out.push_back(scalar_of(**e));
  }
}

Result<std::map<std::string, std::string>> map_of(Events& events, const std::string& key) {
  std::map<std::string, std::string> out;
  for (;;) {
    auto e = events.next();
    if (!e) return e.error();
    if ((*e)->type == YAML_MAPPING_END_EVENT) return out;
    if ((*e)->type != YAML_SCALAR_EVENT) {
      return invalid("the front matter's " + key + " must map names to strings");
    }
    std::string name = scalar_of(**e);
    auto value = events.next();
    if (!value) return value.error();
    if ((*value)->type != YAML_SCALAR_EVENT) {
      std::string message = "the front matter's " + key;
      message += "." + name + " must be a string";
      return invalid(std::move(message));
    }
    if (!out.emplace(name, scalar_of(**value)).second) {
      std::string message = "the front matter's " + key;
      message += " has " + name + " twice";
      return invalid(std::move(message));
    }
  }
}

// The mapping's keys and values, after its MAPPING_START.
Result<void> read_mapping(Events& events, Document& doc) {
  for (;;) {
    auto e = events.next();
    if (!e) return e.error();
    if ((*e)->type == YAML_MAPPING_END_EVENT) return Ok{};
    if ((*e)->type != YAML_SCALAR_EVENT) return invalid("the front matter's keys must be names");
    const std::string key = scalar_of(**e);
    if (doc.strings.contains(key) || doc.lists.contains(key) || doc.maps.contains(key)) {
      return invalid("the front matter has " + key + " twice");
    }
    auto value = events.next();
    if (!value) return value.error();
    switch ((*value)->type) {
      case YAML_SCALAR_EVENT:
        doc.strings.emplace(key, scalar_of(**value));
        break;
      case YAML_SEQUENCE_START_EVENT: {
        auto list = list_of(events, key);
        if (!list) return list.error();
        doc.lists.emplace(key, std::move(*list));
        break;
      }
      case YAML_MAPPING_START_EVENT: {
        auto map = map_of(events, key);
        if (!map) return map.error();
        doc.maps.emplace(key, std::move(*map));
        break;
      }
      default:
        return invalid("the front matter's " + key + " must be a string, a list or a mapping");
    }
  }
}

// A line of only `mark` (and trailing spaces) at `at`; the offset after it, or npos.
std::size_t after_line(std::string_view text, std::size_t at, std::string_view mark) {
  if (text.substr(at, mark.size()) != mark) return std::string_view::npos;
  std::size_t i = at + mark.size();
  while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == '\r')) ++i;
  if (i == text.size()) return i;
  return text[i] == '\n' ? i + 1 : std::string_view::npos;
}

}  // namespace

Result<Document> parse(std::string_view text) {
  const std::size_t start = after_line(text, 0, "---");
  if (start == std::string_view::npos) {
    return invalid("the document must start with YAML front matter: a line \"---\"");
  }
  // The closing line: the first line after the opening one that is "---" or "...".
  std::size_t end = std::string_view::npos;
  std::size_t body = std::string_view::npos;
  for (std::size_t line = start; line < text.size();) {
    for (std::string_view mark : {"---", "..."}) {
      if (const std::size_t after = after_line(text, line, mark); after != std::string_view::npos) {
        end = line;
        body = after;
        break;
      }
    }
    if (end != std::string_view::npos) break;
    const std::size_t newline = text.find('\n', line);
    if (newline == std::string_view::npos) break;
    line = newline + 1;
  }
  if (end == std::string_view::npos) return invalid("the front matter has no closing line \"---\"");
  const std::string_view yaml = text.substr(start, end - start);
  if (yaml.size() > max_front_matter_bytes) {
    return invalid("the front matter is longer than " + std::to_string(max_front_matter_bytes) +
                   " bytes");
  }
  Document doc;
  doc.body = std::string(text.substr(body));
  Events events(yaml);
  if (auto e = expect(events, YAML_STREAM_START_EVENT, "YAML"); !e) return e.error();
  auto first = events.next();
  if (!first) return first.error();
  if ((*first)->type == YAML_STREAM_END_EVENT) return invalid("the front matter is empty");
  if ((*first)->type != YAML_DOCUMENT_START_EVENT) return invalid("the front matter must be YAML");
  if (auto e = expect(events, YAML_MAPPING_START_EVENT, "a mapping of keys to values"); !e) {
    return e.error();
  }
  if (auto read = read_mapping(events, doc); !read) return read.error();
  if (auto e = expect(events, YAML_DOCUMENT_END_EVENT, "one mapping"); !e) return e.error();
  if (auto e = expect(events, YAML_STREAM_END_EVENT, "one YAML document"); !e) return e.error();
  return doc;
}

}  // namespace agentry::front_matter
