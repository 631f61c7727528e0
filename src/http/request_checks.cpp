#include "http/request_checks.hpp"

namespace agentry::http {
namespace {

bool all_hex(std::string_view s) {
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

bool all_zeros(std::string_view s) {
  return s.find_first_not_of('0') == std::string_view::npos;
}

}  // namespace

std::optional<std::string_view> client_request_id(std::string_view header) {
  if (header.empty() || header.size() > request_id_max_chars) return std::nullopt;
  for (char c : header) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_' || c == '.' || c == ':';
    if (!ok) return std::nullopt;
  }
  return header;
}

bool is_traceparent(std::string_view v) {
  // 2 + 1 + 32 + 1 + 16 + 1 + 2
  if (v.size() != 55 || v[2] != '-' || v[35] != '-' || v[52] != '-') return false;
  const std::string_view version = v.substr(0, 2);
  const std::string_view trace_id = v.substr(3, 32);
  const std::string_view parent_id = v.substr(36, 16);
  const std::string_view flags = v.substr(53, 2);
  return all_hex(version) && all_hex(trace_id) && all_hex(parent_id) && all_hex(flags) &&
         version != "ff" && !all_zeros(trace_id) && !all_zeros(parent_id);
}

bool chunk_header_stalled(std::string_view pending) {
  // The CRLF that ends a chunk's data is read as the start of the next chunk header.
  if (pending.starts_with("\r\n")) pending.remove_prefix(2);
  const std::size_t eol = pending.find("\r\n");
  if (eol == std::string_view::npos) return false;  // the header line is still arriving
  std::size_t digits = 0;
  bool non_zero = false;
  for (; digits < eol; ++digits) {
    const char c = pending[digits];
    const bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    if (!hex) break;
    non_zero = non_zero || c != '0';
  }
  if (digits == 0) return false;  // not a chunk size: the parser reports that itself
  // A data chunk's header is complete at its line's end; the last chunk needs its trailer too.
  return non_zero || pending.find("\r\n\r\n") != std::string_view::npos;
}

}  // namespace agentry::http
