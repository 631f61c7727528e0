#include "views/resources.hpp"

#include "views/values.hpp"

namespace agentry::views {

void write_session(JsonWriter& w, const store::SessionRecord& s) {
  w.begin_object();
  w.key("id").string(s.id);
  w.key("agentId").string(s.agent_id);
  w.key("endUserId").optional_string(s.end_user_id);
  w.key("title").string(s.title);
  w.key("messageCount").integer(s.message_count);
  w.key("createdAt");
  write_timestamp(w, s.created_at_ms);
  w.key("updatedAt");
  write_timestamp(w, s.updated_at_ms);
  w.end_object();
}

void write_message(JsonWriter& w, const store::MessageRecord& m) {
  w.begin_object();
  w.key("id").string(m.id);
  w.key("sessionId").string(m.session_id);
  w.key("role").string(m.role);
  w.key("content").string(m.content);
  w.key("usage").begin_object();
  w.key("inputTokens").integer(m.input_tokens).key("outputTokens").integer(m.output_tokens);
  w.end_object();
  w.key("cost");
  write_credits(w, m.cost_micro);
  w.key("sources").raw(m.sources);
  w.key("createdAt");
  write_timestamp(w, m.created_at_ms);
  w.end_object();
}

void write_usage(JsonWriter& w, const store::MessageRecord& reply) {
  w.begin_object().key("inputTokens").integer(reply.input_tokens);
  w.key("outputTokens").integer(reply.output_tokens).key("cost");
  write_credits(w, reply.cost_micro);
  w.end_object();
}

}  // namespace agentry::views
