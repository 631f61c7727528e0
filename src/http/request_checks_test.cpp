#include "http/request_checks.hpp"

#include <gtest/gtest.h>

#include <string>

namespace agentry::http {
namespace {

TEST(RequestChecksTest, KeepsOnlySaneClientRequestIds) {
  EXPECT_EQ(client_request_id("trace-7f3a_b.c:d"), "trace-7f3a_b.c:d");
  EXPECT_EQ(client_request_id(std::string(128, 'a')), std::string(128, 'a'));
  EXPECT_FALSE(client_request_id(std::string(129, 'a')));
  EXPECT_FALSE(client_request_id(""));
  EXPECT_FALSE(client_request_id("has space"));
  EXPECT_FALSE(client_request_id("quote\"d"));
  EXPECT_FALSE(client_request_id("line\nbreak"));
}

TEST(RequestChecksTest, RecognizesW3cTraceparents) {
  EXPECT_TRUE(is_traceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));
  EXPECT_FALSE(is_traceparent("00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01"));
  EXPECT_FALSE(is_traceparent("00-00000000000000000000000000000000-00f067aa0ba902b7-01"));
  EXPECT_FALSE(is_traceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01"));
  EXPECT_FALSE(is_traceparent("ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));
  EXPECT_FALSE(is_traceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7"));
  EXPECT_FALSE(is_traceparent(""));
}

TEST(RequestChecksTest, FindsChunkHeadersTheParserCannotFinish) {
  EXPECT_TRUE(chunk_header_stalled("5;ext=\"unterminated\r\nhello\r\n0\r\n\r\n"));
  EXPECT_TRUE(chunk_header_stalled("\r\nA;x=\"open\r\n0123456789"));
  EXPECT_TRUE(chunk_header_stalled("0;x=\"open\r\n\r\n"));
  EXPECT_FALSE(chunk_header_stalled("5;ext=\"unterminated"))
      << "the line is not complete yet: wait for it";
  EXPECT_FALSE(chunk_header_stalled("0\r\nX-Trailer: 1\r\n")) << "a trailer still arriving";
  EXPECT_FALSE(chunk_header_stalled("")) << "nothing pending";
  EXPECT_FALSE(chunk_header_stalled("zz\r\n")) << "no chunk size: the parser reports it";
}

}  // namespace
}  // namespace agentry::http
