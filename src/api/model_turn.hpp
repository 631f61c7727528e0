#pragma once

#include <boost/asio/awaitable.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "api/route.hpp"
#include "api/turn_stream.hpp"
#include "domain/chat.hpp"
#include "domain/models.hpp"
#include "runtime/chat_turn.hpp"

// A chat turn with the agent a `model` names — stateless (Chat Completions, Messages) or in a
// session (Responses): what the OpenAI and Anthropic surfaces share once each has read its
// request. The model is resolved (models::find), the caller's
// max output tokens lower the turn's terms, a stream takes one of the account's stream slots, and
// the turn is prepared, begun, committed and settled (or undone) as POST /v1/agents/{id}/chat's.
namespace agentry::api {

struct ModelTurnRequest {
  std::string model;
  // The turn, without its agent (resolved from `model`).
  chat::TurnRequest turn;
  runtime::CallerTurn caller;
  std::optional<std::int64_t> max_output_tokens;
  bool stream = false;
};

// How one surface answers.
struct ModelTurnAnswer {
  // The stream's first bytes, sent with the headers.
  std::function<std::string(const models::Model& model, const runtime::ChatTurn& turn)> stream_head;
  // The rest of the stream.
  std::function<TurnStreamFormat(const models::Model& model,
                                 const std::shared_ptr<runtime::ChatTurn>& turn)>
      stream_format;
  // The whole answer of a settled turn.
  std::function<http::Response(const models::Model& model, const runtime::ChatTurn& turn,
                               const store::MessageRecord& reply, const runtime::Completion& done)>
      whole;
};

// Answers `request` through `answer`; errors through error_reply (the route's shape).
boost::asio::awaitable<http::Response> answer_model_turn(Call& call, ModelTurnRequest request,
                                                         ModelTurnAnswer answer);

}  // namespace agentry::api
