#pragma once

// The harness of the in-process baselines (bench_ledger_baseline, bench_runs_baseline): clients
// that each run the same few write transactions in a loop on agentry's SQLite store, every step
// submitted when the previous one has committed, as many in flight as the HTTP run has
// connections.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <functional>
#include <iostream>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "store/database.hpp"
#include "store/sqlite/sqlite_database.hpp"

namespace agentry::bench {

// The value of `r`; aborts with `what` and the error when there is none.
template <class T>
T check(Result<T> r, const char* what) {
  if (!r) {
    std::cerr << what << ": " << r.error().message << "\n";
    std::abort();
  }
  return std::move(*r);
}

// DIR SECONDS CLIENTS from the command line; exits with `usage` when they are not there.
struct Args {
  std::filesystem::path dir;
  int seconds = 0;
  int clients = 0;
};
inline Args args_of(int argc, char** argv, const char* usage) {
  if (argc != 4) {
    std::cerr << "usage: " << usage << "\n";
    std::exit(2);
  }
  Args a{argv[1], std::atoi(argv[2]), std::atoi(argv[3])};
  std::filesystem::create_directories(a.dir);
  return a;
}

inline std::unique_ptr<store::Database> open_store(const Args& a) {
  return store::open_sqlite(
      {.path = (a.dir / "baseline.db").string(), .now_ms = SystemClock().now_ms()});
}

// One transaction of a client's loop, given the client and the time.
template <class Client>
using Step = std::function<void(store::Tx&, Client&, std::int64_t now_ms)>;

// Runs every client's loop of `steps` for `seconds`, then lets the loops in flight end; the
// loops completed per second.
template <class Client>
double loops_per_second(store::Database& db, std::vector<Client>& clients, int seconds,
                        const std::vector<Step<Client>>& steps, store::WriteIsolation isolation) {
  const SystemClock wall;
  std::atomic<bool> stopping{false};
  std::atomic<long> completed{0};
  std::size_t active = clients.size();
  std::mutex mutex;
  std::condition_variable idle;
  std::function<void(std::size_t, Client&)> step = [&](std::size_t i, Client& c) {
    db.submit_write([&, i](store::Tx& tx) { steps[i](tx, c, wall.now_ms()); },
                    [&, i](std::exception_ptr e) {
                      if (e) std::rethrow_exception(e);
                      const bool last = i + 1 == steps.size();
                      if (last) ++completed;
                      if (last && stopping) {
                        std::lock_guard lock(mutex);
                        if (--active == 0) idle.notify_all();
                        return;
                      }
                      step((i + 1) % steps.size(), c);
                    },
                    isolation);
  };
  const auto start = std::chrono::steady_clock::now();
  for (auto& c : clients) step(0, c);
  std::this_thread::sleep_for(std::chrono::seconds(seconds));
  const long done = completed.load();
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  stopping = true;
  {
    std::unique_lock lock(mutex);
    idle.wait(lock, [&] { return active == 0; });
  }
  return static_cast<double>(done) / elapsed;
}

}  // namespace agentry::bench
