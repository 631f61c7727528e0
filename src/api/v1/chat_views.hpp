#pragma once

#include "api/json_writer.hpp"
#include "store/chat_records.hpp"

namespace agentry::api::v1 {

// A chat session (the Session schema) and one of its messages (the ChatMessage schema).
void write_session(JsonWriter& w, const store::SessionRecord& session);
void write_message(JsonWriter& w, const store::MessageRecord& message);

}  // namespace agentry::api::v1
