#pragma once

#include <boost/asio/awaitable.hpp>

#include <string>

#include "api/route.hpp"

namespace agentry::api::v1 {

// POST /v1/agents/{id}/chat with Last-Event-ID: the rest of the turn whose event the client saw
// last, never a new turn. A turn whose reply is stored gets the end events it missed; one still
// going is waited for; one that ended without a reply gets an `error` event saying it cannot be
// resumed (it was not charged); after its last event, 204 No Content: nothing more will come.
boost::asio::awaitable<http::Response> resume_turn(Call& call, std::string last_event_id);

}  // namespace agentry::api::v1
