// Which virtual router a map entry belongs to: a VRID in one address family
// (S13), and its conversion to the abi.h key. Also how it is named in
// messages: "VRID 7 (IPv4)".
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>

#include "proto/address.h"
#include "xvrrp/abi.h"

namespace xvrrp::dataplane {

static_assert(static_cast<uint8_t>(proto::Family::V4) == XVRRP_FAMILY_V4 &&
                  static_cast<uint8_t>(proto::Family::V6) == XVRRP_FAMILY_V6,
              "proto::Family values are the ABI's family bytes");

struct RouterKey {
    uint8_t vrid = 0;
    proto::Family family = proto::Family::V4;

    friend auto operator<=>(const RouterKey&, const RouterKey&) = default;
};

// The map key for `key`, reserved bytes zero (hash keys compare every byte).
xvrrp_router_key to_abi(RouterKey key);
// The key back; family bytes other than 4/6 are read as IPv6 only if 6.
RouterKey from_abi(const xvrrp_router_key& key);
// The router's index in per-router arrays such as "vrid_timer" (XVRRP_ROUTER_SLOT).
uint32_t router_slot(RouterKey key);
// The router a slot of those arrays is for; none for the VRID-0 slots and
// those past the last.
std::optional<RouterKey> router_key_of_slot(uint32_t slot);

// "VRID 7 (IPv4)"
std::string describe(RouterKey key);

// An abi.h 16-byte address field read as `family` (IPv4: the first 4 bytes).
proto::IpAddr address_from_abi(const xvrrp_u8 (&bytes)[16], proto::Family family);
// `addr` into an abi.h 16-byte field (IPv4 in the first 4, the rest zero).
void address_to_abi(const proto::IpAddr& addr, xvrrp_u8 (&bytes)[16]);

}  // namespace xvrrp::dataplane
