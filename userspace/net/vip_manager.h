// Virtual IP addresses on an interface: added and removed as one netlink
// batch (see rtnl.h), with a result per address.
//
// IPv6 VIPs are added with IFA_F_NODAD: a VIP moves between routers on
// purpose, and DAD would keep it tentative for a second after a failover
// (or mark it dadfailed, and unusable, if the old master still held it).
//
// The prefix length is the configured one, as keepalived does (/32 and /128
// when the configuration gives none): a VIP with a shorter prefix brings its
// connected route along on MASTER and takes it away on BACKUP, which is what
// operators of keepalived configurations expect. `prefix_route = false`
// (IFA_F_NOPREFIXROUTE) keeps the address but installs no route, for VIPs in
// a subnet that the interface already routes through its own address.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "net/result.h"
#include "net/rtnl.h"
#include "net/rtnl_decode.h"
#include "proto/address.h"

namespace xvrrp::net {

struct Vip {
    Vip() = default;
    Vip(const proto::IpAddr& a, uint8_t prefix, std::string label_ = {}, bool with_route = true)
        : addr(a), prefix_len(prefix), label(std::move(label_)), prefix_route(with_route) {}

    proto::IpAddr addr;
    uint8_t prefix_len = 32;   // 1..32 (IPv4) or 1..128 (IPv6)
    std::string label;         // IPv4 only ("bond1:vip"), at most 15 bytes; ignored for IPv6
    bool prefix_route = true;  // false: IFA_F_NOPREFIXROUTE

    friend bool operator==(const Vip&, const Vip&) = default;
};

// "192.0.2.1/24", "2001:db8::1/64"
std::string to_string(const Vip& vip);

struct VipFailure {
    Vip vip;
    Error error;  // "bond1: add VIP 192.0.2.1/33: Invalid argument (kernel: ...)"
};

// Adds every VIP in one batch. A VIP that is already there (EEXIST) counts
// as added. Returns the VIPs that could not be added (empty: all in place).
std::vector<VipFailure> add_vips(RtnlSocket& rtnl, const Iface& iface, std::span<const Vip> vips);

// Removes every VIP in one batch, matching address, prefix length and (IPv4)
// label. A VIP that is not there (EADDRNOTAVAIL) counts as removed.
std::vector<VipFailure> remove_vips(RtnlSocket& rtnl, const Iface& iface,
                                    std::span<const Vip> vips);

}  // namespace xvrrp::net
