#include "store/ledger_queries.hpp"

#include "core/wide_int.hpp"

#include "store/string_list.hpp"

namespace agentry::store {
namespace {

constexpr std::string_view transfer_columns =
    "id, debit_id, credit_id, amount, kind, hold_id, phase, task_id, run_id, agent_id, memo, "
    "created_at";

TransferRecord transfer_from(Row& r) {
  TransferRecord t;
  t.id = r.take_text(0);
  t.debit_id = r.take_text(1);
  t.credit_id = r.take_text(2);
  t.amount_micro = r.integer(3);
  t.kind = r.take_text(4);
  t.hold_id = r.take_optional_text(5);
  t.phase = r.take_optional_text(6);
  t.task_id = r.take_optional_text(7);
  t.run_id = r.take_optional_text(8);
  t.agent_id = r.take_optional_text(9);
  t.memo = r.take_optional_text(10);
  t.created_at_ms = r.integer(11);
  return t;
}

LedgerAccountRecord ledger_account_from(Row& r) {
  LedgerAccountRecord a;
  a.id = r.take_text(0);
  a.kind = r.take_text(1);
  a.account_id = r.take_optional_text(2);
  a.balance_micro = r.integer(3);
  a.held_micro = r.integer(4);
  a.used = r.integer(5);
  a.hold_state = r.take_optional_text(6);
  a.hold_amount = r.optional_integer(7);
  a.low_balance_micro = r.integer(8);
  return a;
}

constexpr std::string_view ledger_account_columns =
    "id, kind, account_id, balance, held, used, hold_state, hold_amount, low_balance_micro";

}  // namespace

void insert_wallet(Tx& tx, std::string_view account_id, std::int64_t now_ms) {
  tx.exec(
      "INSERT INTO ledger_accounts (id, kind, account_id, created_at) VALUES ($1, 'wallet', "
      "$1, $2)",
      {std::string(account_id), now_ms});
}

std::optional<LedgerAccountRecord> find_ledger_account(Tx& tx, std::string_view id) {
  Rows rows = tx.query(
      "SELECT " + std::string(ledger_account_columns) + " FROM ledger_accounts WHERE id = $1",
      {std::string(id)});
  if (rows.empty()) return std::nullopt;
  return ledger_account_from(rows[0]);
}

namespace {
std::optional<Lowered> lowered(Rows rows) {
  if (rows.empty()) return std::nullopt;
  return Lowered{.balance_micro = rows[0].integer(0), .low_balance_micro = rows[0].integer(1)};
}
}  // namespace

std::optional<Lowered> debit_wallet(Tx& tx, std::string_view account_id,
                                    std::int64_t amount_micro) {
  return lowered(tx.query(
      "UPDATE ledger_accounts SET balance = balance - $2 "
      "WHERE id = $1 AND kind = 'wallet' AND balance >= $2 RETURNING balance, low_balance_micro",
      {std::string(account_id), amount_micro}));
}

bool set_low_balance(Tx& tx, std::string_view account_id, std::int64_t threshold_micro) {
  return tx.exec(
             "UPDATE ledger_accounts SET low_balance_micro = $2 WHERE id = $1 AND kind = 'wallet'",
             {std::string(account_id), threshold_micro}) == 1;
}

bool credit_wallet(Tx& tx, std::string_view account_id, std::int64_t amount_micro,
                   std::int64_t max_total) {
  // Written so that no intermediate value can pass 2^63 - 1: balance and held are each at most
  // max_total, and amount_micro is checked against the room left.
  if (tx.exec("UPDATE ledger_accounts SET balance = balance + $2 WHERE id = $1 AND "
              "kind = 'wallet' AND $2 <= $3 - balance - held",
              {std::string(account_id), amount_micro, max_total}) == 1) {
    return true;
  }
  if (!find_ledger_account(tx, account_id)) {
    throw std::runtime_error("no wallet for account " + std::string(account_id));
  }
  return false;
}

std::optional<Lowered> hold_in_wallet(Tx& tx, std::string_view account_id,
                                      std::int64_t amount_micro) {
  return lowered(tx.query(
      "UPDATE ledger_accounts SET balance = balance - $2, held = held + $2 "
      "WHERE id = $1 AND kind = 'wallet' AND balance >= $2 RETURNING balance, low_balance_micro",
      {std::string(account_id), amount_micro}));
}

void settle_in_wallet(Tx& tx, std::string_view account_id, std::int64_t captured,
                      std::int64_t released) {
  if (tx.exec("UPDATE ledger_accounts SET held = held - $2 - $3, used = used + $2, "
              "balance = balance + $3 WHERE id = $1 AND kind = 'wallet' AND "
              "used <= 9223372036854775807 - $2",
              {std::string(account_id), captured, released}) != 1) {
    throw std::runtime_error("no wallet for account " + std::string(account_id) +
                             ", or its lifetime spending would pass 2^63 - 1 micro-credits");
  }
}

void insert_hold(Tx& tx, std::string_view hold_id, std::string_view account_id,
                 std::int64_t amount_micro, std::int64_t now_ms) {
  tx.exec(
      "INSERT INTO ledger_accounts (id, kind, account_id, balance, hold_state, hold_amount, "
      "created_at) VALUES ($1, 'hold', $2, $3, 'pending', $3, $4)",
      {std::string(hold_id), std::string(account_id), amount_micro, now_ms});
}

std::optional<LedgerAccountRecord> resolve_hold(Tx& tx, std::string_view hold_id,
                                                std::string_view state, std::int64_t now_ms) {
  Rows rows = tx.query(
      "UPDATE ledger_accounts SET hold_state = $2, balance = 0, resolved_at = $3 "
      "WHERE id = $1 AND kind = 'hold' AND hold_state = 'pending' RETURNING " +
          std::string(ledger_account_columns),
      {std::string(hold_id), std::string(state), now_ms});
  if (rows.empty()) return std::nullopt;
  LedgerAccountRecord hold = ledger_account_from(rows[0]);
  hold.balance_micro = *hold.hold_amount;  // as it was
  return hold;
}

void insert_transfer(Tx& tx, const TransferRecord& t) {
  tx.exec("INSERT INTO transfers (" + std::string(transfer_columns) +
              ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
          {t.id, t.debit_id, t.credit_id, t.amount_micro, t.kind, optional_text(t.hold_id),
           optional_text(t.phase), optional_text(t.task_id), optional_text(t.run_id),
           optional_text(t.agent_id), optional_text(t.memo), t.created_at_ms});
}

std::vector<HistoryEntry> wallet_history(Tx& tx, std::string_view account_id,
                                         const std::optional<std::string>& before_id,
                                         std::int64_t limit) {
  // Newest first from each side's index, merged: an OR over both columns would sort the lot.
  const std::string after = before_id ? " AND id < $3" : "";
  std::string side = "SELECT " + std::string(transfer_columns) + " FROM transfers WHERE ";
  const std::string sql =
      "SELECT t.id, t.debit_id, t.credit_id, t.amount, t.kind, t.hold_id, t.phase, t.task_id, "
      "t.run_id, t.agent_id, t.memo, t.created_at, o.kind, o.account_id FROM ("
      "SELECT * FROM (" +
      side + "debit_id = $1" + after + " ORDER BY id DESC LIMIT $2) d UNION ALL SELECT * FROM (" +
      side + "credit_id = $1" + after +
      " ORDER BY id DESC LIMIT $2) c) t JOIN ledger_accounts o ON o.id = "
      "CASE WHEN t.debit_id = $1 THEN t.credit_id ELSE t.debit_id END "
      "ORDER BY t.id DESC LIMIT $2";
  std::vector<Value> params = {std::string(account_id), limit};
  if (before_id) params.emplace_back(*before_id);
  std::vector<HistoryEntry> out;
  for (Row& r : tx.query(sql, params)) {
    HistoryEntry e;
    e.other_kind = r.take_text(12);
    e.other_account = r.take_optional_text(13);
    e.transfer = transfer_from(r);
    e.amount_micro =
        e.transfer.credit_id == account_id ? e.transfer.amount_micro : -e.transfer.amount_micro;
    out.push_back(std::move(e));
  }
  return out;
}

namespace {

// Sums of many amounts can pass 2^63 - 1 over a ledger's life (a busy wallet's turnover, the
// fee account), where SQLite's SUM fails and PostgreSQL's CAST does. So every sum is taken in
// two parts that cannot overflow — whole credits and the micro-credits below one credit, each
// of a non-negative column — and put together here in 128 bits.
using Wide = WideInt;
constexpr std::int64_t micro_per_credit = 1'000'000;

// The SQL of the two parts of SUM(`column`) over `from_where`, named `name`w (whole credits)
// and `name`r (the rest, in micro-credits).
std::string split_sum(std::string_view column, std::string_view from_where, std::string_view name) {
  const std::string c(column);
  const std::string f(from_where);
  const std::string n(name);
  return "COALESCE((SELECT CAST(SUM(" + c + " / 1000000) AS BIGINT) " + f + "), 0) AS " + n +
         "w, COALESCE((SELECT CAST(SUM(" + c + " % 1000000) AS BIGINT) " + f + "), 0) AS " + n +
         "r";
}

Wide joined(const Row& r, std::size_t whole_column) {
  return Wide{r.integer(whole_column)} * micro_per_credit + r.integer(whole_column + 1);
}

std::string wide_text(Wide v) {
  if (v == 0) return "0";
  const bool negative = v < 0;
  std::string digits;
  for (; v != 0; v /= 10)
    digits.insert(digits.begin(), static_cast<char>('0' + (negative ? -(v % 10) : v % 10)));
  return negative ? "-" + digits : digits;
}

}  // namespace

std::vector<std::string> ledger_violations(Tx& tx) {
  std::vector<std::string> out;
  auto each = [&](std::string_view sql, auto&& describe) {
    for (Row& r : tx.query(sql)) out.push_back(describe(r));
  };
  // A wallet's or hold's balance against its transfers: with w the whole credits and r the
  // micro-credits the transfers add up to, balance = w * 1e6 + r exactly when balance - r is a
  // multiple of 1e6 whose quotient is w; balance - r cannot overflow, as balance is bounded.
  each("SELECT id, balance, cw, cr, dw, dr FROM (SELECT a.id, a.balance, " +
           split_sum("amount", "FROM transfers WHERE credit_id = a.id", "c") + ", " +
           split_sum("amount", "FROM transfers WHERE debit_id = a.id", "d") +
           " FROM ledger_accounts a WHERE a.kind IN ('wallet', 'hold')) x WHERE (balance - (cr - "
           "dr)) % 1000000 <> 0 OR "
           "(balance - (cr - dr)) / 1000000 <> cw - dw LIMIT 20",
       [](Row& r) {
         return "ledger account " + r.text(0) + " holds " + std::to_string(r.integer(1)) +
                " but its transfers sum to " + wide_text(joined(r, 2) - joined(r, 4));
       });
  const Rows total = tx.query(
      "SELECT " +
      split_sum("balance", "FROM ledger_accounts WHERE kind IN ('wallet', 'hold')", "b") + ", " +
      split_sum("amount", "FROM transfers WHERE credit_id IN ('platform:fees', 'platform:mint')",
                "c") +
      ", " +
      split_sum("amount", "FROM transfers WHERE debit_id IN ('platform:fees', 'platform:mint')",
                "d"));
  if (const Wide sum = joined(total.at(0), 0) + joined(total.at(0), 2) - joined(total.at(0), 4);
      sum != 0) {
    out.push_back("all balances sum to " + wide_text(sum));
  }
  each(
      "SELECT id, balance, held FROM ledger_accounts WHERE kind = 'wallet' "
      "AND (balance < 0 OR held < 0) LIMIT 20",
      [](Row& r) {
        return "wallet " + r.text(0) + " is below zero (" + std::to_string(r.integer(1)) +
               " available, " + std::to_string(r.integer(2)) + " held)";
      });
  each(
      "SELECT id, held, pending FROM (SELECT w.id, w.held, COALESCE((SELECT CAST(SUM(h.balance) "
      "AS BIGINT) FROM ledger_accounts h WHERE h.kind = 'hold' AND h.account_id = w.id AND "
      "h.hold_state = 'pending'), 0) AS pending FROM ledger_accounts w WHERE w.kind = 'wallet') x "
      "WHERE held <> pending LIMIT 20",
      [](Row& r) {
        return "wallet " + r.text(0) + " shows " + std::to_string(r.integer(1)) +
               " held but its pending holds hold " + std::to_string(r.integer(2));
      });
  each("SELECT id, used, cw, cr FROM (SELECT w.id, w.used, " +
           split_sum("t.amount",
                     "FROM ledger_accounts h JOIN transfers t ON t.debit_id = h.id WHERE "
                     "h.kind = 'hold' AND h.account_id = w.id AND t.phase IN ('capture', 'fee')",
                     "c") +
           " FROM ledger_accounts w WHERE w.kind = 'wallet') x "
           "WHERE (used - cr) % 1000000 <> 0 OR (used - cr) / 1000000 <> cw LIMIT 20",
       [](Row& r) {
         return "wallet " + r.text(0) + " shows " + std::to_string(r.integer(1)) +
                " used but its holds captured " + wide_text(joined(r, 2));
       });
  each(
      "SELECT id, hold_state FROM ledger_accounts WHERE kind = 'hold' AND "
      "((hold_state = 'pending' AND (balance <> hold_amount OR resolved_at IS NOT NULL)) OR "
      "(hold_state <> 'pending' AND (balance <> 0 OR resolved_at IS NULL))) LIMIT 20",
      [](Row& r) { return "hold " + r.text(0) + " is " + r.text(1) + " but its balance is not"; });
  each(
      "SELECT DISTINCT h.id FROM ledger_accounts h JOIN transfers t ON t.debit_id = h.id "
      "WHERE h.kind = 'hold' AND h.hold_state = 'voided' AND t.phase <> 'release' LIMIT 20",
      [](Row& r) { return "voided hold " + r.text(0) + " paid someone"; });
  each(
      "SELECT t.id, t.status, h.hold_state FROM tasks t JOIN ledger_accounts h ON h.id = "
      "t.hold_id WHERE h.hold_amount <> t.budget OR NOT ("
      "(t.status IN ('open', 'assigned') AND h.hold_state = 'pending') OR "
      "(t.status = 'completed' AND h.hold_state = 'posted' AND t.fee + t.payout = t.budget) OR "
      "(t.status IN ('cancelled', 'expired') AND h.hold_state = 'voided')) LIMIT 20",
      [](Row& r) {
        return "task " + r.text(0) + " is " + r.text(1) + " but its hold is " + r.text(2);
      });
  return out;
}

std::vector<std::string> sqlite_integrity_problems(Tx& tx) {
  std::vector<std::string> out;
  for (Row& r : tx.query("PRAGMA integrity_check")) {
    if (r.text(0) != "ok") out.push_back(r.take_text(0));
  }
  return out;
}

bool insert_plan_grant(Tx& tx, std::string_view account_id, std::string_view period,
                       std::int64_t amount_micro, std::int64_t now_ms) {
  return tx.exec(
             "INSERT INTO plan_grants (account_id, period, amount, created_at) VALUES ($1, $2, "
             "$3, $4) ON CONFLICT (account_id, period) DO NOTHING",
             {std::string(account_id), std::string(period), amount_micro, now_ms}) == 1;
}

std::vector<AccountPlan> accounts_without_grant(Tx& tx, std::string_view period,
                                                std::int64_t limit) {
  std::vector<AccountPlan> out;
  for (Row& r : tx.query("SELECT a.id, a.plan FROM accounts a WHERE NOT EXISTS (SELECT 1 FROM "
                         "plan_grants g WHERE g.account_id = a.id AND g.period = $1) "
                         "ORDER BY a.id LIMIT $2",
                         {std::string(period), limit})) {
    out.push_back({r.take_text(0), r.take_text(1)});
  }
  return out;
}

std::vector<std::string> stale_holds(Tx& tx, std::string_view kind, std::int64_t before_ms,
                                     std::int64_t limit) {
  std::vector<std::string> out;
  for (Row& r :
       tx.query("SELECT h.id FROM ledger_accounts h JOIN transfers t ON t.hold_id = h.id AND "
                "t.phase = 'hold' WHERE h.hold_state = 'pending' AND h.created_at < $1 AND "
                "t.kind = $2 ORDER BY h.created_at LIMIT $3",
                {before_ms, std::string(kind), limit})) {
    out.push_back(r.take_text(0));
  }
  return out;
}

}  // namespace agentry::store
