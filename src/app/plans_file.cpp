#include "app/plans_file.hpp"

#include <boost/json/parse.hpp>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "domain/ledger.hpp"

namespace agentry::app {
namespace json = boost::json;
namespace {

// The most live streams a plan may let one account hold open on a node.
constexpr std::int64_t max_streams = 100'000;

std::int64_t integer(const json::value& v, std::string_view field) {
  if (!v.is_int64() && !v.is_uint64()) {
    throw std::runtime_error("plans file: " + std::string(field) + " must be an integer");
  }
  return v.to_number<std::int64_t>();
}

std::optional<std::int64_t> optional_integer(const json::value& v, std::string_view field) {
  if (v.is_null()) return std::nullopt;
  return integer(v, field);
}

void apply(plans::Plan& plan, const json::object& o) {
  for (const auto& [key, value] : o) {
    if (key == "id") continue;
    if (key == "name") {
      plan.display_name = std::string(value.as_string());
    } else if (key == "priceCentsPerMonth") {
      plan.price_cents_per_month = integer(value, key);
    } else if (key == "monthlyCredits") {
      const std::int64_t credits = integer(value, key);
      constexpr std::int64_t max_credits = ledger::max_amount_micro / ledger::micro_per_credit;
      if (credits < 0 || credits > max_credits) {
        throw std::runtime_error("plans file: monthlyCredits must be from 0 to " +
                                 std::to_string(max_credits));
      }
      plan.monthly_credits_micro = credits * ledger::micro_per_credit;
    } else if (key == "requestsPerMinute") {
      plan.requests_per_minute = integer(value, key);
    } else if (key == "requestsPerHour") {
      plan.requests_per_hour = optional_integer(value, key);
    } else if (key == "rateLimitPer") {
      const std::string_view per =
          value.is_string() ? std::string_view(value.get_string()) : std::string_view();
      if (per != "account" && per != "key") {
        throw std::runtime_error(R"(plans file: rateLimitPer must be "account" or "key")");
      }
      plan.limit_per_key = per == "key";
    } else if (key == "tokensPerMinute") {
      plan.tokens_per_minute = integer(value, key);
    } else if (key == "maxApiKeys") {
      plan.max_api_keys = optional_integer(value, key);
    } else if (key == "maxAgents") {
      plan.max_agents = optional_integer(value, key);
    } else if (key == "maxRunningAgents") {
      plan.max_running_agents = optional_integer(value, key);
    } else if (key == "maxKnowledgeEntries") {
      plan.max_knowledge_entries = optional_integer(value, key);
    } else if (key == "maxKnowledgeBytes") {
      plan.max_knowledge_bytes = optional_integer(value, key);
    } else if (key == "maxStreams") {
      plan.max_streams = integer(value, key);
      if (plan.max_streams < 1 || plan.max_streams > max_streams) {
        throw std::runtime_error("plans file: maxStreams must be from 1 to " +
                                 std::to_string(max_streams));
      }
    } else if (key == "volumeDiscountPercent") {
      plan.volume_discount_percent = integer(value, key);
    } else if (key == "features") {
      plan.features.clear();
      for (const auto& f : value.as_array()) plan.features.emplace_back(f.as_string());
    } else {
      throw std::runtime_error("plans file: unknown field " + std::string(key));
    }
  }
}

}  // namespace

std::vector<plans::Plan> load_plans(const std::string& path) {
  if (path.empty()) return plans::defaults();
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read plans file " + path);
  std::stringstream text;
  text << in.rdbuf();
  return parse_plans(text.str(), path);
}

std::vector<plans::Plan> parse_plans(std::string_view text, const std::string& path) {
  std::vector<plans::Plan> catalog = plans::defaults();
  boost::system::error_code ec;
  json::value doc = json::parse(text, ec);
  if (ec || !doc.is_object() || !doc.as_object().contains("plans") || !doc.at("plans").is_array()) {
    throw std::runtime_error("plans file " + path + ": expected {\"plans\": [...]}");
  }
  try {
    for (const auto& entry : doc.at("plans").as_array()) {
      const json::object& o = entry.as_object();
      const std::string id(o.at("id").as_string());
      if (id == plans::admin_id) throw std::runtime_error("plans file: the admin plan is built in");
      auto it = std::find_if(catalog.begin(), catalog.end(),
                             [&](const plans::Plan& p) { return p.id == id; });
      if (it == catalog.end()) {
        catalog.push_back(plans::Plan{
            .id = id, .display_name = id, .requests_per_minute = 60, .tokens_per_minute = 60'000});
        it = catalog.end() - 1;
      }
      apply(*it, o);
    }
  } catch (const std::runtime_error&) {
    throw;
  } catch (const std::exception& e) {  // Boost.JSON's as_*() and at() on a wrong shape
    throw std::runtime_error("plans file " + path + ": malformed entry (" + e.what() + ")");
  }
  return catalog;
}

}  // namespace agentry::app
