// Text-to-value conversions for configuration words. Exact: no floating
// point, no locale, no partial matches ("10x" is not 10).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>

#include "proto/address.h"

namespace xvrrp::config {

std::optional<uint64_t> parse_uint(std::string_view s, uint64_t min, uint64_t max);
std::optional<int64_t> parse_int(std::string_view s, int64_t min, int64_t max);

// Decimal seconds as keepalived writes them ("1", "0.5", "2.25", ".5"), to
// microseconds. nullopt when malformed, finer than 1 us, or above max_us.
std::optional<uint64_t> parse_seconds_us(std::string_view s, uint64_t max_us);

// A duration for the command line: "10ms", "100cs", "1s", or a bare number
// of seconds ("0.5"). To microseconds; nullopt when malformed or > max_us.
std::optional<uint64_t> parse_duration_us(std::string_view s, uint64_t max_us);

// A Linux interface name: 1-15 bytes (IFNAMSIZ - 1), no '/', ':' or blank.
bool valid_interface_name(std::string_view name);

// "ADDR" or "ADDR/LEN". A missing length is the host length (32 or 128).
std::optional<std::pair<proto::IpAddr, uint8_t>> parse_prefix(std::string_view s);

}  // namespace xvrrp::config
