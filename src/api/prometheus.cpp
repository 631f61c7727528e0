#include "api/prometheus.hpp"

#include "api/await_db.hpp"
#include "core/instruments.hpp"
#include "core/process_stats.hpp"
#include "domain/runs.hpp"
#include "runtime/db_queue.hpp"

namespace agentry::api {

boost::asio::awaitable<http::Response> prometheus_reply(Services& services) {
  instruments::Instruments& m = instruments::get();
  // While requests are shed the database is the bottleneck: the open-run gauges keep their last
  // values rather than make the scrape wait in its queue.
  const std::int64_t limit = services.options.max_waiting_transactions;
  if (limit <= 0 || runtime::transactions_waiting() < limit) {
    const auto open =
        co_await db_read(services.db, [](store::Tx& tx) { return runs::open_counts(tx); });
    for (const auto& [state, count] : open) m.runs.with({state}).set(count);
  }
  const process_stats::Stats process = process_stats::read();
  m.resident_memory.only().set(process.resident_bytes);
  m.open_fds.only().set(process.open_fds);
  http::Response r;
  r.content_type = std::string(prometheus_content_type);
  r.body = m.registry.exposition();
  co_return r;
}

}  // namespace agentry::api
