#include "runtime/echo_provider.hpp"

#include <gtest/gtest.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>

#include <optional>
#include <string>
#include <vector>

namespace agentry::runtime {
namespace {

Result<Completion> run(CompletionRequest request, std::vector<std::string>& deltas) {
  boost::asio::io_context io;
  EchoProvider echo;
  std::optional<Result<Completion>> out;
  boost::asio::co_spawn(
      io,
      [&]() -> boost::asio::awaitable<void> {
        out.emplace(co_await echo.complete(std::move(request),
                                           [&](std::string_view d) { deltas.emplace_back(d); }));
      },
      boost::asio::detached);
  io.run();
  return std::move(*out);
}

TEST(EchoProviderTest, AnswersTheLastUserMessageWordByWordAndCountsWords) {
  std::vector<std::string> deltas;
  auto out = run(
      {.model = "echo",
       .system = "be brief",
       .messages = {{"user", "first"}, {"assistant", "echo: first"}, {"user", "hello there world"}},
       .max_output_tokens = 100},
      deltas);
  ASSERT_TRUE(out);
  EXPECT_EQ(out->text, "echo: hello there world");
  EXPECT_EQ(deltas, (std::vector<std::string>{"echo: ", "hello ", "there ", "world"}));
  EXPECT_EQ(out->output_tokens, 4);
  EXPECT_EQ(out->input_tokens, 2 + 1 + 2 + 3);
}

TEST(EchoProviderTest, StopsAtTheOutputBudgetLikeAModelAtMaxTokens) {
  std::vector<std::string> deltas;
  auto out =
      run({.model = "echo", .messages = {{"user", "a b c d e"}}, .max_output_tokens = 3}, deltas);
  ASSERT_TRUE(out);
  EXPECT_EQ(out->output_tokens, 3);
  EXPECT_EQ(out->text, "echo: a b ");
  EXPECT_EQ(deltas.size(), 3U);
}

TEST(EchoProviderTest, EndsTheReplyWhereAStopSequenceWouldFirstAppear) {
  std::vector<std::string> deltas;
  auto out = run({.model = "echo",
                  .messages = {{"user", "one two. three four"}},
                  .max_output_tokens = 100,
                  .stop = {"four", ". "}},
                 deltas);
  ASSERT_TRUE(out);
  EXPECT_EQ(out->text, "echo: one two");
  EXPECT_EQ(out->output_tokens, 3);
}

TEST(EchoProviderTest, CountsWordsAcrossAnyWhitespace) {
  EXPECT_EQ(count_words(""), 0);
  EXPECT_EQ(count_words("  one\ttwo\n three  "), 3);
}

}  // namespace
}  // namespace agentry::runtime
