// The in-process baseline of bench/tasks.sh: the same three transactions a settled task takes
// through HTTP (post, accept, complete), run by the same domain code directly on agentry's
// SQLite store (WAL, synchronous=FULL, group commit), with as many clients in flight as the
// HTTP run has connections. What it cannot do faster is the store; the HTTP run's ratio to it is
// what the server around the store costs.
// Usage: bench_ledger_baseline DIR SECONDS CLIENTS  — prints "settled_per_second N".
#include <cstdio>
#include <string>
#include <vector>

#include "closed_loop.hpp"
#include "domain/accounts.hpp"
#include "domain/agents.hpp"
#include "domain/ledger.hpp"
#include "domain/plans.hpp"
#include "domain/tasks.hpp"

namespace {
using namespace agentry;
using bench::check;

struct Client {
  std::string poster;
  std::string worker;
  std::string agent;
  std::string task;
};

}  // namespace

int main(int argc, char** argv) {
  const bench::Args args = bench::args_of(argc, argv, "bench_ledger_baseline DIR SECONDS CLIENTS");
  auto db = bench::open_store(args);
  const plans::Catalog catalog(plans::defaults());

  // Four posters and four workers with one agent each, as in the HTTP run.
  std::vector<std::string> posters, workers, agents;
  db->write_blocking([&](store::Tx& tx) {
    const std::int64_t now = SystemClock().now_ms();
    for (int i = 0; i < 4; ++i) {
      auto p = check(accounts::create(tx, catalog, {.name = "poster", .plan = "pro"},
                                      {.name = "k", .scopes = {"admin"}}, now),
                     "poster");
      (void)ledger::grant(tx, p.account.id, ledger::max_amount_micro, "grant", {}, now);
      posters.push_back(p.account.id);
      auto w = check(accounts::create(tx, catalog, {.name = "worker", .plan = "pro"},
                                      {.name = "k", .scopes = {"admin"}}, now),
                     "worker");
      agents::Draft d;
      d.name = "agent";
      agents.push_back(check(agents::create(tx, w.account.id, d, now), "agent").id);
      workers.push_back(w.account.id);
    }
  });

  std::vector<Client> clients(static_cast<std::size_t>(args.clients));
  for (std::size_t i = 0; i < clients.size(); ++i) {
    clients[i] = {posters[i % 4], workers[(i / 4) % 4], agents[(i / 4) % 4], ""};
  }
  const std::vector<bench::Step<Client>> steps = {
      [](store::Tx& tx, Client& c, std::int64_t now) {
        tasks::Draft d{.title = "bench", .description = "", .budget_micro = 1'000'000};
        c.task = check(tasks::post(tx, c.poster, d, now), "post").id;
      },
      [](store::Tx& tx, Client& c, std::int64_t now) {
        check(tasks::accept(tx, c.worker, c.task, c.agent, now), "accept");
      },
      [](store::Tx& tx, Client& c, std::int64_t now) {
        check(tasks::complete(tx, c.worker, c.task, "\"ok\"", 1000, now), "complete");
      }};
  const double rate = bench::loops_per_second(*db, clients, args.seconds, steps,
                                              store::WriteIsolation::serializable);
  db->close();
  std::printf("settled_per_second %.0f\n", rate);
  return 0;
}
