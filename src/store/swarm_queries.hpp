#pragma once

#include "store/query_access.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "store/database.hpp"
#include "store/records.hpp"
#include "store/swarm_records.hpp"

// The SQL of swarms and their membership (agents.swarm_id).
namespace agentry::store {

void insert_swarm(Tx& tx, const SwarmRecord& s);
// With its members.
std::optional<SwarmRecord> find_swarm(Tx& tx, std::string_view id);
bool swarm_name_taken(Tx& tx, std::string_view account_id, std::string_view name,
                      std::string_view except_id);
// The account's swarms, newest first, with their members.
PageOf<SwarmRecord> list_swarms(Tx& tx, std::string_view account_id, Page page);
std::int64_t count_swarms(Tx& tx, std::string_view account_id);
// Writes the name, description, coordinator and updated_at.
void update_swarm(Tx& tx, const SwarmRecord& s);
// Removes the swarm; its members belong to none after.
void delete_swarm(Tx& tx, std::string_view id, std::int64_t now_ms);
// No swarm is coordinated by the agent any more (it is deleted).
void drop_coordinator(Tx& tx, std::string_view agent_id, std::int64_t now_ms);
// Puts the agent in the swarm (or in none), as a change of the agent (its revision moves).
void set_agent_swarm(Tx& tx, std::string_view agent_id, const std::optional<std::string>& swarm_id,
                     std::int64_t now_ms);

}  // namespace agentry::store
