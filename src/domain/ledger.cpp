#include "domain/ledger.hpp"

#include <stdexcept>

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "domain/activity.hpp"
#include "domain/events.hpp"
#include "domain/usage.hpp"
#include "store/ledger_queries.hpp"
#include "store/queries.hpp"

namespace agentry::ledger {
namespace {

store::TransferRecord record(std::string_view debit, std::string_view credit,
                             std::int64_t amount_micro, std::string_view kind, const Refs& refs,
                             std::int64_t now_ms) {
  store::TransferRecord t;
  t.id = new_id("txf", now_ms);
  t.debit_id = std::string(debit);
  t.credit_id = std::string(credit);
  t.amount_micro = amount_micro;
  t.kind = std::string(kind);
  t.task_id = refs.task_id;
  t.run_id = refs.run_id;
  t.agent_id = refs.agent_id;
  t.memo = refs.memo;
  t.created_at_ms = now_ms;
  return t;
}

store::TransferRecord hold_transfer(std::string_view debit, std::string_view credit,
                                    std::int64_t amount_micro, std::string_view kind,
                                    const std::string& hold_id, std::string_view phase,
                                    const Refs& refs, std::int64_t now_ms) {
  store::TransferRecord t = record(debit, credit, amount_micro, kind, refs, now_ms);
  t.hold_id = hold_id;
  t.phase = std::string(phase);
  return t;
}

bool is_wallet(std::string_view id) {
  return !id.starts_with("hld_") && id != fees_account && id != mint_account;
}

// Writes a transfer; each wallet it moves money in or out of has it in its activity log.
void insert(store::Tx& tx, const store::TransferRecord& t) {
  store::insert_transfer(tx, t);
  const std::string action = "credits." + t.kind;
  if (is_wallet(t.debit_id)) {
    activity::record(tx, t.debit_id, action, t.id, t.created_at_ms, -t.amount_micro);
  }
  if (is_wallet(t.credit_id)) {
    activity::record(tx, t.credit_id, action, t.id, t.created_at_ms, t.amount_micro);
  }
}

Error overdraw(std::int64_t amount_micro) {
  return make_error(Errc::insufficient_credits, "the available balance does not cover " +
                                                    format_credits(amount_micro) + " credits");
}

// Amounts come checked from the API and the configuration: one out of range here is a bug.
void check_amount(std::int64_t amount_micro) {
  if (amount_micro <= 0 || amount_micro > max_amount_micro) {
    throw std::invalid_argument("ledger: an amount of " + std::to_string(amount_micro) +
                                " micro-credits is outside 1.." + std::to_string(max_amount_micro));
  }
}

// credits.low when this debit took the available balance below the wallet's threshold: once
// per crossing, not on every debit while it stays below.
void watch_low(store::Tx& tx, const std::string& account_id, const store::Lowered& after,
               std::int64_t amount_micro, std::int64_t now_ms) {
  const std::int64_t threshold = after.low_balance_micro;
  if (threshold <= 0 || after.balance_micro >= threshold ||
      after.balance_micro + amount_micro < threshold) {
    return;
  }
  auto wallet = store::find_ledger_account(tx, account_id);
  if (wallet) events::emit(tx, account_id, "credits.low", events::LowBalance{&*wallet}, now_ms);
}

Error wallet_full(const std::string& account_id) {
  return make_error(Errc::conflict, "the balance of " + account_id + " would pass the maximum of " +
                                        format_credits(max_wallet_micro) + " credits");
}

}  // namespace

Split split(std::int64_t amount_micro, std::int64_t fee_bps) {
  if (amount_micro < 0 || fee_bps < 0 || fee_bps > 10'000) {
    throw std::invalid_argument("split: amount and fee must be non-negative, the fee at most 100%");
  }
  // amount_micro × bps / 10000 rounded down, without the product (it can pass 2^63): with
  // amount_micro = q × 10000 + r, it is q × bps + r × bps / 10000.
  const std::int64_t fee_micro =
      amount_micro / 10'000 * fee_bps + amount_micro % 10'000 * fee_bps / 10'000;
  return {fee_micro, amount_micro - fee_micro};
}

void open_wallet(store::Tx& tx, const std::string& account_id, std::int64_t now_ms) {
  store::insert_wallet(tx, account_id, now_ms);
}

Result<store::TransferRecord> grant(store::Tx& tx, const std::string& account_id,
                                    std::int64_t amount_micro, std::string_view kind,
                                    const Refs& refs, std::int64_t now_ms) {
  check_amount(amount_micro);
  if (!store::credit_wallet(tx, account_id, amount_micro, max_wallet_micro)) {
    return wallet_full(account_id);
  }
  store::TransferRecord t = record(mint_account, account_id, amount_micro, kind, refs, now_ms);
  insert(tx, t);
  const store::HistoryEntry entry{t, amount_micro, "mint", std::nullopt};
  events::emit(tx, account_id, "credits.granted", &entry, now_ms);
  return t;
}

Result<store::TransferRecord> deduct(store::Tx& tx, const std::string& account_id,
                                     std::int64_t amount_micro, std::string_view kind,
                                     const Refs& refs, std::int64_t now_ms) {
  check_amount(amount_micro);
  auto after = store::debit_wallet(tx, account_id, amount_micro);
  if (!after) return overdraw(amount_micro);
  watch_low(tx, account_id, *after, amount_micro, now_ms);
  store::TransferRecord t = record(account_id, mint_account, amount_micro, kind, refs, now_ms);
  insert(tx, t);
  return t;
}

Result<Adjusted> adjust(store::Tx& tx, const std::string& account_id, std::int64_t amount_micro,
                        const std::string& memo, std::int64_t now_ms) {
  if (!store::find_account(tx, account_id)) {
    return make_error(Errc::not_found, "no account with id " + account_id);
  }
  const Refs refs{.memo = memo};
  auto moved = amount_micro < 0 ? deduct(tx, account_id, -amount_micro, "deduct", refs, now_ms)
                                : grant(tx, account_id, amount_micro, "grant", refs, now_ms);
  if (!moved) return moved.error();
  return Adjusted{.transfer = std::move(*moved),
                  .wallet = *store::find_ledger_account(tx, account_id)};
}

Result<store::LedgerAccountRecord> wallet(store::Tx& tx, const std::string& account_id) {
  auto found = store::find_ledger_account(tx, account_id);
  if (!found) return make_error(Errc::not_found, "no account with id " + account_id);
  return std::move(*found);
}

std::vector<store::HistoryEntry> history(store::Tx& tx, const std::string& account_id,
                                         const std::optional<std::string>& before_id,
                                         std::int64_t limit) {
  return store::wallet_history(tx, account_id, before_id, limit);
}

Result<std::string> hold(store::Tx& tx, const std::string& account_id, std::int64_t amount_micro,
                         std::string_view kind, const Refs& refs, std::int64_t now_ms) {
  check_amount(amount_micro);
  auto after = store::hold_in_wallet(tx, account_id, amount_micro);
  if (!after) return overdraw(amount_micro);
  watch_low(tx, account_id, *after, amount_micro, now_ms);
  std::string hold_id = new_id("hld", now_ms);
  store::insert_hold(tx, hold_id, account_id, amount_micro, now_ms);
  insert(tx, hold_transfer(account_id, hold_id, amount_micro, kind, hold_id, "hold", refs, now_ms));
  return hold_id;
}

namespace {

// Resolves a pending hold into `state`: pays `payouts`, releases the rest.
Result<void> resolve(store::Tx& tx, const std::string& hold_id, std::string_view state,
                     const std::vector<Payout>& payouts, std::string_view release_kind,
                     const Refs& refs, std::int64_t now_ms) {
  // The payees' wallets are credited first, and taken back when one of them is full or the
  // hold was resolved already: a refused resolution leaves nothing changed, so that the caller
  // may still do something else in its transaction (release the hold instead).
  std::vector<const Payout*> credited;
  auto take_back = [&] {
    for (const Payout* p : credited) store::debit_wallet(tx, p->to, p->amount_micro);
  };
  for (const Payout& p : payouts) {
    if (p.amount_micro < 0)
      throw std::logic_error("capture: a negative payout from hold " + hold_id);
    if (p.amount_micro == 0 || p.to == fees_account) continue;
    if (!store::credit_wallet(tx, p.to, p.amount_micro, max_wallet_micro)) {
      take_back();
      return wallet_full(p.to);
    }
    credited.push_back(&p);
  }
  auto hold = store::resolve_hold(tx, hold_id, state, now_ms);
  if (!hold) {
    take_back();
    return make_error(Errc::conflict, "hold " + hold_id + " is already resolved");
  }
  const std::string& funder = *hold->account_id;
  std::int64_t paid = 0;
  std::int64_t spent = 0;
  for (const Payout& p : payouts) {
    if (p.amount_micro == 0) continue;
    paid += p.amount_micro;  // each payout is at most the hold, itself at most max_amount_micro
    if (paid > hold->balance_micro)
      throw std::logic_error("capture: payouts exceed hold " + hold_id);
    insert(tx,
           hold_transfer(hold_id, p.to, p.amount_micro, p.kind, hold_id, p.phase, refs, now_ms));
    if (p.to == funder) continue;  // paying oneself (one's own agent) is neither
    spent += p.amount_micro;
    if (is_wallet(p.to)) {
      usage::add(tx, p.to, now_ms, {.agent_id = refs.agent_id, .model = refs.model},
                 {.earned_micro = p.amount_micro});
    }
  }
  if (spent > 0) {
    usage::add(tx, funder, now_ms,
               {.key_id = refs.key_id, .agent_id = refs.agent_id, .model = refs.model},
               {.spent_micro = spent});
  }
  const std::int64_t released = hold->balance_micro - paid;
  if (released > 0) {
    insert(tx, hold_transfer(hold_id, funder, released, release_kind, hold_id, "release", refs,
                             now_ms));
  }
  store::settle_in_wallet(tx, funder, paid, released);
  return Ok{};
}

}  // namespace

Result<void> capture(store::Tx& tx, const std::string& hold_id, const std::vector<Payout>& payouts,
                     std::string_view release_kind, const Refs& refs, std::int64_t now_ms) {
  return resolve(tx, hold_id, "posted", payouts, release_kind, refs, now_ms);
}

Result<void> release(store::Tx& tx, const std::string& hold_id, std::string_view kind,
                     const Refs& refs, std::int64_t now_ms) {
  return resolve(tx, hold_id, "voided", {}, kind, refs, now_ms);
}

std::string format_credits(std::int64_t micro) {
  std::string out = micro < 0 ? "-" : "";
  const auto magnitude =
      static_cast<std::uint64_t>(micro < 0 ? -(micro + 1) : micro) + (micro < 0 ? 1U : 0U);
  out += std::to_string(magnitude / 1'000'000);
  if (const std::uint64_t fraction = magnitude % 1'000'000; fraction != 0) {
    std::string digits = std::to_string(1'000'000 + fraction).substr(1);
    digits.erase(digits.find_last_not_of('0') + 1);
    out += "." + digits;
  }
  return out;
}

std::string period_of(std::int64_t at_ms) {
  return utc_month(at_ms);
}

bool grant_plan_credits(store::Tx& tx, const std::string& account_id, std::int64_t amount_micro,
                        std::int64_t now_ms) {
  const std::string period = period_of(now_ms);
  if (!store::insert_plan_grant(tx, account_id, period, amount_micro, now_ms)) return false;
  if (amount_micro > 0) {
    // A refused grant changed nothing: the wallet is full, and this month's credits lapse.
    (void)grant(tx, account_id, amount_micro, "plan_credits",
                {.memo = "plan credits for " + period}, now_ms);
  }
  return true;
}

std::int64_t grant_due_plan_credits(store::Tx& tx, const plans::Catalog& catalog,
                                    std::int64_t now_ms, std::int64_t limit) {
  const auto due = store::accounts_without_grant(tx, period_of(now_ms), limit);
  for (const auto& a : due) {
    const plans::Plan* plan = catalog.find(a.plan);
    grant_plan_credits(tx, a.account_id, plan ? plan->monthly_credits_micro : 0, now_ms);
  }
  return static_cast<std::int64_t>(due.size());
}

std::vector<std::string> verify(store::Tx& tx) {
  return store::ledger_violations(tx);
}

Audit audit(store::Tx& tx, std::string_view engine) {
  Audit out;
  out.violations = verify(tx);
  if (engine == "sqlite") {
    out.integrity_problems = store::sqlite_integrity_problems(tx);
    out.integrity_checked = true;
  }
  return out;
}

}  // namespace agentry::ledger
