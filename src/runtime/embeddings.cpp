#include "runtime/embeddings.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <utility>

#include "core/utf8.hpp"
#include "domain/knowledge_vectors.hpp"
#include "runtime/provider_stream.hpp"

namespace agentry::runtime {
namespace asio = boost::asio;
namespace json = boost::json;

namespace {

Error broken(const std::string& why) {
  return make_error(Errc::unavailable, "the embeddings provider's answer " + why);
}

// The item's vector as floats; nullopt unless it is an array of numbers.
std::optional<std::vector<float>> floats_of(const json::value* v) {
  if (!v || !v->is_array() || v->get_array().size() > knowledge::max_dimensions) {
    return std::nullopt;
  }
  std::vector<float> out;
  out.reserve(v->get_array().size());
  for (const json::value& x : v->get_array()) {
    if (!x.is_number()) return std::nullopt;
    out.push_back(static_cast<float>(x.to_number<double>()));
  }
  return out;
}

}  // namespace

Result<std::vector<std::vector<float>>> parse_embeddings(std::string_view body, std::size_t count) {
  boost::system::error_code ec;
  const json::value v = json::parse(body, ec);
  const json::value* data = !ec && v.is_object() ? v.get_object().if_contains("data") : nullptr;
  if (!data || !data->is_array()) return broken("is not a list of embeddings");
  if (data->get_array().size() != count) {
    return broken("has " + std::to_string(data->get_array().size()) + " embeddings for " +
                  std::to_string(count) + " inputs");
  }
  std::vector<std::vector<float>> out(count);
  for (const json::value& item : data->get_array()) {
    const json::object* o = item.if_object();
    const json::value* index = o ? o->if_contains("index") : nullptr;
    if (!index || !index->is_int64() || index->get_int64() < 0 ||
        std::cmp_greater_equal(index->get_int64(), count) ||
        !out[static_cast<std::size_t>(index->get_int64())].empty()) {
      return broken("has an embedding without a valid index of its own");
    }
    auto vector = floats_of(o->if_contains("embedding"));
    if (!vector || !knowledge::normalize(*vector)) {
      return broken("has an embedding that is not a non-zero list of at most " +
                    std::to_string(knowledge::max_dimensions) + " numbers");
    }
    if (!out.front().empty() && vector->size() != out.front().size()) {
      return broken("has embeddings of different lengths");
    }
    out[static_cast<std::size_t>(index->get_int64())] = std::move(*vector);
  }
  for (const auto& vector : out) {
    if (vector.size() != out.front().size()) return broken("has embeddings of different lengths");
  }
  return out;
}

Embedder::Embedder(HttpClient& client, EmbeddingsSettings settings)
    : client_(client), settings_(std::move(settings)) {
  while (settings_.base_url.ends_with('/')) settings_.base_url.pop_back();
}

asio::awaitable<Result<std::vector<std::vector<float>>>> Embedder::embed(
    std::vector<std::string> texts) {
  std::vector<std::vector<float>> out;
  out.reserve(texts.size());
  for (std::size_t at = 0; at < texts.size(); at += embeddings_batch) {
    const auto end = std::min(texts.size(), at + embeddings_batch);
    std::vector<std::string> batch(
        std::make_move_iterator(texts.begin() + static_cast<std::ptrdiff_t>(at)),
        std::make_move_iterator(texts.begin() + static_cast<std::ptrdiff_t>(end)));
    auto vectors = co_await embed_batch(std::move(batch));
    if (!vectors) co_return vectors.error();
    if (!out.empty() && !vectors->empty() && vectors->front().size() != out.front().size()) {
      co_return broken("has embeddings of different lengths");
    }
    for (auto& v : *vectors) out.push_back(std::move(v));
  }
  co_return out;
}

asio::awaitable<Result<std::vector<std::vector<float>>>> Embedder::embed_batch(
    std::vector<std::string> texts) {
  json::array input;
  for (const std::string& t : texts) {
    input.emplace_back(utf8::prefix(t, embeddings_max_input_bytes));
  }
  OutboundRequest call{
      .url = settings_.base_url + "/embeddings",
      .headers = {{"Content-Type", "application/json"}},
      .body = json::serialize(json::object{
          {"model", settings_.model}, {"input", std::move(input)}, {"encoding_format", "float"}})};
  if (!settings_.api_key.empty()) {
    call.headers.emplace_back("Authorization", "Bearer " + settings_.api_key);
  }
  std::string body;
  auto answered = co_await client_.send(
      std::move(call),
      {.timeout_ms = settings_.timeout_ms, .max_response_bytes = embeddings_max_response_bytes},
      [&body](const OutboundResponse&, std::string_view bytes) -> Result<void> {
        body += bytes;
        return Ok{};
      });
  if (!answered) co_return answered.error();
  if (answered->status / 100 != 2) {
    co_return make_error(Errc::unavailable,
                         "embeddings: " + provider_error(answered->status, body));
  }
  co_return parse_embeddings(body, texts.size());
}

}  // namespace agentry::runtime
