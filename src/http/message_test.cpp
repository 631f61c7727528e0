#include "http/message.hpp"

#include <gtest/gtest.h>

namespace agentry::http {
namespace {

TEST(PercentDecode, DecodesEscapesAndOptionallyPlus) {
  EXPECT_EQ(percent_decode("a%20b+c", true).value(), "a b c");
  EXPECT_EQ(percent_decode("a%20b+c", false).value(), "a b+c");
  EXPECT_FALSE(percent_decode("bad%2", true).has_value());
  EXPECT_FALSE(percent_decode("bad%zz", true).has_value());
}

TEST(ParseQuery, KeepsOrderAndSkipsEmptyParts) {
  auto q = parse_query("limit=5&&q=hello+world&capability=code%2Dreview&flag");
  ASSERT_EQ(q.size(), 4U);
  EXPECT_EQ(q[0], (std::pair<std::string, std::string>{"limit", "5"}));
  EXPECT_EQ(q[1].second, "hello world");
  EXPECT_EQ(q[2].second, "code-review");
  EXPECT_EQ(q[3], (std::pair<std::string, std::string>{"flag", ""}));
}

TEST(ErrorResponse, IsTheDocumentedEnvelope) {
  Response r = error_response(404, "not_found", "no agent \"x\"", "req_1");
  EXPECT_EQ(r.status, 404U);
  EXPECT_EQ(r.body, R"({"error":{"code":"not_found","message":"no agent \"x\"","statusCode":404,)"
                    R"("requestId":"req_1"}})");
}

}  // namespace
}  // namespace agentry::http
