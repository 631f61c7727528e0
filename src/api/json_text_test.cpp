#include "api/json_text.hpp"

#include <gtest/gtest.h>
#include <boost/json/parse.hpp>

namespace agentry::api {
namespace {

TEST(JsonText, WritesDoublesInShortestDecimalForm) {
  const boost::json::value v = {{"price", 1.5}, {"score", 0.0}, {"tiny", 0.000001}, {"n", 15}};
  EXPECT_EQ(to_json_text(v), R"({"price":1.5,"score":0,"tiny":1e-06,"n":15})");
}

TEST(JsonText, EscapesStringsAndRoundTrips) {
  const std::string text = R"({"a":["x\"y","\u00e9\n",true,null,-3,2.25],"b":{}})";
  const boost::json::value v = boost::json::parse(text);
  EXPECT_EQ(boost::json::parse(to_json_text(v)), v);
  EXPECT_EQ(to_json_text(boost::json::parse(R"(["q\"uote"])")), R"(["q\"uote"])");
}

TEST(JsonText, CanonicalTextIsTheSameForEverySpellingOfADocument) {
  const auto a = boost::json::parse(R"({"b": [1, {"y": 2, "x": "s"}], "a": null})");
  const auto b = boost::json::parse("{\"a\":null,\n \"b\":[1,{\"x\":\"s\",\"y\":2}]}");
  EXPECT_EQ(to_canonical_json_text(a), R"({"a":null,"b":[1,{"x":"s","y":2}]})");
  EXPECT_EQ(to_canonical_json_text(a), to_canonical_json_text(b));
  EXPECT_NE(to_canonical_json_text(a), to_canonical_json_text(boost::json::parse(R"({"a":1})")));
}

TEST(JsonText, NumbersPastADoublesRangeAndNegativeZeroStayJson) {
  // Found by fuzz/canonical_json: 1e700 reads as infinity, which was written "inf".
  const auto v = boost::json::parse(R"({"big":[1e700,-1e700],"zero":-0.0})");
  EXPECT_EQ(to_json_text(v), R"({"big":[1e99999,-1e99999],"zero":0})");
  EXPECT_EQ(to_canonical_json_text(v), to_json_text(v));
  EXPECT_EQ(to_canonical_json_text(boost::json::parse(R"({"zero":0})")),
            to_canonical_json_text(boost::json::parse(R"({"zero":-0.0})")));
}

}  // namespace
}  // namespace agentry::api
