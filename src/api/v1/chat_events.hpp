#pragma once

#include <string>
#include <string_view>

#include "store/chat_records.hpp"
#include "views/json_writer.hpp"

// The Server-Sent Events of a streamed chat turn. Each carries an id made of the turn's user
// message id and its place: "msg_…:1" (session), ":2", ":3" … (deltas), then ":message",
// ":usage" and ":done", or ":error". A client that lost the stream sends the last id it saw as
// Last-Event-ID with the same POST: no new turn starts, and it gets the turn's rest.
namespace agentry::api::v1 {

// One event of the turn whose user message is `turn`, at `place` (a number or an end's name).
std::string turn_event(std::string_view turn, std::string_view place, std::string_view event,
                       std::string_view data);

// The `error` event ({code, message}) that ends a turn's stream.
std::string turn_error_event(std::string_view turn, std::string_view code,
                             std::string_view message);

// The turn's end events after `place`: message, usage and done after a number; usage and done
// after "message"; done after "usage".
std::string turn_end_events(std::string_view turn, const store::MessageRecord& reply,
                            std::string_view place);

}  // namespace agentry::api::v1
