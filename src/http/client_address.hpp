#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

// Who the client is: the connection's peer, or, behind reverse proxies the operator trusts, the
// address those proxies saw (X-Forwarded-For). Limits per client address use it; a client can
// never choose it by sending the header itself.
namespace agentry::http {

class TrustedProxies {
 public:
  TrustedProxies() = default;
  // Parses a comma-separated list of addresses and CIDR ranges ("10.0.0.0/8, ::1"). Throws
  // std::invalid_argument naming the first entry that is neither.
  static TrustedProxies parse(std::string_view list);

  // True when `address` (text) lies in one of the ranges.
  bool contains(std::string_view address) const;
  bool empty() const { return ranges_.empty(); }

 private:
  struct Range {
    std::array<unsigned char, 16> bytes{};  // IPv4 addresses as IPv4-mapped IPv6
    unsigned prefix_bits = 0;               // of the 128
  };
  std::vector<Range> ranges_;
};

// The client's address: `peer`, unless `peer` is a trusted proxy; then the right-most address of
// `forwarded_for` (X-Forwarded-For, its lines joined with commas) that is not itself a trusted
// proxy — the first hop no trusted proxy vouches for. An entry that is not an address ends the
// walk at the proxy that sent it.
std::string client_address(const std::string& peer, std::string_view forwarded_for,
                           const TrustedProxies& trusted);

}  // namespace agentry::http
