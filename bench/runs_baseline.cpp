// The in-process baseline of bench/runs.sh: the three transactions a run takes through the
// server (create with its hold, claim, finish with its capture), run by the same domain code
// directly on agentry's SQLite store (WAL, synchronous=FULL, group commit), with as many
// clients in flight as the HTTP run has connections. The echo provider's answer is computed in
// place. What it cannot do faster is the store; the server's ratio to it is what the HTTP
// layer, the queue and the worker pool cost.
// Usage: bench_runs_baseline DIR SECONDS CLIENTS  — prints "runs_per_second N".
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.hpp"
#include "domain/accounts.hpp"
#include "domain/agents.hpp"
#include "domain/ledger.hpp"
#include "domain/plans.hpp"
#include "domain/runs.hpp"
#include "store/sqlite/sqlite_database.hpp"

namespace {
using namespace agentry;

SystemClock wall;
const pricing::PriceTable prices(pricing::default_prices());

struct Client {
  std::string consumer;
  std::string agent;
  std::string claim;
  std::string run;
};

struct Bench {
  store::Database& db;
  std::atomic<bool> stopping{false};
  std::atomic<long> completed{0};
  std::atomic<int> active{0};
  std::mutex mutex;
  std::condition_variable idle;

  template <class T>
  static T check(Result<T> r, const char* what) {
    if (!r) {
      std::cerr << what << ": " << r.error().message << "\n";
      std::abort();
    }
    return std::move(*r);
  }

  void finish() {
    std::lock_guard lock(mutex);
    if (--active == 0) idle.notify_all();
  }

  // One client's loop: each step is submitted when the previous one has committed.
  void step(int phase, Client& c) {
    auto next = [this, phase, &c](std::exception_ptr e) {
      if (e) std::rethrow_exception(e);
      if (phase == 2) ++completed;
      if (phase == 2 && stopping) return finish();
      step((phase + 1) % 3, c);
    };
    const std::int64_t now = wall.now_ms();
    switch (phase) {
      case 0:
        db.submit_write(
            [&c, now](store::Tx& tx) {
              const runs::Terms terms{.prices = &prices, .max_output_tokens = 4096};
              c.run = check(runs::create(tx, c.consumer,
                                         {.agent_id = c.agent,
                                          .input = R"({"message":"hello"})",
                                          .timeout_ms = 300'000},
                                         terms, now),
                            "create")
                          .id;
            },
            next, store::WriteIsolation::conditional);
        break;
      case 1:
        db.submit_write(
            [&c, now](store::Tx& tx) {
              // Each client claims one run: the oldest, which may be another client's.
              auto claimed = runs::claim(
                  tx, c.claim, 1, {}, [](const std::string&) { return 1; }, now + 30'000, now);
              c.run = claimed.empty() ? "" : claimed.front().id;
            },
            next, store::WriteIsolation::conditional);
        break;
      default:
        db.submit_write(
            [&c, now](store::Tx& tx) {
              if (c.run.empty()) return;
              const runs::Outcome done{.kind = runs::Outcome::Kind::completed,
                                       .result = R"({"output":"echo: hello"})",
                                       .input_tokens = 1,
                                       .output_tokens = 2};
              check(runs::finish(tx, c.run, c.claim, done, 1000, prices, now), "finish");
            },
            next, store::WriteIsolation::conditional);
    }
  }
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::cerr << "usage: bench_runs_baseline DIR SECONDS CLIENTS\n";
    return 2;
  }
  const std::filesystem::path dir = argv[1];
  const int seconds = std::atoi(argv[2]);
  const int clients = std::atoi(argv[3]);
  std::filesystem::create_directories(dir);
  auto db = store::open_sqlite({.path = (dir / "baseline.db").string(), .now_ms = wall.now_ms()});
  const PlanCatalog plans(default_plans());

  // As in the HTTP run: one consumer with credits, an owner with 8 public echo agents priced
  // 0.001 credits, so that every run holds and captures.
  std::string consumer;
  std::vector<std::string> agents;
  db->write_blocking([&](store::Tx& tx) {
    const std::int64_t now = wall.now_ms();
    auto c = Bench::check(accounts::create(tx, plans, {.name = "consumer", .plan = "pro"},
                                           {.name = "k", .scopes = {"admin"}}, now),
                          "consumer");
    ledger::grant(tx, c.account.id, 1'000'000'000'000'000, "grant", {}, now);
    consumer = c.account.id;
    auto o = Bench::check(accounts::create(tx, plans, {.name = "owner", .plan = "pro"},
                                           {.name = "k", .scopes = {"admin"}}, now),
                          "owner");
    for (int i = 0; i < 8; ++i) {
      agents::Draft d;
      d.name = "echo" + std::to_string(i);
      d.model = "echo";
      d.visibility = "public";
      d.price_per_task_micro = 1000;
      agents.push_back(Bench::check(agents::create(tx, o.account.id, d, now), "agent").id);
    }
  });

  Bench bench{*db};
  std::vector<Client> all(static_cast<std::size_t>(clients));
  for (std::size_t i = 0; i < all.size(); ++i) {
    all[i] = {consumer, agents[i % agents.size()], "clm_" + std::to_string(i), ""};
  }
  bench.active = clients;
  const auto start = std::chrono::steady_clock::now();
  for (auto& c : all) bench.step(0, c);
  std::this_thread::sleep_for(std::chrono::seconds(seconds));
  const long completed = bench.completed.load();
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  bench.stopping = true;
  {
    std::unique_lock lock(bench.mutex);
    bench.idle.wait(lock, [&] { return bench.active == 0; });
  }
  db->close();
  std::printf("runs_per_second %.0f\n", static_cast<double>(completed) / elapsed);
  return 0;
}
