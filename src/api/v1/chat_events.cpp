#include "api/v1/chat_events.hpp"

#include "api/reply.hpp"
#include "api/sse.hpp"
#include "core/json_escape.hpp"
#include "views/resources.hpp"

namespace agentry::api::v1 {

std::string turn_event(std::string_view turn, std::string_view place, std::string_view event,
                       std::string_view data) {
  std::string id(turn);
  id += ':';
  id += place;
  return sse_event(event, data, id);
}

std::string turn_error_event(std::string_view turn, std::string_view code,
                             std::string_view message) {
  std::string data = R"({"code":)";
  append_json_string(data, code);
  data += R"(,"message":)";
  append_json_string(data, message);
  return turn_event(turn, "error", "error", data + "}");
}

std::string turn_end_events(std::string_view turn, const store::MessageRecord& reply,
                            std::string_view place) {
  std::string out;
  if (place != "message" && place != "usage") {
    JsonWriter message;
    views::write_message(message, reply);
    out += turn_event(turn, "message", "message", message.take());
  }
  if (place != "usage") {
    JsonWriter usage;
    views::write_usage(usage, reply);
    out += turn_event(turn, "usage", "usage", usage.take());
  }
  out += turn_event(turn, "done", "done", "{}");
  return out;
}

}  // namespace agentry::api::v1
