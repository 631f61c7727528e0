#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "domain/hosted_prompt.hpp"
#include "domain/runs.hpp"
#include "store/chat_records.hpp"
#include "store/database.hpp"
#include "store/records.hpp"

// Chat with hosted agents: sessions keep the history that is sent to the model, and each turn
// is paid like a run — its most possible cost held when it begins, the actual cost captured
// when the reply is complete, everything released when it fails.
namespace agentry::chat {

// A turn holds and settles its cost: its transactions are isolated as money's.
inline constexpr store::WriteIsolation isolation = ledger::isolation;

// How many of a session's latest messages are sent to the model with a new one.
inline constexpr std::int64_t history_messages = 50;

// Creates a session with a hosted agent the caller may run. Errors: as runs::runnable_agent,
// validation_error (a remote agent).
Result<store::SessionRecord> open_session(store::Tx& tx, const std::string& account_id,
                                          const std::string& agent_id,
                                          const std::optional<std::string>& end_user_id,
                                          const std::string& title, std::int64_t now_ms);

// The caller's session. Errors: not_found.
Result<store::SessionRecord> get_session(store::Tx& tx, const std::string& account_id,
                                         const std::string& id);

// The caller's sessions (with one agent when given), newest first, older than the session
// `before_id` when given, at most `limit`.
std::vector<store::SessionRecord> list_sessions(store::Tx& tx, const std::string& account_id,
                                                const std::optional<std::string>& agent_id,
                                                const std::optional<std::string>& before_id,
                                                std::int64_t limit);
// One page of the caller's sessions (with one agent when given), newest first, with how many.
store::PageOf<store::SessionRecord> page_sessions(store::Tx& tx, const std::string& account_id,
                                                  const std::optional<std::string>& agent_id,
                                                  store::Page page);
// The messages of the caller's session, newest first, older than the message `before_id` when
// given, at most `limit`. Errors: not_found.
Result<std::vector<store::MessageRecord>> list_messages(store::Tx& tx,
                                                        const std::string& account_id,
                                                        const std::string& session_id,
                                                        const std::optional<std::string>& before_id,
                                                        std::int64_t limit);
// Deletes the caller's session and its messages. Errors: not_found.
Result<void> delete_session(store::Tx& tx, const std::string& account_id, const std::string& id);

// A turn: prepared (read only), then committed (the user's message stored and the cost held).
struct Turn {
  store::SessionRecord session;
  store::AgentRecord agent;
  store::MessageRecord user_message;
  std::vector<store::MessageRecord> history;  // before the user's message, oldest first
  hosted_prompt::Prompt prompt;  // the system prompt, with the knowledge retrieved for the message
  runs::Quote quote;
  std::int64_t discount_percent = 0;
  std::optional<std::string> hold_id;
  bool new_session = false;  // the session is made when the turn commits
  bool stateless = false;    // TurnRequest::stateless
};

struct TurnRequest {
  std::string agent_id;
  std::string message;
  std::optional<std::string> session_id;   // continue this session; else a new one
  std::optional<std::string> end_user_id;  // for a new session
  knowledge::Embedding embedding;          // the message's, for a hybrid knowledge search
  // The caller's own instructions for this turn, after the agent's system prompt (OpenAI's
  // system messages and `instructions`, Anthropic's `system`); "" for none.
  std::string instructions;
  // A stateless turn (the OpenAI and Anthropic surfaces): the caller sends the whole
  // conversation each time, so no session is read or stored and nothing of the turn is kept
  // but its payment, usage and log. `context_bytes` is the size of that conversation besides
  // `message` (the last user message, which knowledge is retrieved for).
  bool stateless = false;
  std::int64_t context_bytes = 0;
};

// Prepares a turn without writing anything: the agent, the session (a new one when the
// request names none) and its history, the quote; checks the plan's tokens per minute and that
// the wallet covers the quote, so that the provider is called only for a turn that can be paid.
// Errors: as open_session and runs::quote, not_found (the session is not the caller's or is
// another agent's), insufficient_credits, token_limit_exceeded.
Result<Turn> prepare_turn(store::Tx& tx, const std::string& account_id, const TurnRequest& request,
                          const runs::Terms& terms, std::int64_t now_ms);

// Whether a reply of `output_tokens` was cut at the turn's output limit (rather than ended by the
// model): OpenAI's finish_reason "length", Anthropic's stop_reason "max_tokens".
bool reached_output_limit(const Turn& turn, std::int64_t output_tokens);

// As runs::next_call_output, for a turn within its quote.
std::int64_t next_call_output(const Turn& turn, const pricing::PriceTable& prices,
                              std::int64_t input_tokens, std::int64_t output_tokens,
                              std::int64_t next_input_tokens);

// What committing a turn wrote.
struct Committed {
  std::optional<std::string> hold_id;
  store::MessageRecord user_message;  // as stored
};

// Commits a prepared turn: a new session, the hold and the user's message (a stateless turn:
// the hold alone). It may run while the
// provider call is already under way, so it leaves the turn as it is: `record` adds what it
// wrote. Errors: insufficient_credits (spent meanwhile), not_found (the session was deleted
// meanwhile).
Result<Committed> commit_turn(store::Tx& tx, const Turn& turn, std::int64_t now_ms);
void record(Turn& turn, Committed committed);

// The signal (store::Tx::signal_after_commit) of a change in where the turn of user message `id`
// stands: its message stored (commit_turn), its reply stored (finish_turn), or the turn undone
// (abort_turn). A stream resuming the turn waits for it.
std::string turn_key(std::string_view id);

// Where a turn stands, for a client whose stream broke: `answered` (its reply is stored), `going`
// (its message is stored, its reply not yet), or `gone` — it ended without a reply (and was not
// charged), or it is not the caller's turn with this agent.
struct TurnState {
  enum class Kind { gone, going, answered };
  Kind kind = Kind::gone;
  std::string session_id;
  std::optional<store::MessageRecord> reply;
};
TurnState turn_state(store::Tx& tx, const std::string& account_id, const std::string& agent_id,
                     const std::string& user_message_id);

// The session of the caller's turn whose user message is `user_message_id` (OpenAI's
// previous_response_id names a turn). Errors: not_found (no such turn of the caller's).
Result<std::string> session_of_turn(store::Tx& tx, const std::string& account_id,
                                    const std::string& user_message_id);

// Ends a turn with the model's reply: stores it with its usage and captures the cost. When the
// session was deleted during the turn the reply is still paid for (it was delivered) and is
// returned unstored; a stateless turn's reply is never stored (nor a chat.turn.completed event
// emitted: there is no session to show).
store::MessageRecord finish_turn(store::Tx& tx, const Turn& turn, const std::string& reply,
                                 std::int64_t input_tokens, std::int64_t output_tokens,
                                 const pricing::PriceTable& prices, std::int64_t fee_bps,
                                 std::int64_t now_ms);

// Ends a turn that failed: the hold is released and the user's message removed, so that the
// history holds only answered messages.
void abort_turn(store::Tx& tx, const Turn& turn, std::int64_t now_ms);

// Releases up to `limit` holds of chat turns begun before `before_ms` that never ended (the
// server stopped mid-turn); how many.
std::int64_t release_stale_turns(store::Tx& tx, std::int64_t before_ms, std::int64_t limit,
                                 std::int64_t now_ms);

}  // namespace agentry::chat
