#include "domain/chat.hpp"

#include <algorithm>
#include <stdexcept>

#include "core/ids.hpp"
#include "core/utf8.hpp"
#include "domain/activity.hpp"
#include "domain/agent_log.hpp"
#include "domain/agent_stats.hpp"
#include "domain/agents.hpp"
#include "domain/events.hpp"
#include "domain/ledger.hpp"
#include "domain/usage.hpp"
#include "store/chat_queries.hpp"
#include "store/ledger_queries.hpp"

namespace agentry::chat {
namespace {

constexpr std::size_t title_bytes = 80;

Result<store::AgentRecord> chat_agent(store::Tx& tx, const std::string& account_id,
                                      const std::string& agent_id) {
  auto agent = runs::runnable_agent(tx, account_id, agent_id);
  if (!agent) return agent.error();
  if (agent->kind != "hosted") {
    return make_error(Errc::validation_error,
                      "agent " + agent_id + " is remote: chat is with hosted agents", "agentId");
  }
  return agent;
}

store::SessionRecord new_session(store::Tx& tx, const std::string& account_id,
                                 const std::string& agent_id,
                                 const std::optional<std::string>& end_user_id,
                                 const std::string& title, std::int64_t now_ms) {
  store::SessionRecord s{.id = new_id("ses", now_ms),
                         .account_id = account_id,
                         .agent_id = agent_id,
                         .end_user_id = end_user_id,
                         .title = std::string(utf8::prefix(title, title_bytes)),
                         .created_at_ms = now_ms,
                         .updated_at_ms = now_ms};
  store::insert_session(tx, s);
  return s;
}

ledger::Refs refs_of(const Turn& turn) {
  return {.agent_id = turn.agent.id,
          .memo = turn.stateless ? "chat turn " + turn.user_message.id
                                 : "chat session " + turn.session.id};
}

}  // namespace

Result<store::SessionRecord> open_session(store::Tx& tx, const std::string& account_id,
                                          const std::string& agent_id,
                                          const std::optional<std::string>& end_user_id,
                                          const std::string& title, std::int64_t now_ms) {
  auto agent = chat_agent(tx, account_id, agent_id);
  if (!agent) return agent.error();
  return new_session(tx, account_id, agent_id, end_user_id, title, now_ms);
}

Result<store::SessionRecord> get_session(store::Tx& tx, const std::string& account_id,
                                         const std::string& id) {
  auto s = store::find_session(tx, id);
  if (!s || s->account_id != account_id) {
    return make_error(Errc::not_found, "no session with id " + id);
  }
  return std::move(*s);
}

std::vector<store::SessionRecord> list_sessions(store::Tx& tx, const std::string& account_id,
                                                const std::optional<std::string>& agent_id,
                                                const std::optional<std::string>& before_id,
                                                std::int64_t limit) {
  return store::list_sessions(tx, account_id, agent_id, before_id, limit);
}

store::PageOf<store::SessionRecord> page_sessions(store::Tx& tx, const std::string& account_id,
                                                  const std::optional<std::string>& agent_id,
                                                  store::Page page) {
  return store::page_sessions(tx, account_id, agent_id, page);
}

Result<std::vector<store::MessageRecord>> list_messages(store::Tx& tx,
                                                        const std::string& account_id,
                                                        const std::string& session_id,
                                                        const std::optional<std::string>& before_id,
                                                        std::int64_t limit) {
  if (auto session = get_session(tx, account_id, session_id); !session) return session.error();
  return store::list_messages(tx, session_id, before_id, limit);
}

Result<void> delete_session(store::Tx& tx, const std::string& account_id, const std::string& id) {
  if (auto session = get_session(tx, account_id, id); !session) return session.error();
  store::delete_session(tx, id);
  return {};
}

Result<Turn> prepare_turn(store::Tx& tx, const std::string& account_id, const TurnRequest& request,
                          const runs::Terms& terms, std::int64_t now_ms) {
  Turn turn;
  auto agent = chat_agent(tx, account_id, request.agent_id);
  if (!agent) return agent.error();
  turn.agent = std::move(*agent);
  if (request.stateless) {
    turn.session = {.account_id = account_id, .agent_id = request.agent_id};
    turn.stateless = true;
  } else if (request.session_id) {
    auto s = get_session(tx, account_id, *request.session_id);
    if (!s) return s.error();
    if (s->agent_id != request.agent_id) {
      return make_error(Errc::not_found,
                        "no session with id " + *request.session_id + " for this agent");
    }
    turn.session = std::move(*s);
    turn.history = store::list_messages(tx, turn.session.id, std::nullopt, history_messages);
    std::reverse(turn.history.begin(), turn.history.end());
  } else {
    turn.session = {.id = new_id("ses", now_ms),
                    .account_id = account_id,
                    .agent_id = request.agent_id,
                    .end_user_id = request.end_user_id,
                    .title = std::string(utf8::prefix(request.message, title_bytes)),
                    .created_at_ms = now_ms,
                    .updated_at_ms = now_ms};
    turn.new_session = true;
  }
  if (auto room = runs::within_token_limit(tx, account_id, terms.tokens_per_minute, now_ms);
      !room) {
    return room.error();
  }
  turn.prompt = hosted_prompt::compose(tx, turn.agent, request.message, request.embedding);
  if (!request.instructions.empty()) {
    if (!turn.prompt.system.empty()) turn.prompt.system += "\n\n";
    turn.prompt.system += request.instructions;
  }
  std::size_t prompt_bytes =
      turn.prompt.system.size() + request.message.size() +
      static_cast<std::size_t>(std::max<std::int64_t>(request.context_bytes, 0));
  for (const auto& m : turn.history) prompt_bytes += m.content.size();
  auto quote = runs::quote(turn.agent, account_id, static_cast<std::int64_t>(prompt_bytes), terms,
                           std::nullopt, runs::tool_rounds_of(tx, turn.agent));
  if (!quote) return quote.error();
  turn.quote = *quote;
  turn.discount_percent = terms.discount_percent;
  auto wallet = store::find_ledger_account(tx, account_id);
  if (turn.quote.max_cost_micro > 0 &&
      (!wallet || wallet->balance_micro < turn.quote.max_cost_micro)) {
    return make_error(Errc::insufficient_credits,
                      "the available balance does not cover " +
                          ledger::format_credits(turn.quote.max_cost_micro) + " credits");
  }
  turn.user_message = {.id = new_id("msg", now_ms),
                       .session_id = turn.session.id,
                       .role = "user",
                       .content = request.message,
                       .created_at_ms = now_ms};
  return turn;
}

Result<Committed> commit_turn(store::Tx& tx, const Turn& turn, std::int64_t now_ms) {
  Committed out{.user_message = turn.user_message};
  if (!turn.stateless) {
    if (turn.new_session) store::insert_session(tx, turn.session);
    auto message = store::append_message(tx, turn.user_message);
    if (!message) {
      return make_error(Errc::not_found, "session " + turn.session.id + " was deleted");
    }
    out.user_message = std::move(*message);
    tx.signal_after_commit(turn_key(turn.user_message.id));
  }
  if (turn.quote.max_cost_micro > 0) {
    auto hold = ledger::hold(tx, turn.session.account_id, turn.quote.max_cost_micro, "chat_hold",
                             refs_of(turn), now_ms);
    if (!hold) return hold.error();
    out.hold_id = std::move(*hold);
  }
  return out;
}

void record(Turn& turn, Committed committed) {
  turn.hold_id = std::move(committed.hold_id);
  turn.user_message = std::move(committed.user_message);
}

bool reached_output_limit(const Turn& turn, std::int64_t output_tokens) {
  return output_tokens >= turn.quote.max_output_tokens;
}

std::int64_t next_call_output(const Turn& turn, const pricing::PriceTable& prices,
                              std::int64_t input_tokens, std::int64_t output_tokens,
                              std::int64_t next_input_tokens) {
  const pricing::ModelPrice* price =
      prices.find(turn.agent.model.value_or(std::string(agents::default_model)));
  return runs::largest_output_within(
      turn.quote.max_output_tokens, turn.quote.max_cost_micro - turn.quote.price_per_task_micro,
      [&](std::int64_t output) {
        return price ? pricing::token_cost(*price, input_tokens + next_input_tokens,
                                           output_tokens + output, turn.discount_percent)
                     : 0;
      });
}

store::MessageRecord finish_turn(store::Tx& tx, const Turn& turn, const std::string& reply,
                                 std::int64_t input_tokens, std::int64_t output_tokens,
                                 const pricing::PriceTable& prices, std::int64_t fee_bps,
                                 std::int64_t now_ms) {
  const std::string model = turn.agent.model.value_or(std::string(agents::default_model));
  const pricing::ModelPrice* price = prices.find(model);
  const std::int64_t tokens_cost =
      price ? pricing::token_cost(*price, input_tokens, output_tokens, turn.discount_percent) : 0;
  const runs::Charge charge =
      runs::charge_of(turn.quote.price_per_task_micro, turn.quote.max_cost_micro, tokens_cost,
                      turn.agent.account_id, fee_bps, "chat_payout", "chat_fee");
  ledger::Refs refs = refs_of(turn);
  refs.key_id = activity::acting_key(tx);
  refs.model = model;
  const std::int64_t cost_micro =
      turn.hold_id ? runs::collect(tx, *turn.hold_id, charge, "chat_release", refs, now_ms) : 0;
  runs::count_tokens(tx, turn.session.account_id, input_tokens + output_tokens, now_ms);
  usage::add(tx, turn.session.account_id, now_ms,
             {.key_id = refs.key_id, .agent_id = turn.agent.id, .model = model},
             {.input_tokens = input_tokens, .output_tokens = output_tokens});
  agent_stats::add(tx, turn.agent.account_id, turn.agent.id, now_ms,
                   {.input_tokens = input_tokens,
                    .output_tokens = output_tokens,
                    .cost_micro = cost_micro,
                    .chat_turns = 1});
  store::MessageRecord message{.id = new_id("msg", now_ms),
                               .session_id = turn.session.id,
                               .role = "assistant",
                               .content = reply,
                               .input_tokens = input_tokens,
                               .output_tokens = output_tokens,
                               .cost_micro = cost_micro,
                               .created_at_ms = now_ms,
                               .reply_to = turn.user_message.id,
                               .sources = hosted_prompt::sources_json(turn.prompt.sources)};
  if (!turn.prompt.retrieval_note.empty()) {
    agent_log::record(tx, turn.agent.id, "info", "knowledge.retrieval",
                      "chat turn " + turn.user_message.id + ": " + turn.prompt.retrieval_note, {},
                      now_ms);
  }
  if (turn.stateless) return message;
  auto stored = store::append_message(tx, message);
  if (stored) message = std::move(*stored);
  tx.signal_after_commit(turn_key(turn.user_message.id));
  events::emit(tx, turn.session.account_id, "chat.turn.completed", &message, now_ms, turn.agent.id);
  return message;
}

std::string turn_key(std::string_view id) {
  std::string key = "chat-turn:";
  key += id;
  return key;
}

TurnState turn_state(store::Tx& tx, const std::string& account_id, const std::string& agent_id,
                     const std::string& user_message_id) {
  TurnState out;
  auto message = store::find_message(tx, user_message_id);
  if (!message || message->role != "user") return out;
  auto session = store::find_session(tx, message->session_id);
  if (!session || session->account_id != account_id || session->agent_id != agent_id) return out;
  out.session_id = session->id;
  out.reply = store::find_reply(tx, user_message_id);
  out.kind = out.reply ? TurnState::Kind::answered : TurnState::Kind::going;
  return out;
}

Result<std::string> session_of_turn(store::Tx& tx, const std::string& account_id,
                                    const std::string& user_message_id) {
  auto message = store::find_message(tx, user_message_id);
  if (message && message->role == "user") {
    auto session = store::find_session(tx, message->session_id);
    if (session && session->account_id == account_id) return session->id;
  }
  return make_error(Errc::not_found, "no turn with id " + user_message_id);
}

void abort_turn(store::Tx& tx, const Turn& turn, std::int64_t now_ms) {
  if (turn.hold_id) {
    auto released = ledger::release(tx, *turn.hold_id, "chat_release", refs_of(turn), now_ms);
    if (!released) throw std::logic_error("chat turn: " + released.error().message);
  }
  if (turn.stateless) return;
  store::remove_last_message(tx, turn.session.id, turn.user_message.id);
  tx.signal_after_commit(turn_key(turn.user_message.id));
}

std::int64_t release_stale_turns(store::Tx& tx, std::int64_t before_ms, std::int64_t limit,
                                 std::int64_t now_ms) {
  const auto holds = store::stale_holds(tx, "chat_hold", before_ms, limit);
  for (const auto& hold : holds) {
    auto released =
        ledger::release(tx, hold, "chat_release", {.memo = "a chat turn that never ended"}, now_ms);
    if (!released) throw std::logic_error("chat hold " + hold + ": " + released.error().message);
  }
  return static_cast<std::int64_t>(holds.size());
}

}  // namespace agentry::chat
