#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

// Signatures in the Standard Webhooks scheme (standardwebhooks.com): the receiver checks
// `webhook-signature` against HMAC-SHA256 of "id.timestamp.body" under the shared secret.
namespace agentry::standard_webhooks {

// A new secret: "whsec_" and the base64 of 24 random bytes.
std::string new_secret();

// "v1," and the base64 HMAC-SHA256 of "msg_id.timestamp_s.body" under the key of `secret`
// ("whsec_" + base64); nullopt when `secret` is not of that form.
std::optional<std::string> sign(std::string_view secret, std::string_view msg_id,
                                std::int64_t timestamp_s, std::string_view body);

}  // namespace agentry::standard_webhooks
