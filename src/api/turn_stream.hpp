#pragma once

#include <boost/asio/awaitable.hpp>

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "http/message.hpp"
#include "runtime/chat_turn.hpp"

// A chat turn streamed to its client, in whichever surface's event format: the provider's text
// as it comes, then the settled end — or an error, with the turn undone and not charged. The
// text does not wait for the turn's commit. A client that leaves stops the call and undoes the
// turn; so does a server that shuts down, after an error that says so. A refused commit (the
// wallet was spent meanwhile) ends the stream with its error: nothing was stored or charged.
namespace agentry::api {

// How one surface writes the stream: each function answers the bytes to send ("" for none).
struct TurnStreamFormat {
  // A piece of the stream as ChatTurn::take_stream gives it (text, or the agent's tool events).
  std::function<std::string(const runtime::ChatTurn::StreamItem& item)> item;
  // The end of a failed turn. `code` says why, in the native surface's words:
  // "server_shutting_down", "provider_error" (the model call failed), or the code of the
  // refused commit's error (insufficient_credits, not_found).
  std::function<std::string(std::string_view code, const Error& error)> error;
  // The end of an answered, settled turn: its reply as stored and the provider's completion
  // (the caller's tool calls, when the model made any).
  std::function<std::string(const store::MessageRecord& reply, const runtime::Completion& done)>
      end;
};

boost::asio::awaitable<void> stream_turn(std::shared_ptr<runtime::ChatTurn> turn,
                                         http::StreamSink& sink, TurnStreamFormat format);

}  // namespace agentry::api
