#include "core/json_escape.hpp"

#include <gtest/gtest.h>

namespace agentry {
namespace {

std::string quoted(std::string_view s) {
  std::string out;
  append_json_string(out, s);
  return out;
}

TEST(JsonEscape, QuotesAndEscapes) {
  EXPECT_EQ(quoted("plain"), R"("plain")");
  EXPECT_EQ(quoted("a\"b\\c"), R"("a\"b\\c")");
  EXPECT_EQ(quoted("line\nnext\ttab\r"), R"("line\nnext\ttab\r")");
  EXPECT_EQ(quoted(std::string_view("\x01\x1f", 2)), R"("\u0001\u001f")");
  EXPECT_EQ(quoted("héllo"), "\"héllo\"");
  EXPECT_EQ(quoted(""), R"("")");
}

}  // namespace
}  // namespace agentry
