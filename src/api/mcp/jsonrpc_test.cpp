#include "api/mcp/jsonrpc.hpp"

#include <gtest/gtest.h>
#include <boost/json/parse.hpp>

#include "api/mcp/tools.hpp"

// JSON-RPC messages as MCP sends them, and tools' schemas and arguments from route declarations.
namespace agentry::api::mcp {
namespace {

namespace json = boost::json;

std::variant<Message, Refusal> read(std::string_view text) {
  return read_message(json::parse(text));
}

TEST(JsonRpcTest, ReadsRequestsNotificationsAndResponses) {
  auto request = read(R"({"jsonrpc":"2.0","id":7,"method":"tools/list","params":{"a":1}})");
  ASSERT_TRUE(std::holds_alternative<Message>(request));
  const Message& m = std::get<Message>(request);
  EXPECT_EQ(m.kind, Message::Kind::request);
  EXPECT_EQ(m.id, json::value(7));
  EXPECT_EQ(m.method, "tools/list");
  EXPECT_EQ(m.params.at("a"), json::value(1));

  auto note = read(R"({"jsonrpc":"2.0","method":"notifications/initialized"})");
  EXPECT_EQ(std::get<Message>(note).kind, Message::Kind::notification);
  auto response = read(R"({"jsonrpc":"2.0","id":"s1","result":{}})");
  EXPECT_EQ(std::get<Message>(response).kind, Message::Kind::response);
}

TEST(JsonRpcTest, RefusesWhatIsNoMessageWithTheIdWhenItHasOne) {
  struct Case {
    std::string_view text;
    RpcCode code;
    json::value id;
  };
  const std::vector<Case> cases = {
      {R"([{"jsonrpc":"2.0","id":1,"method":"ping"}])", RpcCode::invalid_request, nullptr},
      {R"("ping")", RpcCode::invalid_request, nullptr},
      {R"({"id":1,"method":"ping"})", RpcCode::invalid_request, 1},
      {R"({"jsonrpc":"1.0","id":1,"method":"ping"})", RpcCode::invalid_request, 1},
      {R"({"jsonrpc":"2.0","id":1.5,"method":"ping"})", RpcCode::invalid_request, nullptr},
      {R"({"jsonrpc":"2.0","id":null,"method":"ping"})", RpcCode::invalid_request, nullptr},
      {R"({"jsonrpc":"2.0","id":2,"method":""})", RpcCode::invalid_request, 2},
      {R"({"jsonrpc":"2.0","id":3,"method":5})", RpcCode::invalid_request, 3},
      {R"({"jsonrpc":"2.0","id":"x","method":"ping","params":[1]})", RpcCode::invalid_params, "x"},
      {R"({"jsonrpc":"2.0","id":4})", RpcCode::invalid_request, 4},
      {R"({"jsonrpc":"2.0","result":{}})", RpcCode::invalid_request, nullptr},
  };
  for (const Case& c : cases) {
    auto out = read(c.text);
    ASSERT_TRUE(std::holds_alternative<Refusal>(out)) << c.text;
    EXPECT_EQ(std::get<Refusal>(out).error.code, c.code) << c.text;
    EXPECT_EQ(std::get<Refusal>(out).id, c.id) << c.text;
  }
}

TEST(JsonRpcTest, WritesResultsErrorsAndNotifications) {
  EXPECT_EQ(json::parse(result_text("a", R"({"x":1})")),
            json::parse(R"({"jsonrpc":"2.0","id":"a","result":{"x":1}})"));
  EXPECT_EQ(json::parse(error_text(nullptr, {RpcCode::parse_error, "bad"})),
            json::parse(R"({"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"bad"}})"));
  EXPECT_EQ(json::parse(notification_text("notifications/progress", {{"progress", 1}})),
            json::parse(R"({"jsonrpc":"2.0","method":"notifications/progress",
                            "params":{"progress":1}})"));
}

RouteSpec route_with(const std::string& body_schema) {
  RouteSpec route{.method = "POST",
                  .path = "/v1/agents/{id}/chat",
                  .request_schema = body_schema,
                  .query = {{"limit", R"({"type":"integer"})", "Page size."}}};
  route.parsed_request_schema = json::parse(body_schema);
  return route;
}

TEST(McpToolsTest, AToolsSchemaIsItsRoutesIdQueryAndBodyLessWhatItLeavesOut) {
  const ToolSpec tool{.name = "chat", .id_argument = "agentId", .left_out = {"stream"}};
  const RouteSpec route = route_with(R"({"type":"object","required":["message"],
    "properties":{"message":{"type":"string"},"stream":{"type":"boolean"}}})");
  const json::object schema = input_schema(tool, route);
  EXPECT_EQ(schema.at("type"), json::value("object"));
  EXPECT_EQ(schema.at("additionalProperties"), json::value(false));
  const json::object& properties = schema.at("properties").as_object();
  EXPECT_TRUE(properties.contains("agentId"));
  EXPECT_EQ(properties.at("limit").at("description"), json::value("Page size."));
  EXPECT_EQ(properties.at("message"), json::parse(R"({"type":"string"})"));
  EXPECT_FALSE(properties.contains("stream"));
  EXPECT_EQ(schema.at("required"), json::parse(R"(["agentId","message"])"));
}

TEST(McpToolsTest, ArgumentsGoToThePathTheQueryOrTheBody) {
  const ToolSpec tool{.name = "chat", .id_argument = "agentId", .left_out = {"stream"}};
  const RouteSpec route = route_with(R"({"type":"object","properties":{"message":{}}})");
  auto split = route_arguments(
      tool, route, json::parse(R"({"agentId":"agt_1","limit":5,"message":"hi"})").as_object());
  ASSERT_TRUE(std::holds_alternative<RouteArguments>(split));
  const auto& parts = std::get<RouteArguments>(split);
  EXPECT_EQ(parts.path_params, (std::vector<std::pair<std::string, std::string>>{{"id", "agt_1"}}));
  EXPECT_EQ(parts.query, (std::vector<std::pair<std::string, std::string>>{{"limit", "5"}}));
  EXPECT_EQ(parts.body, json::parse(R"({"message":"hi"})"));

  auto missing = route_arguments(tool, route, json::parse(R"({"message":"hi"})").as_object());
  EXPECT_EQ(std::get<std::string>(missing), "agentId: required");
  auto left_out =
      route_arguments(tool, route, json::parse(R"({"agentId":"a","stream":true})").as_object());
  EXPECT_TRUE(std::holds_alternative<std::string>(left_out));
  RouteSpec no_body = route;
  no_body.request_schema.clear();
  auto unknown =
      route_arguments(tool, no_body, json::parse(R"({"agentId":"a","other":1})").as_object());
  EXPECT_EQ(std::get<std::string>(unknown), "unknown argument \"other\" for the tool chat");
}

}  // namespace
}  // namespace agentry::api::mcp
