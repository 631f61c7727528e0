#pragma once

#include "store/query_access.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/database.hpp"
#include "store/records.hpp"

// The SQL of the credits ledger and of usage. Amounts are micro-credits. Every debit is a
// conditional update that affects one row or none, so that the database, not the caller's
// earlier read, decides whether the money is there.
namespace agentry::store {

void insert_wallet(Tx& tx, std::string_view account_id, std::int64_t now_ms);
std::optional<LedgerAccountRecord> find_ledger_account(Tx& tx, std::string_view id);

// A wallet whose balance went down: the balance now and its low-balance threshold (0: none).
struct Lowered {
  std::int64_t balance_micro = 0;
  std::int64_t low_balance_micro = 0;
};
// balance -= amount_micro when balance >= amount_micro; nullopt (nothing changed) otherwise.
std::optional<Lowered> debit_wallet(Tx& tx, std::string_view account_id, std::int64_t amount_micro);
// Sets the wallet's low-balance threshold; false when the account has no wallet.
bool set_low_balance(Tx& tx, std::string_view account_id, std::int64_t threshold_micro);
// balance += amount_micro when the wallet's balance and held sum stay at most `max_total`; false
// (nothing changed) otherwise. Throws when the account has no wallet.
bool credit_wallet(Tx& tx, std::string_view account_id, std::int64_t amount_micro,
                   std::int64_t max_total);
// Moves `amount_micro` from the wallet's balance to its held sum, when the balance covers it;
// nullopt (nothing changed) otherwise.
std::optional<Lowered> hold_in_wallet(Tx& tx, std::string_view account_id,
                                      std::int64_t amount_micro);
// A hold resolved: `captured` leaves the held sum as used, `released` goes back to the balance.
// Throws when `used` would pass 2^63 - 1 (it counts a wallet's spending over its lifetime).
void settle_in_wallet(Tx& tx, std::string_view account_id, std::int64_t captured,
                      std::int64_t released);

void insert_hold(Tx& tx, std::string_view hold_id, std::string_view account_id,
                 std::int64_t amount_micro, std::int64_t now_ms);
// pending → `state` ("posted" or "voided"), emptying it; the hold as it was, or nothing when it
// was not pending.
std::optional<LedgerAccountRecord> resolve_hold(Tx& tx, std::string_view hold_id,
                                                std::string_view state, std::int64_t now_ms);

void insert_transfer(Tx& tx, const TransferRecord& t);

// A wallet's transfers, newest first, after `before_id` when given; at most `limit`.
std::vector<HistoryEntry> wallet_history(Tx& tx, std::string_view account_id,
                                         const std::optional<std::string>& before_id,
                                         std::int64_t limit);

// The invariants of DESIGN.md "Money", each broken one described in a sentence.
std::vector<std::string> ledger_violations(Tx& tx);

// SQLite's PRAGMA integrity_check: its findings, empty when the file is sound. SQLite only.
std::vector<std::string> sqlite_integrity_problems(Tx& tx);

// plan_grants: false when the account already had its grant for `period` ("YYYY-MM").
bool insert_plan_grant(Tx& tx, std::string_view account_id, std::string_view period,
                       std::int64_t amount_micro, std::int64_t now_ms);
struct AccountPlan {
  std::string account_id;
  std::string plan;
};
std::vector<AccountPlan> accounts_without_grant(Tx& tx, std::string_view period,
                                                std::int64_t limit);

// Pending holds made by a transfer of `kind` before `before_ms`, at most `limit`.
std::vector<std::string> stale_holds(Tx& tx, std::string_view kind, std::int64_t before_ms,
                                     std::int64_t limit);

}  // namespace agentry::store
