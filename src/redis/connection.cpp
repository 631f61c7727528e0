#include "redis/connection.hpp"

#include <boost/url/parse.hpp>

#include <charconv>

namespace agentry::redis {
namespace {

int number(std::string_view text, std::string_view what) {
  int v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc{} || end != text.data() + text.size() || v < 0) {
    throw std::invalid_argument("the Redis URL's " + std::string(what) + " is not a number");
  }
  return v;
}

}  // namespace

Endpoint parse_url(std::string_view url) {
  auto parsed = boost::urls::parse_uri(url);
  if (!parsed || parsed->scheme() != "redis" || parsed->host().empty()) {
    throw std::invalid_argument("--redis must be redis://[:PASSWORD@]HOST[:PORT][/DB]");
  }
  Endpoint e;
  e.host = parsed->host();
  if (parsed->has_port()) e.port = number(parsed->port(), "port");
  if (parsed->has_password()) e.password = parsed->password();
  std::string path = parsed->path();
  if (!path.empty() && path != "/") e.db = number(std::string_view(path).substr(1), "database");
  return e;
}

Connection::Connection(const Endpoint& endpoint, std::chrono::milliseconds timeout,
                       const std::string& name) {
  const timeval tv{static_cast<time_t>(timeout.count() / 1000),
                   static_cast<suseconds_t>((timeout.count() % 1000) * 1000)};
  context_ = redisConnectWithTimeout(endpoint.host.c_str(), endpoint.port, tv);
  if (!context_ || context_->err) {
    const std::string why = context_ ? context_->errstr : "out of memory";
    redisFree(context_);
    context_ = nullptr;
    throw ConnectionError("cannot connect to Redis at " + endpoint.host + ":" +
                          std::to_string(endpoint.port) + ": " + why);
  }
  redisSetTimeout(context_, tv);
  auto expect_ok = [this](const std::vector<std::string>& args, std::string_view what) {
    Reply r = command(args);
    if (r->type == REDIS_REPLY_ERROR) {
      throw ConnectionError("Redis refused " + std::string(what) + ": " +
                            std::string(r->str, r->len));
    }
  };
  try {
    if (!endpoint.password.empty()) expect_ok({"AUTH", endpoint.password}, "the password");
    if (endpoint.db != 0) expect_ok({"SELECT", std::to_string(endpoint.db)}, "the database");
    if (!name.empty()) expect_ok({"CLIENT", "SETNAME", name}, "the client name");
  } catch (...) {
    redisFree(context_);
    context_ = nullptr;
    throw;
  }
}

Connection::~Connection() {
  redisFree(context_);
}

Reply Connection::command(const std::vector<std::string>& args) {
  if (broken_ || !context_) throw ConnectionError("the Redis connection is broken");
  std::vector<const char*> argv;
  std::vector<std::size_t> lengths;
  for (const auto& a : args) {
    argv.push_back(a.data());
    lengths.push_back(a.size());
  }
  auto* reply = static_cast<redisReply*>(
      redisCommandArgv(context_, static_cast<int>(argv.size()), argv.data(), lengths.data()));
  if (!reply) {
    broken_ = true;
    throw ConnectionError(std::string("Redis: ") + context_->errstr);
  }
  return Reply(reply);
}

std::vector<Reply> Connection::commands(const std::vector<std::vector<std::string>>& batch) {
  if (broken_ || !context_) throw ConnectionError("the Redis connection is broken");
  std::vector<const char*> argv;
  std::vector<std::size_t> lengths;
  for (const auto& args : batch) {
    argv.clear();
    lengths.clear();
    for (const auto& a : args) {
      argv.push_back(a.data());
      lengths.push_back(a.size());
    }
    if (redisAppendCommandArgv(context_, static_cast<int>(argv.size()), argv.data(),
                               lengths.data()) != REDIS_OK) {
      broken_ = true;
      throw ConnectionError(std::string("Redis: ") + context_->errstr);
    }
  }
  std::vector<Reply> replies;
  replies.reserve(batch.size());
  for (std::size_t i = 0; i < batch.size(); ++i) {
    void* reply = nullptr;
    if (redisGetReply(context_, &reply) != REDIS_OK || !reply) {
      broken_ = true;
      throw ConnectionError(std::string("Redis: ") + context_->errstr);
    }
    replies.emplace_back(static_cast<redisReply*>(reply));
  }
  return replies;
}

}  // namespace agentry::redis
