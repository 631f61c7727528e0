#include "app/prices_file.hpp"

#include <boost/json/parse.hpp>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "api/credits_input.hpp"
#include "domain/ledger.hpp"

namespace agentry::app {
namespace json = boost::json;
namespace {

std::runtime_error bad(const std::string& path, const std::string& what) {
  return std::runtime_error("prices file " + path + ": " + what);
}

// Credits per million tokens, to micro-credits: 0 to 1,000,000 with at most 6 decimals.
std::int64_t micro(const json::value& v, const std::string& path, std::string_view field) {
  constexpr std::int64_t max_credits = 1'000'000;
  auto parsed = api::micro_credits(v, field);
  if (!parsed || *parsed > max_credits * ledger::micro_per_credit) {
    throw bad(path, std::string(field) + " must be a number of credits from 0 to " +
                        std::to_string(max_credits) + " with at most 6 decimals");
  }
  return *parsed;
}

}  // namespace

std::vector<pricing::ModelPrice> load_prices(const std::string& path) {
  if (path.empty()) return pricing::default_prices();
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read prices file " + path);
  std::stringstream text;
  text << in.rdbuf();
  return parse_prices(text.str(), path);
}

std::vector<pricing::ModelPrice> parse_prices(std::string_view text, const std::string& path) {
  std::vector<pricing::ModelPrice> prices = pricing::default_prices();
  boost::system::error_code ec;
  json::value doc = json::parse(text, ec);
  if (ec || !doc.is_object() || !doc.as_object().contains("models") ||
      !doc.at("models").is_array()) {
    throw bad(path, "expected {\"models\": [...]}");
  }
  for (const auto& entry : doc.at("models").as_array()) {
    const json::object* o = entry.if_object();
    const json::value* name = o ? o->if_contains("model") : nullptr;
    if (!name || !name->is_string() || name->get_string().empty()) {
      throw bad(path, "each entry needs a \"model\" name");
    }
    const std::string model(name->get_string());
    auto it = std::find_if(prices.begin(), prices.end(),
                           [&](const pricing::ModelPrice& p) { return p.model == model; });
    if (it == prices.end()) {
      prices.push_back({.model = model, .context_tokens = 128'000});
      it = prices.end() - 1;
    }
    for (const auto& [key, value] : *o) {
      if (key == "model") continue;
      if (key == "inputPerMillion") {
        it->input_per_million = micro(value, path, key);
      } else if (key == "outputPerMillion") {
        it->output_per_million = micro(value, path, key);
      } else if (key == "contextTokens") {
        if (!value.is_int64() || value.get_int64() < 1) {
          throw bad(path, "contextTokens must be a positive integer");
        }
        it->context_tokens = value.get_int64();
      } else {
        throw bad(path, "unknown field " + std::string(key));
      }
    }
  }
  return prices;
}

}  // namespace agentry::app
