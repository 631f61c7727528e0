#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "domain/knowledge_vectors.hpp"
#include "store/database.hpp"
#include "store/records.hpp"

// The built-in tools a hosted agent's model may call during a run or chat turn, and what each
// answers. A model asks for a tool, the runtime runs it and sends back its answer, and the model
// goes on, for at most max_rounds rounds of calls per run or turn.
namespace agentry::agent_tools {

inline constexpr std::int64_t max_rounds = 4;
inline constexpr std::size_t max_calls_per_round = 8;
// A tool's answer is cut to this many bytes before the model sees it, and a round's answers
// together to max_round_result_bytes.
inline constexpr std::size_t max_result_bytes = 8000;
inline constexpr std::size_t max_round_result_bytes = 16000;

struct Spec {
  std::string_view name;
  std::string_view description;
  std::string_view parameters;  // a JSON Schema, as JSON text
};

// load_skill {name}: the full instructions of one of the agent's installed skills.
extern const Spec load_skill;
// search_knowledge {query, limit?}: the best chunks of the agent's knowledge for the query.
extern const Spec search_knowledge;

// ask_agent {agent, message}: a child run of another member of the agent's swarm
// (delegation.hpp), offered to runs that may delegate; the runtime runs it.
extern const Spec ask_agent;

// The tools `agent` is offered: load_skill when it has installed skills, search_knowledge when
// its knowledge (its own or its swarm's) holds anything.
std::vector<Spec> offered(store::Tx& tx, const store::AgentRecord& agent);

// What a call answers the model. A call the tool cannot serve (no such skill, a missing
// argument) answers its reason as text with `ok` false: the model reads it and goes on.
struct Answer {
  std::string text;
  bool ok = true;
};
// `text` cut to max_result_bytes at a character boundary, saying so: what the model is sent of
// any tool's answer.
std::string bounded(std::string text);
Answer run_load_skill(store::Tx& tx, const store::AgentRecord& agent, std::string_view name);
// `embedding`: the query's, when the runtime has one (the search is then hybrid).
Answer run_search_knowledge(store::Tx& tx, const store::AgentRecord& agent, std::string_view query,
                            std::int64_t limit, const knowledge::Embedding& embedding = {});

// How a call and its answer are shown, in run events and chat streams: {id, name, arguments}
// (the arguments as the JSON object they are) and {id, name, ok, text}; and the agent's log
// lines for them.
std::string call_json(std::string_view id, std::string_view name, std::string_view arguments);
std::string answer_json(std::string_view id, std::string_view name, const Answer& answer);
std::string call_note(std::string_view name, std::string_view arguments);
std::string answer_note(std::string_view name, const Answer& answer);

}  // namespace agentry::agent_tools
