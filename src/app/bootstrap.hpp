#pragma once

#include <optional>
#include <string>

#include "core/crypto.hpp"
#include "domain/plans.hpp"
#include "store/database.hpp"

namespace agentry::app {

// On a database without accounts, creates the admin account and its key — `preset_key` when
// given (AGENTRY_ADMIN_KEY), else a fresh one — and returns the key so that the caller can show
// it once. Returns nothing when accounts already exist. Throws std::invalid_argument when
// `preset_key` is not a well-formed key.
std::optional<std::string> bootstrap_admin(store::Database& db, const plans::Catalog& catalog,
                                           const std::optional<std::string>& preset_key,
                                           std::int64_t now_ms);

// The master key that seals account secrets, as given: `preset_hex` (AGENTRY_MASTER_KEY, 64 hex
// characters), else the one in DATA_DIR/master.key; nullopt when neither is there. `source`
// names where it came from, for messages. Throws std::invalid_argument for a malformed key.
std::optional<crypto::Key> find_master_key(const std::string& data_dir,
                                           const std::optional<std::string>& preset_hex,
                                           std::string& source);

// Makes a new master key and writes it to DATA_DIR/master.key (mode 0600).
crypto::Key create_master_key(const std::string& data_dir);

// Writes `key` to `path` with mode 0600. Throws std::runtime_error on failure.
void write_key_file(const std::string& path, const std::string& key);

}  // namespace agentry::app
