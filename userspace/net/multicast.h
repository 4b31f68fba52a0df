// IP multicast group memberships on interfaces: the VRRP groups (224.0.0.18,
// ff02::12), so real NICs pass VRRP adverts up to XDP, and the
// solicited-node groups (ff02::1:ffXX:XXXX) of IPv6 VIPs (S4), so neighbour
// solicitations for them arrive.
//
// Memberships belong to sockets that receive nothing (unbound UDP): the
// kernel drops them all if the process dies. Joins are counted per
// (interface, group), so two instances sharing a group each join and leave
// it. A socket holds a limited number of groups (net.ipv4.igmp_max_memberships,
// net.core.optmem_max); a new socket is opened when one is full.
#pragma once

#include <map>
#include <utility>
#include <vector>

#include "common/fd.h"
#include "net/result.h"
#include "net/rtnl_decode.h"
#include "proto/address.h"

namespace xvrrp::net {

class MulticastMemberships {
  public:
    MulticastMemberships() = default;

    Result<void> join(const Iface& iface, const proto::IpAddr& group);
    // Leaves when the last join of this (interface, group) is undone. A
    // group the kernel already dropped (interface gone) counts as left.
    Result<void> leave(const Iface& iface, const proto::IpAddr& group);

    Result<void> join_vrrp_group(const Iface& iface, proto::Family family);
    Result<void> leave_vrrp_group(const Iface& iface, proto::Family family);
    Result<void> join_solicited_node(const Iface& iface, const proto::IpAddr& vip);
    Result<void> leave_solicited_node(const Iface& iface, const proto::IpAddr& vip);

    // How many joins of (interface, group) are outstanding.
    unsigned users(const Iface& iface, const proto::IpAddr& group) const;

  private:
    struct Membership {
        size_t socket = 0;  // index into the family's pool
        unsigned users = 0;
    };
    using Key = std::pair<int, proto::IpAddr>;

    std::vector<Fd>& pool(proto::Family family) { return family == proto::Family::V4 ? v4_ : v6_; }
    Result<size_t> kernel_join(const Iface& iface, const proto::IpAddr& group);

    std::map<Key, Membership> joined_;
    std::vector<Fd> v4_;
    std::vector<Fd> v6_;
};

}  // namespace xvrrp::net
