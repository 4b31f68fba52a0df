#include "proto/address.h"

#include <arpa/inet.h>

#include <algorithm>
#include <string>

namespace xvrrp::proto {

IpAddr IpAddr::v4(std::array<uint8_t, 4> b) {
    IpAddr a;
    a.family_ = Family::V4;
    std::copy(b.begin(), b.end(), a.bytes_.begin());
    return a;
}

IpAddr IpAddr::v6(std::array<uint8_t, 16> b) {
    IpAddr a;
    a.family_ = Family::V6;
    a.bytes_ = b;
    return a;
}

// inet_pton is pure (no I/O, no locale): AF_INET takes only a.b.c.d in
// decimal, AF_INET6 every RFC 4291 text form including the RFC 5952 one.
std::optional<IpAddr> IpAddr::parse(std::string_view text) {
    if (text.empty() || text.size() > 64) {
        return std::nullopt;
    }
    const std::string s(text);  // inet_pton needs a terminated string
    std::array<uint8_t, 4> b4{};
    if (inet_pton(AF_INET, s.c_str(), b4.data()) == 1) {
        return v4(b4);
    }
    std::array<uint8_t, 16> b6{};
    if (inet_pton(AF_INET6, s.c_str(), b6.data()) == 1) {
        return v6(b6);
    }
    return std::nullopt;
}

bool IpAddr::is_link_local() const {
    return !is_v4() && bytes_[0] == 0xfe && (bytes_[1] & 0xc0) == 0x80;
}

bool IpAddr::is_multicast() const {
    return is_v4() ? (bytes_[0] & 0xf0) == 0xe0 : bytes_[0] == 0xff;
}

// glibc's inet_ntop writes RFC 5952 text (lower case, longest zero run
// compressed, a single zero group never compressed).
std::string IpAddr::to_string() const {
    char buf[INET6_ADDRSTRLEN] = {};
    inet_ntop(is_v4() ? AF_INET : AF_INET6, bytes_.data(), buf, sizeof buf);
    return buf;
}

}  // namespace xvrrp::proto
