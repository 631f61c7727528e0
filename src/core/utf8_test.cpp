#include "core/utf8.hpp"

#include <gtest/gtest.h>

#include <string>

namespace agentry::utf8 {
namespace {

TEST(Utf8, CountsTheCharactersOfText) {
  EXPECT_EQ(text_chars(""), 0U);
  EXPECT_EQ(text_chars("line one\r\n\tline two"), 19U);
  EXPECT_EQ(text_chars("é€𝄞"), 3U);               // two, three and four bytes
  EXPECT_EQ(text_chars("\xF4\x8F\xBF\xBF"), 1U);  // U+10FFFF, the last
  EXPECT_EQ(text_chars("\xED\x9F\xBF"), 1U);      // U+D7FF, just below the surrogates
}

TEST(Utf8, RefusesBinaryAndMalformedText) {
  for (const std::string& bad : {std::string("nul \0 byte", 10), std::string("bell \x07"),
                                 std::string("del \x7F"), std::string("\xC3"),  // cut short
                                 std::string("\xC0\xAF"),                       // overlong /
                                 std::string("\xE0\x80\xAF"),                   // overlong /
                                 std::string("\xED\xA0\x80"),                   // a surrogate
                                 std::string("\xF4\x90\x80\x80"),               // past U+10FFFF
                                 std::string("\xF5\x80\x80\x80"), std::string("\x80"),
                                 std::string("\xE2\x82"), std::string("ab\xFF")}) {
    EXPECT_FALSE(text_chars(bad)) << testing::PrintToString(bad);
  }
}

TEST(Utf8, CutsAPrefixBeforeACharacter) {
  EXPECT_EQ(prefix("héllo", 10), "héllo");
  EXPECT_EQ(prefix("héllo", 2), "h");  // "é" is two bytes: not cut in half
  EXPECT_EQ(prefix("héllo", 3), "hé");
  EXPECT_EQ(prefix("", 0), "");
}

}  // namespace
}  // namespace agentry::utf8
