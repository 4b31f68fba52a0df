// Routes and policy rules (virtual_routes / virtual_rules / static_*):
// added and removed as one netlink batch each (see rtnl.h), with a failure
// per entry that names it the way `ip route` / `ip rule` would print it.
//
// Adding is exclusive (NLM_F_EXCL) and an entry already there counts as
// added: re-adding after a relink or a hitless restart must not stack a
// second copy of a rule, which the kernel would otherwise accept. Removing
// an entry that is not there counts as removed (the kernel drops routes
// through an address or a device that went away on its own).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "net/result.h"
#include "net/rtnl.h"
#include "proto/address.h"

namespace xvrrp::net {

struct Route {
    proto::IpAddr dst;  // its family is the route's
    uint8_t dst_len = 0;
    std::optional<proto::IpAddr> via, src;
    std::string dev;  // empty: none given
    uint32_t table = 254;
    std::optional<uint32_t> metric;
    std::optional<uint8_t> scope;  // unset: link without `via`, else universe
    uint8_t protocol = 3;          // RTPROT_BOOT
    uint8_t type = 1;              // RTN_UNICAST, RTN_BLACKHOLE, ...

    friend bool operator==(const Route&, const Route&) = default;
};

struct Rule {
    proto::Family family = proto::Family::V4;
    std::optional<proto::IpAddr> from, to;
    uint8_t from_len = 0, to_len = 0;
    uint8_t action = 1;  // FR_ACT_TO_TBL, FR_ACT_BLACKHOLE, ...
    uint32_t table = 0;
    std::optional<uint32_t> priority;
    std::optional<uint32_t> fwmark, fwmask;
    std::string iif, oif;

    friend bool operator==(const Rule&, const Rule&) = default;
};

// "10.1.0.0/24 via 192.0.2.1 dev eth0 table 100", "blackhole 10.9.0.0/16"
std::string to_string(const Route& r);
// "from 10.0.0.0/8 lookup 100 priority 100"
std::string to_string(const Rule& r);

// Each returns one Error per entry the kernel refused (empty: all done).
std::vector<Error> add_routes(RtnlSocket& rtnl, std::span<const Route> routes);
std::vector<Error> remove_routes(RtnlSocket& rtnl, std::span<const Route> routes);
std::vector<Error> add_rules(RtnlSocket& rtnl, std::span<const Rule> rules);
std::vector<Error> remove_rules(RtnlSocket& rtnl, std::span<const Rule> rules);

}  // namespace xvrrp::net
