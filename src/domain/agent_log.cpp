#include "domain/agent_log.hpp"

#include <array>

#include "core/ids.hpp"
#include "domain/agents.hpp"
#include "store/log_queries.hpp"

namespace agentry::agent_log {

void record(store::Tx& tx, const std::string& agent_id, std::string_view level,
            std::string_view event, std::string message, const Refs& refs, std::int64_t now_ms) {
  store::insert_log(tx, {new_id("log", now_ms), agent_id, std::string(level), std::string(event),
                         std::move(message), refs.run_id, refs.task_id, now_ms});
  tx.signal_after_commit(wake_key(agent_id));
}

void forget(store::Tx& tx, const std::string& agent_id) {
  store::delete_agent_logs(tx, agent_id);
  tx.signal_after_commit(wake_key(agent_id));
}

std::string wake_key(std::string_view agent_id) {
  std::string key = "agent-log:";
  key += agent_id;
  return key;
}

std::vector<std::string> levels_from(std::string_view minimum) {
  static constexpr std::array<std::string_view, 4> order = {"debug", "info", "warn", "error"};
  std::vector<std::string> out;
  bool reached = false;
  for (std::string_view level : order) {
    reached = reached || level == minimum;
    if (reached) out.emplace_back(level);
  }
  return out;
}

Result<std::vector<store::LogRecord>> list(store::Tx& tx, const std::string& account_id,
                                           const std::string& agent_id,
                                           const store::LogFilter& filter, std::int64_t limit) {
  if (auto agent = agents::find_owned(tx, account_id, agent_id); !agent) return agent.error();
  return store::list_logs(tx, agent_id, filter, limit);
}

Result<std::vector<store::LogRecord>> after(store::Tx& tx, const std::string& account_id,
                                            const std::string& agent_id,
                                            const std::optional<std::string>& after_id,
                                            std::int64_t limit) {
  if (auto agent = agents::find_owned(tx, account_id, agent_id); !agent) return agent.error();
  return store::logs_after(tx, agent_id, after_id, limit);
}

}  // namespace agentry::agent_log
