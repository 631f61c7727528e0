#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "domain/plans.hpp"
#include "store/database.hpp"
#include "store/records.hpp"

// The credits ledger (DESIGN.md "Money"): integer micro-credits, double entry, two-phase holds.
// Every function runs inside the caller's transaction, so money moves together with the state
// change it belongs to, or not at all.
namespace agentry::ledger {

inline constexpr std::string_view fees_account = "platform:fees";
inline constexpr std::string_view mint_account = "platform:mint";
inline constexpr std::int64_t micro_per_credit = 1'000'000;

// The documented maximums, far below 2^63 - 1 micro-credits (about 9.2e12 credits), so that no
// balance or sum of balances can overflow. One amount (a grant, a price, a budget, a transfer)
// is at most a billion credits; a wallet (available and held together) at most ten billion.
inline constexpr std::int64_t max_amount_micro = 1'000'000'000 * micro_per_credit;
inline constexpr std::int64_t max_wallet_micro = 10'000'000'000 * micro_per_credit;

// What a movement is about, recorded on its transfers; the key and model it came through are
// not, but count it in the account's usage.
struct Refs {
  std::optional<std::string> task_id;
  std::optional<std::string> run_id;
  std::optional<std::string> agent_id;
  std::optional<std::string> memo;
  std::optional<std::string> key_id;
  std::optional<std::string> model;
};

// A fee of `fee_bps` basis points of `amount_micro`, rounded down; the payout is the rest, so the
// two always add up to `amount_micro` exactly.
struct Split {
  std::int64_t fee_micro = 0;
  std::int64_t payout_micro = 0;
};
Split split(std::int64_t amount_micro, std::int64_t fee_bps);

// Every use case that moves money decides by conditional updates re-checked on the newest row
// (`... WHERE available >= $n`, a hold that resolves once), so its write transaction runs at the
// store's conditional isolation: writers of one wallet queue instead of failing and retrying.
// The use cases of runs, tasks and chat turns hold and settle money and declare the same.
inline constexpr store::WriteIsolation isolation = store::WriteIsolation::conditional;

// The wallet of a new account.
void open_wallet(store::Tx& tx, const std::string& account_id, std::int64_t now_ms);

// Credits minted into the account's wallet (grants, signup bonus, plan credits). conflict when
// the wallet would hold more than max_wallet_micro.
Result<store::TransferRecord> grant(store::Tx& tx, const std::string& account_id,
                                    std::int64_t amount_micro, std::string_view kind,
                                    const Refs& refs, std::int64_t now_ms);
// Credits taken from the wallet back to the mint. insufficient_credits when it would overdraw.
Result<store::TransferRecord> deduct(store::Tx& tx, const std::string& account_id,
                                     std::int64_t amount_micro, std::string_view kind,
                                     const Refs& refs, std::int64_t now_ms);

// Moves `amount_micro` from the wallet into a new pending hold; returns the hold's id.
// insufficient_credits when the available balance does not cover it.
Result<std::string> hold(store::Tx& tx, const std::string& account_id, std::int64_t amount_micro,
                         std::string_view kind, const Refs& refs, std::int64_t now_ms);

// One destination of a captured hold: a wallet (an account id) or fees_account.
struct Payout {
  std::string to;
  std::int64_t amount_micro = 0;
  std::string kind;   // task_payout, task_fee, ...
  std::string phase;  // capture | fee
};
// Posts a pending hold: pays `payouts` from it and releases what is left to the wallet it came
// from. conflict when the hold is no longer pending (it resolves exactly once), or when a payout
// would take a wallet past max_wallet_micro (then the caller's transaction must roll back).
Result<void> capture(store::Tx& tx, const std::string& hold_id, const std::vector<Payout>& payouts,
                     std::string_view release_kind, const Refs& refs, std::int64_t now_ms);
// Voids a pending hold: everything goes back to the wallet. conflict when not pending.
Result<void> release(store::Tx& tx, const std::string& hold_id, std::string_view kind,
                     const Refs& refs, std::int64_t now_ms);

// An operator's adjustment: what moved, and the wallet after it.
struct Adjusted {
  store::TransferRecord transfer;
  store::LedgerAccountRecord wallet;
};
// Grants (a positive `amount_micro`) or deducts (a negative one) credits of the account
// `account_id`, with `memo` as the reason. Errors: not_found (no such account), as grant and
// deduct.
Result<Adjusted> adjust(store::Tx& tx, const std::string& account_id, std::int64_t amount_micro,
                        const std::string& memo, std::int64_t now_ms);

// Reads: an account's own wallet.

// The wallet of the account `account_id`. Errors: not_found.
Result<store::LedgerAccountRecord> wallet(store::Tx& tx, const std::string& account_id);
// The wallet's movements, newest first, older than the transfer `before_id` when given, at most
// `limit`.
std::vector<store::HistoryEntry> history(store::Tx& tx, const std::string& account_id,
                                         const std::optional<std::string>& before_id,
                                         std::int64_t limit);

// Micro-credits as a decimal number of credits: 22500000 → "22.5".
std::string format_credits(std::int64_t micro);

// "YYYY-MM" of a UTC time: the period of plan credits.
std::string period_of(std::int64_t at_ms);
// Grants `plan`'s monthly credits for the period of `now_ms`, once per account and period;
// false when that period's grant was already made. A wallet at its maximum gets none that month.
bool grant_plan_credits(store::Tx& tx, const std::string& account_id, std::int64_t amount_micro,
                        std::int64_t now_ms);

// Grants the monthly credits of `now_ms`'s period to up to `limit` accounts that have not had
// them yet (each account's plan decides the amount_micro); returns how many accounts it went
// through, so that a caller repeats while that is `limit`.
std::int64_t grant_due_plan_credits(store::Tx& tx, const plans::Catalog& catalog,
                                    std::int64_t now_ms, std::int64_t limit);

// Every broken invariant of the ledger and of tasks' holds, described; empty when sound.
std::vector<std::string> verify(store::Tx& tx);

// verify(), and on SQLite (`engine` "sqlite") the file's own integrity check.
struct Audit {
  std::vector<std::string> violations;
  std::vector<std::string> integrity_problems;
  bool integrity_checked = false;
  bool ok() const { return violations.empty() && integrity_problems.empty(); }
};
Audit audit(store::Tx& tx, std::string_view engine);

}  // namespace agentry::ledger
