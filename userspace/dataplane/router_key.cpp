#include "dataplane/router_key.h"

#include <algorithm>
#include <array>

namespace xvrrp::dataplane {

xvrrp_router_key to_abi(RouterKey key) {
    xvrrp_router_key k{};
    k.vrid = key.vrid;
    k.family = static_cast<xvrrp_u8>(key.family);
    return k;
}

RouterKey from_abi(const xvrrp_router_key& key) {
    return RouterKey{key.vrid,
                     key.family == XVRRP_FAMILY_V6 ? proto::Family::V6 : proto::Family::V4};
}

uint32_t router_slot(RouterKey key) {
    return XVRRP_ROUTER_SLOT(key.vrid, static_cast<xvrrp_u8>(key.family));
}

std::optional<RouterKey> router_key_of_slot(uint32_t slot) {
    const auto vrid = static_cast<uint8_t>(slot & 0xff);
    if (vrid == 0 || slot >= 512) {
        return std::nullopt;
    }
    return RouterKey{vrid, slot >= 256 ? proto::Family::V6 : proto::Family::V4};
}

std::string describe(RouterKey key) {
    return "VRID " + std::to_string(key.vrid) +
           (key.family == proto::Family::V4 ? " (IPv4)" : " (IPv6)");
}

proto::IpAddr address_from_abi(const xvrrp_u8 (&bytes)[16], proto::Family family) {
    if (family == proto::Family::V4) {
        std::array<uint8_t, 4> b{};
        std::copy_n(bytes, 4, b.begin());
        return proto::IpAddr::v4(b);
    }
    std::array<uint8_t, 16> b{};
    std::copy_n(bytes, 16, b.begin());
    return proto::IpAddr::v6(b);
}

void address_to_abi(const proto::IpAddr& addr, xvrrp_u8 (&bytes)[16]) {
    std::fill_n(bytes, 16, xvrrp_u8{0});
    std::copy_n(addr.data(), addr.size(), bytes);
}

}  // namespace xvrrp::dataplane
