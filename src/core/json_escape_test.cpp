#include "core/json_escape.hpp"

#include <gtest/gtest.h>

#include <array>

namespace agentry {
namespace {

std::string as_json(std::string_view s) {
  std::string out;
  append_json_string(out, s);
  return out;
}

TEST(JsonEscape, FindsSpecialCharactersAtEveryOffsetOfLongStrings) {
  // Long strings are scanned eight bytes at a time; a special byte must be caught wherever it is.
  const std::array<std::pair<char, std::string>, 5> cases = {
      {{'"', "\\\""}, {'\\', "\\\\"}, {'\n', "\\n"}, {'\x01', "\\u0001"}, {'\x1f', "\\u001f"}}};
  for (std::size_t at = 0; at < 24; ++at) {
    for (const auto& [special, escaped] : cases) {
      std::string text(24, 'a');
      text[at] = special;
      const std::string expected =
          "\"" + std::string(at, 'a') + escaped + std::string(23 - at, 'a') + "\"";
      EXPECT_EQ(as_json(text), expected) << at << " " << static_cast<int>(special);
    }
  }
  EXPECT_EQ(as_json("\xc3\xa9\xe2\x82\xac and more than eight bytes"),
            "\"\xc3\xa9\xe2\x82\xac and more than eight bytes\"");
}

TEST(JsonEscape, QuotesAndEscapes) {
  EXPECT_EQ(as_json("plain"), R"("plain")");
  EXPECT_EQ(as_json("a\"b\\c"), R"("a\"b\\c")");
  EXPECT_EQ(as_json("line\nnext\ttab\r"), R"("line\nnext\ttab\r")");
  EXPECT_EQ(as_json(std::string_view("\x01\x1f", 2)), R"("\u0001\u001f")");
  EXPECT_EQ(as_json("héllo"), "\"héllo\"");
  EXPECT_EQ(as_json(""), R"("")");
}

}  // namespace
}  // namespace agentry
