// "ADDR:PORT" for a TCP listener (the Prometheus endpoint): an IPv4 address
// or a bracketed IPv6 one, and a port 1-65535. Shared by `--metrics` and the
// global_defs keyword so both refuse the same text with the same words.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

namespace xvrrp::config {

struct ListenAddress {
    std::string host;  // as written, without brackets: "127.0.0.1", "::1"
    uint16_t port = 0;
    bool ipv6 = false;
    // "127.0.0.1:9650" / "[::1]:9650"
    std::string to_string() const;
    friend bool operator==(const ListenAddress&, const ListenAddress&) = default;
};

// The address, or why the text is not one (without the text itself).
std::variant<ListenAddress, std::string> parse_listen_address(std::string_view text);

}  // namespace xvrrp::config
