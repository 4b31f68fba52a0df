// Instances for the daemon tests, built the way the configuration layer
// resolves them (every value explicit).
#pragma once

#include <string>

#include "config/model.h"
#include "proto/address.h"

namespace xvrrp::daemon::testing {

inline proto::IpAddr ip(const char* text) {
    return *proto::IpAddr::parse(text);
}

// VRRPv3, 10 ms adverts, one IPv4 VIP 192.0.2.254/32 on bond1.
inline config::Instance instance(uint8_t vrid = 7, uint8_t priority = 100,
                                 std::string ifname = "bond1") {
    config::Instance in;
    in.name = "VI_" + std::to_string(vrid);
    in.interface = std::move(ifname);
    in.vrid = vrid;
    in.priority = priority;
    in.version = proto::Version::V3;
    in.family = proto::Family::V4;
    in.advert_int_cs = 1;
    in.vips.push_back(config::VirtualAddress{ip("192.0.2.254"), 32, "", "", {}});
    return in;
}

}  // namespace xvrrp::daemon::testing
