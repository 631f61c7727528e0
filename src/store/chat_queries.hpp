#pragma once

#include "store/query_access.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/chat_records.hpp"
#include "store/database.hpp"
#include "store/records.hpp"

// The SQL of chat sessions and their messages.
namespace agentry::store {

void insert_session(Tx& tx, const SessionRecord& session);
std::optional<SessionRecord> find_session(Tx& tx, std::string_view id);
// The account's sessions (of one agent when given), newest first, older than `before_id`.
std::vector<SessionRecord> list_sessions(Tx& tx, std::string_view account_id,
                                         const std::optional<std::string>& agent_id,
                                         const std::optional<std::string>& before_id,
                                         std::int64_t limit);
// One page of the account's sessions (of one agent when given), newest first, with how many
// there are.
PageOf<SessionRecord> page_sessions(Tx& tx, std::string_view account_id,
                                    const std::optional<std::string>& agent_id, Page page);
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
