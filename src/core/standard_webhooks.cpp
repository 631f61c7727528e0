#include "core/standard_webhooks.hpp"

#include <array>

#include "core/crypto.hpp"

namespace agentry::standard_webhooks {

namespace {
constexpr std::string_view prefix = "whsec_";
constexpr std::size_t secret_bytes = 24;
}  // namespace

std::string new_secret() {
  std::array<std::uint8_t, secret_bytes> bytes{};
  crypto::random_bytes(bytes);
  return std::string(prefix) +
         crypto::to_base64({reinterpret_cast<const char*>(bytes.data()), bytes.size()});
}

std::optional<std::string> sign(std::string_view secret, std::string_view msg_id,
                                std::int64_t timestamp_s, std::string_view body) {
  if (!secret.starts_with(prefix)) return std::nullopt;
  auto key = crypto::from_base64(secret.substr(prefix.size()));
  if (!key || key->empty()) return std::nullopt;
  std::string message;
  message.reserve(msg_id.size() + 24 + body.size());
  message.append(msg_id).append(".").append(std::to_string(timestamp_s)).append(".").append(body);
  return "v1," + crypto::to_base64(crypto::hmac_sha256(*key, message));
}

}  // namespace agentry::standard_webhooks
