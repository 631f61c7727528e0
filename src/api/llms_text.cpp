#include "api/llms_text.hpp"

#include <boost/json/serialize.hpp>

#include <algorithm>
#include <map>
#include <vector>

#include "api/json_text.hpp"

namespace agentry::api {
namespace json = boost::json;
namespace {

// How deep field lists and examples follow nested objects and references.
constexpr int max_depth = 6;

struct Operation {
  std::string method;  // upper case
  std::string path;
  const json::object* op = nullptr;
};

// The document's operations by tag, tags in their first route's order.
std::vector<std::pair<std::string, std::vector<Operation>>> by_tag(const json::object& openapi) {
  std::vector<std::pair<std::string, std::vector<Operation>>> out;
  std::map<std::string, std::size_t> index;
  for (const auto& [path, item] : openapi.at("paths").as_object()) {
    for (const auto& [method, op] : item.as_object()) {
      const json::object& o = op.as_object();
      const std::string tag(o.at("tags").as_array().at(0).as_string());
      auto [it, added] = index.emplace(tag, out.size());
      if (added) out.push_back({tag, {}});
      std::string upper(method);
      for (char& c : upper) c = static_cast<char>(c - 'a' + 'A');
      out[it->second].second.push_back({upper, std::string(path), &o});
    }
  }
  return out;
}

// The heading's anchor as Markdown renderers make it: lower case, punctuation dropped, the space
// a '-'.
std::string anchor(const Operation& o) {
  std::string out;
  for (char c : o.method + " " + o.path) {
    if (c >= 'A' && c <= 'Z') {
      out += static_cast<char>(c - 'A' + 'a');
    } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_') {
      out += c;
    } else if (c == ' ') {
      out += '-';
    }
  }
  return out;
}

class Schemas {
 public:
  explicit Schemas(const json::object& openapi)
      : components_(openapi.at("components").as_object().at("schemas").as_object()) {}

  // `schema` with a $ref followed.
  const json::object& resolve(const json::object& schema) const {
    const json::object* s = &schema;
    for (int hops = 0; hops < max_depth; ++hops) {
      const auto* ref = s->if_contains("$ref");
      if (!ref) break;
      const std::string_view target = ref->as_string();
      const auto* found = components_.if_contains(target.substr(target.rfind('/') + 1));
      if (!found) break;
      s = &found->as_object();
    }
    return *s;
  }

 private:
  const json::object& components_;
};

std::string text_of(const json::value& v) {
  return v.is_string() ? std::string(v.get_string()) : json::serialize(v);
}

std::string type_of(const json::object& s) {
  if (const auto* c = s.if_contains("const")) return "always " + json::serialize(*c);
  const auto* type = s.if_contains("type");
  if (!type) return "any";
  if (type->is_string()) return std::string(type->get_string());
  std::string out;
  for (const json::value& t : type->as_array()) out += (out.empty() ? "" : " or ") + text_of(t);
  return out;
}

// The schema's limits in words: "1–100 characters", "from 0 to 2", "one of a, b", ….
std::string limits_of(const json::object& s) {
  std::vector<std::string> parts;
  auto range = [&](const char* low, const char* high, const std::string& unit) {
    const auto* lo = s.if_contains(low);
    const auto* hi = s.if_contains(high);
    if (lo && hi) {
      parts.push_back(text_of(*lo) + "–" + text_of(*hi) + unit);
    } else if (hi) {
      parts.push_back("at most " + text_of(*hi) + unit);
    } else if (lo) {
      parts.push_back("at least " + text_of(*lo) + unit);
    }
  };
  range("minLength", "maxLength", " characters");
  range("minimum", "maximum", "");
  range("minItems", "maxItems", " items");
  range("minProperties", "maxProperties", " members");
  if (const auto* e = s.if_contains("enum")) {
    std::string values;
    for (const json::value& v : e->as_array()) values += (values.empty() ? "" : ", ") + text_of(v);
    parts.push_back("one of " + values);
  }
  if (const auto* p = s.if_contains("pattern")) parts.push_back("matching `" + text_of(*p) + "`");
  if (const auto* f = s.if_contains("format")) parts.push_back(text_of(*f));
  std::string out;
  for (const std::string& p : parts) out += ", " + p;
  return out;
}

// One line per field: `name` — type, required, limits — description; nested objects and array
// items below their parent, as `parent.child` and `parent[].child`.
void list_fields(const Schemas& schemas, const json::object& raw, const std::string& prefix,
                 int depth, std::string& out) {
  const json::object& s = schemas.resolve(raw);
  const auto* properties = s.if_contains("properties");
  if (!properties || depth > max_depth) return;
  std::vector<std::string> required;
  if (const auto* r = s.if_contains("required")) {
    for (const json::value& name : r->as_array()) required.emplace_back(name.as_string());
  }
  for (const auto& [name, value] : properties->as_object()) {
    const json::object& field = schemas.resolve(value.as_object());
    const std::string path = prefix + std::string(name);
    out += "- `" + path + "` — " + type_of(field);
    if (std::find(required.begin(), required.end(), name) != required.end()) out += ", required";
    out += limits_of(field);
    if (const auto* d = field.if_contains("description")) out += " — " + text_of(*d);
    out += "\n";
    list_fields(schemas, field, path + ".", depth + 1, out);
    if (const auto* items = field.if_contains("items"); items && items->is_object()) {
      list_fields(schemas, items->as_object(), path + "[].", depth + 1, out);
    }
  }
}

// An example value of `raw`: its example, const or first enum value, else one made from its type
// (objects with their required members, or their first when none is required).
json::value example_of(const Schemas& schemas, const json::object& raw, std::string_view name,
                       int depth) {
  const json::object& s = schemas.resolve(raw);
  if (const auto* e = s.if_contains("example")) return *e;
  if (const auto* c = s.if_contains("const")) return *c;
  if (const auto* e = s.if_contains("enum")) return e->as_array().at(0);
  std::string type = "object";
  if (const auto* t = s.if_contains("type")) {
    type = t->is_string() ? std::string(t->get_string())
                          : std::string(t->as_array().at(0).as_string());
  }
  if (type == "string") {
    const auto* format = s.if_contains("format");
    if (format && format->as_string() == "date-time") return "2026-01-01T00:00:00.000Z";
    if (format && format->as_string() == "email") return "ops@example.com";
    if (format && format->as_string() == "uri") return "https://example.com/hook";
    return json::string("<" + std::string(name) + ">");
  }
  if (type == "integer") return s.if_contains("minimum") ? s.at("minimum") : json::value(1);
  if (type == "number") return s.if_contains("minimum") ? s.at("minimum") : json::value(1.5);
  if (type == "boolean") return true;
  if (type == "null") return nullptr;
  if (type == "array") {
    json::array a;
    const auto* items = s.if_contains("items");
    if (items && items->is_object() && depth < max_depth) {
      a.push_back(example_of(schemas, items->as_object(), name, depth + 1));
    }
    return a;
  }
  json::object o;
  const auto* properties = s.if_contains("properties");
  // A map (no named members, values of one schema) that must hold some: one member.
  if (const auto* values = s.if_contains("additionalProperties");
      !properties && values && values->is_object() && s.contains("minProperties")) {
    o["NAME"] = example_of(schemas, values->as_object(), name, depth + 1);
  }
  if (!properties || depth >= max_depth) return o;
  std::vector<std::string> wanted;
  if (const auto* r = s.if_contains("required")) {
    for (const json::value& n : r->as_array()) wanted.emplace_back(n.as_string());
  }
  if (wanted.empty() && !properties->as_object().empty()) {
    wanted.emplace_back(properties->as_object().begin()->key());
  }
  for (const std::string& member : wanted) {
    if (const auto* p = properties->as_object().if_contains(member)) {
      o[member] = example_of(schemas, p->as_object(), member, depth + 1);
    }
  }
  return o;
}

const json::object* json_schema_of(const json::object& content_holder) {
  const auto* content = content_holder.if_contains("content");
  if (!content) return nullptr;
  const auto* media = content->as_object().if_contains("application/json");
  if (!media) return nullptr;
  return &media->as_object().at("schema").as_object();
}

void write_operation(const Schemas& schemas, const Operation& o, std::string& out) {
  const json::object& op = *o.op;
  out += "### " + o.method + " " + o.path + "\n\n";
  out += text_of(op.at("description")) + "\n\n";
  std::string path_example = o.path;
  if (const auto* parameters = op.if_contains("parameters")) {
    out += "Parameters:\n";
    for (const json::value& p : parameters->as_array()) {
      const json::object& param = p.as_object();
      const std::string name(param.at("name").as_string());
      const json::object& schema = schemas.resolve(param.at("schema").as_object());
      out += "- `" + name + "` (" + text_of(param.at("in")) + ") — " + type_of(schema);
      if (param.contains("required") && param.at("required").as_bool()) out += ", required";
      out += limits_of(schema);
      if (const auto* d = param.if_contains("description")) out += " — " + text_of(*d);
      out += "\n";
      if (param.at("in").as_string() == "path") {
        const std::size_t at = path_example.find("{" + name + "}");
        if (at != std::string::npos) path_example.replace(at, name.size() + 2, "<" + name + ">");
      }
    }
    out += "\n";
  }
  const json::object* body = nullptr;
  if (const auto* request = op.if_contains("requestBody")) {
    body = json_schema_of(request->as_object());
  }
  if (body) {
    out += "Body (JSON):\n";
    list_fields(schemas, *body, "", 0, out);
    out += "\n";
  }
  out += "Example request:\n\n```http\n" + o.method + " " + path_example + "\n";
  if (!op.contains("security") || !op.at("security").as_array().empty()) {
    out += "Authorization: Bearer $AGENTRY_API_KEY\n";
  }
  if (body) {
    out += "Content-Type: application/json\n\n" +
           to_json_text(example_of(schemas, *body, "body", 0)) + "\n";
  }
  out += "```\n\n";
  std::map<std::string, std::string> errors;  // by status, in order
  for (const auto& [status, response] : op.at("responses").as_object()) {
    const json::object& r = response.as_object();
    const std::string description = text_of(r.at("description"));
    if (status.starts_with("4") || status.starts_with("5")) {
      errors[std::string(status)] = description;
      continue;
    }
    out += "Answer " + std::string(status) + ": " + description + ".";
    if (const auto* content = r.if_contains("content");
        content && content->as_object().contains("text/event-stream")) {
      out += " It can also be a stream of Server-Sent Events.";
    }
    out += "\n";
    if (const json::object* schema = json_schema_of(r)) {
      out += "\n";
      list_fields(schemas, *schema, "", 0, out);
      out += "\nExample answer:\n\n```json\n" +
             to_json_text(example_of(schemas, *schema, "answer", 0)) + "\n```\n";
    }
    out += "\n";
  }
  if (!errors.empty()) {
    out += "Errors:\n";
    for (const auto& [status, description] : errors) {
      out += "- ";
      out += status;
      out += ": ";
      out += description;
      out += "\n";
    }
    out += "\n";
  }
}

}  // namespace

std::string llms_index(const json::object& openapi) {
  const json::object& info = openapi.at("info").as_object();
  std::string out =
      "# " + text_of(info.at("title")) + "\n\n> " + text_of(info.at("description")) +
      "\n\nVersion " + text_of(info.at("version")) +
      ". Paths are relative to this server.\n\n## Docs\n\n"
      "- [Full reference](/llms-full.txt): every endpoint with its scope, parameters, "
      "body fields and limits, an example request and answer, and its errors\n"
      "- [OpenAPI 3.1 document](/openapi.json): the same, machine-readable\n";
  for (const auto& [tag, operations] : by_tag(openapi)) {
    out += "\n## " + tag + "\n\n";
    for (const Operation& o : operations) {
      out += "- [" + o.method + " " + o.path + "](/llms-full.txt#" + anchor(o) +
             "): " + text_of(o.op->at("summary")) + "\n";
    }
  }
  return out;
}

std::string llms_full(const json::object& openapi) {
  const json::object& info = openapi.at("info").as_object();
  const Schemas schemas(openapi);
  std::string out = "# " + text_of(info.at("title")) + ": full reference\n\n" +
                    text_of(info.at("description")) + "\n\nVersion " + text_of(info.at("version")) +
                    ". Paths are relative to this server.\n";
  for (const auto& [tag, operations] : by_tag(openapi)) {
    out += "\n## " + tag + "\n\n";
    for (const Operation& o : operations) write_operation(schemas, o, out);
  }
  return out;
}

}  // namespace agentry::api
