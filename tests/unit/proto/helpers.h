// Test-side helpers: an independent checksum (not the code under test),
// address shorthands, hex dumps for failure messages.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "proto/address.h"
#include "proto/advert.h"

namespace xvrrp::proto::test {

inline IpAddr ip(std::string_view text) {
    return IpAddr::parse(text).value();
}

// RFC 1071 written the textbook way: pad to even length, add 16-bit words in
// a 32-bit register, fold, complement.
inline uint16_t ref_checksum(std::vector<uint8_t> bytes) {
    if (bytes.size() % 2 != 0) {
        bytes.push_back(0);
    }
    uint32_t sum = 0;
    for (size_t i = 0; i < bytes.size(); i += 2) {
        sum += static_cast<uint32_t>(bytes[i] << 8 | bytes[i + 1]);
        sum = (sum & 0xffff) + (sum >> 16);
    }
    return static_cast<uint16_t>(~sum & 0xffff);
}

inline void append(std::vector<uint8_t>& out, const IpAddr& a) {
    out.insert(out.end(), a.data(), a.data() + a.size());
}

// The pseudo-header (RFC 791-style for IPv4, RFC 8200 §8.1 for IPv6)
// followed by `msg`.
inline std::vector<uint8_t> ref_with_pseudo(const std::vector<uint8_t>& msg, const IpAddr& src,
                                            const IpAddr& dst, uint8_t proto) {
    std::vector<uint8_t> out;
    append(out, src);
    append(out, dst);
    const size_t n = msg.size();
    if (src.is_v4()) {
        out.insert(out.end(), {0, proto, static_cast<uint8_t>(n >> 8), static_cast<uint8_t>(n)});
    } else {
        out.insert(out.end(),
                   {static_cast<uint8_t>(n >> 24), static_cast<uint8_t>(n >> 16),
                    static_cast<uint8_t>(n >> 8), static_cast<uint8_t>(n), 0, 0, 0, proto});
    }
    out.insert(out.end(), msg.begin(), msg.end());
    return out;
}

// Rewrites the checksum at `at` (zeroing it first) using the reference.
inline void ref_fix_checksum(std::vector<uint8_t>& msg, size_t at, const IpAddr* src = nullptr,
                             const IpAddr* dst = nullptr, uint8_t proto = 112) {
    msg[at] = 0;
    msg[at + 1] = 0;
    const uint16_t c =
        src ? ref_checksum(ref_with_pseudo(msg, *src, *dst, proto)) : ref_checksum(msg);
    msg[at] = static_cast<uint8_t>(c >> 8);
    msg[at + 1] = static_cast<uint8_t>(c);
}

inline std::string hex(const std::vector<uint8_t>& b) {
    static const char* digits = "0123456789abcdef";
    std::string s;
    for (size_t i = 0; i < b.size(); ++i) {
        s += (i % 16 == 0) ? (i ? "\n" : "") : " ";
        s += digits[b[i] >> 4];
        s += digits[b[i] & 15];
    }
    return s;
}

inline Advert v3_advert(Family f, uint8_t vrid, uint8_t prio, uint16_t interval_cs,
                        std::vector<IpAddr> addrs) {
    Advert a;
    a.version = Version::V3;
    a.family = f;
    a.vrid = vrid;
    a.priority = prio;
    a.interval = interval_cs;
    a.addresses = std::move(addrs);
    return a;
}

inline Advert v2_pass_advert(uint8_t vrid, uint8_t prio, uint8_t interval_s,
                             std::vector<IpAddr> addrs, std::string_view password) {
    Advert a;
    a.version = Version::V2;
    a.family = Family::V4;
    a.vrid = vrid;
    a.priority = prio;
    a.interval = interval_s;
    a.auth_type = AuthType::Pass;
    for (size_t i = 0; i < password.size() && i < a.auth.size(); ++i) {
        a.auth[i] = static_cast<uint8_t>(password[i]);
    }
    a.addresses = std::move(addrs);
    return a;
}

}  // namespace xvrrp::proto::test
