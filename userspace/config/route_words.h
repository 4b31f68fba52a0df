// The words of keepalived's route and rule lines (the `ip route` / `ip rule`
// vocabulary): numbers, prefixes, table, scope and protocol names. Pure.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "config/model.h"

namespace xvrrp::config {

// Decimal or 0x-hexadecimal, as ip(8) takes numbers; nullopt above `max`.
std::optional<uint32_t> parse_route_number(std::string_view s, uint32_t max = UINT32_MAX);

// ADDR[/LEN]; `default`, `all` and `any` are the whole space of `family`.
std::optional<Prefix> parse_route_prefix(std::string_view s, Family family);

// A table by number or by the names every system has (main, local,
// default). Others need /etc/iproute2/rt_tables, which a pure parser does
// not read: nullopt, and the caller says to write the number.
std::optional<uint32_t> parse_table(std::string_view s);

// host, link, global (universe), site, nowhere, or a number.
std::optional<uint8_t> parse_scope(std::string_view s);

// The protocol names of iproute2's rt_protos, or a number.
std::optional<uint8_t> parse_protocol(std::string_view s);

// `blackhole`, `unreachable`, `prohibit` (and `unicast` for routes).
std::optional<RouteType> parse_route_type(std::string_view s);

// "10.0.0.0/24", "::/0".
std::string to_string(const Prefix& p);

// The address has no bits set beyond the prefix length (the kernel refuses
// such an IPv4 route; for IPv6 it silently masks them).
bool host_bits_clear(const Prefix& p);
Prefix masked(const Prefix& p);

}  // namespace xvrrp::config
