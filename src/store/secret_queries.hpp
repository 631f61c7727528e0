#pragma once

#include "store/query_access.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/database.hpp"
#include "store/records.hpp"

// The SQL of secrets: an account's (its id as `account_id`) or a swarm's (its id), each in its
// own table. Values are stored only sealed (hex of nonce ‖ ciphertext ‖ tag).
namespace agentry::store {

// Inserts or replaces; returns the row as stored.
SecretRecord upsert_secret(Tx& tx, std::string_view account_id, std::string_view name,
                           std::string_view sealed, std::int64_t now_ms);
std::optional<SecretRecord> find_secret(Tx& tx, std::string_view account_id, std::string_view name);
// Names and times only, by name.
std::vector<SecretRecord> list_secrets(Tx& tx, std::string_view account_id);
std::int64_t count_secrets(Tx& tx, std::string_view account_id);
bool delete_secret(Tx& tx, std::string_view account_id, std::string_view name);
// Deletes every secret of the owner (a swarm that is deleted).
void delete_secrets_of(Tx& tx, std::string_view owner_id);

// Every sealed value in the database — account and swarm secrets, remote agents' signing
// secrets — as
// the row it is sealed for (a signing secret under its agent's owner and "agent:ID:signing"),
// after `after` (the last row's account_id + "/" + name), at most `limit`, in that order.
std::vector<SecretRecord> sealed_values(Tx& tx, std::string_view after, std::int64_t limit);

// The check value of the master key that sealed the database's secrets, once one is recorded.
std::optional<std::string> find_master_key_check(Tx& tx);
void insert_master_key_check(Tx& tx, std::string_view check, std::int64_t now_ms);

}  // namespace agentry::store
