#include "runtime/run_prompt.hpp"

#include <boost/json/parse.hpp>

#include <array>

#include "core/json_escape.hpp"
#include "domain/agents.hpp"

namespace agentry::runtime {
namespace json = boost::json;
namespace {

// A JSON string as its text; any other JSON as itself.
std::string text_of(const std::string& json_text) {
  boost::system::error_code ec;
  json::value v = json::parse(json_text, ec);
  if (!ec && v.is_string()) return std::string(v.get_string());
  return json_text;
}

}  // namespace

std::string input_text_of(const std::string& input) {
  boost::system::error_code ec;
  json::value v = json::parse(input, ec);
  if (!ec && v.is_object() && v.get_object().size() == 1) {
    static constexpr std::array<std::string_view, 5> fields = {"message", "prompt", "task", "text",
                                                               "taskDescription"};
    for (std::string_view f : fields) {
      if (const auto* s = v.get_object().if_contains(f); s && s->is_string()) {
        return std::string(s->get_string());
      }
    }
  }
  return input;
}

CompletionRequest request_of(const store::RunRecord& run, std::string system) {
  CompletionRequest r;
  r.model = run.model.value_or(std::string(agents::default_model));
  r.system = std::move(system);
  if (run.context_data) {
    if (!r.system.empty()) r.system += "\n\n";
    r.system += "Context:\n" + text_of(*run.context_data);
  }
  r.messages.push_back({"user", input_text_of(run.input)});
  r.max_output_tokens = run.max_output_tokens;
  return r;
}

CompletionRequest request_of(const chat::Turn& turn) {
  CompletionRequest r;
  r.model = turn.agent.model.value_or(std::string(agents::default_model));
  r.system = turn.prompt.system;
  for (const auto& m : turn.history) r.messages.push_back({m.role, m.content});
  r.messages.push_back({"user", turn.user_message.content});
  r.max_output_tokens = turn.quote.max_output_tokens;
  return r;
}

std::string result_of(std::string_view text, const std::vector<hosted_prompt::Source>& sources) {
  std::string out = R"({"output":)";
  append_json_string(out, text);
  if (!sources.empty()) out += R"(,"sources":)" + hosted_prompt::sources_json(sources);
  out += "}";
  return out;
}

}  // namespace agentry::runtime
