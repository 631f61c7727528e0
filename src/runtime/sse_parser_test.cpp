#include "runtime/sse_parser.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace agentry::runtime {
namespace {

std::vector<SseParser::Event> parse(SseParser& parser, std::string_view bytes) {
  std::vector<SseParser::Event> out;
  auto fed = parser.feed(bytes, [&](const SseParser::Event& e) -> Result<void> {
    out.push_back(e);
    return Ok{};
  });
  EXPECT_TRUE(fed);
  return out;
}

TEST(SseParserTest, SplitsEventsAcrossAnyChunkingAndLineEnding) {
  const std::string stream =
      "event: message_start\r\ndata: {\"a\":1}\r\n\r\n: a comment\n\ndata: one\ndata: two\n\n"
      "id: 7\rdata:no space\r\r";
  for (std::size_t chunk = 1; chunk <= stream.size(); ++chunk) {
    SseParser parser;
    std::vector<SseParser::Event> events;
    for (std::size_t at = 0; at < stream.size(); at += chunk) {
      for (auto& e : parse(parser, std::string_view(stream).substr(at, chunk))) events.push_back(e);
    }
    ASSERT_EQ(events.size(), 3U) << "chunks of " << chunk;
    EXPECT_EQ(events[0].type, "message_start");
    EXPECT_EQ(events[0].data, "{\"a\":1}");
    EXPECT_EQ(events[1].type, "message");
    EXPECT_EQ(events[1].data, "one\ntwo");
    EXPECT_EQ(events[2].data, "no space");
  }
}

TEST(SseParserTest, RefusesALineOverTheLimitAndStopsAtTheHandlersError) {
  SseParser small(8);
  auto refused = small.feed("data: 123456789\n\n",
                            [](const SseParser::Event&) -> Result<void> { return Ok{}; });
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, Errc::unavailable);

  SseParser parser;
  int seen = 0;
  auto stopped =
      parser.feed("data: a\n\ndata: b\n\n", [&](const SseParser::Event&) -> Result<void> {
        ++seen;
        return make_error(Errc::unavailable, "enough");
      });
  EXPECT_FALSE(stopped);
  EXPECT_EQ(seen, 1);
}

}  // namespace
}  // namespace agentry::runtime
