#pragma once

#include <hiredis/hiredis.h>

#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace agentry::redis {

// Where a Redis server is: redis://[:PASSWORD@]HOST[:PORT][/DB].
struct Endpoint {
  std::string host;
  int port = 6379;
  std::string password;
  int db = 0;
};

// Throws std::invalid_argument naming what is wrong (never the password).
Endpoint parse_url(std::string_view url);

// Thrown when the server cannot be reached or the connection breaks.
class ConnectionError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct ReplyDeleter {
  void operator()(redisReply* r) const { freeReplyObject(r); }
};
using Reply = std::unique_ptr<redisReply, ReplyDeleter>;

// One blocking hiredis connection with a timeout on every command. Not thread-safe.
class Connection {
 public:
  // A non-empty `name` is set with CLIENT SETNAME, so that CLIENT LIST shows who is connected.
  Connection(const Endpoint& endpoint, std::chrono::milliseconds timeout,
             const std::string& name = {});
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Sends one command and returns its reply, which may be an error reply. Throws
  // ConnectionError when the connection fails; the connection is then broken for good.
  Reply command(const std::vector<std::string>& args);
  // Sends several commands at once and returns their replies in order: one round trip. Throws
  // as command() does.
  std::vector<Reply> commands(const std::vector<std::vector<std::string>>& batch);
  bool broken() const { return broken_; }

 private:
  redisContext* context_ = nullptr;
  bool broken_ = false;
};

}  // namespace agentry::redis
