#include "core/crypto.hpp"

#include <gtest/gtest.h>

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
