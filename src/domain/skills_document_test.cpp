#include "domain/skills_document.hpp"

#include <gtest/gtest.h>

namespace agentry::skills {
namespace {

const std::string pdf =
    "---\n"
    "name: pdf-processing\n"
    "description: Extract text and tables from PDF files. Use when the user mentions PDFs.\n"
    "license: Apache-2.0\n"
    "compatibility: Needs poppler-utils\n"
    "allowed-tools: Bash(pdftotext:*) Read\n"
    "tags: [PDF, documents]\n"
    "metadata:\n  author: example-org\n  version: \"1.0\"\n"
    "---\n"
    "# PDF processing\n\n1. Run pdftotext.\n";

TEST(SkillsDocument, TheFormatsFieldsAndTheInstructions) {
  auto doc = parse(pdf);
  ASSERT_TRUE(doc) << doc.error().message;
  EXPECT_EQ(doc->name, "pdf-processing");
  EXPECT_EQ(doc->description,
            "Extract text and tables from PDF files. Use when the user mentions PDFs.");
  EXPECT_EQ(doc->license, "Apache-2.0");
  EXPECT_EQ(doc->compatibility, "Needs poppler-utils");
  EXPECT_EQ(doc->allowed_tools, "Bash(pdftotext:*) Read");
  EXPECT_EQ(doc->tags, (std::vector<std::string>{"pdf", "documents"})) << "tags are lowercased";
  EXPECT_EQ(doc->metadata.at("author"), "example-org");
  EXPECT_EQ(doc->instructions, "# PDF processing\n\n1. Run pdftotext.\n");
  auto minimal = parse("---\nname: a\ndescription: b\n---\n");
  ASSERT_TRUE(minimal) << minimal.error().message;
  EXPECT_TRUE(minimal->tags.empty());
  EXPECT_FALSE(minimal->license);
}

TEST(SkillsDocument, NamesFollowTheFormat) {
  const std::string longest(64, 'a');
  for (std::string_view good : {std::string_view("a"), std::string_view("pdf-processing"),
                                std::string_view("x1-2y"), std::string_view(longest)}) {
    EXPECT_TRUE(valid_name(good)) << good;
  }
  for (std::string_view bad :
       {"", "PDF", "-pdf", "pdf-", "pdf--processing", "pdf processing", "pdf_processing", "ünï"}) {
    EXPECT_FALSE(valid_name(bad)) << bad;
  }
  EXPECT_FALSE(valid_name(std::string(65, 'a')));
}

TEST(SkillsDocument, EachBrokenRuleIsNamed) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"no front matter", "must start with YAML front matter"},
      {"---\ndescription: d\n---\n", "must have a name"},
      {"---\nname: Bad_Name\ndescription: d\n---\n", "lowercase letters"},
      {"---\nname: [a]\ndescription: d\n---\n", "name must be a string"},
      {"---\nname: a\n---\n", "description of 1–1024"},
      {"---\nname: a\ndescription: \"\"\n---\n", "description of 1–1024"},
      {"---\nname: a\ndescription: " + std::string(1025, 'd') + "\n---\n", "description of 1–1024"},
      {"---\nname: a\ndescription: d\ncompatibility: " + std::string(501, 'c') + "\n---\n",
       "at most 500"},
      {"---\nname: a\ndescription: d\ntags: [\"two words\"]\n---\n", "without spaces"},
      {"---\nname: a\ndescription: d\nmetadata: text\n---\n", "map names to strings"},
      {"---\nname: a\ndescription: d\nlicense: [MIT]\n---\n", "license must be a string"},
      {std::string("---\nname: a\ndescription: d\n---\nbinary \0 here", 44), "UTF-8 text"},
      {"---\nname: a\ndescription: \xff\n---\n", "UTF-8 text"},
  };
  for (const auto& [content, reason] : cases) {
    auto doc = parse(content);
    ASSERT_FALSE(doc) << content;
    EXPECT_EQ(doc.error().code, Errc::validation_error) << content;
    EXPECT_EQ(doc.error().field, "content");
    EXPECT_NE(doc.error().message.find(reason), std::string::npos)
        << content << " → " << doc.error().message;
  }
  auto big = parse(pdf + std::string(max_skill_bytes, 'x'));
  ASSERT_FALSE(big);
  EXPECT_EQ(big.error().code, Errc::payload_too_large);
}

}  // namespace
}  // namespace agentry::skills
