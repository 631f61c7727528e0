#include "api/stream_reads.hpp"

namespace agentry::api {

boost::asio::awaitable<StreamBatch> StreamReads::read(
    const std::string& key, const std::function<boost::asio::awaitable<StreamBatch>()>& fetch) {
  // A fetch that begins after this count of signals sees every change they announced.
  co_return co_await fetches_.get(key, notifier_.epoch(), fetch);
}

}  // namespace agentry::api
