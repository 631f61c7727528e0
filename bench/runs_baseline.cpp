// The in-process baseline of bench/runs.sh: the three transactions a run takes through the
// server (create with its hold, claim, finish with its capture), run by the same domain code
// directly on agentry's SQLite store (WAL, synchronous=FULL, group commit), with as many
// clients in flight as the HTTP run has connections. The echo provider's answer is computed in
// place. What it cannot do faster is the store; the server's ratio to it is what the HTTP
// layer, the queue and the worker pool cost.
// Usage: bench_runs_baseline DIR SECONDS CLIENTS  — prints "runs_per_second N".
#include <cstdio>
#include <string>
#include <vector>

#include "closed_loop.hpp"
#include "domain/accounts.hpp"
#include "domain/agents.hpp"
#include "domain/ledger.hpp"
#include "domain/plans.hpp"
#include "domain/pricing.hpp"
#include "domain/runs.hpp"

namespace {
using namespace agentry;
using bench::check;

const pricing::PriceTable prices(pricing::default_prices());

struct Client {
  std::string consumer;
  std::string agent;
  std::string claim;
  std::string run;
};

}  // namespace

int main(int argc, char** argv) {
  const bench::Args args = bench::args_of(argc, argv, "bench_runs_baseline DIR SECONDS CLIENTS");
  auto db = bench::open_store(args);
  const plans::Catalog catalog(plans::defaults());

  // As in the HTTP run: one consumer with credits, an owner with 8 public echo agents priced
  // 0.001 credits, so that every run holds and captures.
  std::string consumer;
  std::vector<std::string> agents;
  db->write_blocking([&](store::Tx& tx) {
    const std::int64_t now = SystemClock().now_ms();
    auto c = check(accounts::create(tx, catalog, {.name = "consumer", .plan = "pro"},
                                    {.name = "k", .scopes = {"admin"}}, now),
                   "consumer");
    (void)ledger::grant(tx, c.account.id, ledger::max_amount_micro, "grant", {}, now);
    consumer = c.account.id;
    auto o = check(accounts::create(tx, catalog, {.name = "owner", .plan = "pro"},
                                    {.name = "k", .scopes = {"admin"}}, now),
                   "owner");
    for (int i = 0; i < 8; ++i) {
      agents::Draft d;
      d.name = "echo" + std::to_string(i);
      d.model = "echo";
      d.visibility = "public";
      d.price_per_task_micro = 1000;
      agents.push_back(check(agents::create(tx, o.account.id, d, now), "agent").id);
    }
  });

  std::vector<Client> clients(static_cast<std::size_t>(args.clients));
  for (std::size_t i = 0; i < clients.size(); ++i) {
    clients[i] = {consumer, agents[i % agents.size()], "clm_" + std::to_string(i), ""};
  }
  const std::vector<bench::Step<Client>> steps = {
      [](store::Tx& tx, Client& c, std::int64_t now) {
        const runs::Terms terms{.prices = &prices, .max_output_tokens = 4096};
        c.run =
            check(
                runs::create(
                    tx, c.consumer,
                    {.agent_id = c.agent, .input = R"({"message":"hello"})", .timeout_ms = 300'000},
                    terms, now),
                "create")
                .id;
      },
      [](store::Tx& tx, Client& c, std::int64_t now) {
        // Each client claims one run: the oldest, which may be another client's.
        auto claimed = runs::claim(
            tx, c.claim, 1, {}, [](const std::string&) { return 1; }, now + 30'000, now);
        c.run = claimed.empty() ? "" : claimed.front().id;
      },
      [](store::Tx& tx, Client& c, std::int64_t now) {
        if (c.run.empty()) return;
        const runs::Outcome done{.kind = runs::Outcome::Kind::completed,
                                 .result = R"({"output":"echo: hello"})",
                                 .input_tokens = 1,
                                 .output_tokens = 2};
        check(runs::finish(tx, c.run, c.claim, done, 1000, prices, now), "finish");
      }};
  const double rate = bench::loops_per_second(*db, clients, args.seconds, steps,
                                              store::WriteIsolation::conditional);
  db->close();
  std::printf("runs_per_second %.0f\n", rate);
  return 0;
}
