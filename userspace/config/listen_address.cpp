#include "config/listen_address.h"

#include <arpa/inet.h>

#include "config/values.h"

namespace xvrrp::config {

namespace {

bool valid_host(const std::string& host, bool ipv6) {
    unsigned char buf[16];
    return inet_pton(ipv6 ? AF_INET6 : AF_INET, host.c_str(), buf) == 1;
}

}  // namespace

std::string ListenAddress::to_string() const {
    return (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

std::variant<ListenAddress, std::string> parse_listen_address(std::string_view text) {
    const auto colon = text.rfind(':');
    if (colon == std::string_view::npos || colon == 0) {
        return std::string("expected ADDR:PORT, e.g. 127.0.0.1:9650 or [::1]:9650");
    }
    std::string_view host = text.substr(0, colon);
    ListenAddress out;
    if (host.front() == '[') {
        if (host.size() < 3 || host.back() != ']') {
            return std::string("an IPv6 address goes in brackets: [::1]:9650");
        }
        host = host.substr(1, host.size() - 2);
        out.ipv6 = true;
    }
    out.host = std::string(host);
    if (!valid_host(out.host, out.ipv6)) {
        return std::string(out.ipv6 ? "not an IPv6 address" : "not an IPv4 address") +
               " (a host name is not accepted; IPv6 goes in brackets)";
    }
    const auto port = parse_uint(text.substr(colon + 1), 1, 65535);
    if (!port) {
        return std::string("the port must be a number from 1 to 65535");
    }
    out.port = static_cast<uint16_t>(*port);
    return out;
}

}  // namespace xvrrp::config
