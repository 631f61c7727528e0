#include "domain/agent_tools.hpp"

#include <algorithm>

#include "core/json_escape.hpp"

#include "domain/knowledge.hpp"
#include "store/knowledge_queries.hpp"
#include "store/skill_queries.hpp"

namespace agentry::agent_tools {

const Spec load_skill{
    .name = "load_skill",
    .description =
        "Load the full instructions of one of your skills (listed under \"Skills you "
        "have\") before you use it.",
    .parameters =
        R"({"type":"object","properties":{"name":{"type":"string","description":"The skill's name."}},"required":["name"]})"};

const Spec search_knowledge{
    .name = "search_knowledge",
    .description =
        "Search your knowledge base. Answers the best matching excerpts, each with "
        "its title and heading.",
    .parameters =
        R"({"type":"object","properties":{"query":{"type":"string","description":"Words or a question."},"limit":{"type":"integer","minimum":1,"maximum":10,"description":"How many excerpts, 5 unless given."}},"required":["query"]})"};

const Spec ask_agent{
    .name = "ask_agent",
    .description =
        "Ask another agent of your swarm to do part of the work. It runs as its own run, paid "
        "from what this run holds, and its answer comes back as this tool's result.",
    .parameters =
        R"({"type":"object","properties":{"agent":{"type":"string","description":"The member's name (or id)."},"message":{"type":"string","description":"What to ask it, with everything it needs to know."}},"required":["agent","message"]})"};

std::string bounded(std::string text) {
  if (text.size() <= max_result_bytes) return text;
  std::size_t cut = max_result_bytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  text.resize(cut);
  return text + "\n[cut at " + std::to_string(max_result_bytes) + " bytes]";
}

std::vector<Spec> offered(store::Tx& tx, const store::AgentRecord& agent) {
  std::vector<Spec> out;
  if (!store::installed_skills(tx, agent.id).empty()) out.push_back(load_skill);
  if (store::knowledge_totals(tx, knowledge::bases_of(agent)).chunks > 0) {
    out.push_back(search_knowledge);
  }
  return out;
}

Answer run_load_skill(store::Tx& tx, const store::AgentRecord& agent, std::string_view name) {
  const auto installed = store::installed_skills(tx, agent.id);
  const auto it = std::ranges::find_if(
      installed, [&](const store::InstalledSkillRecord& i) { return i.skill.name == name; });
  if (it == installed.end()) {
    std::string names;
    for (const auto& i : installed) names += (names.empty() ? "" : ", ") + i.skill.name;
    return {.text = "No skill named \"" + std::string(name) +
                    "\". Your skills: " + (names.empty() ? "none" : names) + ".",
            .ok = false};
  }
  return {.text = bounded(it->skill.content)};
}

Answer run_search_knowledge(store::Tx& tx, const store::AgentRecord& agent, std::string_view query,
                            std::int64_t limit, const knowledge::Embedding& embedding) {
  if (query.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return {.text = "The query is empty.", .ok = false};
  }
  const auto hits =
      knowledge::retrieve(tx, agent, query, std::clamp<std::int64_t>(limit, 1, 10), embedding);
  if (hits.empty()) return {.text = "Nothing in the knowledge base matches."};
  std::string out;
  for (std::size_t i = 0; i < hits.size(); ++i) {
    const store::ChunkRecord& c = hits[i].chunk;
    std::string label = c.title.value_or("");
    if (!c.heading.empty()) label += (label.empty() ? "" : " › ") + c.heading;
    out += (i ? "\n\n" : "") + std::string("(") + std::to_string(i + 1) + ") " + label +
           " [entry " + c.entry_id + ", chunk " + std::to_string(c.seq) + "]\n" + c.text;
  }
  return {.text = bounded(std::move(out))};
}

std::string call_json(std::string_view id, std::string_view name, std::string_view arguments) {
  std::string out = R"({"id":)";
  append_json_string(out, id);
  out += R"(,"name":)";
  append_json_string(out, name);
  return out + R"(,"arguments":)" + std::string(arguments) + "}";
}

std::string answer_json(std::string_view id, std::string_view name, const Answer& answer) {
  std::string out = R"({"id":)";
  append_json_string(out, id);
  out += R"(,"name":)";
  append_json_string(out, name);
  out += std::string(R"(,"ok":)") + (answer.ok ? "true" : "false") + R"(,"text":)";
  append_json_string(out, answer.text);
  return out + "}";
}

std::string call_note(std::string_view name, std::string_view arguments) {
  return "called " + std::string(name) + " " + std::string(arguments);
}

std::string answer_note(std::string_view name, const Answer& answer) {
  return std::string(name) + " answered " + std::to_string(answer.text.size()) + " bytes" +
         (answer.ok ? "" : ": " + answer.text);
}

}  // namespace agentry::agent_tools
