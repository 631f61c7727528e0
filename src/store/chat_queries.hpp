#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/database.hpp"

// The SQL of chat sessions and their messages.
namespace agentry::store {

struct SessionRecord {
  std::string id;
  std::string account_id;
  std::string agent_id;
  std::optional<std::string> end_user_id;
  std::string title;
  std::int64_t message_count = 0;
  std::int64_t created_at_ms = 0;
  std::int64_t updated_at_ms = 0;
};

struct MessageRecord {
  std::string id;
  std::string session_id;
  std::int64_t seq = 0;  // 1, 2, 3 ... within the session
  std::string role;      // user | assistant
  std::string content;
  std::int64_t input_tokens = 0;
  std::int64_t output_tokens = 0;
  std::int64_t cost = 0;
  std::int64_t created_at_ms = 0;
  std::optional<std::string> reply_to;  // an assistant message: the user message it answers
};

void insert_session(Tx& tx, const SessionRecord& session);
std::optional<SessionRecord> find_session(Tx& tx, std::string_view id);
// The account's sessions (of one agent when given), newest first, older than `before_id`.
std::vector<SessionRecord> list_sessions(Tx& tx, std::string_view account_id,
                                         const std::optional<std::string>& agent_id,
                                         const std::optional<std::string>& before_id,
                                         std::int64_t limit);
// Deletes the session and its messages; false when there was none.
bool delete_session(Tx& tx, std::string_view id);

// Appends a message, numbering it after the session's last one; returns it as stored, or
// nullopt when the session no longer exists (then nothing is written).
std::optional<MessageRecord> append_message(Tx& tx, MessageRecord message);
// Removes a message that was the session's last (a turn that failed).
void remove_last_message(Tx& tx, std::string_view session_id, std::string_view message_id);
// A message by id, and the reply to a user message; nullopt when there is none.
std::optional<MessageRecord> find_message(Tx& tx, std::string_view id);
std::optional<MessageRecord> find_reply(Tx& tx, std::string_view user_message_id);
// The session's newest messages before `before_id` (all when nullopt), newest first.
std::vector<MessageRecord> list_messages(Tx& tx, std::string_view session_id,
                                         const std::optional<std::string>& before_id,
                                         std::int64_t limit);

}  // namespace agentry::store
