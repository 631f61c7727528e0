#include "core/front_matter.hpp"

#include <gtest/gtest.h>

namespace agentry::front_matter {
namespace {

TEST(FrontMatter, StringsListsAndMappingsThenTheBody) {
  auto doc = parse(
      "---\n"
      "name: pdf-tools\n"
      "description: >-\n  Extract text from PDF files.\n  Use it for forms.\n"
      "tags: [pdf, documents]\n"
      "also:\n  - one\n  - \"two: quoted\"\n"
      "metadata:\n  author: example-org\n  version: \"1.0\"\n"
      "---\n"
      "# Steps\n\nDo it.\n");
  ASSERT_TRUE(doc) << doc.error().message;
  EXPECT_EQ(doc->strings.at("name"), "pdf-tools");
  EXPECT_EQ(doc->strings.at("description"), "Extract text from PDF files. Use it for forms.");
  EXPECT_EQ(doc->lists.at("tags"), (std::vector<std::string>{"pdf", "documents"}));
  EXPECT_EQ(doc->lists.at("also"), (std::vector<std::string>{"one", "two: quoted"}));
  EXPECT_EQ(doc->maps.at("metadata").at("version"), "1.0");
  EXPECT_EQ(doc->body, "# Steps\n\nDo it.\n");
  auto dots = parse("---\r\nname: x\r\n...\r\nbody");
  ASSERT_TRUE(dots) << dots.error().message;
  EXPECT_EQ(dots->strings.at("name"), "x");
  EXPECT_EQ(dots->body, "body");
}

TEST(FrontMatter, WhatIsNotPlainFrontMatterIsRefusedWithAReason) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"# no front matter\n", "must start with YAML front matter"},
      {"---\nname: x\n", "no closing line"},
      {"---\n---\nbody", "is empty"},
      {"---\njust a sentence\n---\n", "a mapping"},
      {"---\nname: a\nname: b\n---\n", "name twice"},
      {"---\nmetadata:\n  deep:\n    deeper: x\n---\n", "must be a string"},
      {"---\ntags: [[a]]\n---\n", "a list of strings"},
      {"---\nbase: &a x\nother: *a\n---\n", "must be a string, a list or a mapping"},
      {"---\nname: [unclosed\n---\n", "not valid YAML"},
      {"---\n? [complex, key]\n: x\n---\n", "keys must be names"},
      {"---\nname: x\n---\n---\nname: y\n---\n", ""},  // the second block is the body
  };
  for (const auto& [text, reason] : cases) {
    auto doc = parse(text);
    if (reason.empty()) {
      EXPECT_TRUE(doc) << text;
      continue;
    }
    ASSERT_FALSE(doc) << text;
    EXPECT_EQ(doc.error().code, Errc::validation_error);
    EXPECT_NE(doc.error().message.find(reason), std::string::npos)
        << text << " → " << doc.error().message;
  }
  const std::string huge = "---\nk: " + std::string(20'000, 'x') + "\n---\n";
  ASSERT_FALSE(parse(huge));
  EXPECT_NE(parse(huge).error().message.find("longer than"), std::string::npos);
}

TEST(FrontMatter, DeepNestingAndAliasFloodsEndQuickly) {
  std::string deep = "---\nk: ";
  deep += std::string(5000, '[') + std::string(5000, ']') + "\n---\n";
  EXPECT_FALSE(parse(deep));
  std::string laughs = "---\na: &a [x, x, x, x, x, x, x, x, x]\n";
  for (char c = 'b'; c <= 'j'; ++c) {
    laughs += std::string(1, c) + ": &" + c + " [*" + static_cast<char>(c - 1) + ", *" +
              static_cast<char>(c - 1) + "]\n";
  }
  laughs += "---\n";
  auto doc = parse(laughs);
  ASSERT_FALSE(doc);
  EXPECT_NE(doc.error().message.find("list of strings"), std::string::npos) << doc.error().message;
}

}  // namespace
}  // namespace agentry::front_matter
