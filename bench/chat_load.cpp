// Open-loop load at a fixed rate for bench/chat.sh: RATE requests/s for DURATION seconds, each
// on a new connection (agentry closes a connection after a stream), POSTing BODY to URL
// (http://HOST:PORT/PATH), round-robin over the API keys in KEYS. One thread of C++, so that
// the instrument adds little time and takes little of the machine from what it measures.
// For each request it times, from the start of its connection, the first streamed text (the
// first MARKER: agentry's first SSE "delta" event, the provider's first chunk with content) and
// the end of the stream (the last chunk of the chunked body). Prints
// "first_p50 first_p99 whole_p50 whole_p99 errors" in milliseconds.
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {

std::string env(const char* name, const char* fallback = "") {
  const char* v = std::getenv(name);
  return v != nullptr ? v : fallback;
}

struct Target {
  tcp::endpoint endpoint;
  std::string host;
  std::string path;
};

Target parse(const std::string& url) {
  const std::string rest = url.substr(url.find("://") + 3);
  const auto slash = rest.find('/');
  const std::string authority = rest.substr(0, slash);
  const auto colon = authority.rfind(':');
  return {tcp::endpoint(asio::ip::make_address(authority.substr(0, colon)),
                        static_cast<unsigned short>(std::stoi(authority.substr(colon + 1)))),
          authority, rest.substr(slash)};
}

struct Results {
  std::vector<double> first;
  std::vector<double> whole;
  int errors = 0;
};

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

asio::awaitable<void> one(const Target& target, std::string request, const std::string& marker,
                          Results& results) {
  const auto start = Clock::now();
  tcp::socket socket(co_await asio::this_coro::executor);
  bool first_seen = false;
  bool ended = false;
  try {
    co_await socket.async_connect(target.endpoint, asio::use_awaitable);
    socket.set_option(tcp::no_delay(true));
    co_await asio::async_write(socket, asio::buffer(request), asio::use_awaitable);
    std::string seen;  // everything received: a turn's answer is a few KiB
    std::array<char, 4096> buffer{};
    for (;;) {
      const std::size_t n =
          co_await socket.async_read_some(asio::buffer(buffer), asio::use_awaitable);
      seen.append(buffer.data(), n);
      if (!first_seen && seen.find(marker) != std::string::npos) {
        first_seen = true;
        results.first.push_back(ms_since(start));
      }
      if (seen.size() >= 5 && seen.compare(seen.size() - 5, 5, "0\r\n\r\n") == 0) {
        results.whole.push_back(ms_since(start));
        ended = seen.starts_with("HTTP/1.1 200");
        break;
      }
    }
  } catch (const std::exception&) {
    ended = false;
  }
  if (!ended || !first_seen) ++results.errors;
}

double percentile(std::vector<double> xs, double p) {
  if (xs.empty()) return 0;
  std::sort(xs.begin(), xs.end());
  const auto i = static_cast<std::size_t>(p / 100 * static_cast<double>(xs.size()));
  return xs[std::min(xs.size() - 1, i)];
}

int run() {
  const Target target = parse(env("URL"));
  const std::string body = env("BODY");
  const std::string marker = env("MARKER");
  std::vector<std::string> keys;
  {
    const std::string all = env("KEYS");
    std::size_t from = 0;
    for (;;) {
      const auto comma = all.find(',', from);
      keys.push_back(all.substr(from, comma - from));
      if (comma == std::string::npos) break;
      from = comma + 1;
    }
  }
  const double rate = std::stod(env("RATE", "500"));
  const double seconds = std::stod(env("DURATION", "5"));
  const auto total = static_cast<long>(rate * seconds);

  std::vector<std::string> requests;
  for (const std::string& key : keys) {
    std::string r = "POST " + target.path + " HTTP/1.1\r\nHost: " + target.host +
                    "\r\nContent-Type: application/json\r\nConnection: close\r\n";
    if (!key.empty()) r += "Authorization: Bearer " + key + "\r\n";
    r += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
    requests.push_back(std::move(r));
  }

  asio::io_context io(1);
  Results results;
  asio::co_spawn(
      io,
      [&]() -> asio::awaitable<void> {
        asio::steady_timer timer(io);
        const auto t0 = Clock::now();
        const auto period = std::chrono::duration<double>(1.0 / rate);
        for (long i = 0; i < total; ++i) {
          timer.expires_at(t0 + std::chrono::duration_cast<Clock::duration>(period * i));
          co_await timer.async_wait(asio::use_awaitable);
          asio::co_spawn(
              io,
              one(target, requests[static_cast<std::size_t>(i) % requests.size()], marker, results),
              asio::detached);
        }
      },
      asio::detached);
  io.run();
  std::printf("%.3f %.3f %.3f %.3f %d\n", percentile(results.first, 50),
              percentile(results.first, 99), percentile(results.whole, 50),
              percentile(results.whole, 99), results.errors);
  return 0;
}

}  // namespace

int main() {
  try {
    return run();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "chat_load: %s\n", e.what());
    return 1;
  }
}
