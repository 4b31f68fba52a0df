#include "fsm/router_config.h"

#include "xvrrp/abi.h"

namespace xvrrp::fsm {

namespace {

std::string family_name(proto::Family family) {
    return family == proto::Family::V4 ? "IPv4" : "IPv6";
}

std::string interval_error(const RouterConfig& c) {
    if (c.version == proto::Version::V2) {
        if (c.advert_interval < 1 || c.advert_interval > 255) {
            return "advert interval " + std::to_string(c.advert_interval) +
                   " s is outside 1-255 (VRRPv2 whole seconds)";
        }
    } else if (c.advert_interval < 1 || c.advert_interval > XVRRP_V3_MAX_ADVER_INT_CS) {
        return "advert interval " + std::to_string(c.advert_interval) +
               " cs is outside 1-4095 (VRRPv3 centiseconds)";
    }
    return {};
}

std::string address_error(const RouterConfig& c) {
    if (c.version == proto::Version::V2 && c.family != proto::Family::V4) {
        return "VRRPv2 carries IPv4 only; use version 3 for IPv6";
    }
    if (c.vips.empty()) {
        return "no virtual addresses";
    }
    for (const auto& vip : c.vips) {
        if (vip.family() != c.family) {
            return "virtual address " + vip.to_string() + " is not " + family_name(c.family);
        }
    }
    if (c.primary.family() != c.family) {
        return "primary address " + c.primary.to_string() + " is not " + family_name(c.family);
    }
    return {};
}

std::string first_error(const RouterConfig& c) {
    if (c.vrid == 0) {
        return "VRID 0 is outside 1-255";
    }
    if (c.priority == 0) {
        return "priority 0 is reserved (it means 'leaving'); use 1-255";
    }
    if (auto e = interval_error(c); !e.empty()) {
        return e;
    }
    return address_error(c);
}

}  // namespace

std::string validate(const RouterConfig& config) {
    std::string error = first_error(config);
    if (error.empty()) {
        return error;
    }
    return "VRID " + std::to_string(config.vrid) + " (" + family_name(config.family) +
           "): " + error;
}

}  // namespace xvrrp::fsm
