#include "runtime/tool_rounds.hpp"

#include <boost/json/parse.hpp>

#include "runtime/await_db.hpp"
#include "runtime/provider_call.hpp"
#include "runtime/query_embedding.hpp"

namespace agentry::runtime {
namespace json = boost::json;
namespace {

// The bytes a request sends: at most that many tokens.
std::int64_t request_bytes(const CompletionRequest& r) {
  std::size_t n = r.system.size();
  for (const Message& m : r.messages) {
    n += m.content.size() + 16;
    for (const ToolCall& c : m.tool_calls) n += c.id.size() + c.name.size() + c.arguments.size();
  }
  for (const ToolSpec& t : r.tools) n += t.name.size() + t.description.size() + t.parameters.size();
  return static_cast<std::int64_t>(n);
}

}  // namespace

json::object arguments_of(const ToolCall& call) {
  boost::system::error_code ec;
  json::value parsed = json::parse(call.arguments, ec);
  return !ec && parsed.is_object() ? std::move(parsed.get_object()) : json::object();
}

std::string string_arg(const json::object& args, std::string_view name) {
  const auto* v = args.if_contains(name);
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

std::vector<ToolSpec> tool_specs(const std::vector<agent_tools::Spec>& specs) {
  std::vector<ToolSpec> out;
  out.reserve(specs.size());
  for (const auto& s : specs) {
    out.push_back({std::string(s.name), std::string(s.description), std::string(s.parameters)});
  }
  return out;
}

boost::asio::awaitable<agent_tools::Answer> answer_tool_call(store::Database& db,
                                                             Embedder& embedder,
                                                             store::AgentRecord agent,
                                                             ToolCall call) {
  const json::object args = arguments_of(call);
  if (call.name == agent_tools::load_skill.name) {
    const std::string name = string_arg(args, "name");
    if (name.empty())
      co_return agent_tools::Answer{.text = "load_skill needs a name.", .ok = false};
    co_return co_await db_read(
        db, [&](store::Tx& tx) { return agent_tools::run_load_skill(tx, agent, name); });
  }
  if (call.name == agent_tools::search_knowledge.name) {
    const std::string query = string_arg(args, "query");
    const auto* limit = args.if_contains("limit");
    const std::int64_t n = limit && limit->is_int64() ? limit->as_int64() : 5;
    const QueryEmbedding embedded = co_await query_embedding(db, embedder, agent.id, query);
    co_return co_await db_read(db, [&](store::Tx& tx) {
      return agent_tools::run_search_knowledge(tx, agent, query, n, embedded.embedding);
    });
  }
  co_return agent_tools::Answer{.text = "There is no tool named " + call.name + ".", .ok = false};
}

boost::asio::awaitable<std::optional<Result<ToolOutcome>>> complete_with_tools(
    Provider& provider, CompletionRequest request, const DeltaSink& on_delta,
    boost::asio::steady_timer& stop, const std::function<bool()>& stopped_already,
    const ToolHost& host) {
  ToolOutcome out;
  for (;;) {
    auto answered =
        co_await call_provider_until(provider, request, on_delta, stop, stopped_already);
    if (!answered) co_return std::nullopt;
    if (!*answered) co_return answered->error();
    Completion& c = **answered;
    out.completion.text += c.text;
    out.completion.input_tokens += c.input_tokens;
    out.completion.output_tokens += c.output_tokens;
    if (c.tool_calls.empty()) co_return out;
    if (host.for_caller) {
      std::vector<ToolCall> theirs;
      for (const ToolCall& call : c.tool_calls) {
        if (host.for_caller(call)) theirs.push_back(call);
      }
      if (!theirs.empty()) {
        out.unfinished = "caller";
        out.completion.tool_calls = std::move(theirs);
        co_return out;
      }
    }
    if (out.rounds == agent_tools::max_rounds) {
      out.unfinished = "rounds";
      out.completion.tool_calls = std::move(c.tool_calls);
      co_return out;
    }
    request.messages.push_back(
        {.role = "assistant", .content = c.text, .tool_calls = c.tool_calls});
    std::size_t round_bytes = 0;
    for (std::size_t i = 0; i < c.tool_calls.size(); ++i) {
      const ToolCall& call = c.tool_calls[i];
      agent_tools::Answer a;
      if (i >= agent_tools::max_calls_per_round) {
        a = {.text = "Not run: at most " + std::to_string(agent_tools::max_calls_per_round) +
                     " tool calls are answered per round.",
             .ok = false};
      } else {
        a = co_await host.run(call, out.completion);
      }
      if (round_bytes + a.text.size() > agent_tools::max_round_result_bytes) {
        a = {.text = "Not shown: this round's tool answers passed " +
                     std::to_string(agent_tools::max_round_result_bytes) + " bytes.",
             .ok = false};
      }
      round_bytes += a.text.size();
      request.messages.push_back(
          {.role = "tool", .content = std::move(a.text), .tool_call_id = call.id});
    }
    ++out.rounds;
    const std::int64_t output = host.next_output(out.completion, request_bytes(request));
    if (output < 1) {
      out.unfinished = "budget";
      out.completion.tool_calls = std::move(c.tool_calls);
      co_return out;
    }
    request.max_output_tokens = output;
  }
}

}  // namespace agentry::runtime
