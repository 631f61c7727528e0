#include "api/schema.hpp"

#include <gtest/gtest.h>
#include <boost/json/parse.hpp>

namespace agentry::api {
namespace {

namespace json = boost::json;

const json::value schema = json::parse(R"({
  "type": "object", "additionalProperties": false, "required": ["name"],
  "properties": {
    "name": {"type": "string", "minLength": 1, "maxLength": 5},
    "kind": {"type": "string", "enum": ["hosted", "remote"]},
    "count": {"type": "integer", "minimum": 1, "maximum": 10},
    "price": {"type": "number", "minimum": 0},
    "url": {"type": ["string", "null"], "format": "uri"},
    "at": {"type": "string", "format": "date-time"},
    "email": {"type": "string", "format": "email"},
    "region": {"type": "string", "pattern": "^[a-z]+$"},
    "tags": {"type": "array", "maxItems": 2, "uniqueItems": true, "items": {"type": "string"}},
    "nested": {"type": "object", "properties": {"deep": {"type": "boolean"}}}
  }})");

std::optional<Error> check(std::string_view body) {
  return validate(schema, json::parse(body));
}

TEST(Schema, AcceptsAConformingDocument) {
  EXPECT_FALSE(check(R"({"name":"bot","kind":"remote","count":3,"price":0.5,"url":null,
    "at":"2026-01-01T00:00:00Z","email":"a@b.co","region":"eu","tags":["x","y"],
    "nested":{"deep":true}})"));
  EXPECT_FALSE(check(R"({"name":"bot","count":3.0})"));  // 3.0 is an integer value
}

TEST(Schema, ADoubleTooLargeForA64BitIntegerIsNotAnInteger) {
  // Found by fuzz/json_schema: the check cast the double to long long, undefined past its range.
  const auto count = check(R"({"name":"bot","count":8.88889e94})");
  ASSERT_TRUE(count);
  EXPECT_EQ(count->field, "count");
  EXPECT_TRUE(check(R"({"name":"bot","count":1e700})"));
}

TEST(Schema, NamesTheOffendingField) {
  struct Case {
    const char* body;
    const char* field;
  };
  for (const Case& c :
       {Case{R"({})", "name"}, Case{R"({"name":7})", "name"}, Case{R"({"name":""})", "name"},
        Case{R"({"name":"toolong"})", "name"}, Case{R"({"name":"a","kind":"other"})", "kind"},
        Case{R"({"name":"a","count":0})", "count"}, Case{R"({"name":"a","count":1.5})", "count"},
        Case{R"({"name":"a","price":-1})", "price"}, Case{R"({"name":"a","url":"nope"})", "url"},
        Case{R"({"name":"a","at":"yesterday"})", "at"},
        Case{R"({"name":"a","email":"a@"})", "email"},
        Case{R"({"name":"a","region":"EU"})", "region"},
        Case{R"({"name":"a","tags":["x","x"]})", "tags"},
        Case{R"({"name":"a","tags":["x","y","z"]})", "tags"},
        Case{R"({"name":"a","tags":["x",2]})", "tags[1]"},
        Case{R"({"name":"a","nested":{"deep":"yes"}})", "nested.deep"},
        Case{R"({"name":"a","surprise":1})", "surprise"}}) {
    auto error = check(c.body);
    ASSERT_TRUE(error.has_value()) << c.body;
    EXPECT_EQ(error->code, Errc::validation_error);
    EXPECT_EQ(error->field, c.field) << c.body;
    EXPECT_TRUE(error->message.starts_with(c.field)) << error->message;
  }
}

TEST(Schema, CountsLengthInCodePoints) {
  EXPECT_FALSE(check(R"({"name":"héllo"})"));  // 5 code points, 6 bytes
}

TEST(Schema, RejectsANonObjectBody) {
  auto error = check("[1,2]");
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->field, "");
  EXPECT_EQ(error->message, "body: must be object");
}

TEST(Schema, ChecksAMapAgainstItsValueSchemaAndSize) {
  const json::value map_schema = json::parse(R"({"type": "object", "maxProperties": 2,
    "additionalProperties": {"type": "string", "minLength": 1}})");
  EXPECT_FALSE(validate(map_schema, json::parse(R"({"a": "x", "b": "y"})")));
  auto empty = validate(map_schema, json::parse(R"({"a": ""})"));
  ASSERT_TRUE(empty);
  EXPECT_EQ(empty->field, "a");
  auto many = validate(map_schema, json::parse(R"({"a": "x", "b": "y", "c": "z"})"));
  ASSERT_TRUE(many);
  EXPECT_EQ(many->message, "body: must have at most 2 fields");
}

}  // namespace
}  // namespace agentry::api
