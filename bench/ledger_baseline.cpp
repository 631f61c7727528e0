// The in-process baseline of bench/tasks.sh: the same three transactions a settled task takes
// through HTTP (post, accept, complete), run by the same domain code directly on agentry's
// SQLite store (WAL, synchronous=FULL, group commit), with as many clients in flight as the
// HTTP run has connections. What it cannot do faster is the store; the HTTP run's ratio to it is
// what the server around the store costs.
// Usage: bench_ledger_baseline DIR SECONDS CLIENTS  — prints "settled_per_second N".
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
#include "domain/tasks.hpp"
#include "store/sqlite/sqlite_database.hpp"

namespace {
using namespace agentry;

SystemClock wall;

struct Client {
  std::string poster;
  std::string worker;
  std::string agent;
  std::string task;
};

struct Bench {
  store::Database& db;
  std::atomic<bool> stopping{false};
  std::atomic<long> settled{0};
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
      if (phase == 2) ++settled;
      if (phase == 2 && stopping) return finish();
      step((phase + 1) % 3, c);
    };
    const std::int64_t now = wall.now_ms();
    switch (phase) {
      case 0:
        db.submit_write(
            [&c, now](store::Tx& tx) {
              tasks::Draft d{.title = "bench", .description = "", .budget = 1'000'000};
              c.task = check(tasks::post(tx, c.poster, d, now), "post").id;
            },
            next);
        break;
      case 1:
        db.submit_write(
            [&c, now](store::Tx& tx) {
              check(tasks::accept(tx, c.worker, c.task, c.agent, now), "accept");
            },
            next);
        break;
      default:
        db.submit_write(
            [&c, now](store::Tx& tx) {
              check(tasks::complete(tx, c.worker, c.task, "\"ok\"", 1000, now), "complete");
            },
            next);
    }
  }
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::cerr << "usage: bench_ledger_baseline DIR SECONDS CLIENTS\n";
    return 2;
  }
  const std::filesystem::path dir = argv[1];
  const int seconds = std::atoi(argv[2]);
  const int clients = std::atoi(argv[3]);
  std::filesystem::create_directories(dir);
  auto db = store::open_sqlite({.path = (dir / "baseline.db").string(), .now_ms = wall.now_ms()});
  const PlanCatalog plans(default_plans());

  // Four posters and four workers with one agent each, as in the HTTP run.
  std::vector<std::string> posters, workers, agents;
  db->write_blocking([&](store::Tx& tx) {
    const std::int64_t now = wall.now_ms();
    for (int i = 0; i < 4; ++i) {
      auto p = Bench::check(accounts::create(tx, plans, {.name = "poster", .plan = "pro"},
                                             {.name = "k", .scopes = {"admin"}}, now),
                            "poster");
      ledger::grant(tx, p.account.id, 1'000'000'000'000'000, "grant", {}, now);
      posters.push_back(p.account.id);
      auto w = Bench::check(accounts::create(tx, plans, {.name = "worker", .plan = "pro"},
                                             {.name = "k", .scopes = {"admin"}}, now),
                            "worker");
      agents::Draft d;
      d.name = "agent";
      agents.push_back(Bench::check(agents::create(tx, w.account.id, d, now), "agent").id);
      workers.push_back(w.account.id);
    }
  });

  Bench bench{*db};
  std::vector<Client> all(static_cast<std::size_t>(clients));
  for (std::size_t i = 0; i < all.size(); ++i) {
    all[i] = {posters[i % 4], workers[(i / 4) % 4], agents[(i / 4) % 4], ""};
  }
  bench.active = clients;
  const auto start = std::chrono::steady_clock::now();
  for (auto& c : all) bench.step(0, c);
  std::this_thread::sleep_for(std::chrono::seconds(seconds));
  const long settled = bench.settled.load();
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  bench.stopping = true;
  {
    std::unique_lock lock(bench.mutex);
    bench.idle.wait(lock, [&] { return bench.active == 0; });
  }
  db->close();
  std::printf("settled_per_second %.0f\n", static_cast<double>(settled) / elapsed);
  return 0;
}
