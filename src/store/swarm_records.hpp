#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace agentry::store {

// A swarm: an account's agents grouped to share a knowledge base and credentials. Its members
// are the agents whose swarm_id is its id.
struct SwarmRecord {
  std::string id;  // swm_
  std::string account_id;
  std::string name;
  std::string description;
  std::optional<std::string> coordinator_id;  // the member its runs go to first, if set
  std::vector<std::string> members;           // agent ids, oldest first
  std::int64_t created_at_ms = 0;
  std::int64_t updated_at_ms = 0;
};

}  // namespace agentry::store
