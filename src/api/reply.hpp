#pragma once

#include <boost/json/array.hpp>
#include <boost/json/value.hpp>

#include "api/credits_input.hpp"
#include "api/route.hpp"
#include "core/result.hpp"
#include "store/records.hpp"
#include "views/json_writer.hpp"
#include "views/values.hpp"

// Building responses in the native /v1 shapes: {"data": ...}, lists with "pagination", errors.
namespace agentry::api {

// Answers are written with the views' JSON writer (views/json_writer.hpp).
using views::JsonWriter;

// The HTTP status of an error code on the native surface.
unsigned status_of(Errc code);

// {"error": {...}} for `error`, with the call's request id; with Retry-After (the seconds to
// the next minute) when the plan's tokens for this minute are spent.
http::Response error_reply(const Call& call, const Error& error);

// A success answer as the call's surface writes it: for a route a seed system's surface serves
// with a native handler, its Location under the path the client wrote to and its body reshaped
// (RouteSpec::reshape). Applied to the answer and to what an Idempotency-Key keeps of it.
void present(const Call& call, http::Response& response);

// A live-stream slot of the caller's account on this node, or the refusal when it holds its
// plan's maxStreams already (403 limit_reached).
Result<StreamSlots::Slot> stream_slot(const Call& call);

// Any JSON body with `status`. Takes a value (not an object) so that callers move their document
// in: an object bound to a `const value&` would be deep-copied first.
http::Response json_reply(unsigned status, const boost::json::value& body);

// A response whose body is already JSON text.
http::Response json_text_reply(unsigned status, std::string body);

// 204 No Content: what a DELETE answers.
http::Response no_content();

// {"data": ...}, where `write(JsonWriter&)` writes the value.
template <class Write>
http::Response data_reply(unsigned status, Write&& write) {
  JsonWriter w;
  w.begin_object().key("data");
  write(w);
  w.end_object();
  return json_text_reply(status, w.take());
}

// {"data": [...], "pagination": {"total", "limit", "offset", "hasMore"}}, where
// `write_item(JsonWriter&, item)` writes each item.
template <class Range, class WriteItem>
http::Response list_reply(const Range& items, WriteItem&& write_item, std::int64_t total,
                          store::Page page) {
  JsonWriter w;
  w.begin_object().key("data").begin_array();
  std::int64_t count = 0;
  for (const auto& item : items) {
    write_item(w, item);
    ++count;
  }
  w.end_array().key("pagination").begin_object();
  w.key("total").integer(total).key("limit").integer(page.limit).key("offset").integer(page.offset);
  w.key("hasMore").boolean(page.offset + count < total).end_object();
  w.end_object();
  return json_text_reply(200, w.take());
}

// The limit and offset query parameters as the OpenAPI document declares them; page_of() reads
// them, so the two are kept side by side.
std::vector<QueryParam> page_query_params();

// Reads limit (default 20, at most 100) and offset from the query string.
Result<store::Page> page_of(const Call& call);

// The integer query parameter `name`, `fallback` when absent; validation_error naming it unless
// it is a whole number from `min` to `max`.
Result<std::int64_t> integer_param(const Call& call, std::string_view name, std::int64_t fallback,
                                   std::int64_t min, std::int64_t max);

// Cursor paging, for append-only lists read newest first: ?limit= and ?cursor= (the id in the
// previous page's pagination.nextCursor), declared and read side by side like the above.
std::vector<QueryParam> cursor_query_params();
// The request's cursor, if any; validation_error unless it is an id with `prefix`.
Result<std::optional<std::string>> cursor_of(const Call& call, std::string_view prefix);
// The response schema of a cursor-paged list of items with `item_schema`.
std::string cursor_list_of(std::string_view item_schema);

// {"data": [...], "pagination": {"limit", "hasMore", "nextCursor"}} from `items` fetched with
// limit + 1: an extra item only tells that there is more and is not sent. `id_of(item)` is the
// cursor of the next page.
template <class Item, class WriteItem, class IdOf>
http::Response cursor_list_reply(std::vector<Item>& items, std::int64_t limit,
                                 WriteItem&& write_item, IdOf&& id_of) {
  const bool more = static_cast<std::int64_t>(items.size()) > limit;
  if (more) items.pop_back();
  JsonWriter w;
  w.begin_object().key("data").begin_array();
  for (const auto& item : items) write_item(w, item);
  w.end_array().key("pagination").begin_object();
  w.key("limit").integer(limit).key("hasMore").boolean(more).key("nextCursor");
  if (more) {
    w.string(id_of(items.back()));
  } else {
    w.null();
  }
  w.end_object().end_object();
  return json_text_reply(200, w.take());
}

}  // namespace agentry::api
