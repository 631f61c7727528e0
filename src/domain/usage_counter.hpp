#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

// Counting authenticated requests per API key and UTC day for GET /v1/usage, without a write
// per request: counts gather in memory and are added to the store in one transaction a second.
namespace agentry::usage {

class RequestCounter {
 public:
  struct Count {
    std::string account_id;
    std::string key_id;
    std::int64_t day = 0;  // days since 1970-01-01 (UTC)
    std::int64_t count = 0;
  };

  // One request of the key `key_id`, which belongs to `account_id`.
  void count(const std::string& account_id, const std::string& key_id, std::int64_t now_ms);
  // Everything counted since the last take, emptying the counter.
  std::vector<Count> take();
  // Counts whose write failed, kept for the next attempt.
  void put_back(const std::vector<Count>& counts);

 private:
  void add(const std::string& account_id, const std::string& key_id, std::int64_t day,
           std::int64_t n);
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  // Per key, its account and (day since 1970-01-01, count) pairs, the current day last. Looked
  // up by the caller's string without copying it: this runs on every request.
  struct Key {
    std::string account_id;
    std::vector<std::pair<std::int64_t, std::int64_t>> days;
  };
  using Keys = std::unordered_map<std::string, Key, Hash, std::equal_to<>>;
  std::mutex mutex_;
  Keys counts_;
};

}  // namespace agentry::usage
