#include "config/route_words.h"

#include <array>
#include <utility>

#include "config/values.h"

namespace xvrrp::config {

namespace {

template <typename T, size_t N>
std::optional<T> lookup(const std::array<std::pair<std::string_view, T>, N>& names,
                        std::string_view s) {
    for (const auto& [name, value] : names) {
        if (name == s) {
            return value;
        }
    }
    return std::nullopt;
}

constexpr std::array<std::pair<std::string_view, uint8_t>, 6> kScopes{{
    {"global", 0},
    {"universe", 0},
    {"site", 200},
    {"link", 253},
    {"host", 254},
    {"nowhere", 255},
}};

// iproute2's /usr/share/iproute2/rt_protos, which ships with the package.
constexpr std::array<std::pair<std::string_view, uint8_t>, 22> kProtocols{{
    {"redirect", 1}, {"kernel", 2}, {"boot", 3},   {"static", 4},      {"gated", 8},
    {"ra", 9},       {"mrt", 10},   {"zebra", 11}, {"bird", 12},       {"dnrouted", 13},
    {"xorp", 14},    {"ntk", 15},   {"dhcp", 16},  {"keepalived", 18}, {"babel", 42},
    {"openr", 99},   {"bgp", 186},  {"isis", 187}, {"ospf", 188},      {"rip", 189},
    {"eigrp", 192},  {"unspec", 0},
}};

constexpr std::array<std::pair<std::string_view, uint32_t>, 3> kTables{{
    {"default", 253},
    {"main", 254},
    {"local", 255},
}};

constexpr std::array<std::pair<std::string_view, RouteType>, 4> kTypes{{
    {"unicast", RouteType::Unicast},
    {"blackhole", RouteType::Blackhole},
    {"unreachable", RouteType::Unreachable},
    {"prohibit", RouteType::Prohibit},
}};

}  // namespace

std::optional<uint32_t> parse_route_number(std::string_view s, uint32_t max) {
    if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        uint64_t v = 0;
        for (char c : s.substr(2)) {
            const int d = c >= '0' && c <= '9'   ? c - '0'
                          : c >= 'a' && c <= 'f' ? c - 'a' + 10
                          : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                                 : -1;
            if (d < 0 || (v = v * 16 + static_cast<uint64_t>(d)) > max) {
                return std::nullopt;
            }
        }
        return static_cast<uint32_t>(v);
    }
    auto v = parse_uint(s, 0, max);
    return v ? std::optional(static_cast<uint32_t>(*v)) : std::nullopt;
}

std::optional<Prefix> parse_route_prefix(std::string_view s, Family family) {
    if (s == "default" || s == "all" || s == "any") {
        return Prefix{family == Family::V4 ? proto::IpAddr::v4({}) : proto::IpAddr::v6({}), 0};
    }
    auto p = parse_prefix(s);
    return p ? std::optional(Prefix{p->first, p->second}) : std::nullopt;
}

std::optional<uint32_t> parse_table(std::string_view s) {
    if (auto t = lookup(kTables, s)) {
        return t;
    }
    auto n = parse_route_number(s);
    return n && *n != 0 ? n : std::nullopt;
}

std::optional<uint8_t> parse_scope(std::string_view s) {
    if (auto v = lookup(kScopes, s)) {
        return v;
    }
    auto n = parse_route_number(s, 255);
    return n ? std::optional(static_cast<uint8_t>(*n)) : std::nullopt;
}

std::optional<uint8_t> parse_protocol(std::string_view s) {
    if (auto v = lookup(kProtocols, s)) {
        return v;
    }
    auto n = parse_route_number(s, 255);
    return n ? std::optional(static_cast<uint8_t>(*n)) : std::nullopt;
}

std::optional<RouteType> parse_route_type(std::string_view s) {
    return lookup(kTypes, s);
}

std::string to_string(const Prefix& p) {
    return p.addr.to_string() + "/" + std::to_string(p.len);
}

Prefix masked(const Prefix& p) {
    auto bytes = p.addr.bytes();
    for (size_t i = 0; i < p.addr.size(); ++i) {
        const size_t first_bit = i * 8;
        if (first_bit >= p.len) {
            bytes[i] = 0;
        } else if (p.len - first_bit < 8) {
            bytes[i] &= static_cast<uint8_t>(0xff00u >> (p.len - first_bit));
        }
    }
    if (p.addr.is_v4()) {
        return Prefix{proto::IpAddr::v4({bytes[0], bytes[1], bytes[2], bytes[3]}), p.len};
    }
    return Prefix{proto::IpAddr::v6(bytes), p.len};
}

bool host_bits_clear(const Prefix& p) {
    return masked(p) == p;
}

}  // namespace xvrrp::config
