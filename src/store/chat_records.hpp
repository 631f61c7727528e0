#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

// Chat sessions and their messages as the store keeps them.
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
  std::int64_t cost_micro = 0;
  std::int64_t created_at_ms = 0;
  std::optional<std::string> reply_to;  // an assistant message: the user message it answers
  std::string sources = "[]";  // an assistant message: the knowledge its prompt cited, as JSON
};

}  // namespace agentry::store
