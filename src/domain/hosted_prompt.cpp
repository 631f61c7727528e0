#include "domain/hosted_prompt.hpp"

#include "core/json_escape.hpp"
#include "domain/agents.hpp"
#include "domain/knowledge.hpp"
#include "store/knowledge_queries.hpp"
#include "store/skill_queries.hpp"

namespace agentry::hosted_prompt {
namespace {

constexpr std::string_view knowledge_intro =
    "Knowledge (excerpts of your knowledge base that may help; cite one as [n] when you use "
    "it):";

void add_part(std::string& out, std::string_view part) {
  if (part.empty()) return;
  if (!out.empty()) out += "\n\n";
  out += part;
}

std::string skills_block(store::Tx& tx, const std::string& agent_id) {
  const auto installed = store::installed_skills(tx, agent_id);
  if (installed.empty()) return {};
  std::string out =
      "Skills you have (load one's full instructions with the load_skill tool before you use "
      "it):";
  for (const auto& i : installed) out += "\n- " + i.skill.name + ": " + i.skill.description;
  return out;
}

// "[n] Title › Heading" and the chunk's text.
std::string cited(const Source& s, std::string_view text) {
  std::string label = s.title.value_or("");
  if (!s.heading.empty()) label += (label.empty() ? "" : " › ") + s.heading;
  return "[" + std::to_string(s.n) + "]" + (label.empty() ? "" : " " + label) + "\n" +
         std::string(text);
}

}  // namespace

Prompt compose(store::Tx& tx, const store::AgentRecord& agent, std::string_view input,
               const knowledge::Embedding& embedding) {
  Prompt out;
  out.system = agents::compose_prompt(agent);
  add_part(out.system, skills_block(tx, agent.id));
  std::string knowledge;
  std::size_t used = 0;
  for (const knowledge::Hit& hit :
       knowledge::retrieve(tx, agent, input, knowledge_chunks, embedding)) {
    Source s{.n = static_cast<std::int64_t>(out.sources.size()) + 1,
             .entry_id = hit.chunk.entry_id,
             .title = hit.chunk.title,
             .chunk = hit.chunk.seq,
             .heading = hit.chunk.heading};
    std::string part = cited(s, hit.chunk.text);
    if (used + 2 + part.size() > knowledge_bytes) break;
    used += 2 + part.size();
    knowledge += "\n\n" + part;
    out.retrieval_note += (out.retrieval_note.empty() ? "" : "; ") + std::string("[") +
                          std::to_string(s.n) + "] " + s.entry_id + " chunk " +
                          std::to_string(s.chunk);
    out.sources.push_back(std::move(s));
  }
  if (!out.sources.empty()) {
    add_part(out.system, std::string(knowledge_intro) + knowledge);
    out.retrieval_note = "retrieved " + std::to_string(out.sources.size()) +
                         " chunk(s) of knowledge" + (embedding.empty() ? "" : " (hybrid)") + ": " +
                         out.retrieval_note;
  }
  return out;
}

std::int64_t max_bytes(store::Tx& tx, const store::AgentRecord& agent) {
  std::string system = agents::compose_prompt(agent);
  add_part(system, skills_block(tx, agent.id));
  std::size_t bytes = system.size();
  if (store::knowledge_totals(tx, knowledge::bases_of(agent)).chunks > 0) {
    bytes += 2 + knowledge_intro.size() + knowledge_bytes;  // knowledge_bytes holds the "\n\n"s
  }
  return static_cast<std::int64_t>(bytes);
}

std::string sources_json(const std::vector<Source>& sources) {
  std::string out = "[";
  for (const Source& s : sources) {
    if (out.size() > 1) out += ',';
    out += R"({"n":)" + std::to_string(s.n) + R"(,"entryId":)";
    append_json_string(out, s.entry_id);
    out += R"(,"title":)";
    if (s.title) {
      append_json_string(out, *s.title);
    } else {
      out += "null";
    }
    out += R"(,"chunk":)" + std::to_string(s.chunk) + R"(,"heading":)";
    append_json_string(out, s.heading);
    out += '}';
  }
  return out + "]";
}

}  // namespace agentry::hosted_prompt
