#include "domain/plans.hpp"

#include <algorithm>
#include <stdexcept>

namespace agentry::plans {
namespace {
constexpr std::int64_t micro = 1'000'000;
}

std::vector<Plan> defaults() {
  std::vector<Plan> plans;
  plans.push_back({.id = "free",
                   .display_name = "Free",
                   .price_cents_per_month = 0,
                   .monthly_credits_micro = 0,
                   .requests_per_minute = 10,
                   .requests_per_hour = std::nullopt,
                   .tokens_per_minute = 10'000,
                   .max_api_keys = 1,
                   .max_knowledge_entries = 100,
                   .max_knowledge_bytes = 10'000'000,
                   .volume_discount_percent = 0,
                   .features = {}});
  plans.push_back({.id = "starter",
                   .display_name = "Starter",
                   .price_cents_per_month = 900,
                   .monthly_credits_micro = 10 * micro,
                   .requests_per_minute = 60,
                   .requests_per_hour = std::nullopt,
                   .tokens_per_minute = 60'000,
                   .max_api_keys = 3,
                   .max_knowledge_entries = 1'000,
                   .max_knowledge_bytes = 100'000'000,
                   .volume_discount_percent = 0,
                   .features = {}});
  plans.push_back({.id = "pro",
                   .display_name = "Pro",
                   .price_cents_per_month = 2900,
                   .monthly_credits_micro = 50 * micro,
                   .requests_per_minute = 300,
                   .requests_per_hour = std::nullopt,
                   .tokens_per_minute = 150'000,
                   .max_api_keys = 10,
                   .max_knowledge_entries = 10'000,
                   .max_knowledge_bytes = 1'000'000'000,
                   .volume_discount_percent = 10,
                   .features = {"priority_support", "webhooks"}});
  plans.push_back(
      {.id = "enterprise",
       .display_name = "Enterprise",
       .price_cents_per_month = 9900,
       .monthly_credits_micro = 200 * micro,
       .requests_per_minute = 1000,
       .requests_per_hour = std::nullopt,
       .tokens_per_minute = 500'000,
       .max_api_keys = std::nullopt,
       .volume_discount_percent = 20,
       .features = {"priority_support", "webhooks", "custom_agents", "dedicated_support"}});
  plans.push_back({.id = std::string(admin_id),
                   .display_name = "Admin",
                   .price_cents_per_month = 0,
                   .monthly_credits_micro = 0,
                   .requests_per_minute = 1'000'000'000,
                   .requests_per_hour = std::nullopt,
                   .tokens_per_minute = 1'000'000'000'000,
                   .max_api_keys = std::nullopt,
                   .volume_discount_percent = 0,
                   .features = {"webhooks"},
                   .assignable = false});
  return plans;
}

Catalog::Catalog(std::vector<Plan> plans) : plans_(std::move(plans)) {
  for (const Plan& p : plans_) {
    if (p.requests_per_minute <= 0 || (p.requests_per_hour && *p.requests_per_hour <= 0)) {
      throw std::invalid_argument("plan " + p.id + ": request limits must be positive");
    }
  }
  if (!find(admin_id)) throw std::invalid_argument("the admin plan is missing");
}

const Plan* Catalog::find(std::string_view id) const {
  auto it = std::find_if(plans_.begin(), plans_.end(), [&](const Plan& p) { return p.id == id; });
  return it == plans_.end() ? nullptr : &*it;
}

}  // namespace agentry::plans
