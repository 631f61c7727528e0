#include "domain/skills.hpp"

#include <array>

#include "store/skill_queries.hpp"

// The skills every account finds in the marketplace, shipped with the server.
namespace agentry::skills {
namespace {

constexpr std::array<std::string_view, 3> builtins = {
    R"md(---
name: summarize
description: Summarize a text or a conversation faithfully and briefly. Use when asked for a summary, the gist, key points or a TL;DR.
tags: [writing, reading]
---
1. Read the whole text before writing anything.
2. Open with one sentence that says what the text is and its main point.
3. Then give the key points as a short list, in the text's own order, each one line.
4. Keep names, numbers and dates exactly as written; add nothing the text does not say.
5. End with what the reader is asked to do, if anything.
)md",
    R"md(---
name: write-email
description: Draft a clear, polite email from a few notes. Use when asked to write, answer or rephrase an email.
tags: [writing, email]
---
1. Find the one thing the email must achieve, and say it in the first two sentences.
2. Give the context the reader needs, no more; one idea per paragraph.
3. Close with the next step and who takes it, with a date when there is one.
4. Suggest a subject line of at most eight words.
5. Match the tone of the notes or of the email being answered; stay courteous.
)md",
    R"md(---
name: code-review
description: Review a code change for bugs, security and clarity. Use when given a diff, a pull request or a file to review.
tags: [code, review]
---
1. Say in one sentence what the change does.
2. List problems by severity: bugs and security first, then error handling and limits, then naming and style.
3. For each, quote the line, say what goes wrong and when, and propose a fix.
4. Note what the change does well, briefly.
5. Say what tests would show the change works, and which are missing.
)md"};

}  // namespace

void install_builtins(store::Tx& tx, std::int64_t now_ms) {
  for (std::string_view content : builtins) {
    auto doc = parse(content);
    if (!doc) throw std::logic_error("a built-in skill is invalid: " + doc.error().message);
    auto existing = store::find_skill_named(tx, std::nullopt, doc->name);
    if (existing && existing->content == content) continue;
    store::SkillRecord s = existing ? std::move(*existing)
                                    : store::SkillRecord{.id = "skl_builtin_" + doc->name,
                                                         .name = doc->name,
                                                         .visibility = "public",
                                                         .version = 0,
                                                         .created_at_ms = now_ms};
    s.description = doc->description;
    s.tags = doc->tags;
    s.content = std::string(content);
    ++s.version;
    s.updated_at_ms = now_ms;
    if (s.version == 1) {
      store::insert_skill(tx, s);
    } else {
      store::update_skill(tx, s);
    }
  }
}

}  // namespace agentry::skills
