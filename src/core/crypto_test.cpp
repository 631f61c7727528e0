#include "core/crypto.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "core/standard_webhooks.hpp"

namespace agentry::crypto {
namespace {

Key key_of(std::uint8_t fill) {
  Key k{};
  k.fill(fill);
  return k;
}

TEST(SealTest, OpensOnlyWithTheSameKeyAndAssociatedData) {
  const Key key = key_of(7);
  const std::string sealed = seal(key, "sk-ant-secret", "acc_1/anthropicApiKey");
  EXPECT_EQ(sealed.find("sk-ant-secret"), std::string::npos) << "the plaintext is not in it";
  EXPECT_EQ(sealed.size(), 12 + 13 + 16);
  EXPECT_EQ(open(key, sealed, "acc_1/anthropicApiKey"), "sk-ant-secret");
  EXPECT_EQ(open(key_of(8), sealed, "acc_1/anthropicApiKey"), std::nullopt) << "another key";
  EXPECT_EQ(open(key, sealed, "acc_2/anthropicApiKey"), std::nullopt)
      << "moved to another row, it does not open";
  for (std::size_t i = 0; i < sealed.size(); ++i) {
    std::string tampered = sealed;
    tampered[i] = static_cast<char>(tampered[i] ^ 1);
    EXPECT_EQ(open(key, tampered, "acc_1/anthropicApiKey"), std::nullopt) << "byte " << i;
  }
  EXPECT_EQ(open(key, sealed.substr(0, 20), "acc_1/anthropicApiKey"), std::nullopt);
  EXPECT_NE(seal(key, "same", "a"), seal(key, "same", "a")) << "a fresh nonce each time";
  EXPECT_EQ(open(key, seal(key, "", "a"), "a"), "");
}

TEST(HexTest, RoundTripsAndRefusesWhatIsNotHex) {
  const std::string bytes("\x00\x7f\xff\x10", 4);
  EXPECT_EQ(to_hex(bytes), "007fff10");
  EXPECT_EQ(from_hex("007FFF10"), bytes);
  EXPECT_EQ(from_hex("abc"), std::nullopt);
  EXPECT_EQ(from_hex("zz"), std::nullopt);
}

}  // namespace
}  // namespace agentry::crypto

namespace agentry {
namespace {

TEST(Base64Test, RoundTripsAndRefusesMalformedText) {
  EXPECT_EQ(crypto::to_base64(""), "");
  EXPECT_EQ(crypto::to_base64("f"), "Zg==");
  EXPECT_EQ(crypto::to_base64("foobar"), "Zm9vYmFy");
  for (const std::string& s :
       std::vector<std::string>{"", "f", "fo", "foo", "foob", std::string("\0\xff\x10", 3)}) {
    EXPECT_EQ(crypto::from_base64(crypto::to_base64(s)), s);
  }
  EXPECT_EQ(crypto::from_base64("Zg="), std::nullopt);
  EXPECT_EQ(crypto::from_base64("Z!=="), std::nullopt);
}

TEST(StandardWebhooksTest, SignsAsTheSpecificationsExample) {
  // The example of the Standard Webhooks specification, checked with Python's hmac module.
  EXPECT_EQ(standard_webhooks::sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                                    "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330,
                                    R"({"test": 2432232314})"),
            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  EXPECT_EQ(standard_webhooks::sign("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "m", 1, "{}"),
            std::nullopt);
  const std::string secret = standard_webhooks::new_secret();
  EXPECT_TRUE(secret.starts_with("whsec_"));
  EXPECT_NE(secret, standard_webhooks::new_secret());
  EXPECT_TRUE(standard_webhooks::sign(secret, "m", 1, "{}"));
}

}  // namespace
}  // namespace agentry
