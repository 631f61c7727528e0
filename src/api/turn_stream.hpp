#pragma once

#include <boost/asio/awaitable.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "api/route.hpp"
#include "api/stream_slots.hpp"
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

// A streamed answer: one of the account's live-stream slots, the bytes sent with the headers,
// and the format of the rest.
struct TurnStream {
  StreamSlots::Slot slot;
  std::string head;
  TurnStreamFormat format;
};

// The whole answer of a settled turn, from its reply as stored.
using WholeTurnAnswer = std::function<http::Response(const store::MessageRecord& reply)>;

// Answers a turn that has begun (ChatTurn::begin). Streamed: the response whose stream runs
// stream_turn, while the turn commits beside it. Whole: the turn is committed (a refusal is
// answered with its error), its call awaited, and the turn settled with `whole(reply)` as the
// answer — kept for an Idempotency-Key in the transaction that pays for the turn — or undone
// with the call's error.
boost::asio::awaitable<http::Response> answer_turn(Call& call,
                                                   std::shared_ptr<runtime::ChatTurn> turn,
                                                   std::optional<TurnStream> stream,
                                                   WholeTurnAnswer whole);

}  // namespace agentry::api
