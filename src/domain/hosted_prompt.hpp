#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/knowledge_vectors.hpp"
#include "store/database.hpp"
#include "store/records.hpp"

// What a hosted agent's model is told before a run's input or a chat message: the agent's own
// prompt (agents::compose_prompt), the skills installed on it by name and description, and the
// chunks of its knowledge that best match the input, numbered so that the answer can cite them.
namespace agentry::hosted_prompt {

// At most this many chunks of knowledge, and this many bytes of their text, go into a prompt.
inline constexpr std::int64_t knowledge_chunks = 4;
inline constexpr std::size_t knowledge_bytes = 6000;

// A chunk of knowledge the prompt cites as [n].
struct Source {
  std::int64_t n = 0;
  std::string entry_id;
  std::optional<std::string> title;
  std::int64_t chunk = 0;  // its index in the entry
  std::string heading;
};

struct Prompt {
  std::string system;
  std::vector<Source> sources;
  std::string retrieval_note;  // for the agent's log: what was retrieved; empty when nothing
};

// The system prompt of `agent` answering `input` (whose embedding, when it has one, makes the
// knowledge search hybrid).
Prompt compose(store::Tx& tx, const store::AgentRecord& agent, std::string_view input,
               const knowledge::Embedding& embedding = {});

// The most bytes compose() can answer for `agent`, whatever the input: what a quote counts.
std::int64_t max_bytes(store::Tx& tx, const store::AgentRecord& agent);

// The sources as a JSON array of {n, entryId, title, chunk, heading}.
std::string sources_json(const std::vector<Source>& sources);

}  // namespace agentry::hosted_prompt
